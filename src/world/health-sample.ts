import type { RandomStream } from '../kernel/random.js';

/**
 * Stratified random sample of `size` distinct account indices out of `count` (all of them when
 * count ≤ size): one index drawn uniformly from each of `size` equal strata, ascending.
 *
 * @example healthSample(1_000_000, 1000, rng).length // 1000
 */
export function healthSample(count: number, size: number, rng: RandomStream): Int32Array {
  if (count <= size) return Int32Array.from({ length: count }, (_, i) => i);
  const sample = new Int32Array(size);
  const stratum = count / size;
  for (let k = 0; k < size; k++) sample[k] = Math.min(count - 1, Math.floor((k + rng.uniform()) * stratum));
  return sample;
}

/** Health factors can be sorted incrementally only if they are finite and non-zero (see {@link HealthQuantiles}). */
const isOrdinary = (health: number) => health !== 0 && Number.isFinite(health);

/** The protocol surface the health sample reads. */
interface SampledProtocol {
  readonly book: { readonly debt: Float64Array };
  health(i: number): number;
  /** Every input of {@link health} besides fixed settings: book writes so far, the oracle price, the threshold scale.
   * */
  readonly bookWrites: number;
  readonly price: number;
  readonly dynamicThreshold?: { readonly scale: number };
}

/**
 * The health factors of the sampled accounts that have debt, sorted ascending, once per block, as
 * `Float64Array.prototype.sort` would sort them (the per-block health quantiles read them).
 *
 * It keeps the sampled accounts in last block's order and re-sorts by insertion, which costs one pass
 * when few accounts changed rank (a quiet block, or one where the oracle moved every health by the same
 * factor) instead of a full sort. The result is the same array: the ascending order of a multiset of
 * finite non-zero doubles is unique, and equal ones have the same bits. Accounts without debt sort last
 * as +Infinity and are left out. When no protocol's book writes, price or threshold scale moved since last
 * block, no account is read and last block's sorted array is returned as it is; so it is when every key equals
 * last block's. A block with a zero, infinite or NaN health factor (where ±0 and NaN
 * make the order depend on the algorithm) falls back to a full typed-array sort, exactly as before.
 *
 * @example
 * const quantiles = new HealthQuantiles(world.protocols, samples);
 * const sorted = quantiles.sortedHealth(); // this block's sorted health factors
 */
export class HealthQuantiles {
  /** Key of each slot (protocol p's k-th sampled account, protocols in order): its health, or +Infinity without debt.
   * */
  private readonly keys: Float64Array;
  /** Slots in ascending key order as of the last regular block (a hint for the next). */
  private readonly order: Int32Array;
  /** keys[order[k]], ascending. */
  private readonly sorted: Float64Array;
  /** Health factors in sample order, for the full-sort fallback. */
  private readonly scratch: Float64Array;
  private ordered = false;
  /** Whether `sorted` holds the keys of the last call (false after a fallback). */
  private current = false;
  private view: Float64Array;
  /** Per protocol, the inputs of its health factors at the last call: book writes, price, threshold scale. */
  private readonly inputs: Float64Array;

  constructor(
    private readonly protocols: readonly SampledProtocol[],
    private readonly samples: readonly Int32Array[],
  ) {
    const slots = samples.reduce((n, s) => n + s.length, 0);
    this.keys = new Float64Array(slots);
    this.order = Int32Array.from({ length: slots }, (_, s) => s);
    this.sorted = new Float64Array(slots);
    this.scratch = new Float64Array(slots);
    this.view = this.sorted.subarray(0, 0);
    this.inputs = new Float64Array(protocols.length * 3).fill(Number.NaN);
  }

  /** Records each protocol's health inputs; true when every one equals the last call's (no health can differ). */
  private inputsUnchanged(): boolean {
    const { inputs, protocols } = this;
    let same = true;
    for (let p = 0; p < protocols.length; p++) {
      const { bookWrites, price, dynamicThreshold } = protocols[p];
      const scale = dynamicThreshold?.scale ?? 1;
      const at = 3 * p;
      if (inputs[at] !== bookWrites || inputs[at + 1] !== price || inputs[at + 2] !== scale) same = false;
      inputs[at] = bookWrites;
      inputs[at + 1] = price;
      inputs[at + 2] = scale;
    }
    return same;
  }

  /** This block's health factors of sampled accounts with debt, ascending (a view, valid until the next call). */
  sortedHealth(): Float64Array {
    // Health is a pure function of the book, the price and the threshold: when none moved, last call's answer stands.
    if (this.inputsUnchanged() && this.current) return this.view;
    const { keys, protocols, samples } = this;
    let slot = 0;
    let present = 0;
    let ordinary = true;
    let changed = false;
    for (let p = 0; p < protocols.length; p++) {
      const protocol = protocols[p];
      const sample = samples[p];
      const debt = protocol.book.debt;
      for (let k = 0; k < sample.length; k++, slot++) {
        const i = sample[k];
        if (debt[i] > 0) {
          const health = protocol.health(i);
          if (keys[slot] !== health) changed = true;
          keys[slot] = health;
          present++;
          if (!isOrdinary(health)) ordinary = false;
        } else {
          if (keys[slot] !== Number.POSITIVE_INFINITY) changed = true;
          keys[slot] = Number.POSITIVE_INFINITY;
        }
      }
    }
    if (!ordinary) {
      this.current = false;
      return this.fullSort();
    }
    // Every key as in the last call, which sorted them: `sorted` is still this block's answer (a quiet block).
    if (this.current && !changed) return this.view;
    if (!this.ordered) {
      // First block: start from a sorted order so that the insertion pass below is short.
      const start = Array.from(this.order).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
      this.order.set(start);
      this.ordered = true;
    }
    this.insertionSort();
    this.current = true;
    if (this.view.length !== present) this.view = this.sorted.subarray(0, present);
    return this.view;
  }

  /** Sorts `order` by key, moving each slot back past the larger keys before it (stable, O(slots + inversions)). */
  private insertionSort(): void {
    const { keys, order, sorted } = this;
    for (let k = 0; k < order.length; k++) {
      const slot = order[k];
      const key = keys[slot];
      let j = k - 1;
      while (j >= 0 && sorted[j] > key) {
        sorted[j + 1] = sorted[j];
        order[j + 1] = order[j];
        j--;
      }
      sorted[j + 1] = key;
      order[j + 1] = slot;
    }
  }

  /** The original computation: present health factors in sample order, typed-array sorted. */
  private fullSort(): Float64Array {
    const { keys, protocols, samples, scratch } = this;
    let n = 0;
    let slot = 0;
    for (let p = 0; p < protocols.length; p++) {
      const debt = protocols[p].book.debt;
      const sample = samples[p];
      for (let k = 0; k < sample.length; k++, slot++) if (debt[sample[k]] > 0) scratch[n++] = keys[slot];
    }
    return scratch.subarray(0, n).sort();
  }
}
