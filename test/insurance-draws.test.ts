/**
 * Every charge of bad debt to an insurance fund is an event of the run, and the events add up to the
 * fund metrics.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import type { InsuranceDrawRunEvent } from '../src/analysis/result.js';

describe('insurance fund draws', () => {
  it('are listed one by one, in block order, and sum to the fund used and the uncovered bad debt', () => {
    // Closing whole positions at once on the thin pool under the linear impact law runs away (about 20M USD of bad
    // debt in 400 blocks); Aave v3 charges it to the fund, which pays until it is empty; the rest is uncovered.
    const { scenario, dir } = loadScenario('scenarios/thin-pool-shock.yaml', [
      'blocks=400',
      'venues.0.impact=linear',
      'protocols.0.closeFactor=1',
      'protocols.0.fullCloseBelowHealth=1',
      'protocols.0.insuranceFundUsd=200000',
    ]);
    const result = runScenario(scenario, { baseDir: dir, checkInvariants: true });
    const draws = result.events.filter((e): e is InsuranceDrawRunEvent => e.kind === 'insurance-draw');
    expect(result.metrics.badDebtUsd).toBeGreaterThan(0);
    expect(draws.length).toBeGreaterThan(0);
    const sum = (f: (e: InsuranceDrawRunEvent) => number) => draws.reduce((t, e) => t + f(e), 0);
    expect(sum((e) => e.coveredUsd)).toBeCloseTo(result.metrics.insuranceFundUsedUsd, 6);
    expect(sum((e) => e.uncoveredUsd)).toBeCloseTo(result.metrics.uncoveredBadDebtUsd, 6);
    expect(sum((e) => e.badDebtUsd)).toBeCloseTo(result.metrics.badDebtUsd - result.metrics.socialisedBadDebtUsd, 6);
    expect(draws.filter((e) => e.coveredUsd > 0)).toHaveLength(result.metrics.insuranceDraws);
    for (let k = 1; k < draws.length; k++) expect(draws[k].block).toBeGreaterThanOrEqual(draws[k - 1].block);
    for (const draw of draws) expect(draw.coveredUsd + draw.uncoveredUsd).toBeCloseTo(draw.badDebtUsd, 6);
    // The fund started at 200,000 and ran dry: the last draw leaves it at zero.
    expect(draws[draws.length - 1].fundAfterUsd).toBe(0);
  });
});
