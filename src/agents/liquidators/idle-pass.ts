import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';

/**
 * Whether one keeper's pass over a protocol's liquidatable list would again do nothing, known without walking it.
 *
 * A pass is idle when it found every listed account not liquidatable, still inside the keeper's latency, or unable to
 * pay for gas even if its collateral sold at the best mid. A new pass would find the same while nothing it reads has
 * changed since the idle one began:
 * - no book write through the protocol and no rebuild of its lists (a relist that keeps its lists has found every
 *   watched account as it was, so changes from outside the protocol's methods, e.g. redemptions, rebuild them);
 * - the same plan inputs (the plan memo's epoch: price, threshold scale, seizure allowance, volatility), keeper
 *   capital, gas cost per call and debt-unit floor;
 * - a block before the first latency wait ends;
 * - a best mid at or below the lowest mid at which some account's largest liquidation could first pay. That bound
 *   keeps a slack of 10⁻⁹ of the test's terms, far beyond the few ulps of rounding in it, so a mid at or below it
 *   fails the test exactly as the pass would.
 *
 * After the shock, a few small accounts stay liquidatable but unprofitable for the rest of the run, and every keeper
 * would otherwise re-check them in every block.
 *
 * @example
 * if (idle.holds(memo.epoch, capital, gasUsd, floor, bestMid)) return;
 * idle.begin(memo.epoch, capital, gasUsd, floor); // then waiting / unprofitable / busy for each account
 */
export class IdlePass {
  private valid = false;
  private rebuilds = -1;
  private writes = -1;
  private epoch = -1;
  private capital = Number.NaN;
  private gasUsd = Number.NaN;
  private floor = Number.NaN;
  private latencyEndsAt = Number.POSITIVE_INFINITY;
  private payableFromMid = Number.POSITIVE_INFINITY;

  constructor(private readonly protocol: LendingProtocol) {}

  /** Whether a pass now would do exactly what the last, idle one did: nothing. */
  holds(epoch: number, capital: number, gasUsd: number, floor: number, bestMid: number): boolean {
    const { protocol } = this;
    return (
      this.valid &&
      protocol.listRebuilds === this.rebuilds &&
      protocol.bookWrites === this.writes &&
      epoch === this.epoch &&
      capital === this.capital &&
      gasUsd === this.gasUsd &&
      floor === this.floor &&
      protocol.block < this.latencyEndsAt &&
      bestMid <= this.payableFromMid
    );
  }

  /** Starts recording a full pass, idle until {@link busy} says otherwise. */
  begin(epoch: number, capital: number, gasUsd: number, floor: number): void {
    this.valid = true;
    this.rebuilds = this.protocol.listRebuilds;
    this.writes = this.protocol.bookWrites;
    this.epoch = epoch;
    this.capital = capital;
    this.gasUsd = gasUsd;
    this.floor = floor;
    this.latencyEndsAt = Number.POSITIVE_INFINITY;
    this.payableFromMid = Number.POSITIVE_INFINITY;
  }

  /** An account skipped until block `until`, when the keeper's latency has passed. */
  waiting(until: number): void {
    this.latencyEndsAt = Math.min(this.latencyEndsAt, until);
  }

  /**
   * An account skipped because its largest liquidation (`receives` collateral for `repaid` debt) cannot clear gas and
   * the minimum profit at the best mid: receives·mid − repaid·floor − gas ≤ minProfit for every mid up to
   * (minProfit + gas + repaid·floor)/receives. The bound keeps a slack of 10⁻⁹ of the terms' magnitudes, so rounding
   * (a few ulps of them) cannot flip the test for a mid at or below it.
   */
  unprofitable(receives: number, repaid: number, minProfitUsd: number): void {
    const debtCost = repaid * this.floor;
    const slack = 1e-9 * (Math.abs(minProfitUsd) + Math.abs(this.gasUsd) + Math.abs(debtCost));
    const room = minProfitUsd + this.gasUsd + debtCost - slack;
    // receives = 0: the test does not read the mid, and it failed. No room: skip nothing on this account's bound.
    const fromMid = receives > 0 ? (room > 0 ? room / receives : Number.NEGATIVE_INFINITY) : Number.POSITIVE_INFINITY;
    this.payableFromMid = Math.min(this.payableFromMid, fromMid);
  }

  /** The pass did more than skip (it priced or made a liquidation): the next one must walk the list. */
  busy(): void {
    this.valid = false;
  }
}
