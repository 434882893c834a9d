import { describe, expect, it } from 'vitest';
import {
  cascadeMapHtml,
  heatColor,
  HEAT_COLORS,
  liquidationLevelsChart,
  shockMoveChart,
} from '../../report/cascade-map-charts.js';
import { cascadeMapCsv, cascadeMapJson, cascadeMapTable, levelsCsv } from './serialize.js';
import type { CascadeMap, ShockOutcome } from './types.js';

const outcome = (shock: number, lowestPrice: number, critical: boolean): ShockOutcome => ({
  shock,
  totalMove: 1 - lowestPrice / 2000,
  lowestPrice,
  marketMove: 1 - (lowestPrice - 10) / 2000,
  multiplier: (1 - lowestPrice / 2000) / shock,
  troughMinute: critical ? 41.2 : 20,
  soldUnits: critical ? 1500 : 0,
  soldUsd: critical ? 1500 * lowestPrice : 0,
  liquidations: critical ? 12 : 0,
  keeperLimitedBlocks: critical ? 3 : 0,
  band: {
    fullRecoveryMove: shock,
    noRecoveryMove: critical ? 0.4 : shock,
    low: shock,
    high: critical ? 0.4 : 1 - lowestPrice / 2000,
  },
  worstCase: {
    initialPrice: 2000 * (1 - shock),
    finalPrice: 1000,
    totalMove: 0.5,
    rounds: critical ? 3 : 0,
    iterations: 4,
    converged: !critical,
    soldUnits: 3000,
    accounts: 40,
  },
  critical,
});

const MAP: CascadeMap = {
  scenario: 'x<y>',
  seed: 9,
  timing: {
    startMinute: 10,
    dropMinutes: 30,
    holdMinutes: 0,
    recoveryPct: 0,
    recoveryMinutes: 0,
    source: 'scenario',
    horizonMinutes: 180,
  },
  keepers: [{ id: 'k', capitalUsd: 1e6, callsPerBlock: 1000, latencyBlocks: 1 }],
  asset: 'ETH',
  initialPrice: 2000,
  settings: { shocks: [0.01, 0.02], priceStep: 0.05, maxDrop: 0.1, criticalSlope: 3 },
  protocols: [
    {
      id: 'lend',
      mechanism: 'aave-v3',
      model: 'health bands',
      checkedAgainstRuns: true,
      accounts: 50,
      collateralUnits: 4000,
      debtUsd: 5e6,
    },
    {
      id: 'comet',
      mechanism: 'compound-v3',
      model: 'whole collateral sold',
      checkedAgainstRuns: false,
      accounts: 5,
      collateralUnits: 40,
      debtUsd: 5e4,
    },
  ],
  venues: [{ id: 'cex', kind: 'offchain-linear', depthUsdPer1Pct: 1e6, resilienceHalfLifeSeconds: 1800 }],
  assumptions: ['first', 'second'],
  levels: [
    {
      price: 1900,
      drop: 0.05,
      seizedUnits: 0,
      soldUnits: 0,
      soldUsd: 0,
      newSoldUnits: 0,
      newSoldUsd: 0,
      accounts: 0,
      emptiedAccounts: 0,
    },
    {
      price: 1800,
      drop: 0.1,
      seizedUnits: 1010,
      soldUnits: 1000,
      soldUsd: 1.8e6,
      newSoldUnits: 1000,
      newSoldUsd: 1.8e6,
      accounts: 7,
      emptiedAccounts: 1,
    },
  ],
  shocks: [outcome(0.01, 1980, false), outcome(0.02, 1700, true)],
};

describe('cascade map text outputs', () => {
  it('CSV: a header and one row per shock or level, plain decimals', () => {
    const csv = cascadeMapCsv(MAP).split('\n');
    expect(csv[0]).toBe(
      'shock,total_move,lowest_oracle_price_usd,market_move,multiplier,trough_minute,sold_units,sold_usd,liquidations,keeper_limited_blocks,' +
        'full_recovery_move,no_recovery_move,band_low,band_high,worst_case_initial_price_usd,worst_case_final_price_usd,worst_case_move,worst_case_rounds,worst_case_converged,critical',
    );
    expect(csv[1]).toBe('0.01,0.01,1980,0.015,1,20,0,0,0,0,0.01,0.01,0.01,0.01,1980,1000,0.5,0,true,false');
    expect(csv[2]).toBe('0.02,0.15,1700,0.155,7.5,41.2,1500,2550000,12,3,0.02,0.4,0.02,0.4,1960,1000,0.5,3,false,true');
    expect(csv).toHaveLength(4); // two rows and the final newline
    expect(levelsCsv(MAP).split('\n')[2]).toBe('1800,0.1,1010,1000,1800000,1000,1800000,7,1');
  });

  it('the table lists the shocks with their band, worst case and notes, what was assumed, and the approximations', () => {
    const table = cascadeMapTable(MAP);
    const row = table.split('\n').find((l) => l.trimStart().startsWith('2.00%'));
    expect(row).toMatch(
      /15\.00%\s+15\.50%\s+7\.50×\s+2\.00% – 40\.00%\s+41\.2\s+12\s+1,500\.00\s+2,550,000\.00\s+50\.00%\s+critical, keepers limited 3 blocks, worst case not converged$/,
    );
    expect(table).toContain('Critical shocks (marginal multiplier ≥ 3.00): 2.00%');
    expect(table).toContain('First liquidations at 1,800.00 USD (−10.00%)');
    expect(table).toContain('Venue cex: offchain-linear, 1,000,000.00 USD per 1%, impact half-life 30 min');
    expect(table).toContain('Protocol lend: aave-v3 (health bands), 50 accounts, debt 5,000,000.00 USD');
    expect(table).toContain(
      'Protocol comet: compound-v3 (whole collateral sold; rough: not checked against runs), 5 accounts',
    );
    expect(table).toContain('Keeper k: 1,000,000.00 USD of debt and 1,000 calls per block, latency 1 blocks');
    expect(table).toContain(
      'Shocks: a fall from minute 10 over 30 min (the scenario’s shock script, drop set to each shock); followed to minute 180',
    );
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

  it('the move in % of shock with its band stacked on the low edge, the worst case, and the multiplier with the critical shocks', () => {
    const series = shockMoveChart(MAP).series as { name: string; stack?: string; data: number[][] }[];
    expect(series.map((s) => s.name)).toEqual([
      'band low',
      'resilience band',
      'total move',
      'worst case',
      'multiplier',
      'critical shock',
    ]);
    expect(series[0].stack).toBe('band');
    expect(series[1].stack).toBe('band');
    // Second shock: band 2% … 40%, so the stacked width is 38 points on top of 2.
    expect(series[0].data[1][1]).toBeCloseTo(2, 12);
    expect(series[1].data[1][1]).toBeCloseTo(38, 12);
    expect(series[2].data[1][1]).toBeCloseTo(15, 12);
    expect(series[3].data[1][1]).toBeCloseTo(50, 12);
    expect(series[5].data).toHaveLength(1);
    expect(series[5].data[0][0]).toBe(2);
    expect(series[5].data[0][1]).toBeCloseTo(7.5, 12);
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
