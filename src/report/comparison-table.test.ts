import { describe, expect, it } from 'vitest';
import {
  TABLE_NOTES,
  comparisonColumns,
  comparisonCsv,
  comparisonMetricKeys,
  comparisonRows,
  comparisonTable,
  exogenousPathNote,
  flatMetrics,
  roundTripDecimal,
} from './comparison-table.js';
import { fixtureComparison, fixtureDesign } from './comparison.test-helper.js';
import { formatGrouped, formatMultiple, formatPercent, formatUsd } from '../kernel/format.js';

/** Splits a CSV line on commas outside double quotes and unquotes the cells. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

describe('comparisonTable', () => {
  const comparison = fixtureComparison();
  const text = comparisonTable(comparison);
  const lines = text.split('\n');
  const designLines = comparison.designs.map((d) => lines.find((line) => line.startsWith(`  ${d.design} `)) ?? '');

  it('shows the scenario, the run and the note on the exogenous path above the table', () => {
    expect(lines[0]).toBe('Cascade comparison: eth-crash');
    expect(lines[1]).toBe('  Seed 42 · 10 blocks × 12 s · 2 min simulated · 3 designs');
    expect(text.replace(/\n {2}/g, ' ')).toContain(exogenousPathNote(comparison));
    expect(exogenousPathNote(comparison)).toContain('identical in every design');
    expect(exogenousPathNote(comparison)).toContain('from the margin engine alone');
    expect(exogenousPathNote(fixtureComparison({ exogenousPathIdentical: false }))).toContain('NOT identical');
    // Scenario files may differ in more than the margin engine: the note does not claim otherwise.
    const files = exogenousPathNote(fixtureComparison({ mode: 'files' }));
    expect(files).toContain('identical in every scenario');
    expect(files).not.toContain('margin engine');
  });

  it('has one row per design, in order, each with a cell per column', () => {
    designLines.forEach((line) => expect(line).not.toBe(''));
    expect(designLines.map((line) => lines.indexOf(line))).toEqual(
      [...designLines.map((line) => lines.indexOf(line))].sort((a, b) => a - b),
    );
    for (const line of designLines)
      expect(line.trim().split(/\s{2,}/)).toHaveLength(comparisonColumns(fixtureComparison()).length + 1);
    expect(lines.filter((line) => /^ {2}\S/.test(line) && /\d\s*$/.test(line))).toHaveLength(comparison.designs.length);
  });

  it('prints each value with the report formatters', () => {
    const [aave, morpho, volatility] = designLines;
    expect(aave).toContain(formatMultiple(1.3406666));
    expect(aave).toContain(formatPercent(0.2011));
    expect(morpho).toContain(' n/a ');
    expect(morpho).toContain(formatUsd(25875598.391));
    expect(volatility).toContain('18,920');
    expect(volatility).toContain(formatGrouped(1e-7, 3));
    const cell = (key: string) =>
      aave.trim().split(/\s{2,}/)[comparisonColumns(comparison).findIndex((c) => c.key === key) + 1];
    expect(cell('liquidatedCollateralUsd')).toBe(formatUsd(1234567.891));
    // Uncovered + socialised is the sum of the two.
    expect(cell('uncoveredOrSocialisedBadDebtUsd')).toBe(formatUsd(48765.4321));
  });

  it('aligns every column: values end where their header ends, and no line has trailing spaces', () => {
    const unitLine = lines.find((line) => line.includes('[USD]')) ?? '';
    const ends = [...unitLine.matchAll(/\]/g)].map((m) => (m.index ?? 0) + 1);
    expect(ends).toHaveLength(comparisonColumns(fixtureComparison()).length);
    for (const line of designLines) {
      const cellEnds = [...line.matchAll(/\S+(?=\s{2,}|$)/g)].map((m) => (m.index ?? 0) + m[0].length);
      expect([...cellEnds].slice(1)).toEqual(ends);
    }
    for (const line of lines) expect(line).toBe(line.trimEnd());
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain(TABLE_NOTES.split(' ').slice(0, 4).join(' '));
  });

  it('widens the design column for long names', () => {
    const long = comparisonTable(
      fixtureComparison({ designs: [fixtureDesign('a-very-long-design-name-indeed'), fixtureDesign('x')] }),
    );
    const rows = long.split('\n').filter((line) => line.startsWith('  a-very') || line.startsWith('  x '));
    expect(rows).toHaveLength(2);
    expect(rows[0].length).toBe(rows[1].length);
  });
});

describe('comparisonRows', () => {
  it('gives labels, units and formatted cells for each design', () => {
    const { header, units, rows } = comparisonRows(fixtureComparison());
    expect(header).toHaveLength(comparisonColumns(fixtureComparison()).length + 1);
    expect(units).toHaveLength(header.length);
    expect(rows.map((row) => row[0])).toEqual(['aave-v3', 'morpho-blue', 'volatility-bonus']);
    for (const row of rows) expect(row).toHaveLength(header.length);
  });
});

describe('roundTripDecimal', () => {
  it('prints the shortest plain decimal that reads back exactly', () => {
    expect(roundTripDecimal(0.1)).toBe('0.1');
    expect(roundTripDecimal(1.5e-7)).toBe('0.00000015');
    expect(roundTripDecimal(1e21)).toBe('1000000000000000000000');
    expect(roundTripDecimal(-2.5)).toBe('-2.5');
    expect(roundTripDecimal(0)).toBe('0');
    expect(roundTripDecimal(-0)).toBe('0');
    expect(roundTripDecimal(1200)).toBe('1200');
    for (const value of [
      Math.PI,
      1 / 3,
      407372485.3216513,
      0.14389140021073718,
      5e-324,
      1.7976931348623157e308,
      123456789012345680000,
    ]) {
      const text = roundTripDecimal(value);
      expect(text).not.toMatch(/e/i);
      expect(Number(text)).toBe(value);
    }
  });

  it('rejects NaN and infinities', () => {
    expect(() => roundTripDecimal(Number.NaN)).toThrow(/not finite/);
    expect(() => roundTripDecimal(Infinity)).toThrow(/not finite/);
  });
});

describe('comparisonCsv', () => {
  const comparison = fixtureComparison();
  const csv = comparisonCsv(comparison);
  const lines = csv.split('\n');

  it('has a header of design + every metric key and one row per design', () => {
    expect(csv.endsWith('\n')).toBe(true);
    expect(lines.at(-1)).toBe('');
    const header = parseCsvLine(lines[0]);
    // Every metric but byProtocol, then each protocol's fields as <protocol>.<field>.
    const { byProtocol, ...scalars } = comparison.designs[0].result.metrics;
    const keys = [
      ...Object.keys(scalars),
      ...byProtocol.flatMap(({ protocol, ...fields }) => Object.keys(fields).map((f) => `${protocol}.${f}`)),
    ];
    expect(header).toEqual(['design', ...keys]);
    expect(header).toContain('lend.badDebtUsd');
    expect(comparisonMetricKeys(comparison)).toEqual(keys);
    expect(lines.slice(1, -1)).toHaveLength(comparison.designs.length);
    for (const line of lines.slice(1, -1)) expect(parseCsvLine(line)).toHaveLength(header.length);
  });

  it('round-trips every value: numbers exactly, null as empty, generations joined with ;', () => {
    const header = parseCsvLine(lines[0]);
    comparison.designs.forEach((d, i) => {
      const cells = parseCsvLine(lines[i + 1]);
      expect(cells[0]).toBe(d.design);
      const metrics = flatMetrics(d.result.metrics);
      header.slice(1).forEach((key, j) => {
        const cell = cells[j + 1];
        const value = metrics[key];
        if (value === null) expect(cell, key).toBe('');
        else if (typeof value === 'string') expect(cell, key).toBe(value);
        else if (Array.isArray(value)) expect(cell.split(';').map(Number), key).toEqual(value);
        else expect(Number(cell), key).toBe(value);
      });
    });
    expect(lines[1]).toContain(',800;300;134,');
    expect(parseCsvLine(lines[2])[header.indexOf('amplification')]).toBe('');
    expect(parseCsvLine(lines[3])[header.indexOf('maxLiquidationSpeed')]).toBe('0.0000001');
  });

  it('quotes a design name that holds a comma or a quote', () => {
    const odd = comparisonCsv(fixtureComparison({ designs: [fixtureDesign('a, "b"')] }));
    expect(odd.split('\n')[1].startsWith('"a, ""b""",')).toBe(true);
    expect(parseCsvLine(odd.split('\n')[1])[0]).toBe('a, "b"');
  });
});

describe('comparison of perp exchanges', () => {
  const perp = {
    protocol: 'perp-dex',
    kind: 'perp' as const,
    liquidations: 7,
    accountsLiquidated: 5,
    liquidatedUsd: 2_500_000,
    penaltiesUsd: 12_500,
    badDebtUsd: 80_000,
    insuranceFundUsedUsd: 50_000,
    socialisedBadDebtUsd: 30_000,
    uncoveredBadDebtUsd: 0,
    insuranceFundShortfalls: 3,
    insuranceFundStartUsd: 50_000,
    insuranceFundEndUsd: 0,
    adlNotionalUsd: 765_432.1,
  };
  const comparison = fixtureComparison({
    designs: [
      fixtureDesign('perp-adl', {
        byProtocol: [perp],
        adlNotionalUsd: 765_432.1,
        perpLiquidatedNotionalUsd: 2_500_000,
      }),
    ],
  });

  it('shows the perp columns and hides the lending-only ones when no design has a lending protocol', () => {
    const keys = comparisonColumns(comparison).map((c) => c.key);
    expect(keys).toContain('adlNotionalUsd');
    expect(keys).toContain('perpLiquidatedNotionalUsd');
    expect(keys).not.toContain('keeperProfitUsd');
    expect(keys).not.toContain('liquidatedCollateralUsd');
    expect(comparisonTable(comparison)).toContain(formatUsd(765_432.1));
    // A lending-only comparison has no perp columns.
    expect(comparisonColumns(fixtureComparison()).map((c) => c.key)).not.toContain('adlNotionalUsd');
  });

  it("writes each exchange's figures to the CSV as <protocol>.<field> columns", () => {
    const [header, row] = comparisonCsv(comparison).split('\n').map(parseCsvLine);
    expect(row[header.indexOf('perp-dex.adlNotionalUsd')]).toBe('765432.1');
    expect(row[header.indexOf('perp-dex.kind')]).toBe('perp');
    expect(row[header.indexOf('adlNotionalUsd')]).toBe('765432.1');
  });
});
