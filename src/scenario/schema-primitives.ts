import { z } from 'zod';

// Building blocks shared by the scenario schema's parts.

/** An identifier: a letter, then letters, digits, _ or -. */
export const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an identifier: a letter, then letters, digits, _ or -');
/** A number > 0. */
export const positive = z.number().positive();
/** A number ≥ 0. */
export const nonNegative = z.number().nonnegative();
/** A number in [0, 1]. */
export const fraction = z.number().min(0).max(1);

/**
 * A `{min, max}` pair of numbers within [lo, hi] with min ≤ max, e.g. the range initial health factors are drawn from.
 *
 * @example range('initial health factor', 1, 100, 'lowest', 'highest').parse({ min: 1.1, max: 2 });
 */
export const range = (what: string, lo: number, hi: number, minText: string, maxText: string) =>
  z
    .strictObject({
      min: z.number().min(lo).max(hi).describe(minText),
      max: z.number().min(lo).max(hi).describe(maxText),
    })
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max' })
    .describe(what);

/** Lowest and highest initial price of an asset, USD per unit. */
export const PRICE_BOUNDS = { min: 1e-9, max: 1e9 } as const;
/** Largest USD amount a scenario field may hold: ten times the world's yearly output. */
export const USD_MAX = 1e15;

const priceReason =
  'a run moves a price up to 1e12 times either way, and prices times amounts must stay finite float64 numbers';
const usdReason = 'more than ten times the yearly output of the world; amounts beyond it overflow float64 products';

/** An asset's price at block 0, USD per unit, within {@link PRICE_BOUNDS}; the message says why when outside. */
export const price = z.number().min(PRICE_BOUNDS.min, priceReason).max(PRICE_BOUNDS.max, priceReason);
/** A USD amount > 0 and at most {@link USD_MAX} (capital, a fund). */
export const usdAmount = z.number().positive().max(USD_MAX, usdReason);
/** A USD size from 1 to {@link USD_MAX} (a pool, a market's depth, a position): below 1 USD it is no market. */
export const usdSize = z
  .number()
  .min(1, 'less than 1 USD holds no market or position; impact and health would divide by almost nothing')
  .max(USD_MAX, usdReason);
