import type { z } from 'zod';
import type { riskOraclePolicySettings } from '../../scenario/schema-risk-oracle.js';
import { SECONDS_PER_YEAR } from '../../market/price/time.js';

export { riskOraclePolicySettings } from '../../scenario/schema-risk-oracle.js';

/** Parsed policy settings. */
export type RiskOraclePolicySettings = z.output<typeof riskOraclePolicySettings>;

/**
 * A book sorted for the policy: each borrowing account's debt per unit of collateral (USD), descending, and the
 * running sum of debt (USD). An account's liquidation price at threshold T is ratio/T.
 */
export interface LiquidationLadder {
  /** debt·debtPrice/collateral, descending (Infinity for debt without collateral). */
  readonly ratio: Float64Array;
  /** cumulativeDebtUsd[i] = Σ debt USD of the accounts 0..i. */
  readonly cumulativeDebtUsd: Float64Array;
}

/**
 * Sorts the first `count` accounts of a book into a {@link LiquidationLadder}; accounts without debt are left out.
 *
 * @example liquidationLadder(new Float64Array([1, 2]), new Float64Array([1000, 1500]), 1).ratio; // [1000, 750]
 */
export function liquidationLadder(
  collateral: ArrayLike<number>,
  debt: ArrayLike<number>,
  debtPrice: number,
  count = debt.length,
): LiquidationLadder {
  const rows: { ratio: number; debtUsd: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (!(debt[i] > 0)) continue;
    const debtUsd = debt[i] * debtPrice;
    rows.push({ ratio: collateral[i] > 0 ? debtUsd / collateral[i] : Number.POSITIVE_INFINITY, debtUsd });
  }
  rows.sort((a, b) => b.ratio - a.ratio);
  const ratio = new Float64Array(rows.length);
  const cumulativeDebtUsd = new Float64Array(rows.length);
  let sum = 0;
  rows.forEach((row, i) => {
    ratio[i] = row.ratio;
    sum += row.debtUsd;
    cumulativeDebtUsd[i] = sum;
  });
  return { ratio, cumulativeDebtUsd };
}

/**
 * Debt (USD) of the accounts whose liquidation price at threshold T is at or above `floorPrice`, i.e. ratio ≥
 * T·floorPrice (already unsafe accounts included).
 *
 * @example debtAtOrAbove(liquidationLadder([1, 1], [1500, 1000], 1), 0.8, 1800); // 1500 (1500/0.8 ≥ 1800 > 1000/0.8)
 */
export function debtAtOrAbove(ladder: LiquidationLadder, threshold: number, floorPrice: number): number {
  const cut = threshold * floorPrice;
  // Binary search for the number of leading ratios ≥ cut (the ratios descend).
  let lo = 0;
  let hi = ladder.ratio.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ladder.ratio[mid] >= cut) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : ladder.cumulativeDebtUsd[lo - 1];
}

/** What the policy sees of the market. */
export interface PolicyMarket {
  /** Oracle price of the collateral, USD. */
  price: number;
  /** Observed depth of the venues trading the collateral: USD that moves the price 1%. */
  depthUsdPer1Pct: number;
  /** Realised volatility, annualised. */
  volatilityAnnual: number;
  /** Liquidation bonus paid on seized collateral (0.05 = 5%). */
  bonus: number;
}

/** The policy's target and its evidence. */
export interface PolicyTarget {
  threshold: number;
  /** Design shock, fraction of the price. */
  designShock: number;
  /** Largest threshold that leaves a position liquidated after the design shock solvent: (1 − s)/(1 + bonus). */
  solvencyCap: number;
  /** Smallest threshold whose first-round impact is within the bound (the upper end of the range if none is). */
  impactFloor: number;
  /** Debt (USD) within the design shock at the target threshold, and its first-round impact (fraction). */
  debtAtRiskUsd: number;
  firstRoundImpact: number;
  /** maxImpactShare · designShock, capped at maxImpact when set. */
  impactBound: number;
  binding: 'solvency' | 'impact' | 'range-high' | 'range-low';
}

