// Reserve (asset) configuration of an Aave v3 pool with several collateral and debt assets.

/**
 * One Aave v3 reserve as this engine reads it. All shares are plain fractions (not basis points):
 *
 * - `liquidationBonus` is the EXTRA share a liquidator seizes, 0.05-style: 0.05 means collateral worth
 *   105% of the repaid debt (Aave stores it as 10500 bps, "1.05-style"; convert with {@link reserveFromAaveBps}).
 * - `liquidationProtocolFee` is the treasury's share of the bonus part of the seizure (Aave's
 *   liquidationProtocolFee, e.g. 0.1 = 10% of the bonus, not of the seizure).
 */
export interface CrossReserve {
  /** Label used in reports and errors (e.g. 'WETH'). */
  readonly name: string;
  /** Loan-to-value: share of the collateral value that may be borrowed against (borrowing power). */
  readonly ltv: number;
  /** Liquidation threshold: share of the collateral value that counts in the health factor; 0 = not collateral. */
  readonly liquidationThreshold: number;
  /** Extra collateral share a liquidator seizes, 0.05-style (0.05 = seize 105% of the repaid value). */
  readonly liquidationBonus: number;
  /** Treasury's share of the bonus part of the seizure, in [0, 1]. */
  readonly liquidationProtocolFee: number;
}

/** A reserve's configuration as Aave stores it: basis points, bonus 1.05-style (10500 = 5% bonus). */
export interface AaveReserveBps {
  name: string;
  ltvBps: number;
  liquidationThresholdBps: number;
  /** 1.05-style bonus in bps: 10500 means the liquidator seizes 105% of the repaid value; 0 when not collateral. */
  liquidationBonusBps: number;
  liquidationProtocolFeeBps: number;
}

/**
 * Converts an Aave basis-point configuration (bonus 1.05-style) to this engine's fractions (bonus 0.05-style),
 * then validates it with {@link validateReserve}.
 *
 * @example reserveFromAaveBps({ name: 'WETH', ltvBps: 8000, liquidationThresholdBps: 8250, liquidationBonusBps: 10500, liquidationProtocolFeeBps: 1000 })
 * // { name: 'WETH', ltv: 0.8, liquidationThreshold: 0.825, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }
 */
export function reserveFromAaveBps(config: AaveReserveBps): CrossReserve {
  const reserve: CrossReserve = {
    name: config.name,
    ltv: config.ltvBps / 10_000,
    liquidationThreshold: config.liquidationThresholdBps / 10_000,
    liquidationBonus: config.liquidationBonusBps === 0 ? 0 : config.liquidationBonusBps / 10_000 - 1,
    liquidationProtocolFee: config.liquidationProtocolFeeBps / 10_000,
  };
  validateReserve(reserve);
  return reserve;
}

/**
 * Aave v3 PoolConfigurator.configureReserveAsCollateral checks: ltv ≤ liquidationThreshold ≤ 1; a collateral
 * reserve (threshold > 0) has a bonus > 0 with threshold·(1 + bonus) ≤ 1; a non-collateral reserve has bonus 0.
 * Also requires the protocol fee share in [0, 1]. Throws a RangeError naming the reserve otherwise.
 *
 * @example validateReserve({ name: 'X', ltv: 0.9, liquidationThreshold: 0.8, liquidationBonus: 0.05, liquidationProtocolFee: 0 }) // throws
 */
export function validateReserve(r: CrossReserve): void {
  const finite = [r.ltv, r.liquidationThreshold, r.liquidationBonus, r.liquidationProtocolFee].every(Number.isFinite);
  const fail = (why: string) => {
    throw new RangeError(`reserve ${r.name}: ${why}`);
  };
  if (!finite) fail('parameters must be finite numbers');
  if (r.ltv < 0 || r.ltv > r.liquidationThreshold) fail('need 0 ≤ ltv ≤ liquidationThreshold');
  if (r.liquidationThreshold > 1) fail('need liquidationThreshold ≤ 1');
  if (r.liquidationProtocolFee < 0 || r.liquidationProtocolFee > 1) fail('need 0 ≤ liquidationProtocolFee ≤ 1');
  if (r.liquidationThreshold > 0) {
    if (!(r.liquidationBonus > 0)) fail('a collateral reserve needs liquidationBonus > 0 (0.05-style)');
    // Aave v3 PoolConfigurator: liquidationThreshold.percentMul(liquidationBonus) <= 100%.
    if (r.liquidationThreshold * (1 + r.liquidationBonus) > 1 + 1e-12)
      fail('need liquidationThreshold·(1 + liquidationBonus) ≤ 1');
  } else if (r.liquidationBonus !== 0) {
    fail('a reserve with liquidationThreshold 0 must have liquidationBonus 0');
  }
}

/**
 * Collateral units a liquidator receives per debt unit repaid, uncapped: debtPrice/collateralPrice·(1 + b − fee·b)
 * (Aave v3 _calculateAvailableCollateralToLiquidate: seizure·(1 + b), minus fee·(bonus part)).
 *
 * @example liquidatorUnitsPerRepaid({ name: 'WETH', ltv: 0.8, liquidationThreshold: 0.825, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }, 2000, 1) // 0.0005225
 */
export function liquidatorUnitsPerRepaid(collateral: CrossReserve, collateralPrice: number, debtPrice: number): number {
  const b = collateral.liquidationBonus;
  return (debtPrice / collateralPrice) * (1 + b - collateral.liquidationProtocolFee * b);
}
