// Health maths of an Aave-like lending position with one collateral and one debt asset.

/**
 * Aave v3 GenericLogic.calculateUserAccountData: health = collateral·price·LT / (debt·debtPrice).
 * Returns +Infinity for an account without debt (callers must not let it reach results).
 *
 * @example healthFactor(1, 2000, 0.825, 1500, 1) // 1.1
 */
export function healthFactor(
  collateral: number,
  collateralPrice: number,
  liquidationThreshold: number,
  debt: number,
  debtPrice: number,
): number {
  if (debt <= 0) return Number.POSITIVE_INFINITY;
  return (collateral * collateralPrice * liquidationThreshold) / (debt * debtPrice);
}

/**
 * Collateral price at which the health factor equals `health` (1 = the liquidation price):
 * price = health·debt·debtPrice / (collateral·LT). 0 when there is no debt; +Infinity with debt but no collateral.
 *
 * @example priceAtHealth(1, 1500, 1, 0.825, 1) // ≈ 1818.18
 */
export function priceAtHealth(
  health: number,
  debt: number,
  debtPrice: number,
  collateral: number,
  liquidationThreshold: number,
): number {
  if (debt <= 0) return 0;
  if (collateral <= 0) return Number.POSITIVE_INFINITY;
  return (health * debt * debtPrice) / (collateral * liquidationThreshold);
}

/**
 * Aave v3 LiquidationLogic close factor: the default share (0.5) while health is above
 * CLOSE_FACTOR_HF_THRESHOLD (0.95), all of the debt at or below it.
 *
 * @example closeFactor(0.97, 0.5, 0.95) // 0.5
 */
export function closeFactor(health: number, defaultCloseFactor: number, fullCloseBelowHealth: number): number {
  return health > fullCloseBelowHealth ? defaultCloseFactor : 1;
}
