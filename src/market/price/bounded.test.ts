import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { PRICE_RANGE_FACTOR, withinPriceRange } from './bounded.js';
import { createGbm } from './gbm.js';
import { createJumpDiffusion } from './jump-diffusion.js';
import type { PriceProcess } from './process.js';

/** Prices of `blocks` 12-second blocks. */
const path = (process: PriceProcess, blocks: number) =>
  Array.from({ length: blocks }, (_, b) => process.next((b + 1) * 12, 12));

describe('withinPriceRange', () => {
  it('keeps a collapsing jump-diffusion at initial / 1e12 instead of letting it reach 0', () => {
    // λ = 1e5 jumps a year of log size N(0, 5²): compensated drift −λ(e^{12.5} − 1) ≈ −2.7e10 a year, −1.0e4 in log
    // per 12 s block, so the raw price is e^(−1e4) = 0 in float64 after one block.
    const params = { initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8, jumpsPerYear: 1e5, jumpMean: 0, jumpStd: 5 };
    const raw = path(createJumpDiffusion(params, new RandomStream(3, 'p')), 20);
    expect(raw.at(-1)).toBe(0);
    const bounded = path(withinPriceRange(createJumpDiffusion(params, new RandomStream(3, 'p'))), 20);
    expect(bounded.at(-1)).toBe(2000 / PRICE_RANGE_FACTOR);
    expect(Math.min(...bounded)).toBe(2e-9);
  });

  it('holds a runaway price at initial × 1e12', () => {
    const up = withinPriceRange({ initial: 5, next: (t) => 5 * Math.exp(t) });
    expect(up.next(1000, 12)).toBe(5e12);
    expect(up.next(1, 12)).toBe(5 * Math.E);
  });

  it('changes nothing inside the range: draw for draw the process itself', () => {
    const params = { initial: 2000, driftAnnual: 0.1, volatilityAnnual: 0.8 };
    expect(path(withinPriceRange(createGbm(params, new RandomStream(9, 'p'))), 500)).toEqual(
      path(createGbm(params, new RandomStream(9, 'p')), 500),
    );
  });
});
