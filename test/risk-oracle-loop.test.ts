/**
 * The closed-loop risk oracle in the world (docs/closed-loop.md): it moves the threshold as a scale, the trigger-price
 * index follows, an oracle that never publishes leaves the run as it was, and the capital-efficiency metric sees the
 * published threshold.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';

const SMALL = ['blocks=300', 'protocols.0.borrowers.count=2000'];
const ORACLE = '"everyBlocks":50,"updateDelayBlocks":5,"steward":{"minSecondsBetween":600},"minScale":0.8';
const load = (extra: string[]) => loadScenario('scenarios/thin-pool-shock.yaml', [...SMALL, ...extra]).scenario;

describe('risk oracle on the thin-pool shock', () => {
  it('changes nothing when the steward excludes the asset', () => {
    const fixed = runScenario(load([]));
    const excluded = runScenario(
      load([`protocols.0.riskOracle={"everyBlocks":50,"maxScale":1.05,"steward":{"excluded":["ETH"]}}`]),
    );
    expect(excluded.metrics).toEqual(fixed.metrics);
    expect(fixed.metrics.borrowingCapacity).toBeCloseTo(1, 12);
  });

  it('raises the threshold 5% from block 6 when allowed: capacity (5·1 + 295·1.05)/300, fewer liquidations', () => {
    // At σ = 80% the solvency cap (1 − 2·0.8·√(1/365))/1.05 = 0.8726 is above 1.05·0.825 = 0.86625: the only run
    // (block 1; the next would be at block 1000) publishes the steward's full 5% step, in force from block 1 + 5.
    const fixed = runScenario(load([]));
    const raised = runScenario(
      load([`protocols.0.riskOracle={"everyBlocks":1000,"updateDelayBlocks":5,"maxScale":1.05}`]),
    );
    expect(raised.metrics.borrowingCapacity).toBeCloseTo((5 + 295 * 1.05) / 300, 9);
    expect(raised.metrics.liquidations).toBeLessThan(fixed.metrics.liquidations);
  });

  it('finds the same liquidations with the rebuilt index as with a scan of every account', () => {
    const scenario = load([`protocols.0.riskOracle={${ORACLE},"maxScale":1,"policy":{"onConflict":"solvency"}}`]);
    const indexed = runScenario(scenario, { checkInvariants: true });
    const naive = runScenario(scenario, { scan: 'naive' });
    expect(indexed.metrics).toEqual(naive.metrics);
    expect(indexed.metrics.borrowingCapacity).toBeLessThan(1);
  });

  it('refuses dynamicThreshold and riskOracle together', () => {
    const both = load([
      `protocols.0.riskOracle={${ORACLE}}`,
      'protocols.0.dynamicThreshold={referenceVolatilityAnnual: 0.8}',
    ]);
    expect(() => runScenario(both)).toThrow(/dynamicThreshold and riskOracle both move the threshold/);
  });
});
