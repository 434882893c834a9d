import type { CellRiskSummary, Estimate, LossRiskSummary } from '../../analysis/risk/index.js';
import { formatCount, formatGrouped, formatPercent, formatUsd } from '../../kernel/format.js';

/** One row of a risk table: what, the estimate, and its 95% confidence interval (formatted). */
export type RiskRow = [label: string, value: string, ci95: string];

const usdInterval = (e: Estimate) => `${formatUsd(e.ci95.lower)} – ${formatUsd(e.ci95.upper)}`;

function lossRows(name: string, loss: LossRiskSummary): RiskRow[] {
  return [
    [`${name}: mean`, formatUsd(loss.mean.value), usdInterval(loss.mean)],
    [`${name}: VaR 95%`, formatUsd(loss.var95.value), usdInterval(loss.var95)],
    [`${name}: VaR 99%`, formatUsd(loss.var99.value), usdInterval(loss.var99)],
    [`${name}: CVaR 95%`, formatUsd(loss.cvar95.value), usdInterval(loss.cvar95)],
    [`${name}: CVaR 99%`, formatUsd(loss.cvar99.value), usdInterval(loss.cvar99)],
  ];
}

/**
 * The risk measures of one cell as rows: bad debt and liquidated collateral (mean, VaR, CVaR, USD,
 * with bootstrap intervals), the probabilities of any bad debt and of a fund running out (Wilson
 * intervals), the medians and 95th percentiles of amplification and cascade generations; with perp
 * exchanges, their notional liquidated and ADL; with several margin engines, each one's bad debt and
 * fund. Lending-only rows (liquidated collateral) are left out of a perp-only batch.
 *
 * @example riskRows(summary.cells[0])[0]; // ['Bad debt: mean', '12,345.67', '10,000.00 – 15,000.00']
 */
export function riskRows(cell: CellRiskSummary): RiskRow[] {
  const probability = (label: string, p: CellRiskSummary['probabilityOfBadDebt']): RiskRow => [
    label,
    `${formatPercent(p.value)} (${formatCount(p.successes)} of ${formatCount(p.trials)})`,
    `${formatPercent(p.ci95.lower)} – ${formatPercent(p.ci95.upper)}`,
  ];
  const distribution = (label: string, d: CellRiskSummary['amplification'], unit: string): RiskRow[] => {
    if (d.distribution === null) return [[`${label}: median`, 'n/a', '']];
    const format = (x: number) => `${formatGrouped(x, 3)}${unit}`;
    return [
      [`${label}: median`, format(d.distribution.p50), ''],
      [`${label}: 95th percentile`, format(d.distribution.p95), ''],
    ];
  };
  const lending = cell.byProtocol.some((p) => p.kind !== 'perp');
  const { perp } = cell;
  const perProtocol =
    cell.byProtocol.length < 2
      ? []
      : cell.byProtocol.flatMap((p): RiskRow[] => [
          [`${p.protocol}: bad debt mean`, formatUsd(p.badDebtUsd.mean.value), usdInterval(p.badDebtUsd.mean)],
          [`${p.protocol}: bad debt VaR 99%`, formatUsd(p.badDebtUsd.var99.value), usdInterval(p.badDebtUsd.var99)],
          probability(`${p.protocol}: P(any bad debt)`, p.probabilityOfBadDebt),
          probability(`${p.protocol}: P(fund exhausted)`, p.probabilityOfFundExhaustion),
        ]);
  return [
    ...lossRows('Bad debt', cell.badDebtUsd),
    probability('P(any bad debt)', cell.probabilityOfBadDebt),
    probability('P(insurance fund exhausted)', cell.probabilityOfFundExhaustion),
    ...(lending ? lossRows('Liquidated collateral', cell.liquidatedCollateralUsd) : []),
    ...(perp
      ? [
          ...lossRows('Perp notional liquidated', perp.perpLiquidatedNotionalUsd),
          ...lossRows('ADL notional', perp.adlNotionalUsd),
          probability('P(any ADL)', perp.probabilityOfAdl),
        ]
      : []),
    ...distribution('Amplification', cell.amplification, '×'),
    ...distribution('Cascade generations', cell.cascadeGenerations, ''),
    ...capitalEfficiencyRows(cell),
    probability('P(path outside the calibrated range)', cell.probabilityOutsideCalibration),
    ...perProtocol,
  ];
}

/**
 * Rows as aligned plain text under a header, for the terminal.
 *
 * @example textTable(['Metric', 'Value'], [['a', '1']]);
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    '  ' + cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/**
 * A sentence under a batch's table when some of its paths left the range the model is calibrated for ('' otherwise):
 * how many, and how to read the figures they drive.
 *
 * @example calibrationNote(summary.cells[0]); // 'Note: 5 of 40 paths left the calibrated range …'
 */
export function calibrationNote(cell: CellRiskSummary): string {
  const { successes, trials } = cell.probabilityOutsideCalibration;
  if (successes === 0) return '';
  return (
    `\nNote: ${formatCount(successes)} of ${formatCount(trials)} paths left the range the model is calibrated for (impact far beyond ` +
    'the measured depth, a market or venues far apart for long, or a runaway loop; see docs/limits.md, Calibration warnings). ' +
    "The tail figures they drive are the model's extrapolation, not an estimate; `cascade run --seed SEED` on one of them prints its warnings.\n"
  );
}

/** Means over paths of the lending capital-efficiency metrics (docs/closed-loop.md); none without lending. */
function capitalEfficiencyRows(cell: CellRiskSummary): RiskRow[] {
  const ce = cell.capitalEfficiency;
  if (!ce) return [];
  const mean = (label: string, d: CellRiskSummary['amplification']): RiskRow => [
    `${label}: mean`,
    d.distribution === null ? 'n/a' : formatPercent(d.distribution.mean),
    '',
  ];
  return [
    mean('Average LTV used', ce.averageLtv),
    mean('Borrowing power used', ce.borrowingPowerUsed),
    mean('Borrowing capacity (vs set threshold)', ce.borrowingCapacity),
  ];
}
