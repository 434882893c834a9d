// One lending protocol of the live book: accounts as growable struct-of-arrays, and two trigger heaps so a price
// tick touches only the accounts that cross.
import { priceAtHealth } from '../../liquidation/health.js';
import { TriggerHeap } from '../../protocol/lending/trigger-heap.js';
import { InvariantError } from '../../kernel/errors.js';
import { RunningSum } from './running-sum.js';
import { LiquidationHistogram } from './liquidation-histogram.js';
import { AccountIndex } from './account-index.js';

/** Liquidation price (at a debt price of 1) written into a free slot: below every real one, so scans skip it. */
const FREE = -1;
const MIN_CAPACITY = 1024;

const bits = new Float64Array(1);
const words = new BigInt64Array(bits.buffer);
/** The smallest double above `x` (x > 0, finite). */
function nextUp(x: number): number {
  bits[0] = x;
  words[0] += 1n;
  return bits[0];
}

/** Running totals of a protocol, in asset units (collateral units, debt units). */
export interface ProtocolTotals {
  accounts: number;
  collateral: number;
  debt: number;
  unsafeAccounts: number;
  unsafeCollateral: number;
  unsafeDebt: number;
}

/**
 * The accounts of one lending protocol, kept incrementally. Each live account has a slot (closed slots are reused,
 * last freed first); `liquidation[slot]` is its liquidation price at a debt price of 1, debt/(collateral·LT), so a
 * tick of either asset's price is a move of one ratio, collateral price / debt price, and the order of the keys never
 * changes. An account is unsafe when its liquidation price is strictly above that ratio (the simulator's
 * LendingProtocol.isLiquidatable: debt > 0 and liquidation price > oracle price; an account without debt has
 * liquidation price 0 and is never unsafe). Safe accounts wait in a max-heap of their liquidation price, unsafe ones
 * in a max-heap of its negation, so a fall pops exactly the accounts that became unsafe and a rise exactly those that
 * became safe: O(crossed · log N) per tick. Totals of both sets are compensated running sums (see RunningSum), reset
 * to exactly 0 when their set empties.
 *
 * @example
 * const book = new ProtocolBook(0.8, 2000);
 * book.open('a', 1, 1500); // liquidation price 1500/(1·0.8) = 1875
 * book.setRatio(1800);     // 'a' is now unsafe
 */
export class ProtocolBook {
  collateral: Float64Array;
  debt: Float64Array;
  /** debt/(collateral·LT), 0 without debt, +Infinity with debt and no collateral, −1 for a free slot. */
  liquidation: Float64Array;
  /** Account name by slot (undefined for a free slot). */
  names: (string | undefined)[] = [];
  /** Slots in use or freed: every live slot is below this. */
  slots = 0;
  /** Collateral price / debt price the sets were last placed at. */
  ratio: number;
  private readonly slotOf = new AccountIndex();
  private readonly free: number[] = [];
  private safe: TriggerHeap;
  private unsafeHeap: TriggerHeap;
  /** Unsafe slots in no particular order, and each slot's place in it (−1 when safe or free). */
  private unsafeList: Int32Array;
  private unsafeAt: Int32Array;
  private unsafeCount = 0;
  private readonly totalCollateral = new RunningSum();
  private readonly totalDebt = new RunningSum();
  private readonly unsafeCollateral = new RunningSum();
  private readonly unsafeDebt = new RunningSum();
  /** Accounts with debt by liquidation price, for the density map. */
  readonly histogram: LiquidationHistogram;

  constructor(
    public liquidationThreshold: number,
    ratio: number,
    capacity = MIN_CAPACITY,
  ) {
    this.ratio = ratio;
    const n = Math.max(MIN_CAPACITY, capacity);
    this.collateral = new Float64Array(n);
    this.debt = new Float64Array(n);
    this.liquidation = new Float64Array(n).fill(FREE);
    this.safe = new TriggerHeap(n);
    this.unsafeHeap = new TriggerHeap(n);
    this.unsafeList = new Int32Array(n);
    this.unsafeAt = new Int32Array(n).fill(-1);
    this.histogram = new LiquidationHistogram(n);
  }

  /** Live accounts. */
  get accounts(): number {
    return this.slotOf.size;
  }

  /** Slot of `account`, or −1. */
  slot(account: string): number {
    return this.slotOf.get(account);
  }

  /** Whether `account` is open. */
  has(account: string): boolean {
    return this.slotOf.has(account);
  }

  /** Whether the account in `slot` is unsafe. */
  isUnsafe(slot: number): boolean {
    return this.unsafeAt[slot] >= 0;
  }

  /** Unsafe slots, in no particular order (a view valid until the next change). */
  unsafeSlots(): Int32Array {
    return this.unsafeList.subarray(0, this.unsafeCount);
  }

