// Per-asset unit totals of a cross-asset pool: what conservation is checked against.
import type { CrossAccountBook } from './cross-account.js';

/**
 * Running totals of a cross-asset pool in asset units, one entry per reserve (index = asset). The USD
 * totals (liquidations, penalties, fees, bad debt) live in the protocol's LendingLedger; units cannot be
 * added across assets, so they live here.
 *
 * @example
 * totals.collateralSeized[0] === totals.collateralToLiquidators[0] + totals.protocolFeeCollateral[0]; // true
 */
export class CrossAssetTotals {
  /** Collateral units taken from accounts (liquidator's part + treasury fee). */
  readonly collateralSeized: Float64Array;
  /** Collateral units handed to liquidators. */
  readonly collateralToLiquidators: Float64Array;
  /** Collateral units sent to the treasury (liquidationProtocolFee). */
  readonly protocolFeeCollateral: Float64Array;
  /** Debt units repaid by liquidators. */
  readonly debtRepaid: Float64Array;
  /** Debt units written off as v3.3 deficit (bad debt). */
  readonly debtWrittenOff: Float64Array;
  /** liquidationCalls that took this asset as collateral. */
  readonly liquidationsByCollateral: Float64Array;
  /** liquidationCalls that repaid this asset. */
  readonly liquidationsByDebt: Float64Array;
  /** Accounts whose first liquidationCall took this asset as collateral. */
  readonly firstLiquidationsByCollateral: Float64Array;

  constructor(readonly assets: number) {
    this.collateralSeized = new Float64Array(assets);
    this.collateralToLiquidators = new Float64Array(assets);
    this.protocolFeeCollateral = new Float64Array(assets);
    this.debtRepaid = new Float64Array(assets);
    this.debtWrittenOff = new Float64Array(assets);
    this.liquidationsByCollateral = new Float64Array(assets);
    this.liquidationsByDebt = new Float64Array(assets);
    this.firstLiquidationsByCollateral = new Float64Array(assets);
  }
}

/** Units of each asset summed over every account of a book. */
export interface BookUnits {
  /** Supplied units per asset. */
  collateral: Float64Array;
  /** Borrowed units per asset. */
  debt: Float64Array;
}

/**
 * Sums every account's balances per asset (O(accounts·assets)).
 *
 * @example bookUnits(book).collateral[0] // total WETH supplied
 */
export function bookUnits(book: CrossAccountBook): BookUnits {
  const collateral = new Float64Array(book.assets);
  const debt = new Float64Array(book.assets);
  for (let account = 0; account < book.accounts; account++) {
    const base = account * book.assets;
    for (let asset = 0; asset < book.assets; asset++) {
      collateral[asset] += book.collateral[base + asset];
      debt[asset] += book.debt[base + asset];
    }
  }
  return { collateral, debt };
}

/**
 * The first account holding a negative or non-finite balance of some asset, or -1 when every balance is a
 * finite number ≥ 0.
 *
 * @example firstBadBalance(book) // -1
 */
export function firstBadBalance(book: CrossAccountBook): number {
  for (let slot = 0; slot < book.collateral.length; slot++) {
    const c = book.collateral[slot];
    const d = book.debt[slot];
    if (!(c >= 0 && d >= 0 && Number.isFinite(c) && Number.isFinite(d))) return Math.floor(slot / book.assets);
  }
  return -1;
}
