/**
 * Axis helpers of the dashboard charts, in the style of the reports' value axis (src/report/chart-style.ts).
 */
import type { YAXisComponentOption } from 'echarts';
import { compact } from '../format.js';

/**
 * A value y axis whose labels use the compact form (1.2M), so large USD amounts never widen the plot; `right` puts
 * the name's text to the left of the axis (for a second axis on the right) and hides its grid lines.
 *
 * @example
 * compactAxis('debt (USD)', true); // right-hand axis, labels like '1.2M'
 */
export function compactAxis(name: string, right = false): YAXisComponentOption {
  return {
    type: 'value',
    name,
    nameTextStyle: { align: right ? 'right' : 'left' },
    axisLabel: { formatter: (v: number) => compact(v) },
    ...(right ? { splitLine: { show: false } } : {}),
  };
}