  /** Opens `account` with `collateral` and `debt`; it must not be open. */
  open(account: string, collateral: number, debt: number): void {
    if (this.slotOf.has(account)) throw new InvariantError(`live book: account ${account} is already open`);
    if (this.free.length === 0 && this.slots === this.collateral.length) this.grow();
    const slot = this.free.length > 0 ? (this.free.pop() as number) : this.slots++;
    this.slotOf.set(account, slot);
    this.names[slot] = account;
    this.collateral[slot] = collateral;
    this.debt[slot] = debt;
    this.totalCollateral.add(collateral);
    this.totalDebt.add(debt);
    this.place(slot, this.keyOf(collateral, debt));
  }

  /**
   * Sets the collateral and debt of open `account` (either left as it is when undefined). `hint` is the account's
   * slot if the caller knows it (used only when that slot holds `account`, else the account is looked up).
   */
  change(account: string, newCollateral: number | undefined, newDebt: number | undefined, hint = -1): void {
    const slot = hint >= 0 && this.names[hint] === account ? hint : this.mustSlot(account);
    const wasUnsafe = this.unsafeAt[slot] >= 0;
    const oldCollateral = this.collateral[slot];
    const oldDebt = this.debt[slot];
    const collateral = newCollateral ?? oldCollateral;
    const debt = newDebt ?? oldDebt;
    this.collateral[slot] = collateral;
    this.debt[slot] = debt;
    this.totalCollateral.add(collateral - oldCollateral);
    this.totalDebt.add(debt - oldDebt);
    const key = this.keyOf(collateral, debt);
    this.histogram.move(slot, key, oldCollateral, oldDebt, collateral, debt);
    this.liquidation[slot] = key;
    const isUnsafe = key > this.ratio;
    if (wasUnsafe && isUnsafe) {
      this.unsafeHeap.update(slot, -key);
      this.unsafeCollateral.add(collateral - oldCollateral);
      this.unsafeDebt.add(debt - oldDebt);
    } else if (!wasUnsafe && !isUnsafe) {
      this.safe.update(slot, key);
    } else if (wasUnsafe) {
      this.unsafeHeap.remove(slot);
      this.leaveUnsafe(slot, oldCollateral, oldDebt);
      this.safe.insert(slot, key);
    } else {
      this.safe.remove(slot);
      this.enterUnsafe(slot);
      this.unsafeHeap.insert(slot, -key);
    }
  }

  /** Closes open `account`; its slot is reused by the next open. */
  close(account: string): void {
    const slot = this.mustSlot(account);
    const collateral = this.collateral[slot];
    const debt = this.debt[slot];
    if (this.unsafeAt[slot] >= 0) {
      this.unsafeHeap.remove(slot);
      this.leaveUnsafe(slot, collateral, debt);
    } else this.safe.remove(slot);
    this.histogram.remove(slot, collateral, debt);
    this.totalCollateral.add(-collateral);
    this.totalDebt.add(-debt);
    this.slotOf.delete(account);
    this.names[slot] = undefined;
    this.collateral[slot] = 0;
    this.debt[slot] = 0;
    this.liquidation[slot] = FREE;
    this.free.push(slot);
    if (this.slotOf.size === 0) {
      this.totalCollateral.reset();
      this.totalDebt.reset();
    }
  }

  /**
   * Moves the sets to a new collateral price / debt price ratio: a fall pops the safe accounts whose liquidation
   * price is now above it, a rise pops the unsafe accounts whose liquidation price is now at or below it.
   */
  setRatio(ratio: number, popped: number[] = []): void {
    this.ratio = ratio;
    popped.length = 0;
    this.safe.popAbove(ratio, popped);
    for (let k = 0; k < popped.length; k++) {
      const slot = popped[k];
      this.enterUnsafe(slot);
      this.unsafeHeap.insert(slot, -this.liquidation[slot]);
    }
    popped.length = 0;
    // Keys are −liquidation price: above the next double below −ratio means liquidation price ≤ ratio.
    this.unsafeHeap.popAbove(-nextUp(ratio), popped);
    for (let k = 0; k < popped.length; k++) {
      const slot = popped[k];
      this.leaveUnsafe(slot, this.collateral[slot], this.debt[slot]);
      this.safe.insert(slot, this.liquidation[slot]);
    }
  }

  /** Sets the liquidation threshold and rebuilds the index and the totals from the accounts, in O(N log N). */
  setThreshold(liquidationThreshold: number): void {
    this.liquidationThreshold = liquidationThreshold;
    this.rebuild(this.collateral.length);
  }

