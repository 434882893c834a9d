// Aave v3 accounts holding several collateral and several debt assets, as flat typed arrays.
import { validateReserve, type CrossReserve } from './reserves.js';

/**
 * Balances of many accounts over a fixed list of reserves, struct-of-arrays: the balance of `asset` held by
 * `account` lives at index `account·assets + asset` of `collateral` (units supplied) and `debt` (units
 * borrowed). Every positive balance of a reserve with liquidationThreshold > 0 counts as collateral (Aave's
 * per-user "use as collateral" switch is taken as on). Prices are the oracle's, USD per unit.
 *
 * @example
 * const book = new CrossAccountBook([weth, usdc], [2000, 1], 100_000);
 * book.collateral[book.slot(7, 0)] = 10; // account 7 supplies 10 WETH
 */
export class CrossAccountBook {
  /** Number of reserves (assets). */
  readonly assets: number;
  /** Number of accounts. */
  readonly accounts: number;
  /** Oracle price of each asset, USD per unit; change with {@link CrossAccountBook.setPrice}. */
  readonly prices: Float64Array;
  /** Supplied units, index account·assets + asset. */
  readonly collateral: Float64Array;
  /** Borrowed units, index account·assets + asset. */
  readonly debt: Float64Array;

  /** Validates every reserve (Aave PoolConfigurator rules) and every price (finite, > 0). */
  constructor(
    readonly reserves: readonly CrossReserve[],
    prices: readonly number[],
    accounts: number,
  ) {
    if (reserves.length === 0) throw new RangeError('a cross-asset book needs at least one reserve');
    if (prices.length !== reserves.length) throw new RangeError('one price per reserve');
    if (!Number.isInteger(accounts) || accounts < 0) throw new RangeError('accounts must be a non-negative integer');
    reserves.forEach(validateReserve);
    this.assets = reserves.length;
    this.accounts = accounts;
    this.prices = new Float64Array(this.assets);
    prices.forEach((p, asset) => this.setPrice(asset, p));
    this.collateral = new Float64Array(accounts * this.assets);
    this.debt = new Float64Array(accounts * this.assets);
  }

  /** Index of (account, asset) in `collateral` and `debt`. */
  slot(account: number, asset: number): number {
    return account * this.assets + asset;
  }

  /** Sets the oracle price of `asset` (USD per unit, finite and > 0). */
  setPrice(asset: number, priceUsd: number): void {
    if (!(Number.isFinite(priceUsd) && priceUsd > 0))
      throw new RangeError(`price of ${this.reserves[asset]?.name}: finite and > 0`);
    this.prices[asset] = priceUsd;
  }
}

/** Aave v3 GenericLogic.calculateUserAccountData of one account, in USD (the base currency). */
export interface CrossAccountData {
  /** Σ collateral·price over reserves with liquidationThreshold > 0. */
  totalCollateralUsd: number;
  /** Σ debt·price over all reserves. */
  totalDebtUsd: number;
  /** Value-weighted LTV: Σ collateral·price·ltv / totalCollateralUsd (0 without collateral). */
  averageLtv: number;
  /** Value-weighted liquidation threshold: Σ collateral·price·LT / totalCollateralUsd (0 without collateral). */
  averageLiquidationThreshold: number;
  /** Σ collateral·price·LT / totalDebtUsd; +Infinity without debt (Aave returns uint256 max). */
  healthFactor: number;
  /** Borrowing power: totalCollateralUsd·averageLtv = Σ collateral·price·ltv. */
  borrowingPowerUsd: number;
  /** GenericLogic.calculateAvailableBorrows: max(0, borrowingPowerUsd − totalDebtUsd). */
  availableBorrowsUsd: number;
  /** True when some collateral has ltv 0 (Aave then restricts withdrawals and borrowing). */
  hasZeroLtvCollateral: boolean;
}

/**
 * Aave v3 GenericLogic.calculateUserAccountData: totals, value-weighted LTV and liquidation threshold,
 * health factor and available borrows of `account` at the book's oracle prices.
 *
 * @example accountData(book, 7).healthFactor // 1.11
 */
