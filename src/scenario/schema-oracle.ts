// Scenario schema: price oracles (part of schema.ts).
import { z } from 'zod';
import { id, positive } from './schema-primitives.js';
import { oracleUpdateTxSchema } from './schema-chain.js';

/** Oracle kinds that read exactly one source venue. */
const SINGLE_SOURCE_KINDS: readonly string[] = ['spot', 'twap'];

export const oracle = z
  .strictObject({
    id: id.describe('oracle id, named by protocols[].oracle'),
    asset: id.describe("symbol of the asset it prices; answers are in USD per unit (its sources' quote)"),
    kind: z
      .enum(['push', 'spot', 'twap', 'osm', 'redemption', 'receipt'])
      .default('push')
      .describe(
        'push: Chainlink-style, publishes the median of its sources on deviation or heartbeat (deviationPct, heartbeatSeconds, delayBlocks); ' +
          "spot: the one source venue's mid every block, no smoothing; " +
          "twap: Uniswap v3 time-weighted geometric mean of the one source pool's price over windowSeconds, observed at the start of each block (a uniswap-v3 source is read through its own tick accumulator, observe); " +
          'osm: MakerDAO Oracle Security Module, every hopSeconds publishes the median of its sources read one hop earlier; ' +
          "redemption: a receipt token priced at its redemption value, a push feed of its anchor's venues times rate (blind to a market de-peg); " +
          "receipt: a lending protocol's deposit token, its anchor's price times what a unit of supply is still worth after the bad debt charged to the issuer's suppliers",
      ),
    sources: z
      .array(id)
      .describe(
        'ids of venues trading the asset; every block the oracle reads the median of their mid prices (before fees); exactly one for spot and twap; ' +
          "none for a receipt whose anchor has a constant price (it reads the anchor's price)",
      ),
    deviationPct: z
      .number()
      .min(0)
      .max(100)
      .default(0.5)
      .describe(
        'push only: submit a new answer when the reading differs from the last submitted answer by at least this %',
      ),
    heartbeatSeconds: positive
      .default(3600)
      .describe(
        'push only: also submit when this many seconds have passed since the last submission, whatever the deviation',
      ),
    delayBlocks: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(0)
      .describe(
        'push only: blocks between submitting an answer and protocols seeing it (0 = same block); the first answer, at block 0, is visible at once',
      ),
    windowSeconds: positive
      .optional()
      .describe('twap only: averaging window, seconds (default 1800 = 30 minutes); shorter while less history exists'),
    cardinality: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe(
        'twap only: observations kept (Uniswap v3 observationCardinality), one per block; default ceil(windowSeconds / blockTimeSeconds) + 1, enough for a full window',
      ),
    hopSeconds: positive
      .optional()
      .describe('osm only: seconds between pokes (MakerDAO hop, default 3600); answers are one hop old when published'),
    anchor: id
      .optional()
      .describe("redemption and receipt: the asset the token redeems into; sources are the anchor's venues"),
    rate: positive.optional().describe('redemption only: units of the anchor one token redeems for (default 1)'),
    issuer: id.optional().describe('receipt only: the lending protocol whose deposits the token represents'),
    suppliedUsd: positive
      .optional()
      .describe(
        "receipt only: the issuer's supplied liquidity, USD (its bad debt, when socialised, is shared over this)",
      ),
    updateTx: oracleUpdateTxSchema
      .prefault({})
      .describe(
        'push and osm, under chain.feeMarket: each answer (poke) is a transaction that waits for block space like any other',
      ),
  })
  .superRefine((o, ctx) => {
    if (o.sources.length === 0 && o.kind !== 'receipt')
      ctx.addIssue({
        code: 'custom',
        path: ['sources'],
        message: 'must have at least 1 item (got 0); only a receipt oracle may read no venue',
      });
    if (SINGLE_SOURCE_KINDS.includes(o.kind) && o.sources.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources'],
        message: `a ${o.kind} oracle reads exactly one source venue (got ${o.sources.length})`,
      });
    }
    if (o.kind !== 'twap') {
      for (const field of ['windowSeconds', 'cardinality'] as const) {
        if (o[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `only a twap oracle has ${field} (this one is ${o.kind})`,
          });
      }
    }
    const redeems = o.kind === 'redemption' || o.kind === 'receipt';
    if (redeems && o.anchor === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['anchor'],
        message: `a ${o.kind} oracle needs the anchor asset it redeems into`,
      });
    if (!redeems && o.anchor !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['anchor'],
        message: `only redemption and receipt oracles have anchor (this one is ${o.kind})`,
      });
    if (o.kind !== 'redemption' && o.rate !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['rate'],
        message: `only a redemption oracle has rate (this one is ${o.kind})`,
      });
    for (const field of ['issuer', 'suppliedUsd'] as const) {
      if (o.kind === 'receipt' && o[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `a receipt oracle needs ${field}` });
      if (o.kind !== 'receipt' && o[field] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `only a receipt oracle has ${field} (this one is ${o.kind})`,
        });
    }
    if (o.kind !== 'osm' && o.hopSeconds !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hopSeconds'],
        message: `only an osm oracle has hopSeconds (this one is ${o.kind})`,
      });
    }
  });
