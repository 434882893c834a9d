/**
 * Perpetual funding, kept deliberately simple: the rate for an interval is the mean premium of the perp's trade
 * price over the index during the interval, clamped; each position pays size × mark × rate.
 *
 * Production venues add to this: Binance USDⓈ-M adds an interest component, F = P + clamp(I − P, ±0.05%), and caps
 * F per contract; dYdX v4 averages premium samples over the hour and clamps with a factor × (initial − maintenance
 * margin fraction) of the liquidity tier (`LiquidityTier.GetMaxAbsFundingClampPpm`, 600% in its tests). Passing
 * that product as `clampAbs` gives dYdX's clamp; the interest term is left out.
 */

/**
 * Funding rate for one interval: the mean premium clamped to [−clampAbs, clampAbs]. The sign of `clampAbs` is
 * ignored; a clamp of 0 gives a rate of 0 (never −0).
 *
 * @example
 * fundingRate(0.0004, 0.0075) // 0.0004
 * fundingRate(0.02, 0.0075) // 0.0075
 * fundingRate(-0.02, 0.0075) // -0.0075
 */
export function fundingRate(meanPremium: number, clampAbs: number): number {
  const limit = Math.abs(clampAbs);
  // dYdX v4 / Binance: the premium-based rate is bounded in both directions by the market's clamp.
  // (+ 0 turns a −0 from the clamp into 0.)
  return Math.min(limit, Math.max(-limit, meanPremium)) + 0;
}

/**
 * Funding the position PAYS for one interval, USD: signed size × mark price × rate. Positive rate: longs pay and
 * shorts receive (a negative result means the position receives). Binance: funding amount = position notional at
 * the mark price × funding rate.
 *
 * @example
 * fundingPaymentUsd(2, 30_000, 0.0001) // 6   (the long pays 6 USD)
 * fundingPaymentUsd(-2, 30_000, 0.0001) // -6 (the short receives 6 USD)
 * fundingPaymentUsd(2, 30_000, -0.0001) // -6 (negative rate: the long receives)
 */
export function fundingPaymentUsd(sizeSigned: number, markPrice: number, rate: number): number {
  // Binance USDⓈ-M: funding = size × mark price × funding rate; longs pay shorts when the rate is positive.
  return sizeSigned * markPrice * rate;
}
