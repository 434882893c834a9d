/**
 * The run's headline metrics as labelled, formatted, grouped rows: the single source of
 * the terminal summary table and the HTML metrics table, so both always show the same numbers.
 */
import type { RunMetrics, RunResult } from '../analysis/result.js';
import {
  formatCount,
  formatDuration,
  formatGrouped,
  formatMultiple,
  formatPercent,
  formatUsd,
} from '../kernel/format.js';
import { optionalGroups } from './optional-rows.js';
import { liquidationRiskGroups } from './liquidation-risk-rows.js';
import type { MetricGroup, MetricRow } from './metric-row.js';

export type { MetricGroup, MetricRow } from './metric-row.js';

const usd = (label: string, value: number): MetricRow => ({ label, unit: 'USD', value: formatUsd(value) });
const pct = (label: string, value: number): MetricRow => ({ label, unit: '%', value: formatPercent(value) });
const count = (label: string, value: number): MetricRow => ({ label, unit: 'count', value: formatCount(value) });

/** Name of cascade generation `k`: generation 0 is triggered by the exogenous price move. */
function generationLabel(k: number): string {
  return k === 0 ? 'Generation 0 (exogenous)' : `Generation ${k}`;
}

function cascadeRows(m: RunMetrics): MetricRow[] {
  const rows: MetricRow[] = [count('Generations with liquidations', m.cascadeGenerations)];
  m.liquidationsByGeneration.forEach((n, k) => rows.push(count(`  ${generationLabel(k)} liquidations`, n)));
  return rows;
}

/**
 * Identification of the run: scenario, seed, blocks and simulated duration.
 *
 * @example
 * runRows(result)[0]; // { label: 'Scenario', unit: '', value: 'eth-crash' }
 */
export function runRows(result: RunResult): MetricRow[] {
  const seconds = result.blocks * result.blockTimeSeconds;
  return [
    { label: 'Scenario', unit: '', value: result.scenario },
    { label: 'Seed', unit: '', value: String(result.seed) },
    { label: 'Blocks', unit: 'count', value: formatCount(result.blocks) },
    { label: 'Block time', unit: 's', value: formatGrouped(result.blockTimeSeconds, 3) },
    { label: 'Simulated duration', unit: '', value: formatDuration(seconds) },
  ];
}

/** The margin-engine families a run has: lending (cross-asset pools included) and perp. */
function families(m: RunMetrics): { lending: boolean; perp: boolean } {
  return { lending: m.byProtocol.some((p) => p.kind !== 'perp'), perp: m.byProtocol.some((p) => p.kind === 'perp') };
}

/** `rows` when `when` holds, else none: a section's rows for a family the run does not have are left out. */
const only = (when: boolean, ...rows: MetricRow[]): MetricRow[] => (when ? rows : []);

/** Each margin engine's own figures, when the run has more than one. */
function byProtocolGroup(m: RunMetrics): MetricGroup[] {
  if (m.byProtocol.length < 2) return [];
  const rows = m.byProtocol.flatMap((p) => [
    { label: `${p.protocol} (${p.kind})`, unit: '', value: '' },
    count('  Liquidations', p.liquidations),
    usd(p.kind === 'perp' ? '  Notional liquidated' : '  Collateral seized', p.liquidatedUsd),
    usd(p.kind === 'perp' ? '  Liquidation fees' : '  Borrower penalties', p.penaltiesUsd),
    usd('  Bad debt', p.badDebtUsd),
    usd('  Insurance fund used', p.insuranceFundUsedUsd),
    usd('  Uncovered', p.uncoveredBadDebtUsd),
    usd('  Socialised', p.socialisedBadDebtUsd),
    ...only(p.kind === 'perp', usd('  ADL notional', p.adlNotionalUsd)),
  ]);
  return [{ title: 'By protocol', rows }];
}

/**
 * The metrics of `result`, grouped as Book at start, Prices, Liquidations, Losses, Cascade and Other (rows of a
 * margin-engine family the run lacks are left out: no lending rows for a perp-only run), then each protocol's
 * figures when there are several, then the fee market, English auctions, perp exchanges and adversaries when the
 * run has them.
 *
 * @example
 * const groups = metricGroups(result);
 * groups.map((g) => g.title); // ['Book at start', 'Prices', 'Liquidations', 'Losses', 'Cascade', 'Other']
 */
