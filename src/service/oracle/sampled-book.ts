// A smaller stand-in for a large live book, for Monte Carlo stress tests: accounts ordered by liquidation price and
// merged k at a time, so the debt and collateral totals are kept and each merged account sits where its members do.

/** The rows of one lending protocol (LiveBook.rows). */
export interface BookRows {
  account: string[];
  collateral: Float64Array;
  debt: Float64Array;
}

/** How a book was reduced: what a stress answer built on it states. */
export interface BookSampling {
  /** Accounts of the live book. */
  accounts: number;
  /** Accounts of the reduced book (groups). */
  groups: number;
  /** Live accounts per group (the last group may hold fewer). */
  perGroup: number;
  /** Largest spread of liquidation price inside a group (members with debt and collateral), (max − min) / max, %:
   * usually a group at the extremes of the book. */
  maxSpreadPct: number;
  /** The same spread averaged over the groups weighted by their debt, %: how far a typical unit of debt is placed
   * from its own liquidation price, at most. */
  meanSpreadPct: number;
}

/** Key buckets per octave of debt/collateral for the ordering (2^10: 0.07% wide). */
const PER_OCTAVE = 1024;
const OCTAVES = 128;
/** Bucket 0: no debt; 1 … OCTAVES·PER_OCTAVE: by log2 of debt/collateral from 2^−64; last: debt, no collateral. */
const KEY_BUCKETS = OCTAVES * PER_OCTAVE + 2;

/** Ordering bucket of debt/collateral (the liquidation price up to the constant 1/LT). */
function keyBucket(collateral: number, debt: number): number {
  if (!(debt > 0)) return 0;
  if (!(collateral > 0)) return KEY_BUCKETS - 1;
  const at = Math.floor((Math.log2(debt / collateral) + OCTAVES / 2) * PER_OCTAVE) + 1;
  return at < 1 ? 1 : at > KEY_BUCKETS - 2 ? KEY_BUCKETS - 2 : at;
}

/**
 * Reduces `rows` to at most `maxAccounts` accounts: when there are more, they are ordered by liquidation price
 * (debt/collateral, in 2^10 buckets per octave, then row order: a counting sort, O(N)) and each run of k =
 * ceil(N / maxAccounts) consecutive accounts becomes one account `sample-<g>` holding their summed collateral and
 * debt. Totals are kept (up to float summation), and a merged account's liquidation price, Σdebt / (Σcollateral·LT),
 * lies between its members' lowest and highest. Deterministic: the same rows give the same result. The names of a
 * book that is merged are not read (`account` may be empty then).
 *
 * @example const { rows, sampling } = mergeBook(book.rows('lend'), 10_000);
 */
export function mergeBook(rows: BookRows, maxAccounts: number): { rows: BookRows; sampling: BookSampling } {
  const n = rows.collateral.length;
  if (n <= maxAccounts)
    return { rows, sampling: { accounts: n, groups: n, perGroup: 1, maxSpreadPct: 0, meanSpreadPct: 0 } };
  const k = Math.ceil(n / maxAccounts);
  const buckets = new Int32Array(n);
  const starts = new Int32Array(KEY_BUCKETS + 1);
  for (let i = 0; i < n; i++) {
    const b = keyBucket(rows.collateral[i], rows.debt[i]);
    buckets[i] = b;
    starts[b + 1] += 1;
  }
  for (let b = 0; b < KEY_BUCKETS; b++) starts[b + 1] += starts[b];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[starts[buckets[i]]++] = i;
  const groups = Math.ceil(n / k);
  const account = new Array<string>(groups);
  const collateral = new Float64Array(groups);
  const debt = new Float64Array(groups);
  let maxSpread = 0;
  let spreadDebt = 0;
  let totalDebt = 0;
  for (let g = 0; g < groups; g++) {
    let c = 0;
    let d = 0;
    let low = Number.POSITIVE_INFINITY;
    let high = 0;
    for (let j = g * k; j < Math.min(n, (g + 1) * k); j++) {
      const i = order[j];
      c += rows.collateral[i];
      d += rows.debt[i];
      if (rows.debt[i] > 0 && rows.collateral[i] > 0) {
        const ratio = rows.debt[i] / rows.collateral[i];
        if (ratio < low) low = ratio;
        if (ratio > high) high = ratio;
      }
    }
    const spread = high > 0 ? (high - low) / high : 0;
    maxSpread = Math.max(maxSpread, spread);
    spreadDebt += spread * d;
    totalDebt += d;
    account[g] = `sample-${g}`;
    collateral[g] = c;
    debt[g] = d;
  }
  return {
    rows: { account, collateral, debt },
    sampling: {
      accounts: n,
      groups,
      perGroup: k,
      maxSpreadPct: maxSpread * 100,
      meanSpreadPct: totalDebt > 0 ? (spreadDebt / totalDebt) * 100 : 0,
    },
  };
}
