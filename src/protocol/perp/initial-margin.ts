/**
 * Initial-margin rules that grow with risk concentration: dYdX v4's open-interest-scaled initial margin fraction
 * and Drift v2's size premium on a position's margin ratio. Both are defined in integer fixed point on chain;
 * here they are float64 formulas, with the conversion written out beside each.
 */

/**
 * dYdX v4 open-interest-scaled initial margin fraction (OIMF), from `LiquidityTier.GetAdjustedInitialMarginPpm`
 * in dydxprotocol/v4-chain `protocol/x/perpetuals/types/liquidity_tier.go`:
 * - upper cap 0 → OIMF disabled, the base IMF;
 * - open interest ≤ lower cap → the base IMF;
 * - open interest ≥ upper cap → 1 (positions fully collateralised);
 * - in between → base + (OI − lower)/(upper − lower)·(1 − base).
 *
 * Open interest is the market's open notional (open interest × oracle price) in USD; dYdX holds caps and OI in
 * quote quantums (1e-6 USDC) and the fraction in ppm, rounding the ppm down (and the margin in quote quantums
 * up). This float version skips those roundings, so it can exceed dYdX's ppm value by < 1e-6. Checks run in
 * dYdX's order, so a lower cap at or above the upper cap never divides by zero. The result is always in
 * [baseImf, 1] for a base in [0, 1]. (dYdX's maintenance margin stays base IMF × maintenance fraction: OI does
 * not scale it.)
 *
 * @example
 * oiScaledInitialMarginFraction(0.2, 1_500_000, 1_000_000, 2_000_000) // 0.6  (0.2 + 0.5 × 0.8)
 * oiScaledInitialMarginFraction(0.2, 500_000, 1_000_000, 2_000_000) // 0.2
 * oiScaledInitialMarginFraction(0.2, 3_000_000, 1_000_000, 2_000_000) // 1
 * oiScaledInitialMarginFraction(0.2, 3_000_000, 0, 0) // 0.2 (upper cap 0: scaling disabled)
 */
export function oiScaledInitialMarginFraction(
  baseImf: number,
  openInterestUsd: number,
  lowerCapUsd: number,
  upperCapUsd: number,
): number {
  // dYdX v4: an upper cap of 0 turns OI scaling off; OI at or below the lower cap keeps the base fraction.
  if (upperCapUsd === 0 || openInterestUsd <= lowerCapUsd) return baseImf;
  // dYdX v4: at or above the upper cap the fraction is 100%.
  if (openInterestUsd >= upperCapUsd) return 1;
  // dYdX v4: linear in OI between the caps, from base to 1.
  const scaling = (openInterestUsd - lowerCapUsd) / (upperCapUsd - lowerCapUsd);
  return Math.min(1, baseImf + scaling * (1 - baseImf));
}

/**
 * Drift v2 size premium on a perp market's margin ratio (`calculate_size_premium_liability_weight`, used by
 * `PerpMarket::get_margin_ratio`, drift-labs/protocol-v2 `programs/drift/src/math/margin.rs`):
 * ratio = max(base, 0.8·base + imfFactor·√|size|), or just base when imfFactor is 0.
 *
 * On chain: size in base units × 1e9 (AMM_RESERVE_PRECISION / BASE_PRECISION), margin ratio × 1e4
 * (MARGIN_PRECISION), imf_factor × 1e6 (SPOT_IMF_PRECISION). It computes
 * w − ⌊w/5⌋ + ⌊isqrt(size·10 + 1)·imf / (1e5·1e6/1e4)⌋ and keeps the larger of that and w.
 * isqrt(size·1e10) = √size_base·1e5, so the second term is √size_base·imf_fraction·1e4, i.e. imfFactor·√size in
 * margin-precision units; w − ⌊w/5⌋ is 0.8·w rounded up to a whole unit. Converted to fractions this is the float
 * formula above. For imf_factor ≤ 1 Drift's integer value lies less than 0.9e-4 above it (w − ⌊w/5⌋ is 0.8·w
 * rounded up, plus the +1 under the root) and less than 1.1e-4 below it (the floors of the root and of the
 * division): about one unit of 1e-4 either way.
 *
 * @example
 * sizePremiumMarginRatio(0.05, 100, 0.0005) // 0.05  (0.04 + 0.0005 × 10 = 0.045 < base)
 * sizePremiumMarginRatio(0.05, 10_000, 0.0005) // 0.09 (0.04 + 0.0005 × 100)
 * sizePremiumMarginRatio(0.05, 10_000, 0) // 0.05
 */
export function sizePremiumMarginRatio(baseMarginRatio: number, sizeBase: number, imfFactor: number): number {
  if (imfFactor === 0) return baseMarginRatio;
  // Drift v2: 80% of the base ratio plus imf_factor × √size, never below the base ratio.
  const premium = 0.8 * baseMarginRatio + imfFactor * Math.sqrt(Math.abs(sizeBase));
  return Math.max(baseMarginRatio, premium);
}