  /**
   * Replaces every account with `names` by slot (null = free slot), their amounts, and the free list (last reused
   * first), then rebuilds index and totals: a checkpoint restores the exact slots, so later opens reuse the same ones.
   */
  load(
    names: readonly (string | null)[],
    collateral: ArrayLike<number>,
    debt: ArrayLike<number>,
    free: readonly number[],
  ): void {
    const capacity = Math.max(MIN_CAPACITY, this.collateral.length, names.length);
    this.collateral = new Float64Array(capacity);
    this.debt = new Float64Array(capacity);
    this.liquidation = new Float64Array(capacity).fill(FREE);
    this.names = [];
    this.slotOf.clear();
    for (let slot = 0; slot < names.length; slot++) {
      const name = names[slot];
      if (name === null) continue;
      this.names[slot] = name;
      this.slotOf.set(name, slot);
      this.collateral[slot] = collateral[slot];
      this.debt[slot] = debt[slot];
    }
    this.slots = names.length;
    if (this.slotOf.size + free.length !== names.length)
      throw new InvariantError('live book: an account name appears twice, or the free list does not match the slots');
    this.free.length = 0;
    this.free.push(...free);
    this.rebuild(capacity);
  }

  /** Free slots, the next reused last. */
  freeSlots(): readonly number[] {
    return this.free;
  }

  /** Running totals, in asset units. */
  totals(): ProtocolTotals {
    return {
      accounts: this.slotOf.size,
      collateral: this.totalCollateral.value(),
      debt: this.totalDebt.value(),
      unsafeAccounts: this.unsafeCount,
      unsafeCollateral: this.unsafeCollateral.value(),
      unsafeDebt: this.unsafeDebt.value(),
    };
  }

  /** Liquidation price at a debt price of 1 (Aave health factor 1: debt·debtPrice/(collateral·LT), health.ts). */
  private keyOf(collateral: number, debt: number): number {
    return priceAtHealth(1, debt, 1, collateral, this.liquidationThreshold);
  }

  private mustSlot(account: string): number {
    const slot = this.slotOf.get(account);
    if (slot < 0) throw new InvariantError(`live book: account ${account} is not open`);
    return slot;
  }

  private place(slot: number, key: number): void {
    this.liquidation[slot] = key;
    this.histogram.add(slot, key, this.collateral[slot], this.debt[slot]);
    if (key > this.ratio) {
      this.enterUnsafe(slot);
      this.unsafeHeap.insert(slot, -key);
    } else this.safe.insert(slot, key);
  }

  private enterUnsafe(slot: number): void {
    this.unsafeAt[slot] = this.unsafeCount;
    this.unsafeList[this.unsafeCount++] = slot;
    this.unsafeCollateral.add(this.collateral[slot]);
    this.unsafeDebt.add(this.debt[slot]);
  }

  private leaveUnsafe(slot: number, collateral: number, debt: number): void {
    const at = this.unsafeAt[slot];
    const last = this.unsafeList[--this.unsafeCount];
    this.unsafeList[at] = last;
    this.unsafeAt[last] = at;
    this.unsafeAt[slot] = -1;
    if (this.unsafeCount === 0) {
      this.unsafeCollateral.reset();
      this.unsafeDebt.reset();
    } else {
      this.unsafeCollateral.add(-collateral);
      this.unsafeDebt.add(-debt);
    }
  }

  /** Doubles the capacity; the heaps are rebuilt (amortised O(log N) per open). */
  private grow(): void {
    const capacity = this.collateral.length * 2;
    const copy = (from: Float64Array, fill: number) => {
      const to = new Float64Array(capacity).fill(fill);
      to.set(from);
      return to;
    };
    this.collateral = copy(this.collateral, 0);
    this.debt = copy(this.debt, 0);
    this.liquidation = copy(this.liquidation, FREE);
    this.rebuild(capacity);
  }

  /** Recomputes every key at the current threshold and rebuilds heaps, unsafe list and totals exactly. */
  private rebuild(capacity: number): void {
    this.safe = new TriggerHeap(capacity);
    this.unsafeHeap = new TriggerHeap(capacity);
    this.unsafeList = new Int32Array(capacity);
    this.unsafeAt = new Int32Array(capacity).fill(-1);
    this.unsafeCount = 0;
    this.histogram.grow(capacity);
    this.histogram.clear();
    for (const sum of [this.totalCollateral, this.totalDebt, this.unsafeCollateral, this.unsafeDebt]) sum.reset();
    let live = 0;
    let safe = 0;
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.names[slot] === undefined) continue;
      live += 1;
      const key = this.keyOf(this.collateral[slot], this.debt[slot]);
      this.liquidation[slot] = key;
      if (!(key > this.ratio)) safe += 1;
    }
    // Every slot live and safe (a book at block 0): one O(N) heap construction instead of N insertions.
    const bulk = live === this.slots && safe === live;
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.names[slot] === undefined) continue;
      this.totalCollateral.add(this.collateral[slot]);
      this.totalDebt.add(this.debt[slot]);
      if (bulk) {
        this.safe.keys[slot] = this.liquidation[slot];
        this.histogram.add(slot, this.liquidation[slot], this.collateral[slot], this.debt[slot]);
      } else this.place(slot, this.liquidation[slot]);
    }
    if (bulk) this.safe.buildAll(this.slots);
  }
}
