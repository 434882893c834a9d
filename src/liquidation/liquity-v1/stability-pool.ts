/**
 * Liquity v1 Stability Pool in float64, tracked with the contract's product-sum scheme (StabilityPool.sol):
 * a running product P (what one unit deposited at P = 1 is worth now) and per-(epoch, scale) sums S (the
 * collateral one such unit has earned). A deposit d₀ made at snapshots (P_t, S_t) is worth d₀·P/P_t and
 * has earned d₀·(S − S_t)/P_t. An offset that empties the pool starts a new epoch; when P would fall below
 * 1/SCALE_FACTOR it is multiplied by SCALE_FACTOR and the scale increments. Offsets cost O(1), reads O(1).
 *
 * Float64 differences from the contract: no floor-division error feedback and no "+1" rounding in favour
 * of the pool; gains are summed over every later scale (the contract stops after one), and a compounded
 * deposit is never truncated to 0 for having fallen below 1e-9 of its initial value.
 */

/**
 * StabilityPool.SCALE_FACTOR: P is rescaled by 1e9 when it would drop below 1e-9.
 *
 * @example
 * // a deposit spanning one scale change is worth d₀·P/(P_t·SCALE_FACTOR)
 */
export const SCALE_FACTOR = 1e9;

/**
 * A depositor's position: compounded deposit and collateral gain not yet paid out.
 *
 * @example
 * const { lusd, collGain } = pool.depositorValue(0);
 */
export interface DepositorValue {
  /** Compounded deposit, LUSD (getCompoundedLUSDDeposit). */
  lusd: number;
  /** Collateral gain earned since the last deposit change, ETH (getDepositorETHGain). */
  collGain: number;
}

interface DepositRecord {
  initialValue: number;
  P: number;
  S: number;
  scale: number;
  epoch: number;
}

/**
 * The Stability Pool: LUSD deposits that absorb liquidated debt pro rata and receive the collateral.
 *
 * @example
 * const pool = new StabilityPool();
 * pool.provide(0, 6_000);
 * pool.provide(1, 4_000);
 * pool.offset(5_000, 2.5);  // every deposit loses half and gains 2.5 ETH pro rata
 * pool.depositorValue(0);    // { lusd: 3_000, collGain: 1.5 }
 * pool.depositorValue(1);    // { lusd: 2_000, collGain: 1 }
 */
export class StabilityPool {
  private readonly deposits = new Map<number, DepositRecord>();
  /** epochToScaleToSum: S per epoch, per scale. */
  private readonly sums: number[][] = [[0]];
  private totalLusd = 0;
  private eth = 0;
  /** StabilityPool.P: running product, in (1/SCALE_FACTOR, 1]. */
  P = 1;
  /** StabilityPool.currentScale. */
  currentScale = 0;
  /** StabilityPool.currentEpoch. */
  currentEpoch = 0;

  /** getTotalLUSDDeposits: LUSD the pool can still offset. */
  get totalDeposits(): number {
    return this.totalLusd;
  }

  /** getETH: collateral held for depositors (gains not yet paid out). */
  get collBalance(): number {
    return this.eth;
  }

  /**
   * provideToSP: pays out the depositor's collateral gain (returned), then re-records the deposit as its
   * compounded value + `amount` with fresh snapshots. Deposits may be added between liquidations.
   */
  provide(depositor: number, amount: number): number {
    if (!(amount > 0)) throw new RangeError(`deposit must be > 0, got ${amount}`);
    const { lusd, collGain } = this.depositorValue(depositor);
    this.payOut(collGain);
    this.record(depositor, lusd + amount);
    this.totalLusd += amount;
    return collGain;
  }

  /**
   * withdrawFromSP: returns up to `amount` of the compounded deposit and pays out the whole collateral gain.
   * The contract's "no trove below MCR" precondition is the caller's business (this module has no prices).
   */
  withdraw(depositor: number, amount: number): { lusd: number; coll: number } {
    const { lusd: compounded, collGain } = this.depositorValue(depositor);
    const lusd = Math.min(Math.max(0, amount), compounded);
    this.payOut(collGain);
    this.record(depositor, compounded - lusd);
    this.totalLusd = Math.max(0, this.totalLusd - lusd);
    return { lusd, coll: collGain };
  }

