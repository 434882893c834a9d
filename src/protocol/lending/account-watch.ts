import type { WatchedProtocol } from './watched-protocol.js';
import type { ScanMode } from './lending-settings.js';
import { TriggerHeap } from './trigger-heap.js';
import { WatchSnapshot } from './watch-snapshot.js';
import { DebtOrderSort } from './debt-order.js';
import { priceAtHealth } from '../../liquidation/health.js';

/**
 * Which accounts of a lending protocol need attention at its oracle price: the liquidatable ones, and those whose
 * owners want to top up, each list largest debt first (ties: lower index first). With `scan: 'index'`, accounts wait
 * in a max-heap keyed by their trigger price (the price below which they need attention); a relist pops the accounts
 * whose trigger was crossed and re-checks only the watched ones. With `scan: 'naive'` every account is checked.
 *
 * @example
 * const watch = new AccountWatch(protocol, 'index');
 * watch.start();
 * watch.relist(); // at protocol.price
 * watch.liquidatable;
 */
export class AccountWatch {
  readonly heap: TriggerHeap;
  /** Accounts liquidatable at the protocol's price, largest debt first (ties: lower index first). */
  readonly liquidatable: number[] = [];
  /** Accounts whose owners want to top up, in the same order. */
  readonly wantsTopUp: number[] = [];
  /** Times the lists were rebuilt (a relist that keeps them does not count). */
  rebuilds = 0;
  /** Accounts out of the heap because their trigger price has been crossed. */
  private readonly watched: number[] = [];
  /** Trigger price of the account {@link classify} last looked at. */
  private lastTrigger = Number.NaN;
  /** The watched accounts and prices of the last rebuild, to keep its lists when nothing has changed. */
  private readonly snapshot = new WatchSnapshot();
  /** Sorts `watched` into liquidation order (its buffers kept between relists). */
  private readonly order = new DebtOrderSort();
  /** The protocol's book-write count when the snapshot was taken. */
  private writesAtSnapshot = -1;
  /**
   * Sum of the liquidatable accounts' debts, added in list order as the last index relist listed them, and the book
   * writes and price it holds for (−1 writes: none).
   */
  private listedDebtSum = 0;
  private writesAtList = -1;
  private priceAtList = Number.NaN;

  constructor(
    private readonly protocol: WatchedProtocol,
    readonly scan: ScanMode,
  ) {
    this.heap = new TriggerHeap(protocol.book.count);
  }

  /** Builds the trigger index from the book. */
  start(): void {
    const { count } = this.protocol.book;
    for (let i = 0; i < count; i++) this.heap.keys[i] = this.triggerPrice(i);
    if (this.scan === 'index') this.heap.buildAll(count);
  }

  /** Forgets the watched accounts and rebuilds the index from the book. */
  reindex(): void {
    this.watched.length = 0;
    this.snapshot.clear();
    this.start();
  }

  /** Rebuilds the liquidatable and top-up lists at the protocol's current price, or keeps them when nothing has
   * changed. */
  relist(): void {
    const { protocol } = this;
    const { book, price } = protocol;
    if (this.scan === 'index') {
      const scale = protocol.dynamicThreshold?.scale ?? 1;
      const before = this.watched.length;
      this.heap.popAbove(price, this.watched);
      // Nothing new and nothing watched has changed: the lists would come out the same. (A counted book write
      // almost always changes a watched account, so its relist skips the comparison; the snapshot catches the rest.)
      if (
        this.watched.length === before &&
        protocol.bookWrites === this.writesAtSnapshot &&
        this.snapshot.matches(book, this.watched, price, scale)
      )
        return;
      this.rebuilds += 1;
      this.clearLists();
      // Kept in liquidation order between blocks: the snapshot holds the last order and its debts, so the sort keeps
      // the accounts whose debt has not changed and merges in the rest (the list byDebtDescending would give).
      const { watched, snapshot } = this;
      this.order.sort(watched, book.debt, snapshot.recordedAccounts, snapshot.recordedDebts, snapshot.recordedLength);
      // Drops the accounts that need no attention in place: the same accounts in the same order as filtering
      // into a new array, without allocating one per block (classify and heap.insert never read `watched`). The
      // snapshot of the kept accounts is taken on the way, while their fields are at hand.
      snapshot.reserve(watched.length);
      let kept = 0;
      for (let r = 0; r < watched.length; r++) {
        const i = watched[r];
        if (this.classify(i)) {
          snapshot.put(kept, i, book);
          watched[kept++] = i;
        } else this.heap.insert(i, this.lastTrigger);
      }
      if (kept !== watched.length) watched.length = kept;
      snapshot.seal(kept, price, scale);
      this.writesAtSnapshot = protocol.bookWrites;
      this.writesAtList = protocol.bookWrites;
      this.priceAtList = price;
    } else {
      this.rebuilds += 1;
      this.clearLists();
      for (let i = 0; i < book.count; i++) this.classify(i);
      this.liquidatable.sort(this.byDebtDescending);
      this.wantsTopUp.sort(this.byDebtDescending);
      this.writesAtList = -1; // classify added the debts in index order, not list order
    }
  }