export function metricGroups(result: RunResult): MetricGroup[] {
  const m = result.metrics;
  const has = families(m);
  return [
    {
      title: 'Book at start',
      rows: [
        count(has.perp && !has.lending ? 'Traders with a position' : 'Accounts', m.accounts),
        usd(has.lending ? 'Collateral (at oracle)' : 'Trader equity', m.initialCollateralUsd),
        ...only(has.lending, usd('Debt', m.initialDebtUsd)),
        ...only(has.perp, usd('Perp notional (longs + shorts, at mark)', m.initialPerpNotionalUsd)),
      ],
    },
    {
      title: 'Prices',
      rows: [
        pct('External (fundamental) drawdown', m.externalDrawdown),
        pct('Market drawdown', m.marketDrawdown),
        pct('Pool spot drawdown', m.poolDrawdown),
        pct('Oracle drawdown', m.oracleDrawdown),
        { label: 'Amplification (oracle / external drawdown)', unit: 'ratio', value: formatMultiple(m.amplification) },
        pct('Max oracle deviation from market', m.maxOracleDeviation),
      ],
    },
    {
      title: 'Liquidations',
      rows: [
        count(has.perp ? 'Liquidations (lending calls, perp events)' : 'Liquidation calls', m.liquidations),
        count('Accounts liquidated', m.accountsLiquidated),
        ...only(
          has.lending,
          usd('Collateral seized (at oracle)', m.liquidatedCollateralUsd),
          usd('Debt repaid', m.liquidatedDebtUsd),
          usd('Value returned to owners', m.collateralReturnedUsd),
          usd('Debt redistributed to other accounts', m.redistributedDebtUsd),
        ),
        ...only(
          has.perp,
          usd('Perp notional liquidated (at mark)', m.perpLiquidatedNotionalUsd),
          count('ADL fills', m.adlFills),
          usd('ADL notional', m.adlNotionalUsd),
        ),
        usd('Borrower penalties (lost to liquidation)', m.borrowerPenaltiesUsd),
        usd('Protocol fees (liquidation income)', m.protocolFeesUsd),
        ...only(has.lending, usd('Keeper profit (after gas)', m.keeperProfitUsd), usd('Keeper gas', m.keeperGasUsd)),
        usd('Slippage cost (mid before sale − proceeds)', m.slippageCostUsd),
        ...only(has.lending, usd('Keeper incentives paid by protocols', m.keeperIncentivesUsd)),
        { label: 'Max liquidation speed', unit: '1%-depths/block', value: formatGrouped(m.maxLiquidationSpeed, 3) },
        { label: 'Mean liquidation speed', unit: '1%-depths/block', value: formatGrouped(m.meanLiquidationSpeed, 3) },
      ],
    },
    {
      title: 'Losses',
      rows: [
        usd('Bad debt', m.badDebtUsd),
        usd('Insurance fund used', m.insuranceFundUsedUsd),
        count('Insurance fund draws', m.insuranceDraws),
        count('Insurance fund shortfalls', m.insuranceFundShortfalls),
        usd('Uncovered bad debt', m.uncoveredBadDebtUsd),
        usd(
          has.perp ? 'Bad debt socialised (suppliers, profitable traders)' : 'Bad debt socialised to suppliers',
          m.socialisedBadDebtUsd,
        ),
        ...only(
          has.lending,
          usd('Underwater debt at end (open accounts)', m.underwaterDebtUsd),
          usd('Unsafe debt at end (HF < 1)', m.unsafeDebtUsd),
          usd('Debt still in liquidation at end', m.inLiquidationDebtUsd),
          usd('Collateral still in liquidation at end (at oracle)', m.inLiquidationCollateralUsd),
        ),
      ],
    },
    ...(has.lending && m.averageLtv !== null ? [capitalEfficiencyGroup(m)] : []),
    { title: 'Cascade', rows: cascadeRows(m) },
    {
      title: 'Other',
      rows: [
        ...only(
          has.lending,
          count('Borrower top-ups', m.topUps),
          usd('Top-up collateral (at oracle)', m.topUpCollateralUsd),
        ),
        count('Arbitrage trades', m.arbitrageTrades),
        count('Oracle updates', m.oracleUpdates),
        ...only(
          has.lending,
          count('Liquidation pauses (circuit breaker)', m.liquidationPauses),
          count('Blocks paused', m.pausedBlocks),
        ),
      ],
    },
    ...byProtocolGroup(m),
    ...optionalGroups(result),
    ...liquidationRiskGroups(result),
  ];
}

/** Lending capital efficiency, averaged over the run's blocks (docs/closed-loop.md). */
function capitalEfficiencyGroup(m: RunMetrics): MetricGroup {
  const ratio = (value: number | null) => (value === null ? 'n/a' : formatPercent(value));
  return {
    title: 'Capital efficiency (time-averaged)',
    rows: [
      { label: 'Average LTV used (debt / collateral)', unit: '%', value: ratio(m.averageLtv) },
      { label: 'Borrowing power used (debt / power in force)', unit: '%', value: ratio(m.borrowingPowerUsed) },
      { label: 'Borrowing capacity (vs set threshold)', unit: '%', value: ratio(m.borrowingCapacity) },
    ],
  };
}
