import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import type { RunResult } from '../src/analysis/result.js';

/**
 * scenarios/perp-long-crash.yaml (4,000 traders) plus an Aave-like lending market on ETH whose oracle reads the same
 * off-chain market and order book the perp exchange liquidates into, and one keeper.
 */
const run = (...sets: string[]) => {
  const lend = {
    type: 'lending',
    id: 'lend',
    collateral: 'ETH',
    debt: 'USDC',
    oracle: 'eth-spot',
    ltv: 0.8,
    liquidationThreshold: 0.825,
    borrowers: { count: 3000, collateralUsd: { median: 20000, sigma: 1.2 }, healthFactor: { min: 1.02, max: 1.6 } },
  };
  const spot = {
    id: 'eth-spot',
    asset: 'ETH',
    sources: ['cex', 'eth-book'],
    deviationPct: 0.5,
    heartbeatSeconds: 3600,
  };
  const { scenario } = loadScenario(path.resolve('scenarios/perp-long-crash.yaml'), [
    'protocols.0.traders.count=4000',
    `oracles.2=${JSON.stringify(spot)}`,
    `protocols.1=${JSON.stringify(lend)}`,
    `keepers=${JSON.stringify([{ id: 'keeper', capitalUsd: 5e6 }])}`,
    ...sets,
  ]);
  return runScenario(scenario, { checkInvariants: true });
};
const contagionOf = (r: RunResult) => {
  if (!r.contagion) throw new Error('no contagion report');
  return r.contagion;
};
const column = (r: RunResult, protocol: string) => {
  const c = contagionOf(r);
  const p = c.protocols.indexOf(protocol);
  return Object.fromEntries(c.causes.map((cause, k) => [cause, c.liquidations[k][p]]));
};
const sum = (row: Record<string, number>) => Object.values(row).reduce((a, b) => a + b, 0);

describe('contagion between a lending market and a perp exchange on the same ETH market', () => {
  const base = run();

  it("attributes every liquidation of both: each column sums to that protocol's liquidations", () => {
    expect(contagionOf(base).protocols).toEqual(['lend', 'perp-dex']);
    expect(sum(column(base, 'perp-dex'))).toBeCloseTo(base.perps?.[0].liquidations ?? Number.NaN, 6);
    const lend = base.metrics.byProtocol.find((p) => p.protocol === 'lend');
    expect(sum(column(base, 'lend'))).toBeCloseTo(lend?.liquidations ?? Number.NaN, 6);
    // The total counts every margin engine's liquidations.
    expect(base.metrics.liquidations).toBe(
      (lend?.liquidations ?? Number.NaN) + (base.perps?.[0].liquidations ?? Number.NaN),
    );
  });

  it('runs both ways: perp liquidation sales cause lending liquidations and lending sales cause perp ones', () => {
    expect(column(base, 'lend')['perp-dex']).toBeGreaterThan(0);
    expect(column(base, 'perp-dex').lend).toBeGreaterThan(0);
  });

  it('an exchange whose traders are never liquidated (1–1.5× leverage) causes none of the lending liquidations', () => {
    const r = run('protocols.0.traders.leverage.min=1', 'protocols.0.traders.leverage.max=1.5');
    expect(r.perps?.[0].liquidations).toBe(0);
    expect(r.metrics.liquidations).toBeGreaterThan(0);
    expect(column(r, 'lend')['perp-dex'] ?? 0).toBe(0);
    expect(column(base, 'lend')['perp-dex']).toBeGreaterThan(0);
  });
});

describe('contagion between a lending market and an Aave v3 cross-asset pool on the same ETH market', () => {
  const lend = {
    type: 'lending',
    id: 'lend',
    collateral: 'ETH',
    debt: 'USDC',
    oracle: 'eth-usd',
    ltv: 0.8,
    liquidationThreshold: 0.825,
    borrowers: { count: 3000, collateralUsd: { median: 20000, sigma: 1.2 }, healthFactor: { min: 1.02, max: 1.6 } },
  };
  const { scenario } = loadScenario(path.resolve('scenarios/cross-collateral-shock.yaml'), [
    `protocols.1=${JSON.stringify(lend)}`,
  ]);
  const r = runScenario(scenario, { checkInvariants: true });

  it('has a column for the pool, attributes all its liquidations, and finds causes both ways', () => {
    expect(contagionOf(r).protocols).toEqual(['lend', 'pool']);
    expect(sum(column(r, 'lend'))).toBeCloseTo(r.metrics.liquidations - sum(column(r, 'pool')), 6);
    expect(column(r, 'lend').pool).toBeGreaterThan(0);
    expect(column(r, 'pool').lend).toBeGreaterThan(0);
  });
});
