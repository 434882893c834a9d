/**
 * The charts of the report, each with a title and a one-paragraph explanation, in display
 * order. Charts whose input columns are absent from the run, or would draw nothing (no
 * liquidation at all), are left out.
 */
import type { EChartsOption } from 'echarts';
import type { RunResult } from '../analysis/result.js';
import {
  HEALTH_QUANTILES,
  badDebtChart,
  healthHistogramChart,
  healthQuantilesChart,
  liquidationsByGenerationChart,
  priceChart,
  priceGroups,
} from './charts.js';
import { findColumn, generationColumns, priceColumns } from './columns.js';
import { sweepHeatmap } from './batch/sweep.js';
import { uniswapV3Chart } from './v3-charts.js';

/**
 * One chart of the report.
 *
 * @example
 * const chart: ReportChart = { id: 'prices', title: 'Prices', description: '…', option: priceChart(result) };
 */
export interface ReportChart {
  /** Stable identifier, also used as the HTML anchor and SVG id prefix, e.g. `prices`. */
  id: string;
  title: string;
  /** Plain text explaining what the chart shows and how to read it. */
  description: string;
  option: EChartsOption;
}

const PRICE_DESCRIPTION =
  'The exogenous (fundamental) price that drives the scenario (dashed), the spot price of each trading venue, ' +
  'and the price each oracle reports to the protocol (stepped: it holds between updates). ' +
  'Venue prices falling below the fundamental show the extra pressure of liquidation sales; ' +
  'an oracle lagging the venues shows when the protocol sees the fall.';

/**
 * The price charts: one, or one per price level when assets of different levels (BTC at 60,000, ETH at 2,000) would
 * otherwise share a plot and overlap (see {@link priceGroups}); each titled by the assets of its fundamental prices.
 */
function priceCharts(result: RunResult): ReportChart[] {
  const groups = priceGroups(result);
  if (groups.length === 1)
    return [{ id: 'prices', title: 'Prices over time', description: PRICE_DESCRIPTION, option: priceChart(result) }];
  return groups.map((group, g) => {
    const assets = group
      .filter((c) => c.name.startsWith('fundamental:'))
      .map((c) => c.name.slice('fundamental:'.length));
    const label = assets.length > 0 ? assets.join(', ') : group[0].name;
    return {
      id: g === 0 ? 'prices' : `prices-${g + 1}`,
      title: `Prices over time: ${label}`,
      description:
        g === 0 ? `${PRICE_DESCRIPTION} One chart per price level, so assets far apart in price do not overlap.` : '',
      option: priceChart(result, group),
    };
  });
}

/**
 * The report's charts for `result`, in display order, skipping those without data.
 *
 * @example
 * reportCharts(result).map((c) => c.id);
 * // ['prices', 'liquidations-by-generation', 'health-histogram', 'bad-debt', 'health-quantiles']
 */
export function reportCharts(result: RunResult): ReportChart[] {
  const charts: ReportChart[] = [];
  if (priceColumns(result).length > 0) charts.push(...priceCharts(result));
  // With no liquidation at all every bar is empty: no chart (the metrics tables show the zero).
  if (generationColumns(result).some(({ column }) => column.values.some((v) => v !== 0))) {
    charts.push({
      id: 'liquidations-by-generation',
      title: 'Liquidations over time by cascade generation',
      description:
        'Collateral liquidated per block (perp exchanges: notional closed, at the mark), or per time bucket in longer ' +
        'runs (the y axis names the bucket), in USD, stacked by generation. Generation 0 loans became unsafe because of the exogenous price move alone; ' +
        'generation k+1 loans became unsafe because of the price impact of selling generation k collateral. ' +
        'Tall upper layers mean the cascade feeds itself. Beyond eight generations the highest share one layer.',
      option: liquidationsByGenerationChart(result),
    });
  }
  if (result.health.edges.length > 1) {
    charts.push({
      id: 'health-histogram',
      title: 'Health-factor distribution: start vs end',
      description:
        'Number of open accounts with debt in each health-factor bin at the start and at the end of the run (a perp ' +
        "trader's health is its equity / maintenance margin). Accounts below 1 can be liquidated; the last bin collects " +
        'every account above its lower edge.',
      option: healthHistogramChart(result),
    });
  }
  if (findColumn(result, 'badDebtUsd') || findColumn(result, 'insuranceFundUsd')) {
    charts.push({
      id: 'bad-debt',
      title: 'Bad debt and insurance fund',
      description:
        'Cumulative debt written off because the collateral behind it ran out (perp exchanges: negative equity of ' +
        'accounts closed out), and the balance of the insurance (reserve) funds that absorb it, in USD. Bad debt rising ' +
        'while the fund is empty is a loss to lenders, or to profitable traders through ADL or socialisation.',
      option: badDebtChart(result),
    });
  }
  if (HEALTH_QUANTILES.some((name) => findColumn(result, name))) {
    charts.push({
      id: 'health-quantiles',
      title: 'Health-factor quantiles over time',
      description:
        'The 10th, 50th and 90th percentile health factor of open accounts with debt (perp traders: equity / ' +
        'maintenance margin, up to 1,000 traders per exchange). The dashed line marks 1, the liquidation threshold: ' +
        'when p10 crosses it, at least a tenth of the accounts are liquidatable.',
      option: healthQuantilesChart(result),
    });
  }
  for (const pool of result.uniswapV3 ?? []) {
    const option = uniswapV3Chart(result, pool.venue);
    if (option)
      charts.push({
        id: `uniswap-v3-${pool.venue}`,
        title: `Uniswap v3 pool ${pool.venue}: liquidity and depth`,
        description:
          'Value of the positions still in the pool and of what withdrawn positions took out, both at the pool price, ' +
          'and the USD of selling that moves the pool price down 1% (depth). Depth falls as the price leaves the ' +
          'concentrated ranges and as their owners withdraw; it recovers when they return re-centred.',
        option,
      });
  }
  if (result.contagion) {
    const { causes, protocols, liquidations } = result.contagion;
    charts.push({
      id: 'contagion',
      title: 'Contagion between protocols',
      description:
        'Liquidation calls of each protocol (columns) by cause (rows): the exogenous price move, or the liquidation sales ' +
        "of a protocol that pushed the shared price past the accounts' liquidation prices. Off-diagonal cells are contagion: " +
        "one protocol's sales liquidating another's accounts. Fractional: a liquidation is split among the protocols whose " +
        'sales were outstanding when it happened.',
      option: sweepHeatmap({
        xParam: 'liquidated in',
        xValues: protocols,
        yParam: 'caused by',
        yValues: causes,
        cells: liquidations,
        metricLabel: 'liquidation calls',
      }),
    });
  }
  return charts;
}
