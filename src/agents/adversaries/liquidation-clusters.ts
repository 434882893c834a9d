/**
 * Where a lending protocol's liquidation prices bunch up below the market, and how much to sell into a venue to
 * move its price there. Liquidation prices are public on chain (collateral, debt and threshold of every account),
 * so anyone can build this map; a cascade hunter pushes the price onto the nearest bunch.
 */

/** Basis points in one unit. */
const BPS = 10_000;

/**
 * Where to look for clusters: below `referencePrice`, down to `searchDepthPct` %, in buckets `bucketPct` % wide.
 *
 * @example
 * const window: ClusterWindow = { referencePrice: 2000, bucketPct: 0.5, searchDepthPct: 15 };
 */
export interface ClusterWindow {
  /** Price distances are measured from (the protocol's oracle answer), USD per unit. */
  readonly referencePrice: number;
  /** Width of one bucket, % of the reference price. */
  readonly bucketPct: number;
  /** Depth of the window below the reference, % (the last bucket is clipped to it). */
  readonly searchDepthPct: number;
}

/**
 * One bucket of the histogram: accounts whose liquidation price p satisfies bottomPrice < p ≤ topPrice.
 *
 * @example
 * const b: LiquidationBucket = buckets[0]; // b.fromPct === 0, b.toPct === 0.5 for 0.5% buckets
 */
export interface LiquidationBucket {
  /** Position from the reference, 0 = nearest. */
  readonly index: number;
  /** Distance of the top edge below the reference, %. */
  readonly fromPct: number;
  /** Distance of the bottom edge below the reference, %. */
  readonly toPct: number;
  /** referencePrice·(1 − fromPct/100). */
  readonly topPrice: number;
  /** referencePrice·(1 − toPct/100): a price at or below it makes every account of the bucket liquidatable. */
  readonly bottomPrice: number;
  /** Collateral of the bucket's accounts, USD. */
  readonly valueUsd: number;
  /** Accounts in the bucket. */
  readonly accounts: number;
}

/**
 * The bucket a hunter aims at and what reaching its bottom edge puts at stake.
 *
 * @example
 * const c = nearestCluster(buckets, 1e6); // c?.bucket.bottomPrice is the push target
 */
export interface LiquidationCluster {
  readonly bucket: LiquidationBucket;
  /** Collateral USD of every bucket from the reference down to and including this one. */
  readonly valueThroughUsd: number;
}

/**
 * Number of buckets covering the window: ⌈searchDepthPct / bucketPct⌉ (a quotient a hair above an integer from
 * float division, e.g. 3.0000000000000004, counts as that integer).
 *
 * @example bucketCount({ referencePrice: 1, bucketPct: 0.5, searchDepthPct: 15 }) // 30
 */
export function bucketCount(window: ClusterWindow): number {
  return Math.max(1, Math.ceil(window.searchDepthPct / window.bucketPct - 1e-9));
}

/**
 * Histogram of liquidation value by distance below the reference price. Account k (liquidation price
 * `prices[k]`, collateral `valuesUsd[k]` USD) falls in the bucket with bottomPrice < price ≤ topPrice; accounts at
 * or above the reference (already liquidatable), at or below the window's bottom edge, or with a non-finite or
 * non-positive price are left out. Membership is decided against the edge prices themselves, so pushing the price
 * to a bucket's `bottomPrice` makes every account in it, and in every nearer bucket, liquidatable.
 *
 * @example
 * // Reference 100, 1% buckets over 3%: 99.5 → bucket 0, 98.2 and 98.9 → bucket 1, 97 (edge) → left out.
 * liquidationHistogram([99.5, 98.2, 98.9, 97], [10, 20, 30, 40], { referencePrice: 100, bucketPct: 1, searchDepthPct: 3 })
 *   .map((b) => b.valueUsd); // [10, 50, 0]
 */
