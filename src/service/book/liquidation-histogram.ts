// A fine histogram of liquidation prices, kept per account update, so the liquidation-density map costs O(bins in
// range, summed in runs + accounts in the bins cut by a bucket edge) instead of a scan of every account.

/** Mantissa bits kept per bin: 2^15 bins per octave of price (0.002% wide). */
const MANTISSA_BITS = 15;
const SHIFT = 20 - MANTISSA_BITS;
/** Octaves covered, 2^−24 to 2^24, about 6e−8 to 1.7e7 (liquidation prices outside land in the two edge bins,
 * which are always read account by account: exact, only slower). 1.6M bins, 24 bytes each. */
const MIN_EXPONENT = 1023 - 24;
const OCTAVES = 48;
/** Number of bins. */
export const HISTOGRAM_BINS = OCTAVES << MANTISSA_BITS;
const FIRST_KEY = MIN_EXPONENT << MANTISSA_BITS;

const view = new Float64Array(1);
const words = new Uint32Array(view.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Bin of a positive finite value: its exponent and top mantissa bits, clamped to the edge bins. */
function binOf(x: number): number {
  view[0] = x;
  const bin = (words[HIGH] >>> SHIFT) - FIRST_KEY;
  return bin < 0 ? 0 : bin >= HISTOGRAM_BINS ? HISTOGRAM_BINS - 1 : bin;
}

/** Smallest value of bin `bin` (inner bins only). */
function binStart(bin: number): number {
  words[HIGH] = (bin + FIRST_KEY) << SHIFT;
  words[1 - HIGH] = 0;
  return view[0];
}

/** The double just below positive `x`. */
function before(x: number): number {
  view[0] = x;
  if (words[1 - HIGH] === 0) {
    words[1 - HIGH] = 0xffffffff;
    words[HIGH] -= 1;
  } else words[1 - HIGH] -= 1;
  return view[0];
}

/** Where the density map puts one liquidation price: its bucket, or −1 outside [low, high]. */
export interface BucketRule {
  low: number;
  high: number;
  buckets: number;
  width: number;
}

/** Bucket of liquidation price `l` under `rule` (the one rule, shared with the full scan). */
export function bucketOf(l: number, rule: BucketRule): number {
  if (!(l >= rule.low && l <= rule.high && l > 0)) return -1;
  return Math.min(rule.buckets - 1, Math.floor((l - rule.low) / rule.width));
}

/**
 * Accounts with debt by liquidation price (at a debt price of 1) in 2^15 log-spaced bins per octave: per bin the
 * account count, debt and collateral sums, and a doubly linked list of its accounts. Adding or removing an account is
 * O(1). A density query adds whole bins that fall inside one bucket and reads the accounts of the bins a bucket edge
 * cuts one by one, so it answers exactly what a scan of every account would (bucketOf decides both), up to the
 * rounding of the bin sums (each reset to 0 when its bin empties).
 *
 * @example
 * const h = new LiquidationHistogram(1024);
 * h.add(0, 1818.18, 1, 1500);
 */
export class LiquidationHistogram {
  private readonly count = new Int32Array(HISTOGRAM_BINS);
  private readonly debt = new Float64Array(HISTOGRAM_BINS);
  private readonly collateral = new Float64Array(HISTOGRAM_BINS);
  /** First slot of each bin's list, plus 1 (0: empty), so a new histogram needs no fill (its pages stay untouched
   * until used). */
  private readonly head = new Int32Array(HISTOGRAM_BINS);
  /** Whether anything was added since the last clear (clearing 38 MB of bins is skipped otherwise). */
  private dirty = false;
  private next: Int32Array;
  private prev: Int32Array;
  /** Bin of each slot, −1 when not in the histogram. */
  private binAt: Int32Array;

  constructor(capacity: number) {
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
    this.binAt = new Int32Array(capacity).fill(-1);
  }

  /** Makes room for slots below `capacity`. */
  grow(capacity: number): void {
    const copy = (from: Int32Array, fill: number) => {
      const to = new Int32Array(capacity).fill(fill);
      to.set(from);
      return to;
    };
    this.next = copy(this.next, 0);
    this.prev = copy(this.prev, 0);
    this.binAt = copy(this.binAt, -1);
  }

  /** Empties the histogram. */
  clear(): void {
    this.binAt.fill(-1);
    if (!this.dirty) return;
    this.dirty = false;
    this.count.fill(0);
    this.debt.fill(0);
    this.collateral.fill(0);
    this.head.fill(0);
  }

  /** Adds `slot` with liquidation price `l`; accounts without debt (0) or collateral (+∞) are left out. */
  add(slot: number, l: number, collateral: number, debt: number): void {
    if (!(l > 0 && l < Number.POSITIVE_INFINITY)) {
      this.binAt[slot] = -1;
      return;
    }
    const bin = binOf(l);
    this.dirty = true;
    this.binAt[slot] = bin;
    this.count[bin] += 1;
    this.debt[bin] += debt;
    this.collateral[bin] += collateral;
    const first = this.head[bin] - 1;
    this.next[slot] = first;
    this.prev[slot] = -1;
    if (first >= 0) this.prev[first] = slot;
    this.head[bin] = slot + 1;
  }

  /** Removes `slot`, which held `collateral` and `debt` when added. */
  remove(slot: number, collateral: number, debt: number): void {
    const bin = this.binAt[slot];
    if (bin < 0) return;
    this.binAt[slot] = -1;
    if (--this.count[bin] === 0) {
      this.debt[bin] = 0;
      this.collateral[bin] = 0;
    } else {
      this.debt[bin] -= debt;
      this.collateral[bin] -= collateral;
    }
    const p = this.prev[slot];
    const n = this.next[slot];
    if (p >= 0) this.next[p] = n;
    else this.head[bin] = n + 1;
    if (n >= 0) this.prev[n] = p;
  }

  /**
   * Moves `slot` (added with `oldCollateral`, `oldDebt`) to liquidation price `l` with `collateral` and `debt`: the
   * same as remove then add, without relinking when the bin stays the same.
   */
  move(slot: number, l: number, oldCollateral: number, oldDebt: number, collateral: number, debt: number): void {
    const bin = this.binAt[slot];
    if (bin >= 0 && l > 0 && l < Number.POSITIVE_INFINITY && binOf(l) === bin && this.count[bin] > 1) {
      // The same operations, in the same order, as remove then add.
      this.debt[bin] = this.debt[bin] - oldDebt + debt;
      this.collateral[bin] = this.collateral[bin] - oldCollateral + collateral;
      return;
    }
    this.remove(slot, oldCollateral, oldDebt);
    this.add(slot, l, collateral, debt);
  }

  /**
   * Adds the accounts whose liquidation price `liquidation[slot]` is in [rule.low, rule.high] into `debt`,
   * `collateral` and `accounts` by bucketOf.
   */
  density(
    rule: BucketRule,
    liquidation: Float64Array,
    slotCollateral: Float64Array,
    slotDebt: Float64Array,
    out: { debt: Float64Array; collateral: Float64Array; accounts: Int32Array },
  ): void {
    const first = rule.low > 0 ? binOf(rule.low) : 0;
    const last = binOf(rule.high);
    const { count, debt, collateral } = this;
    for (let bin = first; bin <= last; bin++) {
      if (count[bin] === 0) continue;
      if (bin > 0 && bin < HISTOGRAM_BINS - 1) {
        const from = bucketOf(binStart(bin), rule);
        if (from >= 0 && from === bucketOf(before(binStart(bin + 1)), rule)) {
          // Every value of the bins after this one and before the bin next to the one holding the bucket's upper
          // edge is at least a bin width (a relative 2^-15) below that edge: far beyond rounding, so in `from` too.
          const edge = from === rule.buckets - 1 ? rule.high : rule.low + (from + 1) * rule.width;
          const stop = Math.min(last, binOf(edge) - 1);
          let d = debt[bin];
          let c = collateral[bin];
          let n = count[bin];
          while (bin + 1 < stop) {
            bin++;
            d += debt[bin];
            c += collateral[bin];
            n += count[bin];
          }
          out.debt[from] += d;
          out.collateral[from] += c;
          out.accounts[from] += n;
          continue;
        }
      }
      for (let slot = this.head[bin] - 1; slot >= 0; slot = this.next[slot]) {
        const b = bucketOf(liquidation[slot], rule);
        if (b < 0) continue;
        out.debt[b] += slotDebt[slot];
        out.collateral[b] += slotCollateral[slot];
        out.accounts[b] += 1;
      }
    }
  }
}
