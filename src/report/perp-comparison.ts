import type { Comparison } from '../analysis/designs/compare.js';
import { formatCount, formatUsd } from '../kernel/format.js';

/**
 * The perp exchanges of a comparison as an aligned text table (one row per design and exchange), or '' when no design
 * has one: liquidations, notional liquidated, insurance fund minimum and end, ADL fills and notional, socialised and
 * uncovered losses, backstop takeovers and PnL.
 *
 * @example process.stdout.write(perpComparisonTable(comparison));
 */
export function perpComparisonTable(comparison: Comparison): string {
  const rows = comparison.designs.flatMap((d) =>
    (d.result.perps ?? []).map((p) => [
      d.design,
      p.protocol,
      formatCount(p.liquidations),
      formatUsd(p.byMarket.reduce((sum, m) => sum + m.longNotionalUsd + m.shortNotionalUsd, 0)),
      formatUsd(p.insuranceFund.minUsd),
      formatUsd(p.insuranceFund.endUsd),
      formatCount(p.adl.fills),
      formatUsd(p.adl.notionalUsd),
      formatUsd(p.socialisedLossUsd),
      formatUsd(p.uncoveredDeficitUsd),
      p.backstop ? formatCount(p.backstop.takeovers) : '-',
      p.backstop ? formatUsd(p.backstop.pnlUsd) : '-',
    ]),
  );
  if (rows.length === 0) return '';
  const header = [
    'Design',
    'Exchange',
    'Liquidations',
    'Liquidated USD',
    'Fund min USD',
    'Fund end USD',
    'ADL fills',
    'ADL USD',
    'Socialised USD',
    'Uncovered USD',
    'Backstop takeovers',
    'Backstop PnL USD',
  ];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((c, j) => (j < 2 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return (
    ['', 'Perp exchanges', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n'
  );
}
