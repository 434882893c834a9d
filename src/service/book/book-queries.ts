// Read-only answers over one protocol of the live book: largest unsafe accounts, liquidation density, health
// distribution. Scans are over the struct-of-arrays slots (free slots carry a negative liquidation price).
import { healthFactor, priceAtHealth } from '../../liquidation/health.js';
import type { ProtocolBook } from './protocol-book.js';
import { bucketOf, type BucketRule } from './liquidation-histogram.js';

/** One account in an answer; infinite values (no debt, no collateral) are given as null. */
export interface AccountRisk {
  account: string;
  collateral: number;
  debt: number;
  /** Health factor at the current prices; null without debt (infinite). */
  healthFactor: number | null;
  /** Collateral price (USD) at which the health factor is 1; null with debt and no collateral (infinite). */
  liquidationPrice: number | null;
}

/** The prices one protocol is read at. */
export interface ProtocolPrices {
  /** Collateral price, USD. */
  price: number;
  /** Debt-asset price, USD. */
  debtPrice: number;
  liquidationThreshold: number;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Account `slot` of `book` at `prices` (Aave health factor and liquidation price, src/liquidation/health.ts).
 *
 * @example accountRisk(book, 0, { price: 2000, debtPrice: 1, liquidationThreshold: 0.8 });
 */
export function accountRisk(book: ProtocolBook, slot: number, prices: ProtocolPrices): AccountRisk {
  const collateral = book.collateral[slot];
  const debt = book.debt[slot];
  const lt = prices.liquidationThreshold;
  return {
    account: book.names[slot] as string,
    collateral,
    debt,
    healthFactor: finiteOrNull(healthFactor(collateral, prices.price, lt, debt, prices.debtPrice)),
    liquidationPrice: finiteOrNull(priceAtHealth(1, debt, prices.debtPrice, collateral, lt)),
  };
}

/** Largest debt first, then account name. */
function before(book: ProtocolBook, a: number, b: number): boolean {
  const da = book.debt[a];
  const db = book.debt[b];
  if (da !== db) return da > db;
  return (book.names[a] as string) < (book.names[b] as string);
}

/**
 * The `limit` unsafe slots with the largest debt (ties: account name), in that order: one pass over the unsafe set
 * keeping a sorted top list, O(U·log limit) plus the insertions.
 *
 * @example largestUnsafe(book, 100);
 */
export function largestUnsafe(book: ProtocolBook, limit: number): number[] {
  const top: number[] = [];
  if (limit <= 0) return top;
  const unsafe = book.unsafeSlots();
  for (let k = 0; k < unsafe.length; k++) {
    const slot = unsafe[k];
    if (top.length === limit && !before(book, slot, top[limit - 1])) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(book, top[mid], slot)) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, slot);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Debt, collateral and accounts of the safe accounts whose liquidation price is in one price bucket. */
export interface DensityBucket {
  priceLow: number;
  priceHigh: number;
  debtUsd: number;
  collateralUsd: number;
  accounts: number;
}

/** How the density map of `prices` buckets liquidation prices (at a debt price of 1). */
function densityRule(prices: ProtocolPrices, buckets: number, rangePct: number): BucketRule {
  const high = prices.price / prices.debtPrice;
  const low = high * (1 - rangePct / 100);
  return { low, high, buckets, width: (high - low) / buckets };
}

function densityOut(
  prices: ProtocolPrices,
  rangePct: number,
  out: { debt: Float64Array; collateral: Float64Array; accounts: Int32Array },
): DensityBucket[] {
  const buckets = out.debt.length;
  const priceLow = prices.price * (1 - rangePct / 100);
  const step = (prices.price - priceLow) / buckets;
  return Array.from({ length: buckets }, (_, b) => ({
    priceLow: priceLow + b * step,
    priceHigh: b === buckets - 1 ? prices.price : priceLow + (b + 1) * step,
    debtUsd: out.debt[b] * prices.debtPrice,
    collateralUsd: out.collateral[b] * prices.price,
    accounts: out.accounts[b],
  }));
}

const emptyOut = (buckets: number) => ({
  debt: new Float64Array(buckets),
  collateral: new Float64Array(buckets),
  accounts: new Int32Array(buckets),
});

/**
 * Buckets the safe accounts with debt whose liquidation price lies from price·(1 − rangePct/100) up to the price
 * (the top bucket includes the price itself), `buckets` equal buckets, lowest first, from the book's liquidation
 * histogram: whole bins inside a bucket at once, accounts of the bins a bucket edge cuts one by one.
 *
 * @example densityBuckets(book, { price: 2000, debtPrice: 1, liquidationThreshold: 0.8 }, 50, 50);
 */
export function densityBuckets(
  book: ProtocolBook,
  prices: ProtocolPrices,
  buckets: number,
  rangePct: number,
): DensityBucket[] {
  const out = emptyOut(buckets);
  book.histogram.density(densityRule(prices, buckets, rangePct), book.liquidation, book.collateral, book.debt, out);
  return densityOut(prices, rangePct, out);
}

/**
 * {@link densityBuckets} by a scan of every slot, O(N): the reference the histogram is tested and benchmarked
 * against.
 *
 * @example densityBucketsByScan(book, { price: 2000, debtPrice: 1, liquidationThreshold: 0.8 }, 50, 50);
 */
export function densityBucketsByScan(
  book: ProtocolBook,
  prices: ProtocolPrices,
  buckets: number,
  rangePct: number,
): DensityBucket[] {
  const rule = densityRule(prices, buckets, rangePct);
  const out = emptyOut(buckets);
  const { liquidation } = book;
  for (let slot = 0; slot < book.slots; slot++) {
    // Free slots (−1) and accounts without debt (0) are never in range; unsafe ones are above it.
    const b = bucketOf(liquidation[slot], rule);
    if (b < 0) continue;
    out.debt[b] += book.debt[slot];
    out.collateral[b] += book.collateral[slot];
    out.accounts[b] += 1;
  }
  return densityOut(prices, rangePct, out);
}

/** Lower edges of the health-factor buckets; the last bucket has no upper edge. */
export const HEALTH_EDGES = [0, 1, 1.05, 1.1, 1.25, 1.5, 2, 3] as const;

/** Accounts with debt and their debt (USD) in one health-factor bucket; healthHigh null for the open last one. */
export interface HealthBucket {
  healthLow: number;
  healthHigh: number | null;
  accounts: number;
  debtUsd: number;
}

/**
 * The accounts with debt bucketed by health factor over {@link HEALTH_EDGES}; an unsafe account is always in the
 * first bucket and a safe one never is, whatever the rounding of its health factor. One O(N) pass.
 *
 * @example healthBuckets(book, { price: 2000, debtPrice: 1, liquidationThreshold: 0.8 });
 */
export function healthBuckets(book: ProtocolBook, prices: ProtocolPrices): HealthBucket[] {
  const edges = HEALTH_EDGES;
  const accounts = new Int32Array(edges.length);
  const debt = new Float64Array(edges.length);
  const n = book.slots;
  for (let slot = 0; slot < n; slot++) {
    const d = book.debt[slot];
    if (!(d > 0) || book.names[slot] === undefined) continue;
    let b = 0;
    if (!book.isUnsafe(slot)) {
      const h = healthFactor(book.collateral[slot], prices.price, prices.liquidationThreshold, d, prices.debtPrice);
      b = 1;
      while (b + 1 < edges.length && h >= edges[b + 1]) b++;
    }
    accounts[b] += 1;
    debt[b] += d;
  }
  return edges.map((healthLow, b) => ({
    healthLow,
    healthHigh: b + 1 < edges.length ? edges[b + 1] : null,
    accounts: accounts[b],
    debtUsd: debt[b] * prices.debtPrice,
  }));
}
