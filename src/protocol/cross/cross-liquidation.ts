// Aave v3 / v3.3 liquidationCall on an account with several collateral and debt reserves.
import { fixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import { CLOSE_FACTOR_MIN_USD, MIN_LEFTOVER_USD } from '../../liquidation/rules/aave-v33.js';
import type { CrossAccountBook } from './cross-account.js';

/** Which LiquidationLogic to follow: aave-v3-core (v3.0–v3.2) or aave-v3-origin v3.3. */
export type CrossVariant = 'v3' | 'v3.3';

/** Aave v3 LiquidationLogic.CLOSE_FACTOR_HF_THRESHOLD: at or below this health all debt may be repaid. */
export const CLOSE_FACTOR_HF_THRESHOLD = 0.95;
/** Aave v3 LiquidationLogic.DEFAULT_LIQUIDATION_CLOSE_FACTOR (50%). */
export const DEFAULT_LIQUIDATION_CLOSE_FACTOR = 0.5;
/** Relative tolerance under which a float remainder of a balance counts as "all of it" (Solidity is exact). */
const WHOLE = 1 - 1e-12;

/** Why a liquidationCall reverts (Aave v3 Errors, lower-kebab). */
export type CrossLiquidationRejection =
  | 'invalid-amount'
  | 'health-factor-not-below-threshold'
  | 'collateral-cannot-be-liquidated'
  | 'specified-currency-not-borrowed'
  | 'must-not-leave-dust';

/** Most debt one call may repay, and the close factor applied. */
export interface CrossDebtLimit {
  /**
   * 0.5 or 1. v3: share of the chosen debt reserve's balance. v3.3: 0.5 means "half of the account's TOTAL
   * debt value, capped at the chosen reserve's balance"; 1 means the chosen reserve's whole balance.
   */
  closeFactor: number;
  /** Debt-asset units. */
  maxLiquidatableDebt: number;
}

/** A liquidationCall that goes through: amounts in asset units, values in USD at oracle prices. */
export interface CrossLiquidationQuote {
  ok: true;
  variant: CrossVariant;
  account: number;
  collateralAsset: number;
  debtAsset: number;
  healthFactorBefore: number;
  /** After the call (deficit write-off included); +Infinity when no debt is left, 0 when debt is left with no
   * collateral. */
  healthFactorAfter: number;
  closeFactor: number;
  maxLiquidatableDebt: number;
  /** Debt-asset units the liquidator pays. */
  debtRepaid: number;
  /** Collateral units taken from the account: liquidatorReceives + protocolFee. */
  collateralSeized: number;
  /** Collateral units sent to the treasury (liquidationProtocolFee share of the bonus part). */
  protocolFee: number;
  /** Collateral units the liquidator receives. */
  liquidatorReceives: number;
  /** True when the collateral balance was too small and the repay shrank to match it. */
  cappedByCollateral: boolean;
  /** True when the account holds no collateral (liquidationThreshold > 0) in any asset afterwards. */
  collateralExhausted: boolean;
  /** v3.3 deficit written off per asset (debt units, index = asset); all zeros in v3. */
  deficit: number[];
  /** Σ deficit·price. */
  deficitUsd: number;
}

/** Outcome of a quote or call: the quote, or why Aave would revert (state unchanged). */
export type CrossLiquidationResult = CrossLiquidationQuote | { ok: false; reason: CrossLiquidationRejection };

/**
 * Close factor and the most debt a liquidationCall may repay in `debtAsset`.
 * v3 (aave-v3-core LiquidationLogic._calculateDebt): reserveDebt·(health > 0.95 ? 0.5 : 1).
 * v3.3 (aave-v3-origin executeLiquidationCall): the whole reserve debt, unless health > 0.95 and the CHOSEN
 * collateral reserve and the CHOSEN debt reserve are each worth ≥ 2,000 USD; then at most 50% of the
 * account's total debt value, and the whole reserve debt when it is below that.
 *
 * @example maxLiquidatableDebt(book, 7, 0, 2, 'v3.3') // { closeFactor: 0.5, maxLiquidatableDebt: 12_500 }
 */
export function maxLiquidatableDebt(
  book: CrossAccountBook,
  account: number,
  collateralAsset: number,
  debtAsset: number,
  variant: CrossVariant,
): CrossDebtLimit {
  const sums = accountSums(book, account);
  return debtLimit(book, account, collateralAsset, debtAsset, variant, sums.healthFactor, sums.debtUsd);
}

/**
 * What Aave's liquidationCall(collateralAsset, debtAsset, account, debtToCover) would do, without changing
 * the book. Validation (ValidationLogic.validateLiquidationCall), close factor ({@link maxLiquidatableDebt}),
 * seizure with the COLLATERAL reserve's bonus and protocol fee capped by its balance
 * (_calculateAvailableCollateralToLiquidate), then for v3.3 the dust rule and the deficit.
 *
 * @example quoteLiquidation(book, 7, 1, 2, 5000, 'v3') // { ok: true, debtRepaid: 5000, collateralSeized: 0.18333…, … }
 */
export function quoteLiquidation(
  book: CrossAccountBook,
  account: number,
  collateralAsset: number,
  debtAsset: number,
  debtToCover: number,
  variant: CrossVariant,
): CrossLiquidationResult {
  checkIndices(book, account, collateralAsset, debtAsset);
  if (!(Number.isFinite(debtToCover) && debtToCover > 0)) return { ok: false, reason: 'invalid-amount' };
  const sums = accountSums(book, account);
  if (!(sums.healthFactor < 1)) return { ok: false, reason: 'health-factor-not-below-threshold' };
  const collateralReserve = book.reserves[collateralAsset];
  const balance = book.collateral[book.slot(account, collateralAsset)];
  if (!(collateralReserve.liquidationThreshold > 0 && balance > 0))
    return { ok: false, reason: 'collateral-cannot-be-liquidated' };
  const reserveDebt = book.debt[book.slot(account, debtAsset)];
  if (!(reserveDebt > 0)) return { ok: false, reason: 'specified-currency-not-borrowed' };

  const limit = debtLimit(book, account, collateralAsset, debtAsset, variant, sums.healthFactor, sums.debtUsd);
  const collateralPrice = book.prices[collateralAsset];
  const debtPrice = book.prices[debtAsset];
  const actualDebtToLiquidate = Math.min(debtToCover, limit.maxLiquidatableDebt);
  const seizure = fixedBonusLiquidation(
    actualDebtToLiquidate,
    balance,
    collateralPrice,
    debtPrice,
    collateralReserve.liquidationBonus,
    collateralReserve.liquidationProtocolFee,
  );
  const takesAllCollateral = seizure.collateralSeized >= balance * WHOLE;
  const takesAllDebt = seizure.debtRepaid >= reserveDebt * WHOLE;
  const collateralSeized = takesAllCollateral ? balance : seizure.collateralSeized;
  const debtRepaid = takesAllDebt ? reserveDebt : seizure.debtRepaid;

  // v3.3 LiquidationLogic: unless all debt or all collateral is taken, leave ≥ MIN_LEFTOVER_BASE of each.
  // The collateral leftover is balance − liquidator's part (the treasury fee is not subtracted), as in the source.
  if (variant === 'v3.3' && !takesAllDebt && !takesAllCollateral) {
    const debtLeftUsd = (reserveDebt - debtRepaid) * debtPrice;
    const collateralLeftUsd = (balance - seizure.liquidatorReceives) * collateralPrice;
    if (!(debtLeftUsd >= MIN_LEFTOVER_USD && collateralLeftUsd >= MIN_LEFTOVER_USD))
      return { ok: false, reason: 'must-not-leave-dust' };
  }

  const collateralExhausted = takesAllCollateral && !hasOtherCollateral(book, account, collateralAsset);
  const deficit = new Array<number>(book.assets).fill(0);
  let deficitUsd = 0;
  // v3.3 _burnDebtTokens/_burnBadDebt: with no collateral left, every remaining debt becomes the reserve's deficit.
  if (variant === 'v3.3' && collateralExhausted) {
    for (let asset = 0; asset < book.assets; asset++) {
      const owed = book.debt[book.slot(account, asset)];
      deficit[asset] = asset === debtAsset ? owed - debtRepaid : owed;
      deficitUsd += deficit[asset] * book.prices[asset];
    }
  }

  const thresholdUsdAfter =
    sums.weightedThresholdUsd - collateralSeized * collateralPrice * collateralReserve.liquidationThreshold;
  const debtUsdAfter = sums.debtUsd - debtRepaid * debtPrice - deficitUsd;
  const healthFactorAfter =
    debtUsdAfter > sums.debtUsd * 1e-12
      ? Math.max(0, collateralExhausted ? 0 : thresholdUsdAfter) / debtUsdAfter
      : Number.POSITIVE_INFINITY;
  return {
    ok: true,
    variant,
    account,
    collateralAsset,
    debtAsset,
    healthFactorBefore: sums.healthFactor,
    healthFactorAfter,
    closeFactor: limit.closeFactor,
    maxLiquidatableDebt: limit.maxLiquidatableDebt,
    debtRepaid,
    collateralSeized,
    protocolFee: seizure.protocolFee,
    liquidatorReceives: collateralSeized - seizure.protocolFee,
    cappedByCollateral: seizure.debtRepaid < actualDebtToLiquidate,
    collateralExhausted,
    deficit,
    deficitUsd,
  };
}

/**
 * Aave v3 Pool.liquidationCall: {@link quoteLiquidation}, then, when it goes through, moves the balances:
 * the account loses `collateralSeized` of the collateral and `debtRepaid` of the debt; in v3.3 its written-off
 * debts (`deficit`) are cleared too. A rejected call leaves the book unchanged.
 *
 * @example const r = liquidationCall(book, 7, 1, 2, 5000, 'v3'); if (r.ok) sell(r.liquidatorReceives);
 */
export function liquidationCall(
  book: CrossAccountBook,
  account: number,
  collateralAsset: number,
  debtAsset: number,
  debtToCover: number,
  variant: CrossVariant,
): CrossLiquidationResult {
  const result = quoteLiquidation(book, account, collateralAsset, debtAsset, debtToCover, variant);
  if (!result.ok) return result;
  const collateralSlot = book.slot(account, collateralAsset);
  const debtSlot = book.slot(account, debtAsset);
  book.collateral[collateralSlot] = Math.max(0, book.collateral[collateralSlot] - result.collateralSeized);
  book.debt[debtSlot] = Math.max(0, book.debt[debtSlot] - result.debtRepaid);
  if (result.deficitUsd > 0 || result.deficit.some((d) => d > 0)) {
    for (let asset = 0; asset < book.assets; asset++) {
      const slot = book.slot(account, asset);
      book.debt[slot] = Math.max(0, book.debt[slot] - result.deficit[asset]);
    }
  }
  return result;
}

interface AccountSums {
  weightedThresholdUsd: number;
  debtUsd: number;
  healthFactor: number;
}

function accountSums(book: CrossAccountBook, account: number): AccountSums {
  let weightedThresholdUsd = 0;
  let debtUsd = 0;
  for (let asset = 0; asset < book.assets; asset++) {
    const slot = book.slot(account, asset);
    weightedThresholdUsd += book.collateral[slot] * book.prices[asset] * book.reserves[asset].liquidationThreshold;
    debtUsd += book.debt[slot] * book.prices[asset];
  }
  return {
    weightedThresholdUsd,
    debtUsd,
    healthFactor: debtUsd > 0 ? weightedThresholdUsd / debtUsd : Number.POSITIVE_INFINITY,
  };
}

function debtLimit(
  book: CrossAccountBook,
  account: number,
  collateralAsset: number,
  debtAsset: number,
  variant: CrossVariant,
  healthFactor: number,
  totalDebtUsd: number,
): CrossDebtLimit {
  const reserveDebt = book.debt[book.slot(account, debtAsset)];
  const aboveThreshold = healthFactor > CLOSE_FACTOR_HF_THRESHOLD;
  if (variant === 'v3') {
    // aave-v3-core _calculateDebt: userTotalDebt (of this reserve) · closeFactor.
    const closeFactor = aboveThreshold ? DEFAULT_LIQUIDATION_CLOSE_FACTOR : 1;
    return { closeFactor, maxLiquidatableDebt: reserveDebt * closeFactor };
  }
  const debtPrice = book.prices[debtAsset];
  const reserveDebtUsd = reserveDebt * debtPrice;
  const reserveCollateralUsd = book.collateral[book.slot(account, collateralAsset)] * book.prices[collateralAsset];
  // v3.3: MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD compares the chosen reserves' values, not the account totals.
  if (aboveThreshold && reserveCollateralUsd >= CLOSE_FACTOR_MIN_USD && reserveDebtUsd >= CLOSE_FACTOR_MIN_USD) {
    const halfTotalDebtUsd = totalDebtUsd * DEFAULT_LIQUIDATION_CLOSE_FACTOR;
    if (reserveDebtUsd > halfTotalDebtUsd)
      return { closeFactor: DEFAULT_LIQUIDATION_CLOSE_FACTOR, maxLiquidatableDebt: halfTotalDebtUsd / debtPrice };
    return { closeFactor: DEFAULT_LIQUIDATION_CLOSE_FACTOR, maxLiquidatableDebt: reserveDebt };
  }
  return { closeFactor: 1, maxLiquidatableDebt: reserveDebt };
}

function hasOtherCollateral(book: CrossAccountBook, account: number, except: number): boolean {
  for (let asset = 0; asset < book.assets; asset++) {
    if (
      asset !== except &&
      book.reserves[asset].liquidationThreshold > 0 &&
      book.collateral[book.slot(account, asset)] > 0
    )
      return true;
  }
  return false;
}

function checkIndices(book: CrossAccountBook, account: number, collateralAsset: number, debtAsset: number): void {
  const inRange = (i: number, n: number) => Number.isInteger(i) && i >= 0 && i < n;
  if (!inRange(account, book.accounts)) throw new RangeError(`account ${account} out of range`);
  if (!inRange(collateralAsset, book.assets) || !inRange(debtAsset, book.assets))
    throw new RangeError('asset index out of range');
}
