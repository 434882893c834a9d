/**
 * The figures docs/liquidity.md quotes for scenarios/curve-venue.yaml, read from the page and compared with a fresh
 * run (in process), so a model change that moves them fails here until the page is updated.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';

const page = readFileSync(path.resolve('docs/liquidity.md'), 'utf8');

function numbers(pattern: RegExp): number[] {
  const m = pattern.exec(page);
  if (!m) throw new Error(`docs/liquidity.md no longer contains ${String(pattern)}`);
  return m.slice(1).map((s) => Number(s.replace(/,/g, '')));
}

describe('docs/liquidity.md example', () => {
  it('matches a run of scenarios/curve-venue.yaml', () => {
    const { scenario, dir } = loadScenario(path.resolve('scenarios/curve-venue.yaml'));
    const result = runScenario(scenario, { baseDir: dir });
    const [calls, drawdown, amplification] = numbers(
      /gives ([\d,]+) liquidation calls, an oracle drawdown of ([\d.]+)% \(([\d.]+)×\)/,
    );
    expect(result.metrics.liquidations).toBe(calls);
    expect((result.metrics.oracleDrawdown * 100).toFixed(2)).toBe(drawdown.toFixed(2));
    expect(result.metrics.amplification?.toFixed(2)).toBe(amplification.toFixed(2));
    const [sales, base, usd, reach] = numbers(
      /\[beyond-measured-curve\] agg: (\d+) sales \(([\d.]+) base, ([\d,]+) USD at the reference price\)[\s\S]*?reaching ([\d.]+)×/,
    );
    const curve = result.curves?.[0];
    expect(curve?.sellTrades).toBe(sales);
    expect(curve?.sellBase.toFixed(2)).toBe(base.toFixed(2));
    expect(Math.round(curve?.sellUsd ?? 0)).toBe(usd);
    expect(curve?.peakSellReach.toFixed(2)).toBe(reach.toFixed(2));
    expect(result.warnings?.map((w) => w.code)).toEqual(['beyond-measured-curve']);
  });
});
