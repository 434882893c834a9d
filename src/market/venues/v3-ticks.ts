/**
 * The initialised ticks of a Uniswap v3 pool (Tick.sol's `liquidityNet`/`liquidityGross` and the tick bitmap's
 * next-initialised-tick search), kept as a sorted list: a pool here has tens to hundreds of positions, so a binary
 * search replaces the bitmap's 256-tick words (whose only effect on a swap is extra steps at word boundaries, where
 * nothing changes but rounding).
 */

import { sqrtRatioAtTick } from './v3-math.js';

/**
 * Sorted initialised ticks and their net liquidity: crossing tick t upward adds `net(t)` to the active liquidity,
 * crossing it downward subtracts it (Tick.cross).
 *
 * @example
 * const ticks = new TickTable();
 * ticks.update(-600, 1e5); ticks.update(600, -1e5); // one position on [−600, 600)
 * ticks.tickAt(ticks.indexAtOrBelow(0)); // −600
 */
export class TickTable {
  private ticks: number[] = [];
  private nets: number[] = [];
  /** sqrtRatioAtTick of each tick, computed once when it is initialised. */
  private sqrts: number[] = [];
  /** Positions referencing each tick (liquidityGross counted in positions, not liquidity). */
  private refs: number[] = [];

  /**
   * Adds `liquidityDelta` to a position boundary's net liquidity: +L at a lower tick, −L at an upper tick when
   * minting, the opposite when burning (`removing`). A tick no position references any more is uninitialised
   * (Tick.update flips the bitmap when liquidityGross returns to 0).
   *
   * @example ticks.update(-600, 1e5); // mint's lower tick
   */
  update(tick: number, liquidityDelta: number, removing = false): void {
    let k = this.indexAtOrAbove(tick);
    if (k === this.ticks.length || this.ticks[k] !== tick) {
      if (removing) throw new RangeError(`tick ${tick} is not initialised`);
      this.ticks.splice(k, 0, tick);
      this.nets.splice(k, 0, 0);
      this.sqrts.splice(k, 0, sqrtRatioAtTick(tick));
      this.refs.splice(k, 0, 0);
    }
    k = this.indexAtOrAbove(tick);
    this.nets[k] += liquidityDelta;
    this.refs[k] += removing ? -1 : 1;
    if (this.refs[k] === 0) {
      this.ticks.splice(k, 1);
      this.nets.splice(k, 1);
      this.sqrts.splice(k, 1);
      this.refs.splice(k, 1);
    }
  }

  /**
   * Index of the greatest initialised tick ≤ `tick` (−1 when none); walking down a swap's path is index − 1.
   *
   * @example ticks.tickAt(ticks.indexAtOrBelow(0)) // −600
   */
  indexAtOrBelow(tick: number): number {
    return this.indexAtOrAbove(tick + 1) - 1;
  }

  /**
   * Index of the least initialised tick > `tick` (`size` when none).
   *
   * @example ticks.tickAt(ticks.indexAbove(0)) // 600
   */
  indexAbove(tick: number): number {
    return this.indexAtOrAbove(tick + 1);
  }

  /** Number of initialised ticks. */
  get size(): number {
    return this.ticks.length;
  }

  /** The tick at index `k`. */
  tickAt(k: number): number {
    return this.ticks[k];
  }

  /** Net liquidity of the tick at index `k`. */
  netAt(k: number): number {
    return this.nets[k];
  }

  /** √P of the tick at index `k`. */
  sqrtAt(k: number): number {
    return this.sqrts[k];
  }

  /**
   * A copy with the same ticks.
   *
   * @example const copy = ticks.copy();
   */
  copy(): TickTable {
    const table = new TickTable();
    table.ticks = this.ticks.slice();
    table.nets = this.nets.slice();
    table.sqrts = this.sqrts.slice();
    table.refs = this.refs.slice();
    return table;
  }

  /**
   * Initialised ticks in increasing order, with their net liquidity (for depth walks and reports).
   *
   * @example for (const { tick, net } of ticks.entries()) …
   */
  entries(): { tick: number; net: number }[] {
    return this.ticks.map((tick, k) => ({ tick, net: this.nets[k] }));
  }

  /** Index of the first tick ≥ `tick` (binary search). */
  private indexAtOrAbove(tick: number): number {
    let lo = 0;
    let hi = this.ticks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ticks[mid] < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
