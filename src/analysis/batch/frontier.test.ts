import { describe, expect, it } from 'vitest';
import { UsageError } from '../../kernel/errors.js';
import { findFrontier, type FrontierEvaluation } from './frontier.js';

/** A criterion "estimate ≤ target" with an exact estimate and a CI of ± halfWidth around it. */
function atMost(estimateOf: (x: number) => number, target: number, halfWidth: number) {
  return async (x: number): Promise<FrontierEvaluation> => {
    const estimate = estimateOf(x);
    return { meets: estimate <= target, estimate, ci: [estimate - halfWidth, estimate + halfWidth] };
  };
}

describe('findFrontier', () => {
  it('finds the largest x in [0, 4] with x² ≤ 2, i.e. √2, from the safe side', async () => {
    const result = await findFrontier({
      evaluate: atMost((x) => x * x, 2, 0.01),
      low: 0,
      high: 4,
      direction: 'largest',
      tolerance: 1e-6,
      maxSteps: 100,
      target: 2,
    });
    expect(result.status).toBe('found');
    expect(result.converged).toBe(true);
    expect(result.value as number).toBeLessThanOrEqual(Math.SQRT2);
    expect(Math.SQRT2 - (result.value as number)).toBeLessThanOrEqual(1e-6);
    expect(result.bracket?.meets).toBe(result.value);
    expect(result.bracket?.fails as number).toBeGreaterThan(Math.SQRT2);
    // Each step halves a bracket of width 4: ⌈log2(4 / 1e-6)⌉ = 22 steps, plus the two ends.
    expect(result.steps).toBe(22);
    expect(result.points).toHaveLength(24);
    expect(result.points.slice(0, 4).map((p) => p.value)).toEqual([0, 4, 2, 1]);
    expect(result.bracketWidth as number).toBeLessThanOrEqual(1e-6);
    // At the answer x² ≈ 2 - 3e-6, so the ±0.01 CI contains the target 2.
    expect(result.ciStraddlesTarget).toBe(true);
    expect(result.statement).toMatch(/largest value meeting the target is 1\.41421.*straddles the target 2/);
  });

  it('finds the smallest fund F in [1, 1000] with loss 1000/F ≤ 10, i.e. 100, and says when the CI is clear of the target', async () => {
    const result = await findFrontier({
      evaluate: atMost((f) => 1000 / f, 10, 1e-9),
      low: 1,
      high: 1000,
      direction: 'smallest',
      tolerance: 0.01,
      maxSteps: 100,
      target: 10,
    });
    expect(result.status).toBe('found');
    expect(result.value as number).toBeGreaterThanOrEqual(100);
    expect((result.value as number) - 100).toBeLessThanOrEqual(0.01);
    expect(result.bracket?.fails as number).toBeLessThan(100);
    expect(result.points.slice(0, 3).map((p) => p.value)).toEqual([1, 1000, 500.5]);
    // 1000/F at F = 100 + ε is 10 − ~ε/10, with a CI of ±1e-9: below the target unless ε < 1e-8.
    expect(result.ciStraddlesTarget).toBe(false);
    expect(result.statement).toMatch(/lies on one side of the target 10/);
  });

  it('searches integers: the largest n with n² ≤ 50 is 7', async () => {
    const result = await findFrontier({
      evaluate: atMost((n) => n * n, 50, 0),
      low: 0,
      high: 100,
      direction: 'largest',
      tolerance: 0.5,
      maxSteps: 50,
      target: 50,
      integer: true,
    });
    expect(result.value).toBe(7);
    expect(result.bracket).toEqual({ meets: 7, fails: 8 });
    expect(result.points.every((p) => Number.isInteger(p.value))).toBe(true);
  });

  it('stops after maxSteps and says the bracket is still wider than the tolerance', async () => {
    const result = await findFrontier({
      evaluate: atMost((x) => x, 1, 0),
      low: 0,
      high: 8,
      direction: 'largest',
      tolerance: 1e-3,
      maxSteps: 3,
      target: 1,
    });
    // brackets: [0, 8] → 4 fails → [0, 4] → 2 fails → [0, 2] → 1 meets → [1, 2]
    expect(result.bracket).toEqual({ meets: 1, fails: 2 });
    expect(result.converged).toBe(false);
    expect(result.statement).toMatch(/wider than tolerance 0\.001: maxSteps 3 ran out/);
  });

  it('reports all-meet, none-meet and an inverted direction without bisecting', async () => {
    const all = await findFrontier({
      evaluate: atMost((x) => x, 100, 0),
      low: 0,
      high: 4,
      direction: 'largest',
      tolerance: 0.1,
      maxSteps: 10,
      target: 100,
    });
    expect([all.status, all.value, all.steps, all.points.length]).toEqual(['all-meet', 4, 0, 2]);
    const smallestAll = await findFrontier({
      evaluate: atMost((x) => x, 100, 0),
      low: 0,
      high: 4,
      direction: 'smallest',
      tolerance: 0.1,
      maxSteps: 10,
      target: 100,
    });
    expect(smallestAll.value).toBe(0);
    const none = await findFrontier({
      evaluate: atMost((x) => x, -1, 0),
      low: 0,
      high: 4,
      direction: 'largest',
      tolerance: 0.1,
      maxSteps: 10,
      target: -1,
    });
    expect([none.status, none.value, none.ciStraddlesTarget]).toEqual(['none-meet', null, null]);
    // x ≤ 2 holds at the low end: feasible values lie below, so "smallest" is the wrong direction.
    const inverted = await findFrontier({
      evaluate: atMost((x) => x, 2, 0),
      low: 0,
      high: 4,
      direction: 'smallest',
      tolerance: 0.1,
      maxSteps: 10,
      target: 2,
    });
    expect(inverted.status).toBe('inverted');
    expect(inverted.statement).toMatch(/search for the largest value instead/);
  });

  it('out of scope, documented: with a non-monotone criterion it returns a local boundary between evaluated met and failed values', async () => {
    // Met on [0, 1] and on [2.5, 3]: the largest met value is 3, but the first midpoint 2 fails, so
    // bisection stays in [0, 2] and lands on the boundary at 1.
    const meetsAt = (x: number) => x <= 1 || (x >= 2.5 && x <= 3);
    const evaluate = async (x: number): Promise<FrontierEvaluation> => ({
      meets: meetsAt(x),
      estimate: meetsAt(x) ? 0 : 1,
      ci: [0, 1],
    });
    const result = await findFrontier({
      evaluate,
      low: 0,
      high: 4,
      direction: 'largest',
      tolerance: 1e-3,
      maxSteps: 40,
      target: 0.5,
    });
    expect(Math.abs((result.value as number) - 1)).toBeLessThanOrEqual(1e-3);
    const byValue = new Map(result.points.map((p) => [p.value, p.meets]));
    expect(byValue.get(result.bracket?.meets as number)).toBe(true);
    expect(byValue.get(result.bracket?.fails as number)).toBe(false);
  });

  it('rejects bad options and non-finite evaluations', async () => {
    const evaluate = atMost((x) => x, 1, 0);
    const base = { evaluate, low: 0, high: 1, direction: 'largest' as const, tolerance: 0.1, maxSteps: 5, target: 1 };
    await expect(findFrontier({ ...base, low: 2 })).rejects.toThrow(UsageError);
    await expect(findFrontier({ ...base, tolerance: 0 })).rejects.toThrow(/tolerance must be a number > 0/);
    await expect(findFrontier({ ...base, maxSteps: 1.5 })).rejects.toThrow(/maxSteps must be an integer/);
    await expect(findFrontier({ ...base, integer: true, high: 1.5 })).rejects.toThrow(/integer ends/);
    const nan = async (): Promise<FrontierEvaluation> => ({ meets: true, estimate: Number.NaN, ci: [0, 1] });
    await expect(findFrontier({ ...base, evaluate: nan })).rejects.toThrow(
      /frontier evaluation at 0 returned .*estimate NaN/,
    );
  });
});
