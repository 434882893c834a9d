import { z } from 'zod';
import { protocolOwnedLiquiditySchema, stablecoinSchema } from './schema-stablecoin.js';

// Scenario schema: the single description of what a scenario file may contain.
// Units are in field names (Usd, Pct, Seconds, Minutes, Blocks, Gwei, Bps) or stated in `describe`.
// Every `describe` text becomes the field's description in docs/scenario.md (`npx tsx scripts/gen-scenario-docs.ts`).
// Price models live in schema-prices.ts, liquidation mechanisms in schema-liquidation.ts, shared building blocks in
// schema-primitives.ts.

import { fraction, id, nonNegative, positive, range } from './schema-primitives.js';
import {
  bridgeArbitrageurSchema,
  bridgeSchema,
  chainSchema,
  oracleUpdateTxSchema,
  otherChainSchema,
} from './schema-chain.js';
import { flashLoanAdversarySchema, pumpAndBorrowAdversarySchema } from './schema-adversary-manipulation.js';
import { cascadeHunterSchema } from './schema-adversary-hunter.js';
import { perpSchema } from './schema-perp.js';

/** An attacker: one of the adversary types. */
const adversarySchema = z.discriminatedUnion('type', [
  flashLoanAdversarySchema,
  pumpAndBorrowAdversarySchema,
  cascadeHunterSchema,
]);
import { liquidationRule } from './schema-liquidation.js';
import { priceProcessSchema } from './schema-prices.js';
import { crossLendingSchema } from './schema-cross.js';

export { priceProcessSchema } from './schema-prices.js';
const asset = z.strictObject({
  symbol: id.describe('asset symbol (e.g. ETH), named by venues, oracles, protocols and chain.nativeAsset'),
  price: priceProcessSchema.describe(
    "the asset's fundamental (exogenous) price path, USD per unit, before any venue's price impact; held within 1e-12 to 1e12 times its initial price (float64 cannot carry a market further)",
  ),
});

import { venueSchema } from './schema-venues.js';

export { venueSchema };

/** Oracle kinds that read exactly one source venue. */
const SINGLE_SOURCE_KINDS: readonly string[] = ['spot', 'twap'];

