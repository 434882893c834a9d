// Closed form of the "toxic liquidation" frontier for accounts with several collateral assets.
//
// Let A = Σ_k C_k·LT_k (collateral value weighted by liquidation threshold, USD), D = total debt (USD),
// HF = A/D. One liquidationCall taking collateral j repays r USD of any debt reserve and removes r·(1 + b_j)
// USD of collateral j (this holds in the capped case too, since Aave then shrinks r to match the balance;
// the protocol fee is part of the removed collateral). Then
//   HF' = (A − r·(1 + b_j)·LT_j) / (D − r),   so   HF' − HF = r·(HF − LT_j·(1 + b_j)) / (D − r).
// The call lowers the health factor exactly when HF < LT_j·(1 + b_j), whatever r (0 < r < D) and whatever the
// other collateral and debt assets are. With one collateral, HF = LT·C/D and the condition reads
// D/C > 1/(1 + b): the loan-to-value frontier of Warmuz–Chaudhary–Pinna (2022). Aave's PoolConfigurator
// enforces LT·(1 + b) ≤ 1, so only accounts already below health LT_j·(1 + b_j) ≤ 1 can be hit, and among
// collaterals with equal thresholds the higher-bonus one (the liquidator's favourite) is the more toxic.
// Exception: a v3.3 call that exhausts all collateral writes the rest of the debt off (D' = 0).
import type { CrossReserve } from './reserves.js';

/**
 * Health factor below which a liquidation taking `collateral` lowers the account's health: LT·(1 + bonus).
 *
 * @example toxicHealthThreshold({ name: 'WBTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.1, liquidationProtocolFee: 0.1 }) // 0.825
 */
export function toxicHealthThreshold(collateral: CrossReserve): number {
  return collateral.liquidationThreshold * (1 + collateral.liquidationBonus);
}

/**
 * True when a liquidation seizing `collateral` from an account at `healthFactor` leaves it less healthy.
 *
 * @example isToxicLiquidation(0.8, wbtc) // true (0.8 < 0.75·1.1 = 0.825)
 */
export function isToxicLiquidation(healthFactor: number, collateral: CrossReserve): boolean {
  return healthFactor < toxicHealthThreshold(collateral);
}

/**
 * Health factor after repaying `repaidUsd` of debt for `collateral` at its bonus (no deficit write-off):
 * HF + r·(HF − LT·(1 + b))/(D − r); +Infinity when the repay clears all the debt.
 *
 * @example healthAfterLiquidation(0.9, 25_000, 5_000, wbtc) // 0.9 + 5000·(0.9 − 0.825)/20000 = 0.91875
 */
export function healthAfterLiquidation(
  healthFactor: number,
  totalDebtUsd: number,
  repaidUsd: number,
  collateral: CrossReserve,
): number {
  if (repaidUsd >= totalDebtUsd) return Number.POSITIVE_INFINITY;
  return healthFactor + (repaidUsd * (healthFactor - toxicHealthThreshold(collateral))) / (totalDebtUsd - repaidUsd);
}
