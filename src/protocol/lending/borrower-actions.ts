// What a borrower does to its own account outside liquidation: top up from its reserve, open a position.
import { healthFactor } from '../../liquidation/health.js';
import type { AccountBook } from './account-book.js';
import type { LendingLedger } from './ledger.js';

/** What these actions read and write of a lending protocol (LendingProtocol satisfies it). */
export interface BorrowerAccounts {
  readonly book: AccountBook;
  readonly ledger: LendingLedger;
  readonly price: number;
  readonly debtPrice: number;
  /** Counts writes to the book, so cached plans know to look again. */
  bookWrites: number;
  thresholdOf(i: number): number;
  reindex(): void;
}

/**
 * Adds up to `amount` collateral from the owner's reserve to account `i` of `protocol`; returns what was added.
 *
 * @example const added = topUpFromReserve(protocol, 7, 1.5);
 */
export function topUpFromReserve(protocol: BorrowerAccounts, i: number, amount: number): number {
  const { book, ledger } = protocol;
  const added = Math.min(amount, book.reserve[i]);
  if (added <= 0) return 0;
  protocol.bookWrites += 1;
  book.noteWrite(i);
  book.reserve[i] -= added;
  book.collateral[i] += added;
  ledger.topUps += 1;
  ledger.topUpCollateral += added;
  ledger.topUpCollateralUsd += added * protocol.price;
  return added;
}

/**
 * Deposits `collateral` into account `i` and borrows `debt`; refused (false) if health would fall below 1 at the
 * oracle price (this model's borrow limit is the threshold).
 *
 * @example openBorrowPosition(protocol, spareSlot, 100, 150_000);
 */
export function openBorrowPosition(protocol: BorrowerAccounts, i: number, collateral: number, debt: number): boolean {
  const { book } = protocol;
  const after = healthFactor(
    book.collateral[i] + collateral,
    protocol.price,
    protocol.thresholdOf(i),
    book.debt[i] + debt,
    protocol.debtPrice,
  );
  if (!(after >= 1)) return false;
  protocol.bookWrites += 1;
  book.noteWrite(i);
  book.collateral[i] += collateral;
  book.debt[i] += debt;
  protocol.ledger.openedCollateral += collateral;
  protocol.ledger.openedDebt += debt;
  protocol.reindex();
  return true;
}
