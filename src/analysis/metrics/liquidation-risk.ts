import type { World } from '../../world/world.js';
import { PRESSURE_COLUMNS } from '../../world/recorder.js';
import type { LendingRecovery, LiquidationRiskReport, LiquidationSaturation } from '../result.js';
import { liquidationCurve, type HealthBucketSnapshot } from './health-buckets.js';

/** How far below its block-0 answer a lending oracle may still be for the protocol to count as recovered (a fixed
 * choice, documented in docs/metrics.md). */
export const RECOVERY_ORACLE_TOLERANCE = 0.02;

/** The per-block series recovery and saturation are computed from (index = block, 0 = before the first block). */
export interface PressureSeries {
  /** Lending liquidation calls in the block. */
  calls: ArrayLike<number>;
  /** Debt liquidatable after step 5, USD. */
  demand: ArrayLike<number>;
  /** Debt still liquidatable at the end of the block, USD. */
  backlog: ArrayLike<number>;
  /** Debt in liquidation (auctions, absorbed) at the end of the block, USD. */
  inLiquidation: ArrayLike<number>;
  /** 1 for a saturated block. */
  saturated: ArrayLike<number>;
  /** Each lending protocol's oracle answers. */
  oracles: readonly ArrayLike<number>[];
}

/**
 * The pressure series of a finished world's recorder.
 *
 * @example lendingRecovery(pressureSeries(world), world.clock.blockTimeSeconds);
 */
export function pressureSeries(world: Pick<World, 'recorder' | 'protocols'>): PressureSeries {
  const column = (name: string) => world.recorder.column(name) ?? new Float64Array(0);
  return {
    calls: column(PRESSURE_COLUMNS.calls),
    demand: column(PRESSURE_COLUMNS.demand),
    backlog: column(PRESSURE_COLUMNS.backlog),
    inLiquidation: column(PRESSURE_COLUMNS.inLiquidation),
    saturated: column(PRESSURE_COLUMNS.saturated),
    oracles: world.protocols.map((p) => column(`oracle:${p.oracle.id}`)),
  };
}

/** At-risk debt within this fraction of the block-0 debt above its block-0 level still counts as cleared: accounts too
 * small to be worth a keeper's gas stay liquidatable for ever and must not hide a recovery (a fixed choice, documented
 * in docs/metrics.md). */
export const RECOVERY_DEBT_TOLERANCE = 0.001;

/**
 * Time to recovery of the lending protocols. With a = backlog + debt in liquidation (USD, end of block) and D the
 * block-0 debt: from the first block with a lending liquidation, the first block from which a ≤ a(0) + 0.1%·D holds
 * in every block to the end of the run ("cleared"), and the first from which, in addition, every lending oracle stays
 * at least (1 − 2%) × its block-0 answer ("recovered"). The perp report's blocksToRecovery counts to the first later
 * block with no account under maintenance; here the state must last, since keepers empty the list within a block
 * long before a cascade is over. Null, never a stand-in number, when the state is not reached within the run.
 *
 * @example lendingRecovery(series, 12, 1e8).blocksToRecovery; // null: not recovered within the run
 */