const oracle = z
  .strictObject({
    id: id.describe('oracle id, named by protocols[].oracle'),
    asset: id.describe("symbol of the asset it prices; answers are in USD per unit (its sources' quote)"),
    kind: z
      .enum(['push', 'spot', 'twap', 'osm', 'redemption', 'receipt'])
      .default('push')
      .describe(
        'push: Chainlink-style, publishes the median of its sources on deviation or heartbeat (deviationPct, heartbeatSeconds, delayBlocks); ' +
          "spot: the one source venue's mid every block, no smoothing; " +
          "twap: Uniswap v3 time-weighted geometric mean of the one source pool's price over windowSeconds, observed at the start of each block; " +
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

const borrowers = z.strictObject({
  count: z
    .number()
    .int()
    .min(0)
    .max(50_000_000)
    .describe('number of borrower accounts generated at block 0, each with its own collateral and debt'),
  collateralUsd: z
    .strictObject({
      median: positive.describe('median collateral value per account at block 0, USD'),
      sigma: z
        .number()
        .min(0)
        .max(5)
        .default(1)
        .describe('log-normal shape: σ of the natural log of collateral value (0 = every account the same)'),
    })
    .describe('log-normal distribution of collateral value per account'),
  healthFactor: range(
    "initial health factor of each account at the oracle's first answer, drawn uniformly between min and max; " +
      'debt = collateral value·liquidationThreshold / health factor',
    1,
    100,
    'lowest initial health factor (1 = at the liquidation threshold)',
    'highest initial health factor',
  ),
  topUp: z
    .strictObject({
      share: fraction.describe('share of accounts whose owners top up (0.3 = 30%); the others never add collateral'),
      belowHealth: z
        .number()
        .min(1)
        .max(100)
        .describe('an owner tops up when the health factor at the oracle price falls below this'),
      targetHealth: z
        .number()
        .min(1)
        .max(100)
        .describe('top up back to this health factor, as far as the reserve allows'),
      reserveShare: z
        .number()
        .min(0)
        .max(100)
        .describe(
          "extra collateral each topping-up owner holds in reserve, as a multiple of the account's initial collateral (1 = as much again)",
        ),
      priorityFeeGwei: nonNegative
        .default(1)
        .describe(
          'tip per gas unit of top-up transactions, gwei; orders them against keepers (higher first) and adds to their gas cost',
        ),
      gasUnits: nonNegative.default(150_000).describe('gas units per account topped up'),
      maxFeeGwei: positive
        .max(1e9)
        .optional()
        .describe(
          'under chain.feeMarket: most an owner pays per gas, base fee included, gwei; above it top-ups wait (default: no cap)',
        ),
    })
    .refine((t) => t.targetHealth > t.belowHealth, { message: 'targetHealth must exceed belowHealth' })
    .optional()
    .describe('owners who add collateral from a reserve when their health factor falls; leave out for no top-ups'),
});

const lending = z.strictObject({
  type: z
    .literal('lending')
    .describe('an Aave-like lending market: one collateral asset, one debt asset, fixed-bonus liquidations'),
  id: id.describe('protocol id, used in reports'),
  collateral: id.describe('collateral asset symbol'),
  debt: id.describe('debt asset symbol (a constant-priced USD stablecoin)'),
  oracle: id.describe('id of the oracle the protocol reads the collateral price from; it sees no other price'),
  maxOracleAgeSeconds: nonNegative
    .optional()
    .describe(
      "reject the oracle's answer when it was read more than this many seconds ago (Chainlink consumers' updatedAt check); no check by default",
    ),
  stalePolicy: z
    .enum(['freeze', 'last-good'])
    .default('freeze')
    .describe(
      'with maxOracleAgeSeconds, what happens while the answer is too old: freeze = no liquidations until a fresh answer (Euler v2 reverts); ' +
        'last-good = keep using the last answer that was fresh (Liquity v1 lastGoodPrice)',
    ),
  ltv: z
    .number()
    .min(0)
    .lt(1)
    .describe(
      'maximum loan-to-value at origination (Aave LTV), must be ≤ liquidationThreshold; the generated population comes from ' +
        'borrowers.healthFactor and is not checked against it',
    ),
  liquidationThreshold: z
    .number()
    .min(0)
    .lt(1)
    .describe(
      'Aave liquidationThreshold LT: health factor = collateral·oracle price·LT / (debt·debt price); liquidatable below 1. ' +
        '0 = the asset is not accepted as collateral: nobody borrows against it',
    ),
  liquidationBonus: z
    .number()
    .min(0)
    .max(1)
    .default(0.05)
    .describe(
      'aave-v3 and volatility-bonus rules: liquidator seizes collateral worth repaid debt·(1 + bonus) at the oracle price (0.05 = 5%, Aave 10500)',
    ),
  liquidationRule: liquidationRule.default({ type: 'aave-v3' }),
  thresholdTiers: z
    .array(
      z.strictObject({
        aboveDebtUsd: positive.describe('positions with more debt than this, USD, use this tier'),
        liquidationThreshold: z.number().gt(0).lt(1).describe('their liquidation threshold'),
      }),
    )
    .default([])
    .refine((tiers) => tiers.every((t, k) => k === 0 || t.aboveDebtUsd > tiers[k - 1].aboveDebtUsd), {
      message: 'tiers must be in strictly increasing aboveDebtUsd order',
    })
    .describe(
      'tiered margin: lower liquidation thresholds for larger positions (by debt, so a threshold never moves with the price); the population is drawn at the base threshold',
    ),
  closeFactor: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe(
      "share of an account's debt one liquidation may repay while its health factor is above fullCloseBelowHealth",
    ),
  fullCloseBelowHealth: z
    .number()
    .min(0)
    .max(1)
    .default(0.95)
    .describe('at or below this health factor the close factor is 1 (all debt repayable at once)'),
  protocolFeeShare: fraction
    .default(0.1)
    .describe('Aave liquidationProtocolFee: share of the bonus collateral kept by the protocol'),
  insuranceFundUsd: nonNegative
    .default(0)
    .describe('insurance fund at block 0, USD; pays bad debt first, what it cannot cover is recorded as uncovered'),
  feesToInsurance: fraction
    .default(1)
    .describe(
      "share of the protocol's liquidation income paid into the insurance fund: the protocol fee of instant rules, the chop collected by Maker auctions",
    ),
  oevAuction: z
    .strictObject({
      protocolShare: fraction.describe(
        "share of each winning payment paid into the protocol's insurance fund (the rest goes to the auction operator)",
      ),
    })
    .optional()
    .describe(
      'under chain.feeMarket: sell the right to liquidate first in each block (after an oracle update) in a sealed-bid second-price auction among keepers, instead of a priority-fee race (oracle-extractable value recapture)',
    ),
  dynamicThreshold: z
    .strictObject({
      referenceVolatilityAnnual: z
        .number()
        .gt(0)
        .max(20)
        .describe('annual volatility at or below which thresholds are as set; also the estimate at block 0'),
      sensitivity: z
        .number()
        .min(0)
        .max(10)
        .default(0.05)
        .describe('cut of every threshold, as a fraction of it, per unit of σ/reference above 1'),
      minScale: z
        .number()
        .gt(0)
        .max(1)
        .default(0.9)
        .describe('thresholds are never cut below this share of their set value'),
      updateEveryBlocks: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(300)
        .describe('blocks between threshold updates; the scale holds in between'),
      halfLifeBlocks: z
        .number()
        .gt(0)
        .max(1e6)
        .default(300)
        .describe("half-life of the EWMA volatility estimate, blocks (a volatility-bonus rule's own setting wins)"),
    })
    .optional()
    .describe(
      'volatility-driven thresholds: every updateEveryBlocks, each liquidation threshold (tiers included) is scaled by clamp(1 − sensitivity·max(0, σ/reference − 1), minScale, 1), σ = EWMA realised volatility of the oracle price; none by default',
    ),
  circuitBreakers: z
    .strictObject({
      pauseOnOracleMovePct: z
        .number()
        .gt(0)
        .max(100)
        .optional()
        .describe('pause liquidations when the oracle price moves more than this % within windowBlocks'),
      windowBlocks: z
        .number()
        .int()
        .min(1)
        .max(100_000)
        .default(25)
        .describe('look-back window of the pause trigger, blocks'),
      pauseBlocks: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(25)
        .describe('how long a pause lasts, blocks; each pause is an event in the results'),
      maxLiquidatedUsdPerBlock: positive
        .optional()
        .describe('rate limit: most collateral value (at the oracle price) that may be seized in one block, USD'),
      maxInLiquidationUsd: positive
        .optional()
        .describe(
          'most collateral value (at the oracle price, USD) under liquidation at once: in auctions or held by the protocol for sale, or for instant liquidations seized this block (Maker Hole, for every mechanism)',
        ),
    })
    .optional()
    .describe('liquidation circuit breakers; none by default'),
  borrowers: borrowers.describe('the generated borrower population'),
});

/** A margin engine: the Aave-like lending protocol, or the cross-asset Aave v3 pool. */
export const protocolSchema = z.discriminatedUnion('type', [lending, crossLendingSchema, perpSchema]);

const keeper = z.strictObject({
  id: id.describe('keeper id, used in reports'),
  capitalUsd: positive.describe(
    'USD of debt the keeper can repay per block; capital recycles every block (seized collateral is sold at once), so this caps each block, not the run',
  ),
  gasUnits: nonNegative.default(400_000).describe('gas units per liquidation (liquidationCall + swap)'),
  latencyBlocks: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(0)
    .describe('blocks an account must have been liquidatable (at the oracle price) before this keeper acts on it'),
  minProfitUsd: nonNegative
    .default(0)
    .describe('liquidate only when sale proceeds − debt repaid − gas cost exceeds this, USD'),
  priorityFeeGwei: nonNegative
    .default(2)
    .describe(
      "tip per gas unit, gwei: orders the keeper's transaction in the block (higher first) and adds to its gas cost",
    ),
  maxLiquidationsPerBlock: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1000)
    .describe('most liquidation calls this keeper makes in one block, across all protocols'),
  auctionBidding: z
    .enum(['value', 'minimum', 'competitive'])
    .default('value')
    .describe(
      "English auctions (maker-flip): 'value' bids up to what the lot would sell for less gas and minProfitUsd; 'minimum' always bids the least the auction accepts (a near-zero opening bid, then beg steps), never more than that value; 'competitive' opens at the least and, once a rival has bid, bids its value (alone it wins for nothing)",
    ),
  maxFeeGwei: positive
    .max(1e9)
    .optional()
    .describe(
      'under chain.feeMarket: gas budget, the most paid per gas (base fee included), gwei; when the going price is above it the keeper is priced out (default: no cap)',
    ),
  gasBidding: z
    .enum(['fixed', 'pga'])
    .default('fixed')
    .describe(
      "under chain.feeMarket: 'fixed' tips priorityFeeGwei; 'pga' joins a priority gas auction against other pga keepers, raising its tip up to what the block's instant liquidations are worth to it",
    ),
  revertGasUnits: nonNegative
    .max(1e8)
    .default(30_000)
    .describe(
      'under chain.feeMarket: gas a keeper transaction burns when it lands with nothing left to do (a lost race reverts early)',
    ),
  routing: z
    .enum(['best-venue', 'split'])
    .default('best-venue')
    .describe(
      "how the keeper sells what it seizes: all on the venue that pays most ('best-venue'), or split across every venue of the asset for the most proceeds, as an aggregator would ('split')",
    ),
  maxTxGas: positive
    .max(1e9)
    .default(5_000_000)
    .describe(
      'under chain.feeMarket: gas cap of one keeper transaction; it carries as many calls (gasUnits each) as fit, so block space limits liquidations per block',
    ),
});

const arbitrageur = z.strictObject({
  id: id.describe('arbitrageur id, used in reports'),
  capitalUsd: positive.describe(
    'USD the arbitrageur can spend buying per block, across all venue pairs; recycles every block',
  ),
  gasUnits: nonNegative.default(150_000).describe('gas units per arbitrage (one buy and one sell)'),
  priorityFeeGwei: nonNegative
    .default(3)
    .describe(
      'tip per gas unit, gwei, added to its gas cost (arbitrage runs at the top of each block, before oracles and keepers)',
    ),
  minProfitUsd: nonNegative
    .default(0)
    .describe('trade a venue pair only when the profit after fees and gas exceeds this, USD'),
  routing: z
    .enum(['pairs', 'split'])
    .default('pairs')
    .describe(
      "'pairs': trade every pair of venues of an asset (one chain) in turn; 'split': trade each venue against all the others at once, splitting the other leg across them as an aggregator would",
    ),
});

/** A whole scenario: what the world holds and how long it runs. */
export const scenarioSchema = z.strictObject({
  name: z.string().min(1).describe('scenario name, shown in reports and in --json output'),
  description: z.string().default('').describe('free text about the scenario, for readers; the simulation ignores it'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1)
    .describe(
      'master seed of all random streams (price paths, borrower populations, health samples); same seed, same run; --seed overrides it',
    ),
  blocks: z.number().int().min(1).max(10_000_000).describe('number of blocks to simulate'),
  chain: chainSchema.describe('block time and gas'),
  assets: z.array(asset).min(1).describe('every asset and its price path'),
  correlations: z
    .array(
      z.strictObject({
        assets: z.array(z.string().min(1)).min(2).describe('symbols of gbm assets whose price shocks are correlated'),
        matrix: z
          .array(z.array(z.number().min(-1).max(1)))
          .describe(
            'correlation matrix of their normal shocks, in the order of `assets`: symmetric, ones on the diagonal, positive definite',
          ),
      }),
    )
    .default([])
    .describe(
      'groups of gbm assets whose per-block log-returns are correlated (Cholesky of the matrix); none by default: every asset draws independently',
    ),
  venues: z.array(venueSchema).min(1).describe('where assets trade'),
  oracles: z.array(oracle).min(1).describe('price feeds read by the protocols'),
  protocols: z.array(protocolSchema).min(1).describe('lending markets and their borrowers'),
  keepers: z.array(keeper).default([]).describe('liquidators; none by default'),
  arbitrageurs: z
    .array(arbitrageur)
    .default([])
    .describe('traders who keep venues of the same asset in line; none by default'),
  chains: z
    .array(otherChainSchema)
    .default([])
    .describe('further chains beside `chain` (the main chain, id "main"); none by default'),
  bridges: z.array(bridgeSchema).default([]).describe('bridges carrying assets between chains; none by default'),
  bridgeArbitrageurs: z
    .array(bridgeArbitrageurSchema)
    .default([])
    .describe('arbitrageurs who buy on one chain, bridge and sell on the other; none by default'),
  stablecoins: z
    .array(stablecoinSchema)
    .default([])
    .describe(
      'CDP stablecoins whose price their pool sets (holder runs, liquidation buy-backs, redemptions); none by default',
    ),
  protocolOwnedLiquidity: z
    .array(protocolOwnedLiquiditySchema)
    .default([])
    .describe(
      'liquidity protocols own in pools (it deepens them, bears impermanent loss, and can be burnt to pay bad debt); none by default',
    ),
  adversaries: z
    .array(adversarySchema)
    .default([])
    .describe(
      'attackers with their own capital and PnL (flash-loan oracle manipulation, pump-and-borrow, cascade hunting); none by default',
    ),
  record: z
    .strictObject({
      healthSample: z
        .number()
        .int()
        .min(0)
        .max(100_000)
        .default(1000)
        .describe(
          'accounts per protocol sampled (stratified, fixed for the run; all when fewer) for the per-block health-factor quantiles p10/p50/p90 (accounts with debt, pooled over protocols; 0 = no sample, quantiles recorded as 0)',
        ),
    })
    .prefault({})
    .describe('what is recorded besides the standard per-block series'),
});

/** A validated scenario, defaults filled in. */
export type Scenario = z.infer<typeof scenarioSchema>;
export type PriceProcessSpec = z.infer<typeof priceProcessSchema>;
export type VenueSpec = z.infer<typeof venueSchema>;
export type OracleSpec = Scenario['oracles'][number];
export type LendingSpec = z.infer<typeof lending>;
export type CrossLendingSpec = z.infer<typeof crossLendingSchema>;
export type { PerpSpec } from './schema-perp.js';
export type KeeperSpec = Scenario['keepers'][number];
export type ArbitrageurSpec = Scenario['arbitrageurs'][number];
export type AdversarySpec = Scenario['adversaries'][number];