/**
 * The analytic target threshold (docs/closed-loop.md). Design shock s = clamp(k·σ·√(horizon/year), minShock, 0.95).
 * Solvency cap: T·(1 + bonus) ≤ 1 − s, so a position liquidated after a gap of s still covers debt and bonus.
 * First-round impact at T: the debt whose liquidation price lies within s of the price, sold with the bonus into the
 * observed linear depth: D(T)·(1 + bonus)/(100·depth); it must stay ≤ maxImpactShare·s (and ≤ maxImpact when set). On a
 * fixed book D falls as
 * T rises, so the impact bound is a floor, found by bisection over [lo, hi]. The target is the largest threshold in
 * the range under the solvency cap and above the floor; when the cap lies below the floor, `onConflict` decides.
 *
 * @example
 * targetThreshold(ladder, { price: 2000, depthUsdPer1Pct: 300, volatilityAnnual: 0, bonus: 0 }, [0.5, 0.95],
 *   riskOraclePolicySettings.parse({ minShock: 0.1 })).threshold; // 0.9 (the solvency cap, (1 − 0.1)/1)
 */
export function targetThreshold(
  ladder: LiquidationLadder,
  market: PolicyMarket,
  range: readonly [number, number],
  settings: RiskOraclePolicySettings,
): PolicyTarget {
  const [lo, hi] = range;
  const sigma = Number.isFinite(market.volatilityAnnual) ? Math.max(0, market.volatilityAnnual) : 0;
  const raw = settings.shockSigmas * sigma * Math.sqrt(settings.horizonSeconds / SECONDS_PER_YEAR);
  const designShock = Math.min(0.95, Math.max(settings.minShock, raw));
  const floorPrice = market.price * (1 - designShock);
  const impactBound = Math.min(settings.maxImpactShare * designShock, settings.maxImpact ?? Number.POSITIVE_INFINITY);
  const depth = Math.max(0, market.depthUsdPer1Pct);
  const impactAt = (t: number) => {
    const sold = debtAtOrAbove(ladder, t, floorPrice) * (1 + market.bonus);
    if (sold === 0) return 0;
    return depth > 0 ? sold / (100 * depth) : Number.POSITIVE_INFINITY;
  };
  const within = (t: number) => impactAt(t) <= impactBound;
  let impactFloor: number;
  if (within(lo)) impactFloor = lo;
  else if (!within(hi)) impactFloor = hi;
  else {
    // Monotone bisection: within(a) false, within(b) true throughout.
    let a = lo;
    let b = hi;
    while (b - a > settings.tolerance) {
      const mid = (a + b) / 2;
      if (within(mid)) b = mid;
      else a = mid;
    }
    impactFloor = b;
  }
  // Solvency of a liquidation after a gap of s: collateral·P·(1 − s) ≥ debt·(1 + bonus) at HF 1 ⇔ T ≤ (1 − s)/(1 + LB).
  const solvencyCap = (1 - designShock) / (1 + market.bonus);
  const preferred = Math.max(lo, Math.min(hi, solvencyCap));
  let threshold: number;
  let binding: PolicyTarget['binding'];
  if (preferred >= impactFloor || settings.onConflict === 'solvency') {
    threshold = preferred;
    binding = solvencyCap >= hi ? 'range-high' : solvencyCap <= lo ? 'range-low' : 'solvency';
  } else {
    threshold = impactFloor;
    binding = 'impact';
  }
  const firstRoundImpact = impactAt(threshold);
  return {
    threshold,
    designShock,
    solvencyCap,
    impactFloor,
    debtAtRiskUsd: debtAtOrAbove(ladder, threshold, floorPrice),
    firstRoundImpact: Number.isFinite(firstRoundImpact) ? firstRoundImpact : Number.MAX_VALUE,
    impactBound,
    binding,
  };
}
