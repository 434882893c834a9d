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
