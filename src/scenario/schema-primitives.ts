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