export function liquidationHistogram(
  prices: ArrayLike<number>,
  valuesUsd: ArrayLike<number>,
  window: ClusterWindow,
): LiquidationBucket[] {
  const { referencePrice, bucketPct, searchDepthPct } = window;
  const count = bucketCount(window);
  const edgePct = (k: number) => Math.min(k * bucketPct, searchDepthPct);
  const edgePrice = (k: number) => referencePrice * (1 - edgePct(k) / 100);
  const value = new Float64Array(count);
  const accounts = new Uint32Array(count);
  const floor = edgePrice(count);
  for (let a = 0; a < prices.length; a++) {
    const price = prices[a];
    if (!(price > floor && price < referencePrice && Number.isFinite(price))) continue;
    // First guess from the distance, then settle against the edge prices (float rounding near an edge).
    let k = Math.min(count - 1, Math.floor(((1 - price / referencePrice) * 100) / bucketPct));
    while (k > 0 && price > edgePrice(k)) k--;
    while (k < count - 1 && price <= edgePrice(k + 1)) k++;
    const usd = valuesUsd[a];
    value[k] += Number.isFinite(usd) && usd > 0 ? usd : 0;
    accounts[k] += 1;
  }
  const buckets: LiquidationBucket[] = [];
  for (let k = 0; k < count; k++) {
    buckets.push({
      index: k,
      fromPct: edgePct(k),
      toPct: edgePct(k + 1),
      topPrice: edgePrice(k),
      bottomPrice: edgePrice(k + 1),
      valueUsd: value[k],
      accounts: accounts[k],
    });
  }
  return buckets;
}

/**
 * The nearest cluster: the first bucket below the reference holding at least `minValueUsd` of collateral (and
 * some). Rule chosen for clarity: the hunter wants the shortest push that puts a worthwhile lump of liquidations
 * in play, and nearer buckets are cheaper to reach; null when no bucket of the window qualifies.
 *
 * @example
 * nearestCluster(liquidationHistogram([99.5, 98.2, 98.9], [10, 20, 30], window), 40)?.bucket.index // 1
 */
export function nearestCluster(buckets: readonly LiquidationBucket[], minValueUsd: number): LiquidationCluster | null {
  let through = 0;
  for (const bucket of buckets) {
    through += bucket.valueUsd;
    if (bucket.valueUsd > 0 && bucket.valueUsd >= minValueUsd) return { bucket, valueThroughUsd: through };
  }
  return null;
}

/**
 * Base to sell into a constant-product pool (reserves x base, y quote, fee on the input) so that its mid falls to
 * `target`. After selling b with γ = 1 − fee: x' = x + b and y' = x·y/(x + γ·b) (Uniswap v2 getAmountOut), so
 * mid' = x·y / ((x + b)(x + γ·b)) = target gives γ·b² + (1 + γ)·x·b − (x·y/target − x²) = 0, solved in the
 * cancellation-free form b = 2c / ((1 + γ)·x + √((1 + γ)²·x² + 4γ·c)) with c = x·y/target − x². 0 when the mid
 * is already at or below the target.
 *
 * @example
 * // No fee: mid' = x·y/(x + b)², so reaching 0.81 of the mid takes b = x·(1/0.9 − 1).
 * cpammSaleToMid(5000, 10e6, 0, 1620) // 555.55…
 */
export function cpammSaleToMid(reserveBase: number, reserveQuote: number, feeBps: number, target: number): number {
  const x = reserveBase;
  const c = (x * reserveQuote) / target - x * x;
  if (!(c > 0)) return 0;
  const gamma = (BPS - feeBps) / BPS;
  return (2 * c) / ((1 + gamma) * x + Math.sqrt((1 + gamma) * (1 + gamma) * x * x + 4 * gamma * c));
}

/** What {@link saleToMidByQuotes} needs of a venue: its sale quotes. */
export interface SaleQuoter {
  quoteSell(baseIn: number): number;
}

/**
 * Base to sell into any venue so that its marginal sale rate, d quoteSell/d base, falls to `target`, found by
 * bisection on [0, maxBase] from quotes alone (no state change). The marginal rate includes the venue's fee, so
 * on a venue with a fee the mid stops about that fee above the target. Returns maxBase when even it is not enough,
 * 0 when the rate is already at or below the target.
 *
 * @example
 * // Linear quote curve quoteSell(b) = 2000·b − 10·b², marginal 2000 − 20·b: 1900 is reached at b = 5.
 * saleToMidByQuotes({ quoteSell: (b) => 2000 * b - 10 * b * b }, 1900, 50) // ≈ 5
 */
export function saleToMidByQuotes(venue: SaleQuoter, target: number, maxBase: number): number {
  if (!(maxBase > 0)) return 0;
  const step = maxBase * 1e-7;
  // Central difference of the quote curve (one-sided at 0, where the curve starts).
  const rateAt = (b: number) =>
    b < step
      ? (venue.quoteSell(b + step) - venue.quoteSell(b)) / step
      : (venue.quoteSell(b + step) - venue.quoteSell(b - step)) / (2 * step);
  if (rateAt(0) <= target) return 0;
  if (rateAt(maxBase) > target) return maxBase;
  let lo = 0;
  let hi = maxBase;
  for (let k = 0; k < 100 && hi - lo > step; k++) {
    const mid = (lo + hi) / 2;
    if (rateAt(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
