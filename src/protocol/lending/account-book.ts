/**
 * Accounts per chunk of {@link AccountBook.chunkWrites}: 2^6 = 64 (a block's writes, a few dozen liquidations, touch
 * about a sixth of a 10,000-account book's chunks; docs/benchmarks.md).
 */
export const WRITE_CHUNK_BITS = 6;

/**
 * Borrower accounts of one lending protocol as struct-of-arrays typed arrays (31 bytes per account;
 * the trigger heap adds 16 more). Collateral and reserve are in collateral-asset units, debt in
 * debt-asset units.
 *
 * @example
 * const book = new AccountBook(1000);
 * book.collateral[0] = 2; book.debt[0] = 2500;
 */
export class AccountBook {
  /** Collateral deposited. */
  readonly collateral: Float64Array;
  /** Debt outstanding. */
  readonly debt: Float64Array;
  /** Collateral the owner still holds outside the protocol and can top up with (0 = never tops up). */
  readonly reserve: Float64Array;
  /** Block at which the account last became liquidatable; −1 while it is not. */
  readonly unsafeSince: Int32Array;
  /** Cascade generation of the current unsafe episode; −1 while not liquidatable. */
  readonly generation: Int16Array;
  /** 1 once the account has been liquidated at least once. */
  readonly everLiquidated: Uint8Array;
  /**
   * Writes to collateral or debt so far per chunk of 2^{@link WRITE_CHUNK_BITS} accounts, so that a reader of sums
   * over the book re-adds only the chunks written since it last looked (a counter, not a flag: any number of readers).
   */
  readonly chunkWrites: Uint32Array;

  constructor(readonly count: number) {
    this.collateral = new Float64Array(count);
    this.debt = new Float64Array(count);
    this.reserve = new Float64Array(count);
    this.unsafeSince = new Int32Array(count).fill(-1);
    this.generation = new Int16Array(count).fill(-1);
    this.everLiquidated = new Uint8Array(count);
    this.chunkWrites = new Uint32Array(Math.max(1, Math.ceil(count / 2 ** WRITE_CHUNK_BITS)));
  }

  /**
   * Counts a write to account `i`'s collateral or debt (every writer calls it, or {@link noteWriteAll}).
   *
   * @example book.collateral[7] += 1; book.noteWrite(7);
   */
  noteWrite(i: number): void {
    this.chunkWrites[i >>> WRITE_CHUNK_BITS] += 1;
  }

  /**
   * Counts a write to accounts unknown: every chunk counts as written.
   *
   * @example book.noteWriteAll();
   */
  noteWriteAll(): void {
    const { chunkWrites } = this;
    for (let k = 0; k < chunkWrites.length; k++) chunkWrites[k] += 1;
  }
}
