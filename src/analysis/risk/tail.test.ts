import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalValueAtRisk, tailRiskOfSorted, valueAtRisk } from './tail.js';

/** 1..n in a scrambled order (stride 7 is coprime to the sizes used), so sorting is exercised. */
function scrambledOneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => ((i * 7) % n) + 1);
}

describe('VaR and CVaR of a loss sample', () => {
  it('uniform losses 1..1000: VaR is the ⌈nα⌉-th loss, CVaR the mean of the losses above it', () => {
    const losses = scrambledOneTo(1000);
    // n·α = 950 is an integer: VaR = L_(950) = 950; CVaR = mean(951..1000) = (951 + 1000)/2.
    expect(valueAtRisk(losses, 0.95)).toBe(950);
    expect(conditionalValueAtRisk(losses, 0.95)).toBeCloseTo(975.5, 10);
    // α = 0.99: VaR = L_(990) = 990; CVaR = mean(991..1000) = 995.5.
    expect(valueAtRisk(losses, 0.99)).toBe(990);
    expect(conditionalValueAtRisk(losses, 0.99)).toBeCloseTo(995.5, 10);
  });

  it('uniform losses 1..1010: the k-th loss enters CVaR with the fractional weight k − nα', () => {
    const losses = scrambledOneTo(1010);
    // n·α = 959.5 → k = 960, VaR = 960; CVaR = (Σ961..1010 + 0.5·960)/50.5 = (50·985.5 + 480)/50.5 = 49755/50.5.
    expect(valueAtRisk(losses, 0.95)).toBe(960);
    expect(conditionalValueAtRisk(losses, 0.95)).toBeCloseTo(49755 / 50.5, 9);
    // n·α = 999.9 → k = 1000; CVaR = (Σ1001..1010 + 0.1·1000)/10.1 = (10055 + 100)/10.1.
    expect(valueAtRisk(losses, 0.99)).toBe(1000);
    expect(conditionalValueAtRisk(losses, 0.99)).toBeCloseTo(10155 / 10.1, 9);
  });

  it('exponential(1) losses at evenly spaced probabilities match the hand-derived estimator and the closed form', () => {
    // x_i = F⁻¹((i − ½)/n) = −ln(1 − (i − ½)/n), n = 1000.
    const n = 1000;
    const losses = Array.from({ length: n }, (_, i) => -Math.log(1 - (i + 0.5) / n));
    // VaR_0.95 = x_950 = −ln(1 − 0.9495) = −ln 0.0505.
    expect(valueAtRisk(losses, 0.95)).toBeCloseTo(-Math.log(0.0505), 12);
    // CVaR_0.95 = mean of x_951..x_1000 = ln 1000 − (1/50)·Σ_{j=1..50} ln(j − ½) = ln 1000 − (lnΓ(50.5) − ½ln π)/50
    // = 3.98881746802622 (lnΓ(50.5) from Γ(n + ½) = (2n)!·√π / (4ⁿ·n!)).
    expect(conditionalValueAtRisk(losses, 0.95)).toBeCloseTo(3.98881746802622, 10);
    // α = 0.99: VaR = −ln(1 − 0.9895); CVaR = ln 1000 − (lnΓ(10.5) − ½ln π)/10 = 5.57092925133423.
    expect(valueAtRisk(losses, 0.99)).toBeCloseTo(-Math.log(1 - 0.9895), 12);
    expect(conditionalValueAtRisk(losses, 0.99)).toBeCloseTo(5.57092925133423, 10);
    // Against the distribution itself: VaR = ln(1/(1 − α)), ES = VaR + 1 (memorylessness). The midpoint grid
    // misses part of the log singularity at u → 1, hence the 1% / 2% tolerances.
    expect(Math.abs(valueAtRisk(losses, 0.95) / Math.log(20) - 1)).toBeLessThan(0.01);
    expect(Math.abs(conditionalValueAtRisk(losses, 0.95) / (1 + Math.log(20)) - 1)).toBeLessThan(0.01);
    expect(Math.abs(conditionalValueAtRisk(losses, 0.99) / (1 + Math.log(100)) - 1)).toBeLessThan(0.02);
  });

  it('a constant sample has VaR = CVaR = the constant; ties at the quantile are handled', () => {
    expect(tailRiskOfSorted(new Float64Array(37).fill(2.5), 0.99)).toEqual({
      valueAtRisk: 2.5,
      conditionalValueAtRisk: 2.5,
    });
    // 90 zeros and 10 losses of 100: VaR_0.95 = L_(95) = 100, CVaR = 100. VaR_0.9 = L_(90) = 0,
    // CVaR_0.9 = (10·100 + 0·0)/10 = 100. VaR_0.85 = 0, CVaR_0.85 = (10·100 + 5·0)/15 = 66.67.
    const losses = [...new Array<number>(90).fill(0), ...new Array<number>(10).fill(100)];
    expect(valueAtRisk(losses, 0.95)).toBe(100);
    expect(conditionalValueAtRisk(losses, 0.95)).toBe(100);
    expect(valueAtRisk(losses, 0.9)).toBe(0);
    expect(conditionalValueAtRisk(losses, 0.9)).toBeCloseTo(100, 12);
    expect(conditionalValueAtRisk(losses, 0.85)).toBeCloseTo(1000 / 15, 12);
  });

  it('CVaR equals VaR + E[(L − VaR)⁺]/(1 − α) (Rockafellar–Uryasev), for any sample and α', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0.01, max: 0.995, noNaN: true }),
        (losses, alpha) => {
          const { valueAtRisk: v, conditionalValueAtRisk: c } = tailRiskOfSorted(
            Float64Array.from(losses).sort(),
            alpha,
          );
          const excess = losses.reduce((s, x) => s + Math.max(0, x - v), 0) / losses.length;
          // Rockafellar & Uryasev (2002), J. Banking & Finance 26:1443: CVaR_α = VaR_α + E[(L − VaR_α)⁺]/(1 − α).
          expect(c).toBeCloseTo(v + excess / (1 - alpha), 8);
          expect(c).toBeGreaterThanOrEqual(v - 1e-9);
        },
      ),
      { seed: 20240604, numRuns: 300 },
    );
  });

  it('multiplicities give the same VaR and CVaR as the expanded sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 4 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.constantFrom(0.5, 0.9, 0.95, 0.99),
        (pairs, alpha) => {
          if (pairs.every(([, c]) => c === 0)) pairs[0][1] = 1;
          const sortedPairs = pairs.slice().sort((a, b) => a[0] - b[0]);
          const values = Float64Array.from(sortedPairs, ([v]) => v);
          const counts = Int32Array.from(sortedPairs, ([, c]) => c);
          const total = counts.reduce((s, c) => s + c, 0);
          const expanded = sortedPairs.flatMap(([v, c]) => new Array<number>(c).fill(v));
          const weighted = tailRiskOfSorted(values, alpha, counts, total);
          const plain = tailRiskOfSorted(Float64Array.from(expanded), alpha);
          expect(weighted.valueAtRisk).toBe(plain.valueAtRisk);
          expect(weighted.conditionalValueAtRisk).toBeCloseTo(plain.conditionalValueAtRisk, 9);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('rejects confidence levels outside (0, 1) and empty or non-finite samples', () => {
    expect(() => valueAtRisk([1, 2], 1)).toThrow(/\(0, 1\)/);
    expect(() => conditionalValueAtRisk([1, 2], 0)).toThrow(/\(0, 1\)/);
    expect(() => valueAtRisk([], 0.95)).toThrow(/empty/);
    expect(() => valueAtRisk([1, Number.NaN], 0.95)).toThrow(/not finite/);
  });
});
