import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';

const thin = loadScenario('scenarios/thin-pool-shock.yaml');
const deep = loadScenario('scenarios/deep-pool-shock.yaml');

describe('the feedback loop on the shipped scenarios', () => {
  const thinResult = runScenario(thin.scenario, { baseDir: thin.dir });
  const deepResult = runScenario(deep.scenario, { baseDir: deep.dir });

  it('amplifies a 10% exogenous fall on a thin pool, through liquidations caused by earlier liquidations', () => {
    const m = thinResult.metrics;
    expect(m.externalDrawdown).toBeCloseTo(0.1, 9);
    expect(m.amplification).toBeGreaterThan(1);
    expect(m.liquidationsByGeneration.length).toBeGreaterThanOrEqual(2);
    expect(m.liquidationsByGeneration.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('amplifies less on a deep pool', () => {
    const thinAmplification = thinResult.metrics.amplification as number;
    const deepAmplification = deepResult.metrics.amplification as number;
    expect(Math.abs(deepAmplification - 1)).toBeLessThan(Math.abs(thinAmplification - 1));
    expect(deepResult.metrics.liquidations).toBeLessThan(thinResult.metrics.liquidations);
  });

  it('stops liquidating when gas exceeds the bonus, leaving the unsafe debt in place', () => {
    // 1e6 gwei × 400,000 gas = 400 ETH per liquidation, more than any account's bonus.
    const expensive = loadScenario('scenarios/thin-pool-shock.yaml', ['chain.gasPriceGwei=1000000']);
    const result = runScenario(expensive.scenario, { baseDir: expensive.dir });
    expect(result.metrics.liquidations).toBe(0);
    expect(result.metrics.unsafeDebtUsd).toBeGreaterThan(0);
    expect(result.metrics.amplification as number).toBeLessThan(thinResult.metrics.amplification as number);
  });

  it('finds the same liquidations with the trigger-price index as with a scan of every account', () => {
    const naive = runScenario(thin.scenario, { baseDir: thin.dir, scan: 'naive' });
    expect(JSON.stringify(naive.metrics)).toBe(JSON.stringify(thinResult.metrics));
  });

  it('holds every conservation law at every block of the shipped scenarios', () => {
    expect(() => runScenario(thin.scenario, { baseDir: thin.dir, checkInvariants: true })).not.toThrow();
    expect(() => runScenario(deep.scenario, { baseDir: deep.dir, checkInvariants: true })).not.toThrow();
  });
});
