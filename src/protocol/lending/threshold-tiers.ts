/** One tier: positions whose debt is above `aboveDebtUsd` use `liquidationThreshold`. */
export interface ThresholdTier {
  aboveDebtUsd: number;
  liquidationThreshold: number;
}

/**
 * Tiered margin by position size, in the spirit of Binance's notional brackets and Drift's size premium:
 * the liquidation threshold of a position is that of the highest tier whose `aboveDebtUsd` its debt
 * exceeds, else the base threshold. Tiers are keyed on debt (not collateral value) so that a position's
 * threshold changes only when its debt does, never with the price.
 *
 * @example
 * tieredThreshold(2e6, 0.825, [{ aboveDebtUsd: 1e6, liquidationThreshold: 0.8 }]) // 0.8
 */
export function tieredThreshold(debtUsd: number, base: number, tiers: readonly ThresholdTier[]): number {
  let threshold = base;
  for (const tier of tiers) if (debtUsd > tier.aboveDebtUsd) threshold = tier.liquidationThreshold;
  return threshold;
}
