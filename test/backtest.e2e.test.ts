/** End to end: `cascade backtest` spawned as a user runs it, on the fastest event. */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

interface BacktestJson {
  events: {
    name: string;
    rows: {
      measure: string;
      model: number | null;
      documented: number;
      ratio: number | null;
      flagged: boolean;
      role: string;
    }[];
  }[];
  flagged: number;
}

describe('cascade backtest', () => {
  it('runs one event and prints its figures next to the documented outcomes, with ratio and flag', () => {
    const r = runCli(['backtest', '--event', 'aave-crv-2022', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as BacktestJson;
    expect(out.events.map((e) => e.name)).toEqual(['aave-crv-2022']);
    const rows = out.events[0].rows;
    expect(rows.map((row) => row.measure)).toEqual(['badDebtUsd', 'liquidations', 'liquidationMinutes']);
    expect(rows.map((row) => row.documented)).toEqual([1_700_000, 385, 50]);
    for (const row of rows) {
      expect(row.model).not.toBeNull();
      // The ratio and flag follow from the printed figures.
      expect(row.ratio).toBeCloseTo((row.model as number) / row.documented, 12);
      expect(row.flagged).toBe(!((row.ratio as number) >= 0.5 && (row.ratio as number) <= 2));
    }
    expect(rows.find((row) => row.role === 'held-back')?.measure).toBe('liquidations');
    expect(out.flagged).toBe(rows.filter((row) => row.flagged).length);

    const text = runCli(['backtest', '--event', 'aave-crv-2022']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('badDebtUsd [USD]');
    expect(text.stdout).toContain('https://blockworks.co/news/aave-curve-bad-debt');
    expect(text.stdout).toMatch(/\d+ of 3 figures within 2× of the documented outcome/);
  });

  it('names the known events when asked for an unknown one (usage error, exit 2)', () => {
    const r = runCli(['backtest', '--event', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown event "nope"; the events are: black-thursday-2020, may-2021-bridge');
    expect(r.stdout).toBe('');
  });
});
