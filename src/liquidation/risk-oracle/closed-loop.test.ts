import { describe, expect, it } from 'vitest';
import { riskOracleSpec } from '../../scenario/schema-risk-oracle.js';
import { RiskOracleThreshold, type RiskOracleView } from './closed-loop.js';

// One account of 1 ETH owing 1000 USD, set threshold 0.8, bonus 0, ample depth: the impact floor is the range's low
// end, so the target is the solvency cap clamped to [0.8·minScale, 0.8]. With σ = 0 the design shock is minShock.
const view: RiskOracleView = {
  asset: 'ETH',
  collateral: new Float64Array([1]),
  debt: new Float64Array([1000]),
  debtPrice: 1,
  setThreshold: 0.8,
  bonus: 0,
  depthUsdPer1Pct: () => 1e12,
};

describe('RiskOracleThreshold', () => {
  it('publishes a cut limited to 5% and applies it updateDelayBlocks later', () => {
    // minShock 0.3 ⇒ cap 0.7, target 0.7; steward: 0.8 − 5%·0.8 = 0.76, scale 0.95, effective at block 0 + 3.
    const settings = riskOracleSpec.parse({ everyBlocks: 10, updateDelayBlocks: 3, policy: { minShock: 0.3 } });
    const oracle = new RiskOracleThreshold(settings, view);
    expect(oracle.update(0, 0, 2000, 0)).toBe(false);
    expect(oracle.decisions[0]).toMatchObject({ current: 0.8, limitedBy: 'maxChange', effectiveBlock: 3 });
    expect(oracle.decisions[0].published).toBeCloseTo(0.76, 12);
    expect(oracle.update(1, 0, 2000, 12)).toBe(false);
    expect(oracle.update(2, 0, 2000, 24)).toBe(false);
    expect(oracle.scale).toBe(1);
    expect(oracle.update(3, 0, 2000, 36)).toBe(true);
    expect(oracle.scale).toBeCloseTo(0.95, 12);
    expect(oracle.changes).toBe(1);
  });

  it('waits minSecondsBetween (block time → seconds) before the next change', () => {
    // Runs at blocks 0, 10, 20, … (t = 12·block); changes at most every 3600 s = 300 blocks.
    const settings = riskOracleSpec.parse({ everyBlocks: 10, updateDelayBlocks: 0, policy: { minShock: 0.3 } });
    const oracle = new RiskOracleThreshold(settings, view);
    for (let b = 0; b <= 300; b++) oracle.update(b, 0, 2000, 12 * b);
    const limits = oracle.decisions.map((d) => d.limitedBy);
    expect(limits[0]).toBe('maxChange');
    expect(limits.slice(1, 30).every((l) => l === 'minInterval')).toBe(true);
    expect(limits[30]).toBe('maxChange'); // block 300, t = 3600
    expect(oracle.scale).toBeCloseTo(0.95 * 0.95, 12);
  });

  it('runs on a price-move trigger between scheduled runs and never below minScale', () => {
    const settings = riskOracleSpec.parse({
      everyBlocks: 1000,
      updateDelayBlocks: 0,
      triggers: { priceMovePct: 5 },
      steward: { minSecondsBetween: 0, maxRelativeChange: 1 },
      minScale: 0.9,
      policy: { minShock: 0.3 },
    });
    const oracle = new RiskOracleThreshold(settings, view);
    oracle.update(0, 0, 2000, 0);
    expect(oracle.scale).toBeCloseTo(0.9, 12); // cap 0.7 clamped to 0.9·0.8 = 0.72
    oracle.update(1, 0, 1950, 12); // 2.5%: no run
    expect(oracle.decisions).toHaveLength(1);
    oracle.update(2, 0, 1890, 24); // 5.5%
    expect(oracle.decisions).toHaveLength(2);
    expect(oracle.decisions[1].reason).toEqual([{ kind: 'priceMove', value: expect.closeTo(5.5, 9), threshold: 5 }]);
  });

  it('never changes an excluded asset', () => {
    const settings = riskOracleSpec.parse({
      everyBlocks: 1,
      policy: { minShock: 0.3 },
      steward: { excluded: ['ETH'] },
    });
    const oracle = new RiskOracleThreshold(settings, view);
    for (let b = 0; b < 50; b++) oracle.update(b, 0, 2000, 12 * b);
    expect(oracle.scale).toBe(1);
    expect(oracle.decisions.every((d) => d.limitedBy === 'excluded')).toBe(true);
  });

  it('runs at the first block it sees, then on the schedule', () => {
    const settings = riskOracleSpec.parse({ everyBlocks: 10, policy: { minShock: 0.3 } });
    const oracle = new RiskOracleThreshold(settings, view);
    for (let b = 1; b <= 20; b++) oracle.update(b, 0, 2000, 12 * b);
    expect(oracle.decisions.map((d) => d.block)).toEqual([1, 10, 20]);
  });
});
