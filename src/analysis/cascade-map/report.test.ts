import { describe, expect, it } from 'vitest';
import { cascadeMapHtml, heatColor, HEAT_COLORS, liquidationLevelsChart, multiplierChart } from '../../report/cascade-map-charts.js';
import { cascadeMapCsv, cascadeMapJson, cascadeMapTable, levelsCsv } from './serialize.js';
import type { CascadeMap, ShockOutcome } from './types.js';

const outcome = (shock: number, finalPrice: number, critical: boolean): ShockOutcome => ({
  shock,
  initialPrice: 2000 * (1 - shock),
  finalPrice,
  totalMove: 1 - finalPrice / 2000,
  multiplier: (1 - finalPrice / 2000) / shock,
  rounds: critical ? 3 : 0,
  iterations: 4,
  converged: true,
  soldUnits: critical ? 1500 : 0,
  soldUsd: critical ? 1500 * finalPrice : 0,
  accounts: critical ? 12 : 0,
  critical,
});

const MAP: CascadeMap = {
  scenario: 'x<y>',
  seed: 9,
  asset: 'ETH',
  initialPrice: 2000,
  settings: { shocks: [0.01, 0.02], priceStep: 0.05, maxDrop: 0.1, criticalSlope: 3 },
  protocols: [{ id: 'lend', mechanism: 'aave-v3', model: 'health bands', accounts: 50, collateralUnits: 4000, debtUsd: 5e6 }],
  venues: [{ id: 'cex', kind: 'offchain-linear', depthUsdPer1Pct: 1e6 }],
  assumptions: ['first', 'second'],
  levels: [
    { price: 1900, drop: 0.05, seizedUnits: 0, soldUnits: 0, soldUsd: 0, newSoldUnits: 0, newSoldUsd: 0, accounts: 0, emptiedAccounts: 0 },
    { price: 1800, drop: 0.1, seizedUnits: 1010, soldUnits: 1000, soldUsd: 1.8e6, newSoldUnits: 1000, newSoldUsd: 1.8e6, accounts: 7, emptiedAccounts: 1 },
  ],
  shocks: [outcome(0.01, 1980, false), outcome(0.02, 1700, true)],
};

describe('cascade map text outputs', () => {
  it('CSV: a header and one row per shock or level, plain decimals', () => {
    const csv = cascadeMapCsv(MAP).split('\n');
    expect(csv[0]).toBe('shock,initial_price_usd,final_price_usd,total_move,multiplier,rounds,iterations,converged,sold_units,sold_usd,accounts,critical');
    expect(csv[1]).toBe('0.01,1980,1980,0.01,1,0,4,true,0,0,0,false');
    expect(csv[2]).toBe('0.02,1960,1700,0.15,7.5,3,4,true,1500,2550000,12,true');
    expect(csv).toHaveLength(4); // two rows and the final newline
    expect(levelsCsv(MAP).split('\n')[2]).toBe('1800,0.1,1010,1000,1800000,1000,1800000,7,1');
  });

  it('the table lists the shocks with the critical one starred, and the approximations', () => {
    const table = cascadeMapTable(MAP);
    const row = table.split('\n').find((l) => l.trimStart().startsWith('2.00%'));
    expect(row).toMatch(/1,700\.00\s+15\.00%\s+7\.50×\s+3\s+1,500\.00\s+2,550,000\.00\s+\*$/);
    expect(table).toContain('Critical shocks (marginal multiplier ≥ 3.00): 2.00%');
    expect(table).toContain('First liquidations at 1,800.00 USD (−10.00%)');
    expect(table).toContain('  - second');
  });

  it('JSON round-trips and refuses non-finite numbers', () => {
    expect(JSON.parse(cascadeMapJson(MAP))).toEqual(MAP);
    expect(() => cascadeMapJson({ ...MAP, initialPrice: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('cascade map charts and page', () => {
  it('one heat-coloured bar per level plus the cumulative line', () => {
    const option = liquidationLevelsChart(MAP);
    const [bars, line] = option.series as { name: string; data: unknown[] }[];
    expect([bars.name, line.name]).toEqual(['added at this level', 'cumulative']);
    expect(bars.data).toEqual([
      { value: 0, itemStyle: { color: HEAT_COLORS[0] } },
      { value: 1.8e6, itemStyle: { color: HEAT_COLORS[HEAT_COLORS.length - 1] } },
    ]);
    expect(line.data).toEqual([0, 1.8e6]);
    expect(heatColor(5, 10)).toBe(HEAT_COLORS[Math.round(0.5 * (HEAT_COLORS.length - 1))]);
  });

  it('the multiplier in % of shock, with the critical shocks as their own series', () => {
    const series = multiplierChart(MAP).series as { name: string; data: number[][] }[];
    expect(series.map((s) => s.name)).toEqual(['multiplier', 'critical shock', 'total move']);
    expect(series[1].data).toHaveLength(1);
    expect(series[1].data[0][0]).toBe(2);
    expect(series[1].data[0][1]).toBeCloseTo(7.5, 12);
    expect(series[2].data[1][1]).toBeCloseTo(15, 12);
  });

  it('the page is self-contained, escaped and byte-stable', () => {
    const html = cascadeMapHtml(MAP, 'a <b> description');
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('x&lt;y&gt;');
    expect(html).toContain('a &lt;b&gt; description');
    expect(cascadeMapHtml(MAP, 'a <b> description')).toBe(html);
  });
});
