import { describe, expect, it } from 'vitest';
import { fixtureResult } from './fixture.test-helper.js';
import { metricGroups } from './metric-rows.js';
import { summaryTable } from './summary-table.js';

describe('summaryTable', () => {
  const text = summaryTable(fixtureResult());
  const lines = text.split('\n');
  const line = (label: string): string => {
    const found = lines.find((l) => l.trimStart().startsWith(label));
    if (found === undefined) throw new Error(`no line starting with '${label}'`);
    return found;
  };

  it('identifies the run', () => {
    expect(line('Scenario')).toMatch(/eth-crash$/);
    expect(line('Seed')).toMatch(/ 42$/);
    expect(line('Blocks')).toMatch(/ 10$/);
    expect(line('Simulated duration')).toMatch(/ 2 min$/);
  });

  it('shows the fixture values formatted, each label with a unit hint', () => {
    expect(line('Collateral seized')).toMatch(/\[USD\] +1,234,567\.89$/);
    expect(line('Bad debt [USD]')).toMatch(/ 98,765\.43$/);
    expect(line('Debt repaid')).toMatch(/ 1,100,000\.00$/);
    expect(line('Keeper profit')).toMatch(/ 45,678\.90$/);
    expect(line('Insurance fund used')).toMatch(/ 50,000\.00$/);
    expect(line('Pool spot drawdown [%]')).toMatch(/ 24\.57%$/);
    expect(line('Max oracle deviation')).toMatch(/ 3\.45%$/);
    expect(line('Liquidation calls [count]')).toMatch(/ 1,234$/);
    expect(line('Arbitrage trades')).toMatch(/ 5,678$/);
    expect(line('Generation 1 liquidations')).toMatch(/ 300$/);
  });

  it('prints every USD value with exactly two decimals', () => {
    const usdLines = lines.filter((l) => l.includes('[USD]'));
    const usdRows = metricGroups(fixtureResult()).flatMap((g) => g.rows.filter((r) => r.unit === 'USD'));
    expect(usdLines).toHaveLength(usdRows.length);
    expect(usdLines.length).toBeGreaterThan(10);
    for (const l of usdLines) expect(l).toMatch(/ -?\d{1,3}(,\d{3})*\.\d\d$/);
  });

  it('prints n/a for the null amplification', () => {
    expect(line('Amplification')).toMatch(/\[ratio\] +n\/a$/);
  });

  it('has every group in order and right-aligns the metric values', () => {
    const titles = ['Prices', 'Liquidations', 'Losses', 'Cascade', 'Other'];
    const positions = titles.map((t) => lines.indexOf(t));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const metricLines = lines.slice(positions[0]).filter((l) => l.startsWith('  '));
    const ends = new Set(metricLines.map((l) => [...l].length));
    expect(ends.size).toBe(1);
    expect(text.endsWith('\n')).toBe(true);
  });
});
