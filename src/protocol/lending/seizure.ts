// Booking a liquidation's seizure on a lending protocol: the account, the ledger, the circuit breaker, bad debt.
import type { CircuitBreaker } from '../../liquidation/circuit-breaker.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import type { InsuranceFund } from '../../liquidation/insurance-fund.js';
import type { SalesByGeneration } from '../attribution-records.js';
import type { AccountBook } from './account-book.js';
import type { LendingLedger } from './ledger.js';

/** What seizures read and write of a lending protocol (LendingProtocol satisfies it). */
export interface SeizureBooks {
  readonly book: AccountBook;
  readonly ledger: LendingLedger;
  readonly breaker: CircuitBreaker;
  readonly fund: InsuranceFund;
  readonly price: number;
  readonly debtPrice: number;
  readonly settings: { readonly feesToInsurance: number };
  /** Counts writes to the book, so cached plans know to look again. */
  bookWrites: number;
  /** Writes off `badDebtUsd`, charging whoever the settings name. */
  writeOffUsd(badDebtUsd: number): void;
}

/**
 * Applies a planned liquidation `result` to account `i` of `protocol`. When the collateral runs out, the rest of the
 * debt is written off once, borne by the fund first (Aave v3.3) or the suppliers (Morpho, Euler).
 *
 * @example applyLiquidation(protocol, sales, 7, protocol.plan(7, 1_000));
 */
export function applyLiquidation(
  protocol: SeizureBooks,
  sales: SalesByGeneration,
  i: number,
  result: FixedBonusLiquidation,
): void {
  const { book, settings, ledger } = protocol;
  protocol.bookWrites += 1;
  book.noteWrite(i);
  const seizesAll = result.collateralSeized >= book.collateral[i];
  book.collateral[i] = seizesAll ? 0 : book.collateral[i] - result.collateralSeized;
  book.debt[i] = Math.max(0, book.debt[i] - result.debtRepaid);
  const seizedUsd = result.collateralSeized * protocol.price;
  const feeUsd = result.protocolFee * protocol.price;
  bookSeizure(protocol, sales, i, result.collateralSeized, seizedUsd);
  ledger.collateralToLiquidators += result.liquidatorReceives;
  ledger.protocolFeeCollateral += result.protocolFee;
  ledger.protocolFeesUsd += feeUsd;
  const repaidUsd = result.debtRepaid * protocol.debtPrice;
  ledger.debtRepaidUsd += repaidUsd;
  protocol.fund.deposit(feeUsd * settings.feesToInsurance);
  const writtenOffUsd = book.collateral[i] === 0 && book.debt[i] > 0 ? writeOff(protocol, i) : 0;
  // Penalty: collateral taken beyond the debt taken off (repaid, and written off when the collateral ran out).
  ledger.penaltiesUsd += seizedUsd - repaidUsd - writtenOffUsd;
}

/**
 * Takes `collateral` and `debt` units out of account `i` into the mechanism (an auction lot, the protocol's own
 * balance), booking the seizure and the borrower's penalty (collateral value − debt); returns the account's cascade
 * generation.
 *
 * @example const generation = takeAccountIntoLiquidation(protocol, sales, 7, 10, 15_000);
 */
export function takeAccountIntoLiquidation(
  protocol: SeizureBooks,
  sales: SalesByGeneration,
  i: number,
  collateral: number,
  debt: number,
): number {
  const { book } = protocol;
  protocol.bookWrites += 1;
  book.noteWrite(i);
  book.collateral[i] = Math.max(0, book.collateral[i] - collateral);
  book.debt[i] = Math.max(0, book.debt[i] - debt);
  const seizedUsd = collateral * protocol.price;
  bookSeizure(protocol, sales, i, collateral, seizedUsd);
  protocol.ledger.penaltiesUsd += seizedUsd - debt * protocol.debtPrice;
  return book.generation[i];
}

/** Writes off account `i`'s remaining debt, once; returns it, USD. */
function writeOff(protocol: SeizureBooks, i: number): number {
  const badDebtUsd = protocol.book.debt[i] * protocol.debtPrice;
  protocol.book.debt[i] = 0;
  protocol.writeOffUsd(badDebtUsd);
  return badDebtUsd;
}

/** Books a seizure from account `i`: circuit breaker, accounts liquidated, liquidations by generation. */
function bookSeizure(
  protocol: SeizureBooks,
  sales: SalesByGeneration,
  i: number,
  collateral: number,
  seizedUsd: number,
): void {
  const { book, ledger } = protocol;
  protocol.breaker.record(seizedUsd);
  if (book.everLiquidated[i] === 0) {
    book.everLiquidated[i] = 1;
    ledger.accountsLiquidated += 1;
  }
  ledger.countLiquidation(book.generation[i], seizedUsd, sales);
  ledger.collateralSeized += collateral;
  ledger.collateralSeizedUsd += seizedUsd;
}
