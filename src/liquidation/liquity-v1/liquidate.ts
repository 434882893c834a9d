/**
 * Liquity v1 single-trove liquidation (TroveManager.liquidate → batchLiquidateTroves with one trove), float64.
 * Pure with respect to the world: it reads and mutates only the troves and the Stability Pool it is given.
 */
import { StabilityPool } from './stability-pool.js';
import { CCR, LUSD_GAS_COMPENSATION, MCR, PERCENT_DIVISOR, Troves } from './troves.js';

/**
 * The state a Liquity liquidation acts on.
 *
 * @example
 * const system: LiquitySystem = { troves: new Troves(100), pool: new StabilityPool() };
 */
export interface LiquitySystem {
  troves: Troves;
  pool: StabilityPool;
}

/**
 * Which TroveManager branch handled the trove.
 *
 * @example
 * const kind: LiquidationKind = 'recoveryCapped';
 */
export type LiquidationKind = 'skipped' | 'normal' | 'recoveryRedistribute' | 'recoveryOffset' | 'recoveryCapped';

/**
 * Outcome of one liquidation, in ETH (coll*) and LUSD (debt*, lusd*). All zero when `liquidated` is false.
 *
 * @example
 * const r = liquidateTrove(i, 1_000, system);
 * r.collSentToPool + r.collRedistributed + r.collGasCompensation + r.collSurplus; // = r.entireColl
 * r.debtOffset + r.debtRedistributed;                                           // = r.entireDebt
 */
export interface LiquidationResult {
  liquidated: boolean;
  kind: LiquidationKind;
  /** Whether the system was in recovery mode (TCR < CCR) when the liquidation started. */
  recoveryMode: boolean;
  /** Trove's collateral including pending redistribution rewards. */
  entireColl: number;
  /** Trove's debt (reserve included) including pending redistribution rewards. */
  entireDebt: number;
  debtOffset: number;
  collSentToPool: number;
  debtRedistributed: number;
  collRedistributed: number;
  /** 0.5% of the collateral taken, paid to the liquidator. */
  collGasCompensation: number;
  /** The 200 LUSD reserve, paid to the liquidator from the gas pool. */
  lusdGasCompensation: number;
  /** Collateral above 1.1·debt/price left claimable by the owner (capped recovery-mode liquidation). */
  collSurplus: number;
}

function emptyResult(recoveryMode: boolean): LiquidationResult {
  return {
    liquidated: false,
    kind: 'skipped',
    recoveryMode,
    entireColl: 0,
    entireDebt: 0,
    debtOffset: 0,
    collSentToPool: 0,
    debtRedistributed: 0,
    collRedistributed: 0,
    collGasCompensation: 0,
    lusdGasCompensation: 0,
    collSurplus: 0,
  };
}

/**
 * _getOffsetAndRedistributionVals: offset min(debt, pool) and the same fraction of `coll`; the rest is
 * redistributed.
 *
 * @example
 * offsetAndRedistribution(3_000, 2.985, 1_000);
 * // { debtOffset: 1_000, collSentToPool: 0.995, debtRedistributed: 2_000, collRedistributed: 1.99 }
 */
export function offsetAndRedistribution(
  debt: number,
  coll: number,
  lusdInPool: number,
): { debtOffset: number; collSentToPool: number; debtRedistributed: number; collRedistributed: number } {
  if (!(lusdInPool > 0)) return { debtOffset: 0, collSentToPool: 0, debtRedistributed: debt, collRedistributed: coll };
  const debtOffset = Math.min(debt, lusdInPool);
  // Whole offset sends the whole collateral (no rounding remainder left to redistribute).
  const collSentToPool = debtOffset === debt ? coll : (coll * debtOffset) / debt;
  return {
    debtOffset,
    collSentToPool,
    debtRedistributed: debt - debtOffset,
    collRedistributed: Math.max(0, coll - collSentToPool),
  };
}