export function accountData(book: CrossAccountBook, account: number): CrossAccountData {
  let totalCollateralUsd = 0;
  let totalDebtUsd = 0;
  let weightedLtv = 0;
  let weightedThreshold = 0;
  let hasZeroLtvCollateral = false;
  const base = account * book.assets;
  for (let asset = 0; asset < book.assets; asset++) {
    const reserve = book.reserves[asset];
    const price = book.prices[asset];
    const supplied = book.collateral[base + asset];
    // GenericLogic: only reserves with liquidationThreshold != 0 count as collateral.
    if (reserve.liquidationThreshold > 0 && supplied > 0) {
      const value = supplied * price;
      totalCollateralUsd += value;
      weightedLtv += value * reserve.ltv;
      weightedThreshold += value * reserve.liquidationThreshold;
      if (reserve.ltv === 0) hasZeroLtvCollateral = true;
    }
    totalDebtUsd += book.debt[base + asset] * price;
  }
  return {
    totalCollateralUsd,
    totalDebtUsd,
    averageLtv: totalCollateralUsd > 0 ? weightedLtv / totalCollateralUsd : 0,
    averageLiquidationThreshold: totalCollateralUsd > 0 ? weightedThreshold / totalCollateralUsd : 0,
    healthFactor: totalDebtUsd > 0 ? weightedThreshold / totalDebtUsd : Number.POSITIVE_INFINITY,
    borrowingPowerUsd: weightedLtv,
    availableBorrowsUsd: Math.max(0, weightedLtv - totalDebtUsd),
    hasZeroLtvCollateral,
  };
}

/**
 * Health factor of one account without allocating: Σ collateral·price·LT / Σ debt·price (Aave v3
 * GenericLogic); +Infinity without debt.
 *
 * @example healthFactorOf(book, 7) // 1.11
 */
export function healthFactorOf(book: CrossAccountBook, account: number): number {
  let weightedThreshold = 0;
  let debtUsd = 0;
  const base = account * book.assets;
  for (let asset = 0; asset < book.assets; asset++) {
    const price = book.prices[asset];
    weightedThreshold += book.collateral[base + asset] * price * book.reserves[asset].liquidationThreshold;
    debtUsd += book.debt[base + asset] * price;
  }
  return debtUsd > 0 ? weightedThreshold / debtUsd : Number.POSITIVE_INFINITY;
}

/**
 * Total debt of one account in USD at the oracle prices.
 *
 * @example totalDebtUsd(book, 7) // 25_000
 */
export function totalDebtUsd(book: CrossAccountBook, account: number): number {
  let debtUsd = 0;
  const base = account * book.assets;
  for (let asset = 0; asset < book.assets; asset++) debtUsd += book.debt[base + asset] * book.prices[asset];
  return debtUsd;
}

/**
 * Health factors of all accounts in one pass (+Infinity for accounts without debt), written into `out`
 * (allocated when omitted).
 *
 * @example const health = healthFactors(book); // Float64Array(book.accounts)
 */
export function healthFactors(
  book: CrossAccountBook,
  out: Float64Array = new Float64Array(book.accounts),
): Float64Array {
  if (out.length < book.accounts) throw new RangeError('out is shorter than the number of accounts');
  for (let account = 0; account < book.accounts; account++) out[account] = healthFactorOf(book, account);
  return out;
}

/**
 * Accounts an Aave v3 liquidator may call now (health factor < 1, ValidationLogic
 * HEALTH_FACTOR_LIQUIDATION_THRESHOLD), largest USD debt first, ties by account index.
 *
 * @example liquidatableAccounts(book) // [7, 3]
 */
export function liquidatableAccounts(book: CrossAccountBook): number[] {
  const found: number[] = [];
  const debtUsd = new Map<number, number>();
  for (let account = 0; account < book.accounts; account++) {
    if (healthFactorOf(book, account) < 1) {
      found.push(account);
      debtUsd.set(account, totalDebtUsd(book, account));
    }
  }
  return found.sort((a, b) => debtUsd.get(b)! - debtUsd.get(a)! || a - b);
}
