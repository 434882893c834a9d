// Scenario schema: a Uniswap v3 concentrated-liquidity pool (a member of the venue union in schema-venues.ts).
import { z } from 'zod';
import { id, positive, usdSize } from './schema-primitives.js';

/** A [min, max] pair spread over a population (the narrowest range gets min, the widest max). */
const spread = (what: string) =>
  z
    .strictObject({
      min: positive.describe(`${what} of the narrowest range`),
      max: positive.describe(`${what} of the widest range`),
    })
    .refine((s) => s.min <= s.max, { message: 'min must not exceed max', path: ['max'] });

const withdrawRule = z
  .strictObject({
    movePct: positive
      .optional()
      .describe('withdraw when the pool price has moved this % (either way) from where the position was placed'),
    volatilityAnnual: positive
      .optional()
      .describe(
        "withdraw when the pool price's realised volatility over lpWithdrawal.volatilityWindowSeconds, annualised, exceeds this (1 = 100%)",
      ),
  })
  .describe('when this position removes its liquidity (burn); omitted: never');

const position = z
  .strictObject({
    lowerPrice: positive.optional().describe('lower end of the range, quote per base (rounded down to the tick grid)'),
    upperPrice: positive.optional().describe('upper end of the range, quote per base (rounded up to the tick grid)'),
    lowerTick: z
      .number()
      .int()
      .min(-887_272)
      .max(887_272)
      .optional()
      .describe('lower tick (a multiple of tickSpacing), instead of lowerPrice'),
    upperTick: z
      .number()
      .int()
      .min(-887_272)
      .max(887_272)
      .optional()
      .describe('upper tick (a multiple of tickSpacing), instead of upperPrice'),
    fullRange: z
      .boolean()
      .optional()
      .describe('true: the whole tick range (a v2-like position), instead of prices or ticks'),
    liquidityUsd: usdSize.optional().describe('value of the position at the initial price, USD'),
    liquidity: positive.optional().describe('liquidity L in √(base·quote) units, instead of liquidityUsd'),
    withdraw: withdrawRule.optional(),
  })
  .superRefine((p, ctx) => {
    const forms = [
      p.lowerPrice !== undefined || p.upperPrice !== undefined,
      p.lowerTick !== undefined || p.upperTick !== undefined,
      p.fullRange === true,
    ].filter(Boolean).length;
    const pairs =
      (p.lowerPrice === undefined) === (p.upperPrice === undefined) &&
      (p.lowerTick === undefined) === (p.upperTick === undefined);
    if (forms !== 1 || !pairs)
      ctx.addIssue({
        code: 'custom',
        path: ['lowerPrice'],
        message: 'give exactly one range: lowerPrice and upperPrice, lowerTick and upperTick, or fullRange: true',
      });
    if ((p.liquidityUsd === undefined) === (p.liquidity === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['liquidityUsd'],
        message: 'give exactly one of liquidityUsd and liquidity',
      });
    if (p.lowerPrice !== undefined && p.upperPrice !== undefined && !(p.lowerPrice < p.upperPrice))
      ctx.addIssue({ code: 'custom', path: ['upperPrice'], message: 'upperPrice must exceed lowerPrice' });
    if (p.lowerTick !== undefined && p.upperTick !== undefined && !(p.lowerTick < p.upperTick))
      ctx.addIssue({ code: 'custom', path: ['upperTick'], message: 'upperTick must exceed lowerTick' });
  });

