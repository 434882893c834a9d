/**
 * Summary rows of a run's liquidation-risk report: who was liquidated by block-0 health, how long the lending protocols
 * took to clear and recover, and where liquidation throughput saturated (docs/metrics.md, Liquidation risk).
 */
import type { HealthBucketCount, LiquidationRiskReport, RunResult } from '../analysis/result.js';
import { formatCount, formatGrouped, formatPercent, formatUsd } from '../kernel/format.js';
import type { MetricGroup, MetricRow } from './metric-row.js';

const usd = (label: string, value: number): MetricRow => ({ label, unit: 'USD', value: formatUsd(value) });
const count = (label: string, value: number): MetricRow => ({ label, unit: 'count', value: formatCount(value) });

/**
 * Name of health bucket `k` of `edges`: `< 1`, `1.05–1.1`, `≥ 3`.
 *
 * @example healthBucketLabel([1, 1.05], 1); // '1–1.05'
 */
export function healthBucketLabel(edges: readonly number[], k: number): string {
  if (k === 0) return `< ${edges[0]}`;
  if (k === edges.length) return `≥ ${edges[edges.length - 1]}`;
  return `${edges[k - 1]}–${edges[k]}`;
}

/** One row per non-empty bucket (share of accounts liquidated), each followed by its debt- or notional-weighted share.
 * */
function curveRows(edges: readonly number[], buckets: readonly HealthBucketCount[], weight: string): MetricRow[] {
  return buckets.flatMap((b, k): MetricRow[] =>
    b.accounts === 0
      ? []
      : [
          {
            label: `  ${healthBucketLabel(edges, k)}: liquidated ${formatCount(b.liquidated)} of ${formatCount(b.accounts)}`,
            unit: '%',
            value: formatPercent(b.liquidated / b.accounts),
          },
          {
            label: `    ${weight}-weighted`,
            unit: '%',
            value: b.weightUsd > 0 ? formatPercent(b.liquidatedWeightUsd / b.weightUsd) : 'n/a',
          },
        ],
  );
}

/** Minutes, or why there is no number. */
function minutesRow(label: string, minutes: number | null, missing: string): MetricRow {
  return { label, unit: 'min', value: minutes === null ? missing : formatGrouped(minutes, 1) };
}

/**
 * The groups of a run's liquidation-risk report: lending (curve, recovery, saturation) when the run has lending
 * protocols, the perp curve when it has a perp exchange; none for a result without the report.
 *
 * @example liquidationRiskGroups(result).map((g) => g.title); // ['Liquidation risk (lending)']
 */
export function liquidationRiskGroups(result: RunResult): MetricGroup[] {
  const risk: LiquidationRiskReport | undefined = result.liquidationRisk;
  if (!risk) return [];
  const groups: MetricGroup[] = [];
  const { curve, recovery, saturation } = risk;
  if (curve.lending.some((b) => b.accounts > 0)) {
    const missing = recovery.status === 'no-liquidations' ? 'n/a' : 'not in run';
    groups.push({
      title: 'Liquidation risk (lending)',
      rows: [
        { label: 'Accounts liquidated by block-0 health factor', unit: '', value: '' },
        ...curveRows(curve.edges, curve.lending, 'debt'),
        {
          label: 'First lending liquidation',
          unit: 'block',
          value: recovery.firstLiquidationBlock === null ? 'none' : formatCount(recovery.firstLiquidationBlock),
        },
        {
          label: 'Last lending liquidation',
          unit: 'block',
          value: recovery.lastLiquidationBlock === null ? 'none' : formatCount(recovery.lastLiquidationBlock),
        },
        usd('Peak at-risk debt (unsafe + in liquidation)', recovery.peakAtRiskDebtUsd),
        minutesRow('Time to clear (at-risk debt back for good)', recovery.minutesToClear, missing),
        minutesRow(
          `Time to recovery (and oracle within ${formatPercent(recovery.oracleTolerance)})`,
          recovery.minutesToRecovery,
          missing,
        ),
        count('Saturated blocks (keepers at call/gas limit)', saturation.saturatedBlocks),
        { label: 'Longest saturated run', unit: 'blocks', value: formatCount(saturation.longestSaturatedRunBlocks) },
        usd('Peak backlog in a saturated block', saturation.peakSaturatedBacklogUsd),
        count('Blocks ending with liquidatable debt', saturation.backlogBlocks),
        usd('Peak liquidatable debt left at a block end', saturation.peakBacklogUsd),
      ],
    });
  }
  if (curve.perp?.some((b) => b.accounts > 0)) {
    groups.push({
      title: 'Liquidation risk (perp)',
      rows: [
        { label: 'Traders liquidated by block-0 margin ratio', unit: '', value: '' },
        ...curveRows(curve.edges, curve.perp, 'notional'),
      ],
    });
  }
  return groups;
}