export function lendingRecovery(
  series: PressureSeries,
  blockTimeSeconds: number,
  initialDebtUsd: number,
  tolerances = { oracle: RECOVERY_ORACLE_TOLERANCE, debt: RECOVERY_DEBT_TOLERANCE },
): LendingRecovery {
  const blocks = series.backlog.length;
  const atRisk = (b: number) => series.backlog[b] + series.inLiquidation[b];
  const baseline = blocks > 0 ? atRisk(0) : 0;
  const limit = baseline + tolerances.debt * initialDebtUsd;
  let peak = baseline;
  for (let b = 1; b < blocks; b++) peak = Math.max(peak, atRisk(b));
  let first: number | null = null;
  for (let b = 1; b < blocks && first === null; b++) if (series.calls[b] > 0) first = b;
  let last: number | null = null;
  for (let b = blocks - 1; b >= 1 && last === null; b--) if (series.calls[b] > 0) last = b;
  const debtClear = (b: number) => atRisk(b) <= limit;
  const priceBack = (b: number) => series.oracles.every((o) => o[b] >= (1 - tolerances.oracle) * o[0]);
  const cleared = first === null ? null : lastingFrom(first + 1, blocks, debtClear);
  const recovered = first === null ? null : lastingFrom(first + 1, blocks, (b) => debtClear(b) && priceBack(b));
  const since = (b: number | null) => (b === null || first === null ? null : b - first);
  const minutes = (n: number | null) => (n === null ? null : (n * blockTimeSeconds) / 60);
  const blocksToClear = since(cleared);
  const blocksToRecovery = since(recovered);
  return {
    status:
      first === null
        ? 'no-liquidations'
        : recovered !== null
          ? 'recovered'
          : cleared !== null
            ? 'cleared'
            : 'not-cleared',
    firstLiquidationBlock: first,
    lastLiquidationBlock: last,
    baselineAtRiskDebtUsd: baseline,
    peakAtRiskDebtUsd: peak,
    clearedBlock: cleared,
    blocksToClear,
    minutesToClear: minutes(blocksToClear),
    recoveredBlock: recovered,
    blocksToRecovery,
    minutesToRecovery: minutes(blocksToRecovery),
    oracleTolerance: tolerances.oracle,
    debtTolerance: tolerances.debt,
  };
}

/** The first block c ≥ from such that `holds` is true for every block c … blocks − 1; null when the last block fails
 * (or from ≥ blocks). */
function lastingFrom(from: number, blocks: number, holds: (b: number) => boolean): number | null {
  let c = blocks;
  while (c > from && holds(c - 1)) c -= 1;
  return c < blocks ? c : null;
}

/**
 * Saturation of liquidation throughput over blocks 1…n: saturated blocks (see world/liquidation-pressure.ts), the
 * longest run of consecutive ones, the largest backlog at the end of a saturated block; and, whatever held it up,
 * blocks ending with a backlog, their longest run, the peak backlog and the peak demand (USD).
 *
 * @example liquidationSaturation(series).saturatedBlocks;
 */
export function liquidationSaturation(series: PressureSeries): LiquidationSaturation {
  const result: LiquidationSaturation = {
    saturatedBlocks: 0,
    firstSaturatedBlock: null,
    longestSaturatedRunBlocks: 0,
    peakSaturatedBacklogUsd: 0,
    backlogBlocks: 0,
    longestBacklogRunBlocks: 0,
    peakBacklogUsd: 0,
    peakDemandUsd: 0,
  };
  let saturatedRun = 0;
  let backlogRun = 0;
  for (let b = 1; b < series.backlog.length; b++) {
    const backlog = series.backlog[b];
    result.peakDemandUsd = Math.max(result.peakDemandUsd, series.demand[b]);
    if (backlog > 0) {
      result.backlogBlocks += 1;
      backlogRun += 1;
      result.longestBacklogRunBlocks = Math.max(result.longestBacklogRunBlocks, backlogRun);
      result.peakBacklogUsd = Math.max(result.peakBacklogUsd, backlog);
    } else backlogRun = 0;
    if (series.saturated[b] > 0) {
      result.saturatedBlocks += 1;
      result.firstSaturatedBlock ??= b;
      saturatedRun += 1;
      result.longestSaturatedRunBlocks = Math.max(result.longestSaturatedRunBlocks, saturatedRun);
      result.peakSaturatedBacklogUsd = Math.max(result.peakSaturatedBacklogUsd, backlog);
    } else saturatedRun = 0;
  }
  return result;
}

/**
 * The run's liquidation-risk report: the probability curve from the block-0 snapshot, recovery and saturation from the
 * recorder's pressure series.
 *
 * @example liquidationRiskReport(world, snapshotHealthBuckets(world), bookSize(world).debtUsd).saturation.saturatedBlocks;
 */
export function liquidationRiskReport(
  world: World,
  snapshot: HealthBucketSnapshot,
  initialDebtUsd: number,
): LiquidationRiskReport {
  const series = pressureSeries(world);
  return {
    curve: liquidationCurve(snapshot, world),
    recovery: lendingRecovery(series, world.clock.blockTimeSeconds, initialDebtUsd),
    saturation: liquidationSaturation(series),
  };
}
