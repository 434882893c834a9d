/**
 * Liquity v1 troves as struct-of-arrays, in float64 (LUSD = 1 USD; coll in ETH; price in USD per ETH).
 * Redistribution uses Liquity's pending-reward accounting (TroveManager L_ETH / L_LUSDDebt per unit stake,
 * one snapshot pair per trove), so a redistribution costs O(1) and a trove's share is only materialised
 * when `applyPendingRewards` runs. The system totals mirror ActivePool (recorded balances) plus
 * DefaultPool (redistributed, not yet applied).
 */

/**
 * LiquityBase.MCR: minimum individual collateral ratio (110%).
 *
 * @example
 * troves.icr(i, price) < MCR; // liquidatable in normal mode
 */
export const MCR = 1.1;

/**
 * LiquityBase.CCR: critical total collateral ratio (150%); below it the system is in recovery mode.
 *
 * @example
 * troves.tcr(price) < CCR; // recovery mode
 */
export const CCR = 1.5;

/**
 * LiquityBase.LUSD_GAS_COMPENSATION: 200 LUSD reserve locked in the gas pool per trove, paid to the liquidator.
 *
 * @example
 * troves.open(10, 1800 + LUSD_GAS_COMPENSATION); // composite debt includes the reserve
 */
export const LUSD_GAS_COMPENSATION = 200;

/**
 * LiquityBase.PERCENT_DIVISOR: collateral gas compensation is coll / 200 (0.5%).
 *
 * @example
 * const collGasCompensation = 10 / PERCENT_DIVISOR; // 0.05 ETH
 */
export const PERCENT_DIVISOR = 200;

/**
 * TroveManager.Status, reduced to what liquidation needs.
 *
 * @example
 * troves.status[i] === TroveStatus.Active;
 */
export const TroveStatus = { NonExistent: 0, Active: 1, ClosedByLiquidation: 2 } as const;

/**
 * A fixed-capacity book of troves. Index `i` is the trove's id (and its owner's id for the surplus claim).
 * `coll`/`debt` hold the recorded values (TroveManager.Troves[i]); the entire values add pending rewards.
 *
 * @example
 * const t = new Troves(3);
 * const a = t.open(10, 10_000); // ICR at 2,000 USD/ETH = 2
 * const b = t.open(5, 4_000);
 * t.redistribute(1_500, 3);     // as a liquidation would: 1,500 LUSD and 3 ETH over 15 units of stake
 * t.entireDebt(a);              // 10,000 + 10·(1,500/15) = 11,000
 * t.applyPendingRewards(b);     // b.coll = 5 + 5·(3/15) = 6, b.debt = 4,000 + 500 = 4,500
 */
export class Troves {
  /** Recorded collateral per trove (ETH). */
  readonly coll: Float64Array;
  /** Recorded debt per trove, including the 200 LUSD reserve (LUSD). */
  readonly debt: Float64Array;
  /** Stake per trove: its weight in redistributions. */
  readonly stake: Float64Array;
  /** rewardSnapshots[i].ETH: L_ETH when the trove's rewards were last applied. */
  readonly snapshotColl: Float64Array;
  /** rewardSnapshots[i].LUSDDebt: L_LUSDDebt when the trove's rewards were last applied. */
  readonly snapshotDebt: Float64Array;
  /** TroveStatus per trove. */
  readonly status: Uint8Array;
  /** CollSurplusPool balance per owner: collateral left over by a capped recovery-mode liquidation. */
  readonly collSurplus: Float64Array;
  /** Number of troves ever opened (next index). */
  size = 0;
  /** Number of active troves (TroveOwners.length). */
  activeCount = 0;
  /** TroveManager.L_ETH: collateral redistributed per unit stake, cumulative. */
  L_ETH = 0;
  /** TroveManager.L_LUSDDebt: debt redistributed per unit stake, cumulative. */
  L_LUSDDebt = 0;
  /** TroveManager.totalStakes: sum of active stakes. */
  totalStakes = 0;
  /** TroveManager.totalStakesSnapshot: totalStakes just after the latest liquidation. */
  totalStakesSnapshot = 0;
  /** TroveManager.totalCollateralSnapshot: system collateral just after the latest liquidation. */
  totalCollateralSnapshot = 0;
  /** ActivePool ETH: recorded collateral of active troves. */
  activeColl = 0;
  /** ActivePool LUSD debt: recorded debt of active troves. */
  activeDebt = 0;
  /** DefaultPool ETH: redistributed collateral not yet applied to troves. */
  defaultColl = 0;
  /** DefaultPool LUSD debt: redistributed debt not yet applied to troves. */
  defaultDebt = 0;

  constructor(readonly capacity: number) {
    this.coll = new Float64Array(capacity);
    this.debt = new Float64Array(capacity);
    this.stake = new Float64Array(capacity);
    this.snapshotColl = new Float64Array(capacity);
    this.snapshotDebt = new Float64Array(capacity);
    this.status = new Uint8Array(capacity);
    this.collSurplus = new Float64Array(capacity);
  }

  /** Opens a trove with `coll` ETH and composite `debt` LUSD (reserve included); returns its index. */
  open(coll: number, debt: number): number {
    if (!(coll > 0) || !(debt > 0)) throw new RangeError(`trove needs coll > 0 and debt > 0, got ${coll}, ${debt}`);
    if (this.size >= this.capacity) throw new RangeError(`trove capacity ${this.capacity} reached`);
    const i = this.size++;
    this.coll[i] = coll;
    this.debt[i] = debt;
    this.status[i] = TroveStatus.Active;
    this.activeCount++;
    this.activeColl += coll;
    this.activeDebt += debt;
    // BorrowerOperations.openTrove: snapshots taken at the current L terms, then stake set.
    this.snapshotColl[i] = this.L_ETH;
    this.snapshotDebt[i] = this.L_LUSDDebt;
    this.updateStake(i);
    return i;
  }

