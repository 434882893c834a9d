/** Outcome of one fixed-bonus liquidation call, in asset units. */
export interface FixedBonusLiquidation {
  /** Debt repaid by the liquidator (debt-asset units). */
  debtRepaid: number;
  /** Collateral taken from the account (collateral units), fee included. */
  collateralSeized: number;
  /** Part of the seized collateral kept by the protocol (liquidation protocol fee). */
  protocolFee: number;
  /** Collateral the liquidator receives: collateralSeized − protocolFee. */
  liquidatorReceives: number;
}

/**
 * Aave v3 LiquidationLogic._calculateAvailableCollateralToLiquidate: seize
 * debtToCover·debtPrice/collateralPrice·(1 + bonus); if that exceeds the balance, seize the whole
 * balance and shrink the repaid debt to balance·collateralPrice/debtPrice/(1 + bonus). The protocol fee is
 * `protocolFeeShare` of the bonus part (seized − seized/(1 + bonus)).
 *
 * @example
 * fixedBonusLiquidation(1000, 10, 2000, 1, 0.05, 0.1)
 * // { debtRepaid: 1000, collateralSeized: 0.525, protocolFee: 0.0025, liquidatorReceives: 0.5225 }
 * fixedBonusLiquidation(1000, 10, 2000, 1, 0.05, 0.1, reused) // the same numbers written into `reused`, which it returns
 */
export function fixedBonusLiquidation(
  debtToCover: number,
  collateralBalance: number,
  collateralPrice: number,
  debtPrice: number,
  liquidationBonus: number,
  protocolFeeShare: number,
  /** Filled and returned instead of a new object (the same numbers either way), for allocation-free hot paths. */
  out?: FixedBonusLiquidation,
): FixedBonusLiquidation {
  const bonusMultiplier = 1 + liquidationBonus;
  let collateralSeized = ((debtToCover * debtPrice) / collateralPrice) * bonusMultiplier;
  let debtRepaid = debtToCover;
  if (collateralSeized > collateralBalance) {
    collateralSeized = collateralBalance;
    debtRepaid = (collateralBalance * collateralPrice) / debtPrice / bonusMultiplier;
  }
  // Aave v3 liquidationProtocolFee: a percentage of the bonus collateral goes to the treasury.
  const protocolFee = (collateralSeized - collateralSeized / bonusMultiplier) * protocolFeeShare;
  if (!out) return { debtRepaid, collateralSeized, protocolFee, liquidatorReceives: collateralSeized - protocolFee };
  out.debtRepaid = debtRepaid;
  out.collateralSeized = collateralSeized;
  out.protocolFee = protocolFee;
  out.liquidatorReceives = collateralSeized - protocolFee;
  return out;
}
