import { describe, expect, it } from 'vitest';
import { pathSeed } from './seeds.js';

describe('pathSeed', () => {
  it('is a pure function of (master seed, cell, path) giving valid scenario seeds', () => {
    expect(pathSeed(7, 2, 3)).toBe(pathSeed(7, 2, 3));
    for (const s of [pathSeed(0, 0, 0), pathSeed(2 ** 32 - 1, 5, 9999)]) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 32);
    }
  });

  it('gives distinct seeds across 10,000 paths × 4 cells and across master seeds', () => {
    const seen = new Set<number>();
    for (let cell = 0; cell < 4; cell++) for (let path = 0; path < 10_000; path++) seen.add(pathSeed(1, cell, path));
    // 40,000 draws from 2^32: the expected number of colliding pairs is 40,000²/2^33 ≈ 0.19.
    expect(seen.size).toBeGreaterThanOrEqual(39_998);
    expect(pathSeed(1, 0, 0)).not.toBe(pathSeed(2, 0, 0));
    expect(pathSeed(1, 0, 1)).not.toBe(pathSeed(1, 1, 0));
  });
});
