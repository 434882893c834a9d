import type { LendingProtocol } from '../lending/lending-protocol.js';
import { InvariantError } from '../../kernel/errors.js';
import type { LiquitySystem } from '../../liquidation/liquity-v1/liquidate.js';
import { StabilityPool } from '../../liquidation/liquity-v1/stability-pool.js';
import { Troves } from '../../liquidation/liquity-v1/troves.js';

/** Id of the Stability Pool's single, aggregate depositor. */
export const STABILITY_POOL_DEPOSITORS = 0;

/**
 * Liquity's troves (stakes, L terms, pending redistribution rewards) and Stability Pool, kept in agreement
 * with the protocol's AccountBook, which is what the monitor, the recorder and the invariants read.
 *
 * Rules (the mechanism relies on them):
 * 1. Built once from the book: each account with collateral > 0 and debt > 0 opens a trove, in account
 *    order, so the first stakes equal the collateral as at Liquity's launch; other accounts never become
 *    troves. The book's debt is Liquity's composite debt (the 200 LUSD reserve included).
 * 2. Between operations, every active trove's entire collateral and debt (pending rewards included) are
 *    exactly its account's book balances.
 * 3. Borrowers' top-ups are the only outside change to the book and only add collateral. `pickUpTopUps`
 *    (free when ledger.topUpCollateral has not moved) adds each account's excess to its trove as
 *    BorrowerOperations.addColl would, then rewrites the book entry from the trove.
 * 4. A redistribution changes every active trove's entire values. `markRedistributed` defers the O(N)
 *    write-back to `flush` (once per keeper call), which also reindexes the monitor. Before a trove leaves
 *    the book, `syncAccount` writes its own entry so `takeIntoLiquidation` empties the account exactly.
 *
 * @example
 * const mirror = new LiquityBookMirror(protocol, 1_000_000);
 * mirror.pickUpTopUps();
 * liquidateTrove(mirror.troveOf(i), price, mirror.system);
 */
export class LiquityBookMirror {
  readonly system: LiquitySystem;
  private readonly troveOfAccount: Int32Array;
  private readonly accountOfTrove: Int32Array;
  private topUpsSeen: number;
  private stale = false;

  constructor(
    private readonly protocol: LendingProtocol,
    stabilityPoolDebtUnits: number,
  ) {
    const { book } = protocol;
    const troves = new Troves(book.count);
    this.troveOfAccount = new Int32Array(book.count).fill(-1);
    this.accountOfTrove = new Int32Array(book.count).fill(-1);
    for (let i = 0; i < book.count; i++) {
      if (!(book.collateral[i] > 0) || !(book.debt[i] > 0)) continue;
      const t = troves.open(book.collateral[i], book.debt[i]);
      this.troveOfAccount[i] = t;
      this.accountOfTrove[t] = i;
    }
    const pool = new StabilityPool();
    if (stabilityPoolDebtUnits > 0) pool.provide(STABILITY_POOL_DEPOSITORS, stabilityPoolDebtUnits);
    this.system = { troves, pool };
    this.topUpsSeen = protocol.ledger.topUpCollateral;
  }

  /** Trove of account `i`, −1 if the account never was one. */
  troveOf(i: number): number {
    return this.troveOfAccount[i];
  }

  /** Account of trove `t`. */
  accountOf(t: number): number {
    return this.accountOfTrove[t];
  }

  /** Rule 3: moves collateral topped up since the last call into the troves. */
  pickUpTopUps(): void {
    const { protocol } = this;
    if (protocol.ledger.topUpCollateral === this.topUpsSeen) return;
    if (this.stale)
      throw new InvariantError(`${protocol.id}: top-ups picked up before a redistribution was written back`);
    this.topUpsSeen = protocol.ledger.topUpCollateral;
    const { book } = protocol;
    const { troves } = this.system;
    for (let t = 0; t < troves.size; t++) {
      if (!troves.isActive(t)) continue;
      const i = this.accountOfTrove[t];
      const added = book.collateral[i] - troves.entireColl(t);
      if (added === 0) continue;
      if (!(added > 0)) throw new InvariantError(`${protocol.id}: account ${i} lost collateral outside its trove`);
      troves.addCollateral(t, added);
      this.syncAccount(t);
    }
  }

  /** Rule 4: every active trove's balances changed; write them back at the next `flush`. */
  markRedistributed(): void {
    this.stale = true;
  }

  /** Writes trove `t`'s entire collateral and debt into its account. */
  syncAccount(t: number): void {
    const { troves } = this.system;
    const i = this.accountOfTrove[t];
    this.protocol.book.collateral[i] = troves.entireColl(t);
    this.protocol.book.debt[i] = troves.entireDebt(t);
    this.protocol.markBookWritten(i);
  }

  /** Rule 4: after a redistribution, writes every active trove back into the book and reindexes the monitor. O(N). */
  flush(): void {
    if (!this.stale) return;
    const { troves } = this.system;
    for (let t = 0; t < troves.size; t++) if (troves.isActive(t)) this.syncAccount(t);
    this.stale = false;
    this.protocol.reindex();
  }
}