const generated = z
  .strictObject({
    liquidityUsd: usdSize.describe('total value of the population at the initial price, USD (shared equally)'),
    count: z.number().int().min(1).max(10_000).describe('number of positions'),
    minHalfWidthPct: positive
      .max(1000)
      .describe('narrowest range: [P/(1 + w), P·(1 + w)] around the initial price P, w in %'),
    maxHalfWidthPct: positive.max(1000).describe('widest range; widths are spaced geometrically between the two'),
    withdrawMovePct: spread('withdrawal price move, %')
      .optional()
      .describe('each position withdraws when the price has moved this % from its placement (narrow ranges first)'),
    withdrawVolatilityAnnual: spread('withdrawal volatility threshold (annualised)')
      .optional()
      .describe('each position withdraws when realised volatility exceeds its threshold (narrow ranges first)'),
  })
  .refine((g) => g.minHalfWidthPct <= g.maxHalfWidthPct, {
    message: 'minHalfWidthPct must not exceed maxHalfWidthPct',
    path: ['maxHalfWidthPct'],
  })
  .describe('a population of liquidity providers: ranges of growing width centred on the initial price');

/** Default tick spacing of each mainnet fee tier (UniswapV3Factory.feeAmountTickSpacing). */
export const DEFAULT_TICK_SPACING: Readonly<Record<number, number>> = { 100: 1, 500: 10, 3000: 60, 10_000: 200 };

/** A `type: uniswap-v3` venue. */
export const uniswapV3Venue = z
  .strictObject({
    type: z
      .literal('uniswap-v3')
      .describe(
        'an on-chain Uniswap v3 pool: concentrated liquidity in tick ranges; swaps walk the initialised ticks; liquidity providers may withdraw in a crash',
      ),
    id: id.describe('venue id, named by oracles[].sources'),
    chain: id
      .optional()
      .describe('chain the venue is on (default: the main chain); arbitrageurs pair venues of one chain only'),
    base: id.describe('symbol of the asset traded (token0)'),
    quote: id.describe('symbol of the asset prices are quoted in (token1): a $1 stablecoin'),
    feePips: z
      .number()
      .int()
      .min(0)
      .max(999_999)
      .default(3000)
      .describe('fee tier in pips (hundredths of a basis point), taken from each step’s input: 100, 500, 3000, 10000'),
    tickSpacing: z
      .number()
      .int()
      .min(1)
      .max(16_384)
      .optional()
      .describe('tick grid of position ends (default: 1, 10, 60, 200 for fee tiers 100, 500, 3000, 10000)'),
    positions: z.array(position).default([]).describe('explicit liquidity positions'),
    generated: generated.optional(),
    lpWithdrawal: z
      .strictObject({
        volatilityWindowSeconds: positive
          .default(600)
          .describe('window of the realised volatility that withdrawal thresholds read, seconds'),
        returnAfterCalmSeconds: positive
          .optional()
          .describe(
            'a withdrawn position returns, re-centred on the current price with the value it took out, once its triggers have been quiet this long (omitted: never returns)',
          ),
      })
      .prefault({})
      .describe('how liquidity providers watch the pool'),
    observationCardinality: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(1000)
      .describe(
        'observations the pool keeps for TWAP oracles (observationCardinality); one is written in each block with a trade or liquidity change',
      ),
  })
  .superRefine((v, ctx) => {
    if (v.positions.length === 0 && !v.generated)
      ctx.addIssue({ code: 'custom', path: ['positions'], message: 'a uniswap-v3 pool needs positions or generated' });
    const spacing = v.tickSpacing ?? DEFAULT_TICK_SPACING[v.feePips];
    if (spacing === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tickSpacing'],
        message: `feePips ${v.feePips} is not a mainnet tier (100, 500, 3000, 10000): give tickSpacing`,
      });
    v.positions.forEach((p, k) => {
      for (const field of ['lowerTick', 'upperTick'] as const) {
        const tick = p[field];
        if (tick === undefined || spacing === undefined) continue;
        // UniswapV3Pool.checkTicks and TickBitmap: position ends are multiples of the spacing within ±887272.
        if (tick % spacing !== 0 || Math.abs(tick) > 887_272)
          ctx.addIssue({
            code: 'custom',
            path: ['positions', k, field],
            message: `must be a multiple of tickSpacing ${spacing} within [−887272, 887272]`,
          });
      }
    });
  });

/** A validated `type: uniswap-v3` venue entry. */
export type UniswapV3VenueSpec = z.infer<typeof uniswapV3Venue>;
