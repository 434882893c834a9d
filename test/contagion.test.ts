import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { runScenario } from '../src/analysis/run.js';
import { reportCharts } from '../src/report/chart-catalog.js';

const shared = loadScenario(path.resolve('scenarios/shared-pool-contagion.yaml')).scenario;

/**
 * The same two protocols and shock with nothing shared: lend-b's collateral becomes a second asset ETHB with the same
 * scripted (noise-free) shock, its own market, pool and oracle, so the two protocols' sales move different prices.
 */
function separated(): Scenario {
  const s = structuredClone(shared) as Record<string, unknown> & Scenario;
  const eth = s.assets.find((a) => a.symbol === 'ETH');
  s.assets.splice(1, 0, { ...structuredClone(eth), symbol: 'ETHB' } as Scenario['assets'][number]);
  s.venues.push(...shared.venues.map((v) => ({ ...structuredClone(v), id: `${v.id}-b`, base: 'ETHB' })));
  s.oracles.push({
    ...structuredClone(shared.oracles[0]),
    id: 'eth-b',
    asset: 'ETHB',
    sources: shared.oracles[0].sources.map((id) => `${id}-b`),
  });
  const b = s.protocols[1];
  if (b.type !== 'lending') throw new Error('lend-b is a lending protocol');
  b.collateral = 'ETHB';
  b.oracle = 'eth-b';
  return scenarioSchema.parse(s);
}

const cell = (r: ReturnType<typeof runScenario>, cause: string, protocol: string) => {
  const c = r.contagion;
  if (!c) throw new Error('no contagion report');
  const row = c.causes.indexOf(cause);
  return row < 0 ? 0 : c.liquidations[row][c.protocols.indexOf(protocol)];
};

describe('contagion through a shared pool (scenarios/shared-pool-contagion.yaml)', () => {
  const together = runScenario(shared);
  const apart = runScenario(separated());

  it('with the shared pool and market, each protocol liquidates accounts of the other', () => {
    expect(cell(together, 'lend-b', 'lend-a')).toBeGreaterThan(10);
    expect(cell(together, 'lend-a', 'lend-b')).toBeGreaterThan(10);
    // Every liquidation call is split over causes with shares summing to one: the matrix adds up to the run's calls.
    const c = together.contagion;
    const total = c ? c.liquidations.flat().reduce((sum, x) => sum + x, 0) : 0;
    expect(total).toBeCloseTo(together.metrics.liquidations, 6);
    // The report shows the matrix as a heatmap, rows = causes, columns = liquidated protocols.
    const heatmap = reportCharts(together).find((chart) => chart.id === 'contagion');
    expect(JSON.stringify(heatmap?.option)).toContain('caused by');
  });

  it('giving each protocol its own pool and market removes the cross-protocol causes (same seed, same shock)', () => {
    // The exogenous paths are the same: the scripted shock has no noise.
    const fundamental = (r: ReturnType<typeof runScenario>, symbol: string) =>
      r.series.find((s) => s.name === `fundamental:${symbol}`)?.values;
    expect(Array.from(fundamental(apart, 'ETHB') ?? [])).toEqual(Array.from(fundamental(together, 'ETH') ?? []));
    expect(cell(apart, 'lend-b', 'lend-a')).toBe(0);
    expect(cell(apart, 'lend-a', 'lend-b')).toBe(0);
    expect(apart.contagion?.causedByOthersShare).toEqual([0, 0]);
    // Both still liquidate: the shock and their own sales remain.
    expect(apart.metrics.liquidations).toBeGreaterThan(0);
  });
});
