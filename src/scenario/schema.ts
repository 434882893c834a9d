import { z } from 'zod';
import { protocolOwnedLiquiditySchema, stablecoinSchema } from './schema-stablecoin.js';

// Scenario schema: the single description of what a scenario file may contain.
// Units are in field names (Usd, Pct, Seconds, Minutes, Blocks, Gwei, Bps) or stated in `describe`.
// Every `describe` text becomes the field's description in docs/scenario.md (`npx tsx scripts/gen-scenario-docs.ts`).
// Price models live in schema-prices.ts, liquidation mechanisms in schema-liquidation.ts, shared building blocks in
// schema-primitives.ts.

import { id } from './schema-primitives.js';
import { bridgeArbitrageurSchema, bridgeSchema, chainSchema, otherChainSchema } from './schema-chain.js';
import { flashLoanAdversarySchema, pumpAndBorrowAdversarySchema } from './schema-adversary-manipulation.js';
import { cascadeHunterSchema } from './schema-adversary-hunter.js';
import { perpSchema } from './schema-perp.js';

/** An attacker: one of the adversary types. */
const adversarySchema = z.discriminatedUnion('type', [
  flashLoanAdversarySchema,
  pumpAndBorrowAdversarySchema,
  cascadeHunterSchema,
]);
import { priceProcessSchema } from './schema-prices.js';
import { commonJumpsSchema } from './schema-price-models.js';
import { crossLendingSchema } from './schema-cross.js';
import { oracle } from './schema-oracle.js';
import { lending } from './schema-lending.js';
import { arbitrageur, keeper } from './schema-agents.js';

export { priceProcessSchema } from './schema-prices.js';
const asset = z.strictObject({
  symbol: id.describe('asset symbol (e.g. ETH), named by venues, oracles, protocols and chain.nativeAsset'),
  price: priceProcessSchema.describe(
    "the asset's fundamental (exogenous) price path, USD per unit, before any venue's price impact; held within 1e-12 to 1e12 times its initial price (float64 cannot carry a market further)",
  ),
});

import { venueSchema } from './schema-venues.js';

export { venueSchema };

/** A margin engine: the Aave-like lending protocol, or the cross-asset Aave v3 pool. */
export const protocolSchema = z.discriminatedUnion('type', [lending, crossLendingSchema, perpSchema]);

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
        assets: z
          .array(z.string().min(1))
          .min(2)
          .describe(
            'symbols of gbm, jump-diffusion or ou assets whose normal shocks are correlated (jump-diffusion: the diffusion only)',
          ),
        matrix: z
          .array(z.array(z.number().min(-1).max(1)))
          .describe(
            'correlation matrix of their normal shocks, in the order of `assets`: symmetric, ones on the diagonal, positive definite',
          ),
      }),
    )
    .default([])
    .describe(
      'groups of gbm, jump-diffusion or ou assets whose per-block normal shocks are correlated (Cholesky of the matrix; idiosyncratic jumps stay independent); none by default: every asset draws independently',
    ),
  commonJumps: commonJumpsSchema,
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
