import { z } from 'zod';
import { nonNegative, positive, price } from './schema-primitives.js';
import { ouSchema, pegNoiseSchema, volatilityModelSchema } from './schema-price-models.js';

// The exogenous price models a scenario's assets may follow; part of the scenario schema (schema.ts).

const gbm = z.strictObject({
  model: z.literal('gbm').describe('geometric Brownian motion, advanced with the exact log-normal step per block'),
  initial: price.describe('price at block 0, USD per unit'),
  driftAnnual: z
    .number()
    .min(-10)
    .max(10)
    .default(0)
    .describe('annual drift μ: E[price at t years] = initial·e^(μt) (0.1 = 10%/year)'),
  volatilityAnnual: z.number().min(0).max(20).describe('annual volatility σ of log price (0.8 = 80%)'),
  volatility: volatilityModelSchema,
});

const jumpDiffusion = gbm.extend({
  model: z
    .literal('jump-diffusion')
    .describe(
      'Merton jump diffusion: GBM times Poisson-arriving log-normal jump factors, drift compensated so driftAnnual includes the jumps',
    ),
  jumpsPerYear: nonNegative.max(1e5).describe('Poisson jump intensity λ: expected jumps per year'),
  jumpMean: z.number().min(-5).max(5).describe('mean of the log of one jump factor (−0.1 ≈ a 10% fall)'),
  jumpStd: nonNegative.max(5).describe('standard deviation of the log of one jump factor'),
});

const shock = z
  .strictObject({
    model: z
      .literal('shock')
      .describe(
        'scripted crash: flat, a drop, a hold at the bottom, a partial recovery, then flat; piecewise linear in price (not log price)',
      ),
    initial: price.describe('price before the shock, USD per unit'),
    startMinute: nonNegative.default(0).describe('minute (from block 0) the drop starts'),
    dropPct: z
      .number()
      .min(0)
      .max(99.99)
      .describe(
        'size of the drop, % of the initial price: the bottom is initial·(1 − dropPct/100); with dropSigma > 0, the median drop',
      ),
    dropSigma: z
      .number()
      .min(0)
      .max(3)
      .optional()
      .describe(
        "σ of the log of the drop size: each run draws the drop as dropPct·e^(σZ), Z standard normal, from the asset's price stream before any noise " +
          '(log-normal with median dropPct; draws above dropMaxPct are drawn again); absent or 0 = always dropPct',
      ),
    dropMaxPct: z
      .number()
      .gt(0)
      .max(99.99)
      .optional()
      .describe(
        'largest drop a random draw may give, %: the log-normal drop is truncated here (used only with dropSigma > 0; absent = 99.99)',
      ),
    dropMinutes: nonNegative.describe(
      'minutes the drop takes; the price falls linearly in price to the bottom (0 = instant gap at startMinute)',
    ),
    holdMinutes: nonNegative.default(0).describe('minutes at the bottom before the recovery starts'),
    recoveryPct: z
      .number()
      .min(0)
      .max(100)
      .default(0)
      .describe('share of the drop recovered, % (100 = back to initial); the price then stays flat'),
    recoveryMinutes: nonNegative
      .default(0)
      .describe('minutes the recovery takes, rising linearly in price (0 = instant jump back)'),
    volatilityAnnual: z
      .number()
      .min(0)
      .max(20)
      .default(0)
      .describe(
        'annual σ of mean-one GBM noise multiplying the scripted path, so its expectation stays on the script (0 = deterministic)',
      ),
  })
  .refine((s) => !s.dropSigma || (s.dropPct > 0 && s.dropPct < (s.dropMaxPct ?? 99.99)), {
    message: 'with dropSigma > 0, dropPct (the median drop) must be above 0 and below dropMaxPct',
    path: ['dropPct'],
  });

const bridge = z.strictObject({
  model: z
    .literal('bridge')
    .describe(
      'path through dated anchors: log price linear between anchors plus Brownian-bridge noise; flat after the last anchor',
    ),
  anchors: z
    .array(
      z.strictObject({
        minute: nonNegative.describe('minutes from block 0 at which the path passes through price'),
        price: positive.describe('price at that minute, USD per unit'),
      }),
    )
    .min(2)
    .describe('points the path passes through exactly; first at minute 0, minutes strictly increasing'),
  volatilityAnnual: z
    .number()
    .min(0)
    .max(20)
    .default(0)
    .describe('annual σ of the Brownian-bridge noise in log price between anchors (0 = straight in log price)'),
});

const csvReplay = z.strictObject({
  model: z.literal('csv').describe('replay of a recorded price series; draws no randomness'),
  file: z
    .string()
    .min(1)
    .describe(
      'CSV of timestamp,price rows (optional header row "timestamp,price"; blank lines and lines starting with # ignored; ' +
        'fields may be double-quoted as RFC 4180 allows; a UTF-8 byte-order mark, CRLF line ends and spaces around a field are accepted), ' +
        'path relative to the scenario file. Timestamps are unix seconds, unix milliseconds (numbers above 1e11) or ISO-8601 (no offset = UTC), ' +
        'one kind per file, strictly increasing; time 0 of the run is the first row, and the last price holds after the last row. ' +
        'Prices are USD per unit, positive',
    ),
  interpolation: z
    .enum(['step', 'linear'])
    .default('linear')
    .describe(
      'price at a block time between rows: step = the last row at or before it; linear = linear in price between the rows around it',
    ),
});

const constant = z.strictObject({
  model: z.literal('constant').describe('fixed price (stablecoins, debt assets)'),
  initial: price.describe('the price, USD per unit'),
});

const pegged = z.strictObject({
  model: z
    .literal('pegged')
    .describe(
      "a token pegged to another asset (a liquid-staking or deposit receipt, a stablecoin): the anchor's price times a market ratio that can de-peg",
    ),
  anchor: z.string().min(1).describe('symbol of the anchor asset, declared earlier in assets'),
  ratio: positive.default(1).describe('ratio to the anchor at par'),
  depeg: z
    .strictObject({
      startMinute: nonNegative.describe('minute the de-peg starts'),
      dropPct: z.number().min(0).max(100).describe('how far the ratio falls, % of par'),
      dropMinutes: positive.describe('minutes the fall takes (linear)'),
      recoverMinutes: nonNegative.default(0).describe('minutes back to par afterwards (linear; 0 = it stays down)'),
    })
    .optional()
    .describe("one de-peg episode of the market ratio (the market's view, not the redemption rate)"),
  noise: pegNoiseSchema,
});

/** Exogenous price process of one asset. */
export const priceProcessSchema = z.discriminatedUnion('model', [
  gbm,
  jumpDiffusion,
  shock,
  bridge,
  csvReplay,
  constant,
  pegged,
  ouSchema,
]);
