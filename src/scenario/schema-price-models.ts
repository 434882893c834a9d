import { z } from 'zod';
import { id, nonNegative, positive, price } from './schema-primitives.js';

// Mean reversion, time-varying volatility and market-wide jumps of price models; part of the scenario schema
// (schema-prices.ts and schema.ts). Rates are per year (365 days), volatilities per √year.

/** Mean-reversion speed of an Ornstein–Uhlenbeck process: a rate per year or a half-life in days, exactly one. */
const reversion = {
  reversionPerYear: positive
    .max(1e7)
    .optional()
    .describe('mean-reversion speed θ per year: a deviation decays as e^(−θt) (give this or halfLifeDays)'),
  halfLifeDays: positive
    .max(1e5)
    .optional()
    .describe('days for a deviation to halve: θ = ln 2 / (halfLifeDays/365) per year (give this or reversionPerYear)'),
};

const oneReversion = (spec: { reversionPerYear?: number; halfLifeDays?: number }) =>
  (spec.reversionPerYear === undefined) !== (spec.halfLifeDays === undefined);
const oneReversionMessage = {
  message: 'give exactly one of reversionPerYear (θ per year) and halfLifeDays',
  path: ['reversionPerYear'],
};

/** The `ou` price model. */
export const ouSchema = z
  .strictObject({
    model: z
      .literal('ou')
      .describe(
        'Ornstein–Uhlenbeck mean reversion (basis, funding, peg ratios, range-bound prices), stepped with the exact transition per block',
      ),
    initial: price.describe('price at block 0, USD per unit'),
    mean: positive.describe('level the price reverts to, USD per unit (in log space the stationary median)'),
    ...reversion,
    volatilityAnnual: z
      .number()
      .min(0)
      .max(1e6)
      .describe(
        'σ per √year: of log price in log space (0.5 = 50%), in USD per unit in price space; stationary sd of the OU variable = σ/√(2θ)',
      ),
    space: z
      .enum(['log', 'price'])
      .default('log')
      .describe(
        'log: log price is OU, so the price stays positive; price: the price itself is OU (Gaussian; held at initial·1e-12 if it would fall to 0 or below)',
      ),
  })
  .refine(oneReversion, oneReversionMessage);

/** Mean-reverting noise on a pegged asset's ratio. */
export const pegNoiseSchema = z
  .strictObject({
    ...reversion,
    volatilityAnnual: z
      .number()
      .min(0)
      .max(100)
      .describe('σ per √year of the log ratio; its stationary sd is σ/√(2θ) (0.01 with θ = 365/yr ≈ 0.037%)'),
  })
  .refine(oneReversion, oneReversionMessage)
  .optional()
  .describe(
    "mean-reverting noise on the ratio: log ratio = log(scripted ratio) + X, X Ornstein–Uhlenbeck around 0 from 0, drawn from the asset's price stream; absent = none",
  );

const garch = z
  .strictObject({
    model: z
      .literal('garch')
      .describe(
        "GARCH(1,1) on the block shocks in annual units: σ²(next) = ω + α·σ²·z² + β·σ², z the block's standard normal; ω = volatilityAnnual²·(1 − α − β), so volatilityAnnual is the long-run (unconditional) σ",
      ),
    alpha: z.number().min(0).lt(1).describe("α: weight of the last block's squared shock (per block, not per year)"),
    beta: z
      .number()
      .min(0)
      .lt(1)
      .describe("β: weight of the last block's variance (per block); α + β < 1, shocks decay by α + β per block"),
    initialVolatilityAnnual: nonNegative
      .max(20)
      .optional()
      .describe('σ per √year of the first block (absent = the long-run volatilityAnnual)'),
  })
  .refine((g) => g.alpha + g.beta < 1, {
    message:
      'alpha + beta must be below 1 (stationary GARCH: the unconditional variance ω/(1 − α − β) exists only then)',
    path: ['beta'],
  });

const regime = z.strictObject({
  model: z
    .literal('regime')
    .describe(
      'two-state Markov switching: volatilityAnnual in calm spells, stressedVolatilityAnnual in stressed ones; spells last exponential times',
    ),
  stressedVolatilityAnnual: z.number().min(0).max(20).describe('σ per √year in the stressed regime'),
  calmDays: positive.max(1e5).describe('mean length of a calm spell, days'),
  stressedDays: positive.max(1e5).describe('mean length of a stressed spell, days'),
  startStressed: z.boolean().default(false).describe('whether the run starts in the stressed regime'),
});

/** Optional time-varying volatility of a `gbm` or `jump-diffusion` asset. */
export const volatilityModelSchema = z
  .discriminatedUnion('model', [garch, regime])
  .optional()
  .describe(
    'time-varying σ of the diffusion, stepped per block: garch (volatilityAnnual is the long-run σ) or regime (volatilityAnnual is the calm σ; switches drawn from stream volatility:SYMBOL); absent = constant volatilityAnnual',
  );

/** Top-level `commonJumps`: market-wide jump processes. */
export const commonJumpsSchema = z
  .array(
    z.strictObject({
      id: id.describe('name of the jump process; it draws from its own random stream common-jumps:ID'),
      jumpsPerYear: nonNegative.max(1e5).describe('Poisson intensity λ: expected market-wide jumps per year'),
      jumpMean: z
        .number()
        .min(-5)
        .max(5)
        .describe('mean m of the log size J of one jump (−0.2 ≈ an 18% fall at β = 1)'),
      jumpStd: nonNegative.max(5).describe('standard deviation of the log size of one jump'),
      betas: z
        .record(z.string(), z.number().min(-10).max(10))
        .describe(
          'the assets it hits, symbol: beta; at each jump the asset\u2019s log price moves by beta·J (gbm or jump-diffusion assets; pegged assets follow their anchor)',
        ),
      compensate: z
        .boolean()
        .default(true)
        .describe(
          "lower each asset's drift by λ·(e^(βm + β²s²/2) − 1) so its expected price keeps its driftAnnual (Merton compensator); false = jumps come on top of driftAnnual",
        ),
    }),
  )
  .default([])
  .describe(
    'market-wide jump processes: each hits all its assets in the same block, each by its own beta; none by default',
  );
