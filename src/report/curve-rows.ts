/** Summary rows of a run's curve venues: the volume each traded past its measured impact table. */
import type { RunResult } from '../analysis/result.js';
import type { MetricGroup } from './metric-row.js';
import { formatCount, formatGrouped, formatUsd } from '../kernel/format.js';

/**
 * One group per curve venue (none for a run without them).
 *
 * @example curveGroups(result).map((g) => g.title) // ['Curve venue: agg (beyond the table: refuse)']
 */
export function curveGroups(result: RunResult): MetricGroup[] {
  return (result.curves ?? []).map((c) => ({
    title: `Curve venue: ${c.venue} (beyond the table: ${c.beyond})`,
    rows: [
      { label: 'Sales past the table', unit: 'count', value: formatCount(c.sellTrades) },
      { label: '  base past the table', unit: 'base', value: formatGrouped(c.sellBase, 2) },
      { label: '  at the reference price', unit: 'USD', value: formatUsd(c.sellUsd) },
      { label: 'Purchases past the table', unit: 'count', value: formatCount(c.buyTrades) },
      { label: '  base past the table', unit: 'base', value: formatGrouped(c.buyBase, 2) },
      { label: '  at the reference price', unit: 'USD', value: formatUsd(c.buyUsd) },
      { label: 'Deepest sale reach (1 = last row)', unit: 'ratio', value: formatGrouped(c.peakSellReach, 2) },
      { label: 'Deepest purchase reach (1 = last row)', unit: 'ratio', value: formatGrouped(c.peakBuyReach, 2) },
    ],
  }));
}
