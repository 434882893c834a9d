import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySteward, stewardLimits, type StewardRequest } from './steward.js';

const base: StewardRequest = {
  name: 'liquidationThreshold',
  asset: 'ETH',
  current: 0.8,
  target: 0.7,
  lastChangeSeconds: null,
  nowSeconds: 10_000,
};

describe('stewardLimits', () => {
  it('fills the defaults', () => {
    expect(stewardLimits.parse({})).toEqual({
      maxRelativeChange: 0.05,
      minSecondsBetween: 3600,
      bounds: {},
      excluded: [],
    });
  });

  it('rejects inverted bounds and unknown fields', () => {
    expect(() => stewardLimits.parse({ bounds: { liquidationThreshold: [0.9, 0.6] } })).toThrow(/low ≤ high/);
    expect(() => stewardLimits.parse({ bounds: { ltv: [0.1, 0.2] } })).toThrow();
    expect(() => stewardLimits.parse({ maxChange: 0.1 })).toThrow();
  });
});

describe('applySteward', () => {
  const limits = stewardLimits.parse({ bounds: { liquidationThreshold: [0.6, 0.9] }, excluded: ['WBTC'] });

  it('limits a cut to 5% of the current value: 0.8 − 0.04 = 0.76', () => {
    const decision = applySteward(base, limits);
    expect(decision.limitedBy).toBe('maxChange');
    expect(decision.published).toBeCloseTo(0.76, 12);
  });

  it('publishes a small change as is', () => {
    expect(applySteward({ ...base, target: 0.78 }, limits)).toEqual({ published: 0.78, limitedBy: null });
  });

  it('refuses a change within minSecondsBetween of the last one, allows it at exactly the interval', () => {
    expect(applySteward({ ...base, lastChangeSeconds: 10_000 - 3599 }, limits)).toEqual({
      published: 0.8,
      limitedBy: 'minInterval',
    });
    expect(applySteward({ ...base, lastChangeSeconds: 10_000 - 3600 }, limits).limitedBy).toBe('maxChange');
  });

  it('clamps to bounds: target 0.95 from 0.89 publishes 0.9 (bounds, within the 0.0445 step)', () => {
    expect(applySteward({ ...base, current: 0.89, target: 0.95 }, limits)).toEqual({
      published: 0.9,
      limitedBy: 'bounds',
    });
  });

  it('moves an out-of-bounds current toward the bounds by one step: 0.5 → 0.525', () => {
    const decision = applySteward({ ...base, current: 0.5, target: 0.4 }, limits);
    expect(decision.published).toBeCloseTo(0.525, 12);
    expect(decision.limitedBy).toBe('maxChange');
  });

  it('never changes an excluded asset', () => {
    expect(applySteward({ ...base, asset: 'WBTC' }, limits)).toEqual({ published: 0.8, limitedBy: 'excluded' });
  });

  it('rejects a non-finite target', () => {
    expect(() => applySteward({ ...base, target: Number.NaN }, limits)).toThrow(/finite/);
  });

  it('never breaks its limits (property)', () => {
    const names = ['liquidationThreshold', 'liquidationBonus', 'debtCapUsd', 'circuitBreakerPct'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom('ETH', 'WBTC', 'LINK'),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 20_000 })),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
        (name, asset, current, target, last, maxRelativeChange, minSecondsBetween, [a, b]) => {
          const bounds: [number, number] = [Math.min(a, b), Math.max(a, b)];
          const lim = stewardLimits.parse({
            maxRelativeChange,
            minSecondsBetween,
            bounds: { [name]: bounds },
            excluded: ['LINK'],
          });
          const now = 20_000;
          const { published } = applySteward(
            { name, asset, current, target, lastChangeSeconds: last, nowSeconds: now },
            lim,
          );
          const moved = published !== current;
          // Size: at most maxRelativeChange·current (plus one rounding of current ± step).
          expect(Math.abs(published - current)).toBeLessThanOrEqual(maxRelativeChange * current * (1 + 1e-12) + 1e-15);
          // Frequency: no change within minSecondsBetween of the last one.
          if (last !== null && now - last < minSecondsBetween) expect(moved).toBe(false);
          // Excluded assets never change.
          if (asset === 'LINK') expect(moved).toBe(false);
          const inside = current >= bounds[0] && current <= bounds[1];
          if (inside) {
            expect(published).toBeGreaterThanOrEqual(bounds[0]);
            expect(published).toBeLessThanOrEqual(bounds[1]);
          } else {
            // Outside the bounds: never further out than now (distance to the range does not grow).
            const distance = (x: number) => Math.max(0, bounds[0] - x, x - bounds[1]);
            expect(distance(published)).toBeLessThanOrEqual(distance(current));
          }
          // Always between current and the target clamped into the bounds (never overshoots).
          const bounded = Math.min(bounds[1], Math.max(bounds[0], target));
          expect(published).toBeGreaterThanOrEqual(Math.min(current, bounded));
          expect(published).toBeLessThanOrEqual(Math.max(current, bounded));
        },
      ),
      { seed: 18, numRuns: 2000 },
    );
  });
});
