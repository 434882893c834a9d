import { z } from 'zod';
import { formatCount } from '../kernel/format.js';
import { id, nonNegative, positive } from './schema-primitives.js';

// Scenario schema of the cascade-hunter adversary (src/agents/adversaries/cascade-hunter.ts).

/** Most buckets of a cascade hunter's liquidation-price histogram (searchDepthPct / bucketPct). */
export const MAX_HUNTER_BUCKETS = 10_000;

const blockCount = (max: number) => z.number().int().min(0).max(max);

/**
 * A cascade hunter: borrows the collateral asset from a lender outside the model and sells it (a short), part on
 * the deepest venue and part into the thinnest one to push the price onto the nearest cluster of liquidation
 * prices, waits while keepers liquidate and sell, then buys every borrowed unit back.
 *
 * @example
 * const spec = cascadeHunterSchema.parse({ type: 'cascade-hunter', id: 'hunter', protocol: 'lend', shortUsd: 2e6 });
 * spec.marginRatio; // 0.5 (default)
 */
export const cascadeHunterSchema = z
  .strictObject({
    type: z
      .literal('cascade-hunter')
      .describe(
        'a short seller who pushes a thin venue onto the nearest cluster of liquidation prices and buys back after the cascade',
      ),
    id: id.describe('adversary id, used in reports'),
    protocol: id.describe(
      'id of the lending protocol whose liquidation prices are hunted (a protocols[] entry of type lending)',
    ),
    shortVenue: id
      .optional()
      .describe(
        "venue the short is sold on; default the deepest venue trading the protocol's collateral (largest depth at block 0)",
      ),
    pushVenue: id
      .optional()
      .describe(
        "venue pushed onto the cluster; default the thinnest venue trading the protocol's collateral (smallest depth at block 0)",
      ),
    atBlock: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(10)
      .describe('block in which the attack transaction (short and push) is sent'),
    shortUsd: positive
      .default(1_000_000)
      .describe('borrowed collateral sold on the short venue, USD at its mid before the sale'),
    maxPushUsd: nonNegative
      .default(500_000)
      .describe(
        'most borrowed collateral sold into the push venue to move its mid down to the cluster, USD at its mid before the push',
      ),
    marginRatio: z
      .number()
      .gt(0)
      .max(10)
      .default(0.5)
      .describe(
        "margin posted with the lender per USD borrowed (0.5 = half the borrowed value); this is the attack's capital",
      ),
    borrowRateAnnual: z
      .number()
      .min(0)
      .max(10)
      .default(0.05)
      .describe('simple annual interest on the borrowed units, charged per second held (0.05 = 5% a year)'),
    holdBlocks: blockCount(1_000_000).default(10).describe('blocks between the attack and the first buy-back'),
    closeBlocks: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(5)
      .describe('the buy-back is split in equal slices over this many consecutive blocks'),
    bucketPct: z
      .number()
      .gt(0)
      .max(50)
      .default(0.5)
      .describe('width of one bucket of the liquidation-price histogram, % of the oracle price'),
    searchDepthPct: z
      .number()
      .gt(0)
      .max(99)
      .default(15)
      .describe('how far below the oracle price the hunter looks for clusters, %'),
    minClusterUsd: nonNegative
      .default(1_000_000)
      .describe(
        'a bucket is a cluster when its accounts hold at least this much collateral, USD; the hunter aims at the nearest one',
      ),
    onNoCluster: z
      .enum(['skip', 'push-anyway'])
      .default('skip')
      .describe(
        "no cluster in the window: 'skip' sends nothing; 'push-anyway' shorts and pushes toward the window's bottom edge all the same",
      ),
    priorityFeeGwei: nonNegative
      .default(10)
      .describe(
        "tip per gas unit, gwei; above the keepers' so the push lands before their liquidations in the same block",
      ),
    gasUnits: nonNegative
      .default(600_000)
      .describe('gas units of each transaction (the attack and every buy-back slice)'),
  })
  .refine((s) => s.bucketPct <= s.searchDepthPct, {
    message: 'bucketPct must not exceed searchDepthPct',
    path: ['bucketPct'],
  })
  // The hunter builds a histogram of ⌈searchDepthPct / bucketPct⌉ buckets every block: bounded so that a tiny width
  // cannot exhaust memory (bucketPct 5e-7 over a 15% window wanted 30 million buckets per block).
  .refine((s) => s.searchDepthPct / s.bucketPct <= MAX_HUNTER_BUCKETS, {
    message: `searchDepthPct / bucketPct (the liquidation-price histogram's buckets) must be at most ${formatCount(MAX_HUNTER_BUCKETS)}: widen bucketPct or narrow searchDepthPct`,
    path: ['bucketPct'],
  })
  .describe('cascade-hunter adversary');

/** A validated cascade-hunter spec, defaults filled in. */
export type CascadeHunterSpec = z.infer<typeof cascadeHunterSchema>;
