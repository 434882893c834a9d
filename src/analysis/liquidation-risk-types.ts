/**
 * The shape of the three team-facing liquidation risk reports of one run: the liquidation curve by block-0 health,
 * lending recovery, and liquidation-throughput saturation. Types only; re-exported by ./result.ts.
 */
/**
 * One health bucket of a {@link LiquidationCurve}: accounts in it at block 0, how many were liquidated at least once
 * during the run, and their block-0 weight (lending: debt; perp: position notional at the mark), USD.
 */
export interface HealthBucketCount {
  accounts: number;
  liquidated: number;
  weightUsd: number;
  liquidatedWeightUsd: number;
}

/**
 * Accounts by health at block 0 and whether each was liquidated during the run (analysis/metrics/health-buckets.ts).
 * `lending[k]` is bucket k: k = 0 below edges[0], k for [edges[k−1], edges[k]), the last from the last edge up.
 */
export interface LiquidationCurve {
  edges: number[];
  lending: HealthBucketCount[];
  /** Perp traders by equity / maintenance margin (present with a perp exchange). */
  perp?: HealthBucketCount[];
}

/**
 * How long the lending protocols took to absorb a shock (analysis/metrics/liquidation-risk.ts). At-risk debt is the
 * debt of accounts liquidatable at the end of a block plus debt taken into liquidation and not yet repaid, USD. Blocks
 * count from the first block with a lending liquidation; null when that never happened or the state was not reached
 * within the run (never a stand-in number).
 */
export interface LendingRecovery {
  /** 'no-liquidations', 'not-cleared' (at-risk debt was still above its block-0 level at the end), 'cleared' (it fell
   * back for good, the oracle did not come back), 'recovered' (both). */
  status: 'no-liquidations' | 'not-cleared' | 'cleared' | 'recovered';
  /** First and last blocks with a lending liquidation call (null without any). */
  firstLiquidationBlock: number | null;
  lastLiquidationBlock: number | null;
  /** At-risk debt at block 0 (the pre-shock level) and its peak, USD. */
  baselineAtRiskDebtUsd: number;
  peakAtRiskDebtUsd: number;
  /** First block after the first liquidation from which at-risk debt stays at most its block-0 level + debtTolerance ×
   * the block-0 debt to the end of the run; blocks and minutes from the first liquidation. */
  clearedBlock: number | null;
  blocksToClear: number | null;
  minutesToClear: number | null;
  /** First block from which, to the end of the run, the protocols stay cleared and every lending oracle stays at least
   * (1 − oracleTolerance) × its block-0 answer. */
  recoveredBlock: number | null;
  blocksToRecovery: number | null;
  minutesToRecovery: number | null;
  /** Fraction below the block-0 oracle answer still counted as recovered. */
  oracleTolerance: number;
  /** At-risk debt above the block-0 level still counted as cleared, as a fraction of the block-0 debt. */
  debtTolerance: number;
}

/**
 * Blocks where lending liquidations were throughput-bound (world/liquidation-pressure.ts): debt still liquidatable at
 * the end of the block while every keeper had used its call allowance or waited for inclusion.
 */
export interface LiquidationSaturation {
  saturatedBlocks: number;
  firstSaturatedBlock: number | null;
  longestSaturatedRunBlocks: number;
  /** Largest debt left liquidatable at the end of a saturated block, USD. */
  peakSaturatedBacklogUsd: number;
  /** Blocks ending with any debt left liquidatable (saturated or not: unprofitable, paused, keepers late). */
  backlogBlocks: number;
  longestBacklogRunBlocks: number;
  /** Largest debt left liquidatable at the end of a block, USD. */
  peakBacklogUsd: number;
  /** Largest debt liquidatable after the engines' refresh, before the block's transactions, USD. */
  peakDemandUsd: number;
}

/** The three team-facing liquidation risk reports of one run. */
export interface LiquidationRiskReport {
  curve: LiquidationCurve;
  recovery: LendingRecovery;
  saturation: LiquidationSaturation;
}
