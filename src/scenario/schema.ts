import { z } from 'zod';

// Scenario schema: the single description of what a scenario file may contain.
// Units are in field names (Usd, Pct, Seconds, Minutes, Blocks, Gwei, Bps) or stated in `describe`.

const id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an identifier: a letter, then letters, digits, _ or -')
  .describe('identifier');
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const fraction = z.number().min(0).max(1);

const gbm = z.strictObject({
  model: z.literal('gbm'),
  initial: positive.describe('price at block 0, USD'),
  driftAnnual: z.number().min(-10).max(10).default(0).describe('annual drift μ (0.1 = 10%/year)'),
  volatilityAnnual: z.number().min(0).max(20).describe('annual volatility σ (0.8 = 80%)'),
});

const jumpDiffusion = gbm.extend({
  model: z.literal('jump-diffusion'),
  jumpsPerYear: nonNegative.max(1e5).describe('Poisson jump intensity λ per year'),
  jumpMean: z.number().min(-5).max(5).describe('mean of the log jump size'),
  jumpStd: nonNegative.max(5).describe('standard deviation of the log jump size'),
});

const shock = z.strictObject({
  model: z.literal('shock'),
  initial: positive.describe('price before the shock, USD'),
  startMinute: nonNegative.default(0).describe('minute the drop starts'),
  dropPct: z.number().min(0).max(99.99).describe('size of the drop, % of the initial price'),
  dropMinutes: nonNegative.describe('minutes the drop takes (0 = instant gap)'),
  holdMinutes: nonNegative.default(0).describe('minutes at the bottom before recovery'),
  recoveryPct: z.number().min(0).max(100).default(0).describe('share of the drop recovered, %'),
  recoveryMinutes: nonNegative.default(0).describe('minutes the recovery takes'),
  volatilityAnnual: z.number().min(0).max(20).default(0).describe('optional GBM noise on top, annual'),
});

const bridge = z.strictObject({
  model: z.literal('bridge'),
  anchors: z
    .array(z.strictObject({ minute: nonNegative, price: positive }))
    .min(2)
    .describe('dated anchor points; first at minute 0, minutes strictly increasing'),
  volatilityAnnual: z.number().min(0).max(20).default(0).describe('Brownian-bridge noise between anchors, annual'),
});

const csvReplay = z.strictObject({
  model: z.literal('csv'),
  file: z.string().min(1).describe('CSV of timestamp,price; path relative to the scenario file'),
  interpolation: z.enum(['step', 'linear']).default('linear'),
});

const constant = z.strictObject({
  model: z.literal('constant'),
  initial: positive.describe('price, USD'),
});

/** Exogenous price process of one asset. */
export const priceProcessSchema = z.discriminatedUnion('model', [gbm, jumpDiffusion, shock, bridge, csvReplay, constant]);

const asset = z.strictObject({
  symbol: id,
  price: priceProcessSchema,
});

const offchainVenue = z.strictObject({
  type: z.literal('offchain'),
  id,
  base: id.describe('symbol of the asset traded'),
  quote: id.describe('symbol of the USD-like asset it is priced in'),
  depthUsdPer1Pct: positive.describe('USD of selling that moves the price 1% from rest'),
  impact: z.enum(['linear', 'sqrt']).default('linear'),
  resilienceHalfLifeSeconds: nonNegative.default(600).describe('half-life of price impact (0 = instant recovery)'),
  feeBps: nonNegative.max(1000).default(0).describe('taker fee, basis points'),
});

const cpammVenue = z.strictObject({
  type: z.literal('cpamm'),
  id,
  base: id,
  quote: id,
  liquidityUsd: positive.describe('value of both reserves at the initial price, USD'),
  feeBps: nonNegative.max(1000).default(30).describe('swap fee on input, basis points (Uniswap v2: 30)'),
});

/** A trading venue: the broad off-chain market or a constant-product pool. */
export const venueSchema = z.discriminatedUnion('type', [offchainVenue, cpammVenue]);

const oracle = z.strictObject({
  id,
  asset: id,
  sources: z.array(id).min(1).describe('venue ids read; several = median of their mids'),
  deviationPct: z.number().min(0).max(100).default(0.5).describe('publish when the source moves this % from the last published answer'),
  heartbeatSeconds: positive.default(3600).describe('publish at least this often'),
  delayBlocks: z.number().int().min(0).max(10_000).default(0).describe('blocks between reading and the answer becoming visible'),
});

const range = (what: string, min: number, max: number) =>
  z
    .strictObject({ min: z.number().min(min).max(max), max: z.number().min(min).max(max) })
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max' })
    .describe(what);