  /**
   * StabilityPool.offset: burns `debtToOffset` LUSD from the deposits and adds `collToAdd` ETH, both pro
   * rata to deposits (no-op when the pool or the debt is empty). Throws if the debt exceeds the deposits.
   */
  offset(debtToOffset: number, collToAdd: number): void {
    const total = this.totalLusd;
    if (total === 0 || debtToOffset === 0) return;
    if (debtToOffset > total) throw new RangeError(`offset ${debtToOffset} exceeds deposits ${total}`);
    // _computeRewardsPerUnitStaked: collateral gain per unit of deposit.
    const collGainPerUnit = collToAdd / total;
    // _updateRewardSumAndProduct: S is updated first, with the P in force before this loss.
    const sums = this.sums[this.currentEpoch];
    sums[this.currentScale] += collGainPerUnit * this.P;
    if (debtToOffset === total) {
      // Pool emptied: every deposit is now 0; new epoch, P reset, scale reset.
      this.currentEpoch++;
      this.currentScale = 0;
      this.P = 1;
      this.sums.push([0]);
    } else {
      // Product factor 1 − loss per unit, formed as (total − debt)/total to avoid cancellation.
      let newP = this.P * ((total - debtToOffset) / total);
      while (newP < 1 / SCALE_FACTOR) {
        // Scale change: rescale P by 1e9 and open a new S slot for the next scale.
        newP *= SCALE_FACTOR;
        this.currentScale++;
        sums.push(0);
      }
      this.P = newP;
    }
    // _moveOffsetCollAndDebt: the offset LUSD is burned, the collateral enters the pool.
    this.totalLusd = debtToOffset === total ? 0 : total - debtToOffset;
    this.eth += collToAdd;
  }

  /** getCompoundedLUSDDeposit and getDepositorETHGain for `depositor` (zeros if unknown). */
  depositorValue(depositor: number): DepositorValue {
    const d = this.deposits.get(depositor);
    if (d === undefined || d.initialValue === 0) return { lusd: 0, collGain: 0 };
    return { lusd: this.compounded(d), collGain: this.collGain(d) };
  }

  /** _getCompoundedStakeFromSnapshots: d₀·P/P_t, divided by SCALE_FACTOR per scale change; 0 after an emptying. */
  private compounded(d: DepositRecord): number {
    if (d.epoch < this.currentEpoch) return 0;
    const scaleDiff = this.currentScale - d.scale;
    return (d.initialValue * this.P) / d.P / SCALE_FACTOR ** scaleDiff;
  }

  /** _getETHGainFromSnapshots: d₀·[(S_scale − S_t) + Σₖ S_(scale+k)/SCALE_FACTOR^k]/P_t within the snapshot epoch. */
  private collGain(d: DepositRecord): number {
    const sums = this.sums[d.epoch];
    let portion = sums[d.scale] - d.S;
    let divisor = 1;
    for (let s = d.scale + 1; s < sums.length && divisor < Infinity; s++) {
      divisor *= SCALE_FACTOR;
      portion += sums[s] / divisor;
    }
    return Math.max(0, (d.initialValue * portion) / d.P);
  }

  /** _updateDepositAndSnapshots: a fresh deposit at the current P, S, scale and epoch. */
  private record(depositor: number, initialValue: number): void {
    const epoch = this.currentEpoch;
    const scale = this.currentScale;
    this.deposits.set(depositor, { initialValue, P: this.P, S: this.sums[epoch][scale], scale, epoch });
  }

  /** _sendETHGainToDepositor: floored at 0 against float dust. */
  private payOut(coll: number): void {
    this.eth = Math.max(0, this.eth - coll);
  }
}