/**
 * Liquidates trove `i` at `price` (USD per ETH) following TroveManager:
 * - normal mode (TCR ≥ 150%): only ICR < 110%; offset against the pool, redistribute the rest by stake;
 * - recovery mode: ICR ≤ 100% → redistribute everything; 100% < ICR < 110% → as in normal mode;
 *   110% ≤ ICR < TCR and the pool covers the whole debt → offset with collateral capped at 1.1·debt/price,
 *   the surplus left claimable by the owner; otherwise skipped.
 * Gas compensation: 200 LUSD reserve + 0.5% of the collateral taken (of the capped part when capped).
 * The last active trove is never liquidated (_requireMoreThanOneTroveInSystem / "last trove" guard).
 *
 * @example
 * const troves = new Troves(3);
 * const pool = new StabilityPool();
 * const i = troves.open(2, 2_100);      // ICR at 1,000 USD/ETH = 0.952
 * troves.open(20, 8_000);
 * pool.provide(0, 5_000);
 * const r = liquidateTrove(i, 1_000, { troves, pool });
 * // r.kind 'normal': collGasCompensation 0.01, debtOffset 2,100, collSentToPool 1.99, lusdGasCompensation 200
 */
export function liquidateTrove(i: number, price: number, system: LiquitySystem): LiquidationResult {
  const r = planLiquidation(i, price, system);
  if (!r.liquidated) return r;
  const { troves, pool } = system;
  // _movePendingTroveRewardsToActivePool, _removeStake, _closeTrove.
  troves.closeByLiquidation(i);
  // StabilityPool.offset, then _redistributeDebtAndColl over the remaining stakes.
  pool.offset(r.debtOffset, r.collSentToPool);
  troves.redistribute(r.debtRedistributed, r.collRedistributed);
  // CollSurplusPool.accountSurplus: the owner can claim the surplus later.
  troves.collSurplus[i] += r.collSurplus;
  // _updateSystemSnapshots_excludeCollRemainder: the gas compensation has left; totals are post-liquidation.
  troves.updateSystemSnapshots();
  return r;
}

/**
 * What {@link liquidateTrove} would do to trove `i` at `price`, without changing any state (a keeper's
 * simulation of the call before sending it). Same branches and numbers as the liquidation itself.
 *
 * @example
 * const preview = planLiquidation(i, 1_000, system);
 * if (preview.liquidated) preview.collGasCompensation; // what the caller would receive
 */
export function planLiquidation(i: number, price: number, system: LiquitySystem): LiquidationResult {
  const { troves, pool } = system;
  // batchLiquidateTroves: recovery mode is decided once, from the entire system before the liquidation.
  const tcr = troves.tcr(price);
  const recoveryMode = tcr < CCR;
  if (!troves.isActive(i) || troves.activeCount <= 1) return emptyResult(recoveryMode);

  const entireColl = troves.entireColl(i);
  const entireDebt = troves.entireDebt(i);
  const icr = troves.icr(i, price);
  const lusdInPool = pool.totalDeposits;
  const r = emptyResult(recoveryMode);
  r.entireColl = entireColl;
  r.entireDebt = entireDebt;

  if (!recoveryMode || icr < MCR) {
    // Normal mode liquidates only below MCR.
    if (!recoveryMode && !(icr < MCR)) return emptyResult(recoveryMode);
    // _getCollGasCompensation: 0.5% of the entire collateral; the rest is liquidated.
    r.collGasCompensation = entireColl / PERCENT_DIVISOR;
    const collToLiquidate = entireColl - r.collGasCompensation;
    if (recoveryMode && icr <= 1) {
      // Recovery mode, ICR ≤ 100%: pure redistribution, the pool is not touched.
      r.kind = 'recoveryRedistribute';
      r.debtRedistributed = entireDebt;
      r.collRedistributed = collToLiquidate;
    } else {
      // Normal mode, or recovery mode with 100% < ICR < MCR: offset what the pool can, redistribute the rest.
      r.kind = recoveryMode ? 'recoveryOffset' : 'normal';
      Object.assign(r, offsetAndRedistribution(entireDebt, collToLiquidate, lusdInPool));
    }
  } else if (icr < tcr && entireDebt <= lusdInPool) {
    // Recovery mode, MCR ≤ ICR < TCR, pool covers the whole debt: _getCappedOffsetVals.
    r.kind = 'recoveryCapped';
    const capped = Math.min(entireColl, (entireDebt * MCR) / price);
    r.collGasCompensation = capped / PERCENT_DIVISOR;
    r.debtOffset = entireDebt;
    r.collSentToPool = capped - r.collGasCompensation;
    r.collSurplus = entireColl - capped;
  } else {
    // Recovery mode with ICR ≥ TCR, or a pool too small for the whole debt: nothing happens.
    return emptyResult(recoveryMode);
  }
  r.liquidated = true;
  r.lusdGasCompensation = LUSD_GAS_COMPENSATION;
  return r;
}
