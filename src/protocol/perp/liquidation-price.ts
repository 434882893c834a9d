/**
 * Prices that matter for one isolated perpetual position (one-way mode, no other positions in the account):
 * its equity at a price, the price where equity reaches zero (bankruptcy), and the price where equity reaches the
 * tiered maintenance margin (liquidation), following Binance USDⓈ-M's isolated-margin rules (support article
 * 360033162192: LP = (wallet + cum − side·qty·entry) / (qty·mmr − side·qty) for one isolated position).
 *
 * Conventions: side +1 long, −1 short; size > 0 in base units; entry price > 0; margin in USD (finite; normally
 * ≥ 0, a negative margin is accepted and simply moves both prices against the position). A long is liquidated
 * when the price is at or below its liquidation price, a short when it is at or above it.
 */
import type { MarginBracket } from './margin-tiers.js';

function checkPosition(size: number, entryPrice: number, marginUsd: number): void {
  if (!(Number.isFinite(size) && size > 0)) throw new RangeError(`position size must be finite and > 0, got ${size}`);
  if (!(Number.isFinite(entryPrice) && entryPrice > 0))
    throw new RangeError(`entry price must be finite and > 0, got ${entryPrice}`);
  if (!Number.isFinite(marginUsd)) throw new RangeError(`isolated margin must be finite, got ${marginUsd}`);
}

/**
 * Equity of an isolated position at `price`, USD: margin + side·size·(price − entry).
 *
 * @example
 * isolatedEquityUsd(1, 2, 30_000, 6_000, 28_000) // 2,000 (6,000 − 2 × 2,000)
 * isolatedEquityUsd(-1, 2, 30_000, 6_000, 28_000) // 10,000
 */
export function isolatedEquityUsd(
  side: 1 | -1,
  size: number,
  entryPrice: number,
  marginUsd: number,
  price: number,
): number {
  // Isolated margin: the wallet balance assigned to the position plus its unrealised PnL at the price.
  return marginUsd + side * size * (price - entryPrice);
}

/**
 * Bankruptcy price: where the isolated equity reaches zero, entry − side·margin/size. Floored at 0, so a long
 * whose margin covers its whole entry notional returns 0 (never bankrupt at a positive price), and a short whose
 * negative margin exceeds its entry notional returns 0 (bankrupt at every price). Throws a RangeError unless
 * size and entry are finite and > 0 and the margin is finite.
 *
 * @example
 * bankruptcyPrice(1, 2, 30_000, 6_000) // 27,000
 * bankruptcyPrice(-1, 2, 30_000, 6_000) // 33,000
 * bankruptcyPrice(1, 1, 100, 150) // 0 (margin above notional: a long can never lose it all)
 */
export function bankruptcyPrice(side: 1 | -1, size: number, entryPrice: number, marginUsd: number): number {
  checkPosition(size, entryPrice, marginUsd);
  // Binance/BitMEX bankruptcy price: the price at which margin + unrealised PnL = 0.
  return Math.max(0, entryPrice - (side * marginUsd) / size);
}

/**
 * Isolated liquidation price with tiered maintenance: the price P where margin + side·size·(P − entry) equals
 * maintenanceMarginUsd(size·P). Binance USDⓈ-M isolated, one-way mode:
 * P = (margin + cum_k − side·size·entry) / (size·(mmr_k − side)) for the bracket k that contains size·P.
 *
 * The gap equity − maintenance is strictly monotone in P (rising for a long, falling for a short) because every
 * rate is below 1, so the root is unique. The bracket is found by evaluating that gap at the bracket caps (so the
 * answer is self-consistent even when the root sits exactly on a cap), then the bracket's closed form is solved
 * and clamped into the bracket's price range against rounding.
 *
 * Returns 0 for a long that cannot be liquidated at any positive price (margin ≥ entry notional), and 0 for a
 * short that is liquidatable at every price. Returns null only when the root overflows float64 (a short with an
 * astronomically large margin); with rates below 1 and the last bracket extending to infinity, every short
 * otherwise has a finite liquidation price. Brackets must pass `validateBrackets`; throws a RangeError for a
 * non-positive size or entry, a non-finite margin, or an empty bracket list.
 *
 * @example
 * const brackets = [
 *   { notionalCapUsd: 50_000, maintenanceMarginRate: 0.004 },
 *   { notionalCapUsd: 250_000, maintenanceMarginRate: 0.005 },
 * ];
 * // Long 2 BTC at 30,000 with 6,000 margin: (6,000 + 50 − 60,000)/(2 × (0.005 − 1)) = 27,110.55…
 * isolatedLiquidationPrice(1, 2, 30_000, 6_000, brackets) // ≈ 27,110.553
 * // Short 2 BTC at 30,000 with 6,000 margin: (6,000 + 50 + 60,000)/(2 × 1.005) = 32,860.697…
 * isolatedLiquidationPrice(-1, 2, 30_000, 6_000, brackets) // ≈ 32,860.697
 */
export function isolatedLiquidationPrice(
  side: 1 | -1,
  size: number,
  entryPrice: number,
  marginUsd: number,
  brackets: readonly MarginBracket[],
): number | null {
  checkPosition(size, entryPrice, marginUsd);
  const last = brackets.length - 1;
  if (last < 0) throw new RangeError('margin brackets: the list is empty');
  // At P = 0 maintenance is 0, so the gap equity − maintenance is margin − side·size·entry.
  const gapAtZero = marginUsd - side * size * entryPrice;
  if (side === 1 ? gapAtZero >= 0 : gapAtZero <= 0) return 0;

  // The first bracket whose cap price already has the gap on the far side of zero holds the root.
  let k = 0;
  let cum = 0; // maintenance amount of bracket k, accumulated as k advances
  for (; k < last; k++) {
    const cap = brackets[k].notionalCapUsd;
    const rateK = brackets[k].maintenanceMarginRate;
    const gap = isolatedEquityUsd(side, size, entryPrice, marginUsd, cap / size) - (cap * rateK - cum);
    if (side === 1 ? gap >= 0 : gap <= 0) break;
    cum += cap * (brackets[k + 1].maintenanceMarginRate - rateK);
  }

  const rate = brackets[k].maintenanceMarginRate;
  // Binance USDⓈ-M isolated liquidation price, one position, one-way mode.
  const price = (marginUsd + cum - side * size * entryPrice) / (size * (rate - side));
  if (!Number.isFinite(price)) return null;
  const lowPrice = k === 0 ? 0 : brackets[k - 1].notionalCapUsd / size;
  const highPrice = k === last ? Infinity : brackets[k].notionalCapUsd / size;
  return Math.min(Math.max(price, lowPrice), highPrice);
}
