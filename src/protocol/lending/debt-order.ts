/** Sub-lists of at most this length are sorted by insertion. */
const INSERTION_LENGTH = 16;
/** The empty hint. */
const NO_ACCOUNTS = new Int32Array(0);
const NO_DEBTS = new Float64Array(0);

/**
 * Sorts a list of account indices into liquidation order: largest debt first, then lowest index. With no NaN debt
 * this order is strict and total, so every correct sort gives the same list as `Array.prototype.sort` with the
 * comparator `debt[a] > debt[b] ? −1 : debt[a] < debt[b] ? 1 : a − b`; with a NaN debt (where that comparator is not
 * transitive and the library sort's answer depends on its algorithm), it calls the library sort with that comparator.
 *
 * A relist's list is mostly the last relist's order, with the accounts whose debt has changed since and the newly
 * popped ones. Given that last order, the sort keeps its unchanged accounts in one pass, sorts the others, and merges
 * the two: O(n + k·log k) comparisons for k set aside. Each debt is read from the book once, into arrays the
 * comparisons then read in order (a million-account book's debts are scattered over 8 MB).
 *
 * @example
 * const order = new DebtOrderSort();
 * const list = [2, 0, 1];
 * order.sort(list, new Float64Array([5, 9, 5])); // list is now [1, 0, 2]
 * order.sort(list, debts, lastList, lastDebts, lastList.length); // the same order, less work when little changed
 */
export class DebtOrderSort {
  /** The kept run and its debts. */
  private kept = new Int32Array(0);
  private keptDebt = new Float64Array(0);
  /** The accounts set aside and their debts, then a merge buffer of each; grown to the longest list sorted. */
  private aside = new Int32Array(0);
  private asideDebt = new Float64Array(0);
  private buffer = new Int32Array(0);
  private bufferDebt = new Float64Array(0);

  /**
   * Sorts `list` in place by `debt` descending, then index ascending (see the class comment). `lastAccounts` and
   * `lastDebts`, when given, are a list this order last gave and its debts then: each of the first `lastLength`
   * positions of `list` that still holds the same account with the same debt is kept in place relative to the others
   * like it (after a check that it is in order), and every other account is set aside and sorted (without them, all
   * are). Either way the result is the sorted list: the hint only saves work.
   */
  sort(
    list: number[],
    debt: Float64Array,
    lastAccounts: Int32Array = NO_ACCOUNTS,
    lastDebts: Float64Array = NO_DEBTS,
    lastLength = 0,
  ): void {
    const n = list.length;
    if (n < 2) return;
    this.reserve(n);
    const { kept, keptDebt, aside, asideDebt } = this;
    const hinted = Math.min(lastLength, n, lastAccounts.length, lastDebts.length);
    let keptLength = 0;
    let asideLength = 0;
    for (let r = 0; r < n; r++) {
      const y = list[r];
      const dy = debt[y];
      if (dy !== dy) {
        // NaN: leave the list as it was given and let the library sort decide, as before.
        list.sort((a, b) => (debt[a] > debt[b] ? -1 : debt[a] < debt[b] ? 1 : a - b));
        return;
      }
      // Only an unchanged account of the last order that is in order with the run joins it.
      const top = keptLength - 1;
      if (
        r < hinted &&
        lastAccounts[r] === y &&
        lastDebts[r] === dy &&
        (top < 0 || before(keptDebt[top], kept[top], dy, y))
      ) {
        kept[keptLength] = y;
        keptDebt[keptLength++] = dy;
      } else {
        aside[asideLength] = y;
        asideDebt[asideLength++] = dy;
      }
    }
    if (asideLength === 0) return; // the list was in order
    this.mergeSort(0, asideLength);
    // Merge the kept run and the sorted accounts set aside back into the list.
    let k = 0;
    let a = 0;
    for (let w = 0; w < n; w++) {
      if (a >= asideLength || (k < keptLength && before(keptDebt[k], kept[k], asideDebt[a], aside[a])))
        list[w] = kept[k++];
      else list[w] = aside[a++];
    }
  }

  /** Sorts aside[from, to) (and its debts) into liquidation order: a top-down merge sort through the buffers. */
  private mergeSort(from: number, to: number): void {
    const { aside, asideDebt, buffer, bufferDebt } = this;
    if (to - from <= INSERTION_LENGTH) {
      for (let i = from + 1; i < to; i++) {
        const y = aside[i];
        const dy = asideDebt[i];
        let j = i - 1;
        while (j >= from && before(dy, y, asideDebt[j], aside[j])) {
          aside[j + 1] = aside[j];
          asideDebt[j + 1] = asideDebt[j];
          j--;
        }
        aside[j + 1] = y;
        asideDebt[j + 1] = dy;
      }
      return;
    }
    const middle = (from + to) >>> 1;
    this.mergeSort(from, middle);
    this.mergeSort(middle, to);
    if (before(asideDebt[middle - 1], aside[middle - 1], asideDebt[middle], aside[middle])) return; // in order
    buffer.set(aside.subarray(from, middle), from);
    bufferDebt.set(asideDebt.subarray(from, middle), from);
    let l = from;
    let r = middle;
    let w = from;
    while (l < middle && r < to) {
      if (before(asideDebt[r], aside[r], bufferDebt[l], buffer[l])) {
        aside[w] = aside[r];
        asideDebt[w++] = asideDebt[r++];
      } else {
        aside[w] = buffer[l];
        asideDebt[w++] = bufferDebt[l++];
      }
    }
    while (l < middle) {
      aside[w] = buffer[l];
      asideDebt[w++] = bufferDebt[l++];
    }
  }

  private reserve(n: number): void {
    if (this.kept.length >= n) return;
    const size = Math.max(n, 2 * this.kept.length);
    this.kept = new Int32Array(size);
    this.keptDebt = new Float64Array(size);
    this.aside = new Int32Array(size);
    this.asideDebt = new Float64Array(size);
    this.buffer = new Int32Array(size);
    this.bufferDebt = new Float64Array(size);
  }
}

/**
 * Whether an account `a` with debt `da` comes before account `b` with debt `db` in liquidation order (neither debt
 * NaN): the larger debt, then the lower index.
 */
function before(da: number, a: number, db: number, b: number): boolean {
  return da > db || (da === db && a < b);
}