  /**
   * Σ debt over the liquidatable list, in list order, when no counted book write and no price change has happened
   * since it was built (every listed account is then still liquidatable: the list holds exactly those); else
   * undefined. The same number as adding the listed accounts that are liquidatable now, in list order.
   */
  listedDebt(): number | undefined {
    const { protocol } = this;
    return protocol.bookWrites === this.writesAtList && protocol.price === this.priceAtList
      ? this.listedDebtSum
      : undefined;
  }

  private clearLists(): void {
    this.listedDebtSum = 0;
    // Truncating only non-empty lists: setting an empty list's length to 0 changes nothing but costs a builtin call.
    if (this.liquidatable.length !== 0) this.liquidatable.length = 0;
    if (this.wantsTopUp.length !== 0) this.wantsTopUp.length = 0;
  }

  /**
   * Liquidation order: largest debt first, then lowest account index. It answers −1, 1 or a − b (small integers, which
   * the sort builtin takes without boxing a double), with the sign debt[b] − debt[a] || a − b would have, NaN and
   * infinite debts included (both fall to the index).
   */
  private readonly byDebtDescending = (a: number, b: number): number => {
    const { debt } = this.protocol.book;
    return debt[a] > debt[b] ? -1 : debt[a] < debt[b] ? 1 : a - b;
  };

  /** Health factor at or below which account `i` needs attention: its top-up level if it has a reserve, else 1. */
  private triggerHealth(i: number): number {
    return this.protocol.book.reserve[i] > 0 ? this.protocol.settings.topUpBelowHealth : 1;
  }

  private triggerPrice(i: number): number {
    const { protocol } = this;
    const { book } = protocol;
    return priceAtHealth(
      this.triggerHealth(i),
      book.debt[i],
      protocol.debtPrice,
      book.collateral[i],
      protocol.thresholdOf(i),
    );
  }

  /**
   * Lists account `i` as liquidatable and/or wanting a top-up; returns false when it needs no attention, with its
   * trigger price left in {@link lastTrigger}.
   */
  private classify(i: number): boolean {
    const { protocol } = this;
    const { book } = protocol;
    const trigger = this.triggerPrice(i);
    this.lastTrigger = trigger;
    if (!(trigger > protocol.price)) {
      book.unsafeSince[i] = -1;
      book.generation[i] = -1;
      return false;
    }
    const hasReserve = book.reserve[i] > 0;
    if (hasReserve) this.wantsTopUp.push(i);
    // Without a reserve the trigger is the liquidation price itself (health 1, the same call with the same inputs),
    // so isLiquidatable (debt > 0 and liquidation price > price) reduces to debt > 0 here.
    const liquidationPrice = hasReserve ? protocol.liquidationPrice(i) : trigger;
    if (book.debt[i] > 0 && liquidationPrice > protocol.price) {
      if (book.unsafeSince[i] < 0) {
        book.unsafeSince[i] = protocol.block;
        book.generation[i] = protocol.classifier.generationOf(liquidationPrice);
      }
      this.liquidatable.push(i);
      this.listedDebtSum += book.debt[i];
    } else {
      book.unsafeSince[i] = -1;
      book.generation[i] = -1;
    }
    return true;
  }
}
