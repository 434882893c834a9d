import type { PathRecord, PathSeries } from '../../analysis/batch/types.js';
import type { CellRiskSummary } from '../../analysis/risk/index.js';
import { cdfChart, fanChart, histogramChart, probabilityCurveChart, type CurvePoint } from '../../report/index.js';
import type { BucketProbability } from '../../analysis/risk/liquidation-risk-summary.js';
import type { BatchChart } from './outputs.js';
import { formatCount } from '../../kernel/format.js';

/** The first oracle price series the paths carry (the protocol's view), else the first series. */
function fanSeries(records: readonly PathRecord[]): PathSeries[] {
  const withSeries = records.filter((r) => r.series && r.series.length > 0);
  if (withSeries.length === 0) return [];
  const names = withSeries[0].series!.map((s) => s.name);
  const name = names.find((n) => n.startsWith('oracle:')) ?? names[0];
  return withSeries.flatMap((r) => r.series!.filter((s) => s.name === name));
}

/**
 * Whether a distribution chart of `values` would be blank: every value exactly 0 (a histogram leaves exact zeros out
 * of its bars, and the CDF of a single value is a vertical line on the y axis), or no value at all.
 *
 * @example
 * drawsNothing([0, 0, 0]); // true
 * drawsNothing([0, 12.5]); // false
 */
export function drawsNothing(values: readonly number[]): boolean {
  return values.every((v) => v === 0);
}

/**
 * The sentence that says which distribution charts were left out because every path is exactly 0, or `''`.
 *
 * @example
 * omittedNote(['Bad debt per path', 'ADL notional per path'], 4);
 * // 'Not drawn, as every one of the 4 paths is exactly 0: “Bad debt per path”, “ADL notional per path”.'
 */
export function omittedNote(omitted: readonly string[], paths: number): string {
  if (omitted.length === 0) return '';
  const titles = omitted.map((t) => `“${t}”`).join(', ');
  return `Not drawn, as every one of the ${formatCount(paths)} paths is exactly 0: ${titles}.`;
}

/**
 * The charts of one cell's paths: bad debt (histogram with VaR marks, CDF), liquidated collateral,
 * perp notional and ADL, amplification, and a fan chart of the oracle price when the paths carry price series. A
 * distribution that is exactly 0 on every path (no bad debt, no ADL: common for perp exchanges) is not drawn, as its
 * chart would be blank; the caption of the first chart says which were left out.
 *
 * @example cellCharts(records, summary.cells[0], 'mc');
 */
export function cellCharts(records: readonly PathRecord[], cell: CellRiskSummary, idPrefix: string): BatchChart[] {
  const distributions = distributionCharts(records, cell, idPrefix);
  const charts = distributions.filter((c): c is BatchChart => c.option !== null);
  const amplification = records.flatMap((r) => (r.metrics.amplification === null ? [] : [r.metrics.amplification]));
  if (amplification.length > 0) {
    charts.push({
      id: `${idPrefix}-amplification-histogram`,
      title: 'Amplification per path',
      caption:
        'Oracle drawdown ÷ exogenous drawdown across paths (paths whose exogenous price never fell are left out).',
      option: histogramChart(amplification, { title: 'amplification', unit: '×', splitZeros: false }),
    });
  }
  charts.push(...curveCharts(cell, idPrefix));
  const fan = fanSeries(records);
  if (fan.length > 0) {
    charts.push({
      id: `${idPrefix}-price-fan`,
      title: `Price paths: ${fan[0].name}`,
      caption: `Median, 25–75% and 5–95% bands over ${fan.length} paths.`,
      option: fanChart(fan, { title: fan[0].name }),
    });
  }
  const omitted = distributions.filter((c) => c.option === null).map((c) => c.title);
  const note = omittedNote(omitted, records.length);
  if (note !== '' && charts.length > 0) charts[0] = { ...charts[0], caption: `${charts[0].caption} ${note}` };
  return charts;
}

/** A chart of {@link distributionCharts}, with a null option when its values are all 0 (not drawn). */
type MaybeChart = Omit<BatchChart, 'option'> & { option: BatchChart['option'] | null };