const borrowers = z.strictObject({
  count: z.number().int().min(0).max(50_000_000),
  collateralUsd: z
    .strictObject({
      median: positive.describe('median collateral value, USD'),
      sigma: z.number().min(0).max(5).default(1).describe('log-normal shape (σ of log collateral)'),
    })
    .describe('log-normal collateral size distribution'),
  healthFactor: range('initial health factor, drawn uniformly between min and max', 1, 100),
  topUp: z
    .strictObject({
      share: fraction.describe('share of borrowers who top up'),
      belowHealth: z.number().min(1).max(100).describe('top up when health factor at the oracle price falls below this'),
      targetHealth: z.number().min(1).max(100).describe('top up back to this health factor'),
      reserveShare: z.number().min(0).max(100).describe('reserve available, as a multiple of initial collateral'),
      priorityFeeGwei: nonNegative.default(1),
      gasUnits: nonNegative.default(150_000),
    })
    .refine((t) => t.targetHealth > t.belowHealth, { message: 'targetHealth must exceed belowHealth' })
    .optional(),
});

const lending = z.strictObject({
  type: z.literal('lending'),
  id,
  collateral: id.describe('collateral asset symbol'),
  debt: id.describe('debt asset symbol (a constant-priced USD stablecoin)'),
  oracle: id.describe('oracle id the protocol reads the collateral price from'),
  ltv: z.number().gt(0).lt(1).describe('maximum loan-to-value at origination'),
  liquidationThreshold: z.number().gt(0).lt(1).describe('Aave liquidationThreshold: health = collateral·price·LT / debt'),
  liquidationBonus: z.number().min(0).max(1).describe('bonus on seized collateral (0.05 = Aave 10500)'),
  closeFactor: z.number().gt(0).max(1).default(0.5).describe('share of debt repayable per call while health ≥ fullCloseBelowHealth'),
  fullCloseBelowHealth: z.number().min(0).max(1).default(0.95).describe('below this health factor, close factor is 1'),
  protocolFeeShare: fraction.default(0.1).describe('Aave liquidationProtocolFee: share of the bonus kept by the protocol'),
  insuranceFundUsd: nonNegative.default(0).describe('reserve fund at start; covers bad debt first'),
  feesToInsurance: fraction.default(1).describe('share of protocol fees paid into the fund'),
  borrowers,
});

/** A margin engine; this release has the Aave-like lending protocol. */
export const protocolSchema = z.discriminatedUnion('type', [lending]);

const keeper = z.strictObject({
  id,
  capitalUsd: positive.describe('USD of debt the keeper can repay per block'),
  gasUnits: nonNegative.default(400_000).describe('gas per liquidation (liquidationCall + swap)'),
  latencyBlocks: z.number().int().min(0).max(10_000).default(0).describe('blocks after an account becomes unsafe before this keeper acts'),
  minProfitUsd: nonNegative.default(0),
  priorityFeeGwei: nonNegative.default(2),
  maxLiquidationsPerBlock: z.number().int().min(1).max(1_000_000).default(1000),
});

const arbitrageur = z.strictObject({
  id,
  capitalUsd: positive.describe('USD the arbitrageur can deploy per block'),
  gasUnits: nonNegative.default(150_000),
  priorityFeeGwei: nonNegative.default(3),
  minProfitUsd: nonNegative.default(0),
});

const chain = z.strictObject({
  blockTimeSeconds: positive.max(3600).default(12),
  gasPriceGwei: nonNegative.max(1e6).default(20).describe('base fee + typical tip paid by every transaction, gwei'),
  nativeAsset: id.describe('asset gas is paid in (its fundamental price converts gas to USD)'),
});

/** A whole scenario: what the world holds and how long it runs. */
export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    blocks: z.number().int().min(1).max(10_000_000).describe('number of blocks to simulate'),
    chain,
    assets: z.array(asset).min(1),
    venues: z.array(venueSchema).min(1),
    oracles: z.array(oracle).min(1),
    protocols: z.array(protocolSchema).min(1),
    keepers: z.array(keeper).default([]),
    arbitrageurs: z.array(arbitrageur).default([]),
    record: z
      .strictObject({
        healthSample: z.number().int().min(0).max(100_000).default(1000).describe('accounts sampled for per-block health quantiles'),
      })
      .default({ healthSample: 1000 }),
  });

/** A validated scenario, defaults filled in. */
export type Scenario = z.infer<typeof scenarioSchema>;
export type PriceProcessSpec = z.infer<typeof priceProcessSchema>;
export type VenueSpec = z.infer<typeof venueSchema>;
export type OracleSpec = Scenario['oracles'][number];
export type LendingSpec = z.infer<typeof lending>;
export type KeeperSpec = Scenario['keepers'][number];
export type ArbitrageurSpec = Scenario['arbitrageurs'][number];
