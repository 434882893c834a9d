/**
 * Shaded bands between lines (quantile fans, confidence intervals) as plain ECharts options:
 * an invisible line at the lowest boundary, then one filled series per band, stacked, whose
 * values are the differences between consecutive boundaries. No custom series or functions, so
 * the options stay JSON.
 */
import type { LineSeriesOption } from 'echarts';

/**
 * One band's look: its legend name, colour and fill opacity.
 *
 * @example
 * const fill: BandFill = { name: 'p25–p75', color: '#1f77b4', opacity: 0.35 };
 */
export interface BandFill {
  name: string;
  color: string;
  opacity: number;
}

/**
 * The stacked series drawing `fills.length` bands between `boundaries` (ascending, one value per
 * x; `null` leaves a gap at that x in every band). Band k lies between `boundaries[k]` and
 * `boundaries[k + 1]`; the first series returned is the invisible base, named `''`.
 *
 * @example
 * const series = stackedBands('ci', [1, 2], [[0, 1], [2, 4]], [{ name: '95% CI', color: '#1f77b4', opacity: 0.2 }]);
 * series[1].data; // [[1, 2], [2, 3]]
 */
export function stackedBands(
  stack: string,
  x: readonly (number | string)[],
  boundaries: readonly (readonly (number | null)[])[],
  fills: readonly BandFill[],
): LineSeriesOption[] {
  const common = {
    type: 'line',
    stack,
    stackStrategy: 'all',
    showSymbol: false,
    silent: true,
    emphasis: { disabled: true },
    tooltip: { show: false },
  } as const;
  const at = (i: number, k: number): number | null => {
    const row = boundaries.map((b) => b[i]);
    if (row.some((v) => v === null)) return null;
    return k === 0 ? row[0]! : row[k]! - row[k - 1]!;
  };
  const base: LineSeriesOption = {
    ...common,
    name: '',
    data: x.map((xi, i) => [xi, at(i, 0)]),
    lineStyle: { opacity: 0 },
  };
  const bands = fills.map((fill, k): LineSeriesOption => ({
    ...common,
    name: fill.name,
    data: x.map((xi, i) => [xi, at(i, k + 1)]),
    lineStyle: { opacity: 0 },
    itemStyle: { color: fill.color, opacity: fill.opacity },
    areaStyle: { color: fill.color, opacity: fill.opacity },
  }));
  return [base, ...bands];
}
