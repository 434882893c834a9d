/**
 * Closed form of liquidating an account to safety at one price under a fixed-bonus rule with a
 * health-dependent close factor (Aave v3, the volatility bonus at a fixed bonus, Morpho Blue with a
 * close factor of 1). Everything depends on the account's health h = P/L (L its liquidation price)
 * only, so accounts fall into health bands, each taking a fixed share of debt or all the collateral.
 *
 * Derivation. With β = (1 + b)·LT, a call repaying the share c of the debt at price P leaves
 * health T(h) = (h − c·β)/(1 − c) (collateral C − c·D·(1+b)/P against debt (1 − c)·D). T moves h away
 * from β. So:
 * - h < β (and h < 1): health falls call after call until the full close, where the collateral
 *   (C·P < D·(1 + b) ⟺ h < β) runs out: everything is seized;
 * - β ≤ h ≤ hf: one full close, all debt repaid for D·(1 + b)/P units;
 * - max(β, hf) < h < 1: k partial calls, k the least with T^k(h) ≥ 1, i.e. h ≥ θ_k where θ_0 = 1,
 *   θ_k = (1 − c)·θ_{k−1} + c·β; the repaid share is 1 − (1 − c)^k.
 * Ties at a band edge go to the band above (the full close at exactly h = hf counts as partial).
 */

/**
 * A fixed-bonus liquidation rule's parameters.
 *
 * @example
 * const aave: FixedBonusParameters = { bonus: 0.05, protocolFeeShare: 0.1, closeFactor: 0.5, fullCloseBelowHealth: 0.95, threshold: 0.825 };
 */
export interface FixedBonusParameters {
  bonus: number;
  /** Share of the bonus collateral the protocol keeps (not sold by keepers). */
  protocolFeeShare: number;
  /** Share of the debt one call may repay above fullCloseBelowHealth (1 = no close factor). */
  closeFactor: number;
  fullCloseBelowHealth: number;
  /** Liquidation threshold LT (the same for every account). */
  threshold: number;
}

/**
 * Accounts with health in [lower, upper) repay `debtShare` of their debt, for collateral worth
 * seizedPerRepaid times the repaid value, or 1/h times it when `inverseHealth` (Euler's discount).
 *
 * @example
 * const band: HealthBand = { lower: 0.95, upper: 1, debtShare: 0.5 };
 */
export interface HealthBand {
  lower: number;
  upper: number;
  debtShare: number;
  /** Collateral value seized per unit of debt value repaid is 1/h (the rule's discount factor is the health). */
  inverseHealth?: boolean;
}

/**
 * How accounts liquidate at a price, by health band.
 *
 * @example
 * const b = fixedBonusBands({ bonus: 0.05, protocolFeeShare: 0, closeFactor: 0.5, fullCloseBelowHealth: 0.95, threshold: 0.825 });
 * b.emptiedBelow; // 0.86625 = 1.05·0.825
 */
export interface SeizureBands {
  /** Accounts with health below this lose all their collateral. */
  emptiedBelow: number;
  /** Bands covering [emptiedBelow, 1), from the top down. */
  bands: HealthBand[];
  /** Collateral seized per unit of debt value repaid, in value: 1 + bonus (bands without `inverseHealth`). */
  seizedPerRepaid: number;
  /** Share of seized collateral keepers receive and sell. */
  soldShare: number;
}

/** Partial-call bands stop when what is left to repay, (1 − c)^k, is below this. */
const NEGLIGIBLE_SHARE = 1e-17;

/**
 * The health bands of a fixed-bonus rule (see the module comment for the derivation).
 *
 * @example
 * fixedBonusBands({ bonus: 0.05, protocolFeeShare: 0.1, closeFactor: 0.5, fullCloseBelowHealth: 0.95, threshold: 0.825 }).bands;
 * // [{ lower: 0.95, upper: 1, debtShare: 0.5 }, { lower: 0.86625, upper: 0.95, debtShare: 1 }]
 */
export function fixedBonusBands(p: FixedBonusParameters): SeizureBands {
  const beta = (1 + p.bonus) * p.threshold;
  const emptiedBelow = Math.min(beta, 1);
  // Aave v3 fee: protocolFeeShare of the bonus part seized − seized/(1 + b).
  const soldShare = 1 - (p.protocolFeeShare * p.bonus) / (1 + p.bonus);
  const result: SeizureBands = { emptiedBelow, bands: [], seizedPerRepaid: 1 + p.bonus, soldShare };
  if (beta >= 1) return result;
  const c = Math.min(p.closeFactor, 1);
  const fullUpTo = c >= 1 ? 1 : Math.min(p.fullCloseBelowHealth, 1);
  const floor = Math.max(fullUpTo, beta);
  let upper = 1;
  let left = 1;
  for (let k = 1; upper > floor; k++) {
    left *= 1 - c;
    // θ_k = T^{-1}(θ_{k−1}) = (1 − c)·θ_{k−1} + c·β.
    const theta = (1 - c) * upper + c * beta;
    const lower = theta > floor && left > NEGLIGIBLE_SHARE ? theta : floor;
    result.bands.push({ lower, upper, debtShare: lower === floor && left <= NEGLIGIBLE_SHARE ? 1 : 1 - left });
    upper = lower;
  }
  if (fullUpTo > beta) result.bands.push({ lower: beta, upper: fullUpTo, debtShare: 1 });
  return result;
}

/**
 * Euler v2 (whole debt per call, discount factor df = max(h, 1 − maxDiscount), seized value = repaid/df,
 * no fee). The collateral runs out when repaid/df > C·P, i.e. LT > h·df: h < √LT where df = h, and
 * h < LT/(1 − maxDiscount) where df = 1 − maxDiscount. Whichever of √LT and 1 − maxDiscount is larger
 * decides which of the two is the single edge below which accounts are emptied.
 *
 * @example
 * eulerBands(0.15, 0.825).bands; // [{ lower: 0.9083, upper: 1, debtShare: 1, inverseHealth: true }]
 */
export function eulerBands(maxDiscount: number, threshold: number): SeizureBands {
  const floorFactor = 1 - maxDiscount;
  const root = Math.sqrt(threshold);
  const result: SeizureBands = { emptiedBelow: 1, bands: [], seizedPerRepaid: 1 / floorFactor, soldShare: 1 };
  if (root > floorFactor) {
    result.emptiedBelow = Math.min(root, 1);
    if (root < 1) result.bands.push({ lower: root, upper: 1, debtShare: 1, inverseHealth: true });
    return result;
  }
  result.emptiedBelow = Math.min(threshold / floorFactor, 1);
  result.bands.push({ lower: floorFactor, upper: 1, debtShare: 1, inverseHealth: true });
  if (result.emptiedBelow < floorFactor)
    result.bands.push({ lower: result.emptiedBelow, upper: floorFactor, debtShare: 1 });
  return result;
}

/**
 * Auctions, absorption and stability pools, approximated as selling the whole collateral of every
 * liquidatable account at once.
 *
 * @example
 * wholeCollateralBands().emptiedBelow; // 1: every liquidatable account
 */
export function wholeCollateralBands(): SeizureBands {
  return { emptiedBelow: 1, bands: [], seizedPerRepaid: 1, soldShare: 1 };
}