  /** Whether trove `i` is active. */
  isActive(i: number): boolean {
    return this.status[i] === TroveStatus.Active;
  }

  /** getPendingETHReward: stake·(L_ETH − snapshot); 0 for inactive troves. */
  pendingCollReward(i: number): number {
    if (!this.isActive(i)) return 0;
    return this.stake[i] * (this.L_ETH - this.snapshotColl[i]);
  }

  /** getPendingLUSDDebtReward: stake·(L_LUSDDebt − snapshot); 0 for inactive troves. */
  pendingDebtReward(i: number): number {
    if (!this.isActive(i)) return 0;
    return this.stake[i] * (this.L_LUSDDebt - this.snapshotDebt[i]);
  }

  /** getEntireDebtAndColl: recorded collateral plus pending reward. */
  entireColl(i: number): number {
    return this.coll[i] + this.pendingCollReward(i);
  }

  /** getEntireDebtAndColl: recorded debt plus pending reward. */
  entireDebt(i: number): number {
    return this.debt[i] + this.pendingDebtReward(i);
  }

  /** _applyPendingRewards: moves the trove's pending rewards into its record and DefaultPool → ActivePool. */
  applyPendingRewards(i: number): void {
    if (!this.isActive(i)) return;
    const dColl = this.pendingCollReward(i);
    const dDebt = this.pendingDebtReward(i);
    this.coll[i] += dColl;
    this.debt[i] += dDebt;
    // _updateTroveRewardSnapshots: the trove now owns everything up to the current L terms.
    this.snapshotColl[i] = this.L_ETH;
    this.snapshotDebt[i] = this.L_LUSDDebt;
    this.movePendingToActive(dColl, dDebt);
  }

  /**
   * BorrowerOperations.addColl (adjustTrove): applies pending rewards, adds `amount` ETH to the record and
   * the ActivePool, then re-stakes the trove at the current snapshots. No-op on inactive troves or amount ≤ 0.
   */
  addCollateral(i: number, amount: number): void {
    if (!this.isActive(i) || !(amount > 0)) return;
    this.applyPendingRewards(i);
    this.coll[i] += amount;
    this.activeColl += amount;
    this.updateStake(i);
  }

  /** _computeNewStake + _updateStakeAndTotalStakes: stake = coll·totalStakesSnapshot/totalCollateralSnapshot. */
  updateStake(i: number): void {
    const s =
      this.totalCollateralSnapshot === 0
        ? this.coll[i]
        : (this.coll[i] * this.totalStakesSnapshot) / this.totalCollateralSnapshot;
    this.totalStakes += s - this.stake[i];
    this.stake[i] = s;
  }

  /** _removeStake then _closeTrove(closedByLiquidation): the trove's whole record leaves the ActivePool. */
  closeByLiquidation(i: number): void {
    this.applyPendingRewards(i);
    this.totalStakes = Math.max(0, this.totalStakes - this.stake[i]);
    this.stake[i] = 0;
    this.activeColl = Math.max(0, this.activeColl - this.coll[i]);
    this.activeDebt = Math.max(0, this.activeDebt - this.debt[i]);
    this.coll[i] = 0;
    this.debt[i] = 0;
    this.snapshotColl[i] = 0;
    this.snapshotDebt[i] = 0;
    this.status[i] = TroveStatus.ClosedByLiquidation;
    this.activeCount--;
  }

  /** _redistributeDebtAndColl: adds debt/totalStakes and coll/totalStakes to the L terms; funds sit in DefaultPool. */
  redistribute(debt: number, coll: number): void {
    if (debt === 0) return; // the contract returns early on zero debt
    if (!(this.totalStakes > 0)) throw new RangeError('redistribution needs a positive totalStakes');
    this.L_ETH += coll / this.totalStakes;
    this.L_LUSDDebt += debt / this.totalStakes;
    this.defaultColl += coll;
    this.defaultDebt += debt;
  }

  /** _updateSystemSnapshots_excludeCollRemainder: taken after gas compensation has left the system. */
  updateSystemSnapshots(): void {
    this.totalStakesSnapshot = this.totalStakes;
    this.totalCollateralSnapshot = this.totalCollateral();
  }

  /** CollSurplusPool.claimColl: pays out and clears the owner's surplus. */
  claimCollSurplus(i: number): number {
    const amount = this.collSurplus[i];
    this.collSurplus[i] = 0;
    return amount;
  }

  /** getEntireSystemColl: ActivePool + DefaultPool collateral. */
  totalCollateral(): number {
    return this.activeColl + this.defaultColl;
  }

  /** getEntireSystemDebt: ActivePool + DefaultPool debt. */
  totalDebt(): number {
    return this.activeDebt + this.defaultDebt;
  }

  /** getCurrentICR: entire coll·price / entire debt; Infinity when debt is 0 (the contract returns 2^256 − 1). */
  icr(i: number, price: number): number {
    const d = this.entireDebt(i);
    return d > 0 ? (this.entireColl(i) * price) / d : Infinity;
  }

  /** _getTCR: entire system coll·price / entire system debt; Infinity when debt is 0. */
  tcr(price: number): number {
    const d = this.totalDebt();
    return d > 0 ? (this.totalCollateral() * price) / d : Infinity;
  }

  /** _movePendingTroveRewardsToActivePool; floored at 0 so float dust cannot make DefaultPool negative. */
  private movePendingToActive(coll: number, debt: number): void {
    this.defaultColl = Math.max(0, this.defaultColl - coll);
    this.defaultDebt = Math.max(0, this.defaultDebt - debt);
    this.activeColl += coll;
    this.activeDebt += debt;
  }
}
