/**
 * A Uniswap v3 pool's oracle accumulator (Oracle.sol): a ring buffer of observations `tickCumulative = Σ tick·Δt`,
 * written at most once per block, by the block's first action on the pool, with the tick from before it; `observe`
 * answers the cumulative at any time within the buffer's span.
 */

/** One slot (Oracle.Observation). */
interface Observation {
  timestamp: number;
  tickCumulative: number;
}

/**
 * The observation buffer of one pool.
 *
 * @example
 * const obs = new TickObservations(100, 0);
 * obs.write(12, 76012); // first action of the block at t = 12: the tick that held over (0, 12]
 * obs.tickCumulativeAt(0, 24, 76000); // 76012·12 + 76000·12
 */
export class TickObservations {
  private readonly slots: Observation[] = [];
  /** Slot of the newest observation (slot0.observationIndex). */
  private index = 0;

  constructor(
    /** Slots kept (observationCardinality). */
    readonly cardinality: number,
    startSeconds: number,
  ) {
    if (!Number.isInteger(cardinality) || cardinality < 1)
      throw new RangeError(`observation cardinality must be a positive integer, got ${cardinality}`);
    // Oracle.initialize: the first observation, at the pool's creation, has zero cumulatives.
    this.slots.push({ timestamp: startSeconds, tickCumulative: 0 });
  }

  /**
   * Records that the pool's tick was `tickBefore` from the newest observation until `timeSeconds` (a no-op when an
   * observation already exists at that time, as Oracle.write).
   *
   * @example obs.write(24, 76000);
   */
  write(timeSeconds: number, tickBefore: number): void {
    const last = this.slots[this.index];
    if (timeSeconds <= last.timestamp) return;
    // Oracle.transform: tickCumulative += tick·Δt with the tick that held since the last observation.
    const next = {
      timestamp: timeSeconds,
      tickCumulative: last.tickCumulative + tickBefore * (timeSeconds - last.timestamp),
    };
    this.index = (this.index + 1) % this.cardinality;
    if (this.slots.length < this.cardinality) this.slots.push(next);
    else this.slots[this.index] = next;
  }

  /**
   * Time of the oldest observation kept: `observe` cannot look further back (v3 reverts "OLD").
   *
   * @example obs.oldestSeconds() // 0 until the buffer wraps
   */
  oldestSeconds(): number {
    return this.slots[this.slots.length < this.cardinality ? 0 : (this.index + 1) % this.cardinality].timestamp;
  }

  /**
   * tickCumulative at `nowSeconds − secondsAgo` (Oracle.observeSingle), with `currentTick` the pool's tick now
   * (slot0.tick): after the newest observation it extends it with the current tick, between two observations it
   * interpolates (exact: the tick was constant between them). Throws a RangeError before the oldest observation.
   *
   * @example obs.tickCumulativeAt(1800, 3600, 76000)
   */
  tickCumulativeAt(secondsAgo: number, nowSeconds: number, currentTick: number): number {
    const target = nowSeconds - secondsAgo;
    const newest = this.slots[this.index];
    // observeSingle: a target at or after the newest observation is transform(newest, target, slot0.tick).
    if (target >= newest.timestamp) return newest.tickCumulative + currentTick * (target - newest.timestamp);
    const count = this.slots.length;
    const start = count < this.cardinality ? 0 : (this.index + 1) % count;
    const at = (k: number) => this.slots[(start + k) % count];
    const [before, after] = surroundingObservations(at, count, target, `observation at ${target}`);
    if (target === before.timestamp) return before.tickCumulative;
    // observeSingle: before + (after − before)/(Δt)·(target − before.timestamp).
    const rate = (after.tickCumulative - before.tickCumulative) / (after.timestamp - before.timestamp);
    return before.tickCumulative + rate * (target - before.timestamp);
  }
}

/**
 * The observations around `target` in a ring read oldest first by `at(0 … count−1)`: beforeOrAt ≤ target < atOrAfter,
 * by Uniswap v3's Oracle.binarySearch. Throws a RangeError naming `what` when the target is older than the oldest.
 *
 * @example surroundingObservations((k) => ring[k], ring.length, 1800, 'twap') // [beforeOrAt, atOrAfter]
 */
export function surroundingObservations<T extends { timestamp: number }>(
  at: (k: number) => T,
  count: number,
  target: number,
  what: string,
): [T, T] {
  if (target < at(0).timestamp) throw new RangeError(`${what} is older than the oldest observation kept ("OLD")`);
  let lo = 0;
  let hi = count - 1;
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (at(m).timestamp <= target) lo = m;
    else hi = m;
  }
  return [at(lo), at(hi)];
}