/** The per-path distributions of bad debt, liquidated collateral, perp notional and ADL, in page order. */
function distributionCharts(records: readonly PathRecord[], cell: CellRiskSummary, idPrefix: string): MaybeChart[] {
  const badDebt = records.map((r) => r.metrics.badDebtUsd);
  const liquidated = records.map((r) => r.metrics.liquidatedCollateralUsd);
  const { var95, var99 } = cell.badDebtUsd;
  const badDebtBlank = drawsNothing(badDebt);
  const charts: MaybeChart[] = [
    {
      id: `${idPrefix}-bad-debt-histogram`,
      title: 'Bad debt per path',
      caption: 'Distribution of bad debt (USD) across paths, with the 95% and 99% value at risk marked.',
      option: badDebtBlank
        ? null
        : histogramChart(badDebt, {
            title: 'bad debt per path',
            unit: 'USD',
            markers: [
              { label: 'VaR 95%', value: var95.value },
              { label: 'VaR 99%', value: var99.value },
            ],
          }),
    },
    {
      id: `${idPrefix}-bad-debt-cdf`,
      title: 'Bad debt: cumulative distribution',
      caption: 'Share of paths with bad debt at or below each level; dashed and dotted lines: VaR 95% and 99%.',
      option: badDebtBlank
        ? null
        : cdfChart([{ name: 'bad debt', values: badDebt, var95: var95.value, var99: var99.value }], {
            title: 'bad debt',
            unit: 'USD',
          }),
    },
  ];
  if (cell.byProtocol.some((p) => p.kind !== 'perp')) {
    charts.push({
      id: `${idPrefix}-liquidated-histogram`,
      title: 'Collateral liquidated per path',
      caption: 'Distribution of the collateral value seized (USD at the oracle price) across paths.',
      option: drawsNothing(liquidated)
        ? null
        : histogramChart(liquidated, { title: 'collateral liquidated per path', unit: 'USD' }),
    });
  }
  if (cell.perp) {
    const adl = records.map((r) => r.metrics.adlNotionalUsd);
    const notional = records.map((r) => r.metrics.perpLiquidatedNotionalUsd);
    const { var95: adl95, var99: adl99 } = cell.perp.adlNotionalUsd;
    charts.push(
      {
        id: `${idPrefix}-perp-liquidated-histogram`,
        title: 'Perp notional liquidated per path',
        caption: 'Distribution of the notional closed by perp liquidations (USD at the mark) across paths.',
        option: drawsNothing(notional)
          ? null
          : histogramChart(notional, { title: 'perp notional liquidated per path', unit: 'USD' }),
      },
      {
        id: `${idPrefix}-adl-histogram`,
        title: 'ADL notional per path',
        caption:
          'Distribution of the notional auto-deleveraged (USD at the bankruptcy prices) across paths, with the 95% and 99% value at risk marked.',
        option: drawsNothing(adl)
          ? null
          : histogramChart(adl, {
              title: 'ADL notional per path',
              unit: 'USD',
              markers: [
                { label: 'VaR 95%', value: adl95.value },
                { label: 'VaR 99%', value: adl99.value },
              ],
            }),
      },
    );
  }
  return charts;
}

/** The points of a curve: buckets with accounts on some path, in health order. */
function curvePoints(buckets: readonly BucketProbability[]): CurvePoint[] {
  return buckets.flatMap((b) =>
    b.probability === null
      ? []
      : [
          {
            label: b.lower === null ? `< ${b.upper}` : b.upper === null ? `≥ ${b.lower}` : `${b.lower}–${b.upper}`,
            probability: b.probability.value,
            ciLow: b.probability.ci95.lower,
            ciHigh: b.probability.ci95.upper,
            weighted: b.weightedProbability?.value ?? null,
          },
        ],
  );
}

/** The liquidation probability curves of a cell (lending, and perp when the paths have a perp exchange). */
function curveCharts(cell: CellRiskSummary, idPrefix: string): BatchChart[] {
  const curve = cell.liquidationRisk?.curve;
  if (!curve) return [];
  const charts: BatchChart[] = [];
  const lending = curvePoints(curve.lending);
  if (lending.length > 0) {
    charts.push({
      id: `${idPrefix}-liquidation-curve`,
      title: 'Liquidation probability by health factor at block 0',
      caption:
        "Share of each bucket's accounts liquidated at least once during the path, averaged over paths, with its 95% interval over paths (paths are the independent unit); dashed: the same weighted by block-0 debt.",
      option: probabilityCurveChart(lending, 'debt-weighted'),
    });
  }
  const perp = curve.perp ? curvePoints(curve.perp) : [];
  if (perp.length > 0) {
    charts.push({
      id: `${idPrefix}-perp-liquidation-curve`,
      title: 'Perp liquidation probability by margin ratio at block 0',
      caption:
        "Share of each bucket's traders (equity / maintenance margin at block 0) liquidated at least once, averaged over paths, with its 95% interval over paths; dashed: weighted by position notional.",
      option: probabilityCurveChart(perp, 'notional-weighted'),
    });
  }
  return charts;
}
