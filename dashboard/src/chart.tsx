/**
 * One ECharts chart as a Preact component. ECharts is imported piece by piece from `echarts/core` (only the chart
 * types and components the panels use), so the bundle stays small. Live updates merge the new option into the
 * chart, replacing the series but keeping the user's zoom and legend choices.
 */
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

/** Hooks for browser tests: the ECharts instance behind an element (`[data-chart=density]`). */
export interface DashboardTestHooks {
  getInstanceByDom: typeof echarts.getInstanceByDom;
}

declare global {
  interface Window {
    __dashboard?: DashboardTestHooks;
  }
}
window.__dashboard = { getInstanceByDom: echarts.getInstanceByDom };

/** Props of {@link Chart}: `name` becomes the element's `data-chart` attribute. */
export interface ChartProps {
  name: string;
  option: EChartsOption | null;
  height?: number;
  empty?: string;
}

/**
 * A chart that fills its panel's width and follows its size.
 *
 * @example
 * <Chart name="health" option={healthChart(distribution)} />
 */
export function Chart({ name, option, height = 320, empty = 'waiting for data…' }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = element.current;
    if (el === null) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (option !== null) chart.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return (
    <div class="chart-box" style={{ height: `${height}px` }}>
      <div class="chart" data-chart={name} ref={element} style={{ height: `${height}px` }} />
      {option === null && <div class="chart-empty">{empty}</div>}
    </div>
  );
}
