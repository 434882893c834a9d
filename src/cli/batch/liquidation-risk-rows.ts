import type { CellRiskSummary } from '../../analysis/risk/index.js';
import type { BucketProbability, DefinedDistribution } from '../../analysis/risk/liquidation-risk-summary.js';
import type { ProbabilityEstimate } from '../../analysis/risk/interval.js';
import { formatCount, formatGrouped, formatPercent, formatUsd } from '../../kernel/format.js';
import type { RiskRow } from './risk-rows.js';

/** Header of {@link liquidationCurveTable}'s rows. */
export const CURVE_HEADER = [
  'Health at block 0',
  'Accounts/path',
  'P(liquidated)',
  '95% CI',
  'Debt-weighted',
  '95% CI',
];

/** A bucket's range as `< 1`, `1.05–1.1`, `≥ 3`. */
function rangeLabel(b: BucketProbability): string {
  if (b.lower === null) return `< ${b.upper}`;
  if (b.upper === null) return `≥ ${b.lower}`;
  return `${b.lower}–${b.upper}`;
}

const percentInterval = (ci: { lower: number; upper: number }) =>
  `${formatPercent(ci.lower)} – ${formatPercent(ci.upper)}`;

/**
 * The lending liquidation probability curve as table rows, one per bucket with accounts on some path: mean accounts
 * per path, P(liquidated at least once) and its debt-weighted version, each with its 95% interval over paths.
 *
 * @example liquidationCurveRows(summary.cells[0], 'lending')[0]; // ['1–1.05', '214', '68.22%', '…', '65.19%', '…']
 */
export function liquidationCurveRows(cell: CellRiskSummary, family: 'lending' | 'perp'): string[][] {
  const buckets = cell.liquidationRisk?.curve[family] ?? [];
  return buckets
    .filter((b) => b.accounts > 0)
    .map((b) => [
      rangeLabel(b),
      formatGrouped(b.meanAccountsPerPath, 1),
      b.probability ? formatPercent(b.probability.value) : 'n/a',
      b.probability ? percentInterval(b.probability.ci95) : '',
      b.weightedProbability ? formatPercent(b.weightedProbability.value) : 'n/a',
      b.weightedProbability ? percentInterval(b.weightedProbability.ci95) : '',
    ]);
}

/**
 * Recovery and saturation over paths as risk rows (Measure, Estimate, 95% CI): probabilities with Wilson intervals,
 * times and counts as medians and means with normal intervals over the paths where they are defined.
 *
 * @example liquidationRiskRows(summary.cells[0])[0][0]; // 'P(any lending liquidation)'
 */
export function liquidationRiskRows(cell: CellRiskSummary): RiskRow[] {
  const risk = cell.liquidationRisk;
  if (!risk || !risk.curve.lending.some((b) => b.accounts > 0)) return [];
  const probability = (label: string, p: ProbabilityEstimate): RiskRow => [
    label,
    `${formatPercent(p.value)} (${formatCount(p.successes)} of ${formatCount(p.trials)})`,
    percentInterval(p.ci95),
  ];
  const distribution = (label: string, d: DefinedDistribution, format: (x: number) => string): RiskRow[] => {
    if (d.distribution === null || d.meanCi95 === null) return [[`${label}: median`, 'n/a (no path)', '']];
    const ci = d.meanCi95;
    const of = d.excludedNull > 0 ? ` (${formatCount(d.paths)} paths)` : '';
    return [
      [`${label}: median${of}`, format(d.distribution.p50), ''],
      [`${label}: mean`, format(d.distribution.mean), `${format(ci.lower)} – ${format(ci.upper)}`],
    ];
  };
  const minutes = (x: number) => `${formatGrouped(x, 1)} min`;
  const blocks = (x: number) => formatGrouped(x, 1);
  const { recovery, saturation } = risk;
  return [
    probability('P(any lending liquidation)', recovery.probabilityOfLiquidation),
    probability('P(at-risk debt cleared within the run)', recovery.probabilityCleared),
    probability('P(recovered within the run)', recovery.probabilityRecovered),
    ...distribution('Time to clear', recovery.minutesToClear, minutes),
    ...distribution('Time to recovery', recovery.minutesToRecovery, minutes),
    probability('P(liquidation throughput saturated)', saturation.probabilityOfSaturation),
    ...distribution('Saturated blocks', saturation.saturatedBlocks, blocks),
    ...distribution('Longest saturated run [blocks]', saturation.longestSaturatedRunBlocks, blocks),
    ...distribution('Peak backlog in a saturated block', saturation.peakSaturatedBacklogUsd, formatUsd),
  ];
}
