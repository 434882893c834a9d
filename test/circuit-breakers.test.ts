import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';

const run = (overrides: string[]) => {
  const { scenario, dir } = loadScenario('scenarios/thin-pool-shock.yaml', overrides);
  return runScenario(scenario, { baseDir: dir, checkInvariants: true });
};
const column = (result: ReturnType<typeof run>, name: string) => result.series.find((c) => c.name === name)!.values;

describe('circuit breakers on the thin-pool shock', () => {
  it('pause liquidations when the oracle moves more than 2% within 25 blocks, and none happen while paused', () => {
    const result = run(['protocols.0.circuitBreakers={pauseOnOracleMovePct: 2, windowBlocks: 25, pauseBlocks: 50}']);
    const pauses = result.events.filter((e) => e.kind === 'liquidation-pause');
    expect(pauses.length).toBeGreaterThan(0);
    expect(result.metrics.liquidationPauses).toBe(pauses.length);
    const liquidations = column(result, 'liquidations');
    let pausedBlocks = 0;
    for (const event of pauses) {
      expect(Math.abs(event.oracleMove)).toBeGreaterThan(0.02);
      for (let b = event.block; b < event.resumesAtBlock && b <= result.blocks; b++) {
        expect(liquidations[b]).toBe(0);
        pausedBlocks += 1;
      }
    }
    expect(result.metrics.pausedBlocks).toBe(pausedBlocks);
  });

  it('cap the collateral seized in any block', () => {
    const cap = 250_000;
    const uncapped = run([]);
    const result = run([`protocols.0.circuitBreakers.maxLiquidatedUsdPerBlock=${cap}`]);
    expect(Math.max(...column(uncapped, 'liquidatedUsd'))).toBeGreaterThan(cap);
    for (const usd of column(result, 'liquidatedUsd')) expect(usd).toBeLessThanOrEqual(cap * (1 + 1e-9));
    expect(result.metrics.liquidations).toBeGreaterThan(0);
  });

  it('cap the collateral under liquidation at once (instant liquidations: seized within a block)', () => {
    const cap = 200_000;
    const result = run([`protocols.0.circuitBreakers.maxInLiquidationUsd=${cap}`]);
    for (const usd of column(result, 'liquidatedUsd')) expect(usd).toBeLessThanOrEqual(cap * (1 + 1e-9));
    expect(result.metrics.liquidations).toBeGreaterThan(0);
  });
});
