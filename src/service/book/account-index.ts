// The slot of each open account by its name. Names of one shape, a fixed prefix and a decimal number (`b0` … `b999999`,
// as the live book names generated borrowers), are found by their number in an array: no hash of a name freshly read
// from a request. Every other name goes to a Map.

/** Most digits of a numbered name (so its number is below 10^9 and fits an int32). */
const MAX_DIGITS = 9;
/** Numbers below this always go to the array; above it only while below 4 × the accounts (the array stays small). */
const MIN_NUMBERED = 1 << 21;

/**
 * Account name → slot. A name `<prefix><digits>` (the prefix learnt from the first such name added; digits with no
 * leading zero) is kept in an array by its number when that number is below max(2^21, 4 × accounts); any other name
 * in a Map. A look-up of a numbered name reads the digits (no hashing) and falls back to the Map only when the array
 * has no entry.
 *
 * @example
 * const index = new AccountIndex();
 * index.set('b42', 7); index.get('b42'); // 7
 * index.get('alice'); // −1
 */
export class AccountIndex {
  private readonly byName = new Map<string, number>();
  /** slot + 1 by number (0: none). */
  private byNumber = new Int32Array(0);
  private prefix: string | undefined;
  private count = 0;

  /** Names held. */
  get size(): number {
    return this.count;
  }

  /** The slot of `name`, or −1. */
  get(name: string): number {
    const n = this.numberOf(name);
    if (n >= 0 && n < this.byNumber.length) {
      const entry = this.byNumber[n];
      if (entry > 0) return entry - 1;
    }
    return this.byName.get(name) ?? -1;
  }

  /** Whether `name` is held. */
  has(name: string): boolean {
    return this.get(name) >= 0;
  }

  /** Puts `name` at `slot` (replacing its slot if it is held). */
  set(name: string, slot: number): void {
    if (this.prefix === undefined) this.prefix = prefixOf(name);
    this.delete(name);
    const n = this.numberOf(name);
    this.count += 1;
    if (n >= 0 && n < Math.max(MIN_NUMBERED, 4 * this.count)) {
      if (n >= this.byNumber.length) {
        const grown = new Int32Array(Math.max(1024, 2 ** Math.ceil(Math.log2(n + 1))));
        grown.set(this.byNumber);
        this.byNumber = grown;
      }
      this.byNumber[n] = slot + 1;
    } else this.byName.set(name, slot);
  }

  /** Removes `name`; returns whether it was held. */
  delete(name: string): boolean {
    const n = this.numberOf(name);
    if (n >= 0 && n < this.byNumber.length && this.byNumber[n] > 0) {
      this.byNumber[n] = 0;
      this.count -= 1;
      return true;
    }
    if (!this.byName.delete(name)) return false;
    this.count -= 1;
    return true;
  }

  /** Removes every name. */
  clear(): void {
    this.byName.clear();
    this.byNumber = new Int32Array(0);
    this.prefix = undefined;
    this.count = 0;
  }

  /** The number of `name` when it is the prefix then 1–9 digits without a leading zero, else −1. */
  private numberOf(name: string): number {
    const prefix = this.prefix;
    if (prefix === undefined) return -1;
    const start = prefix.length;
    const length = name.length - start;
    if (length < 1 || length > MAX_DIGITS || (length > 1 && name.charCodeAt(start) === 48)) return -1;
    for (let k = 0; k < start; k++) if (name.charCodeAt(k) !== prefix.charCodeAt(k)) return -1;
    let n = 0;
    for (let k = start; k < name.length; k++) {
      const d = name.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n;
  }
}

/** What comes before the trailing digits of `name`, when it ends in 1–9 digits; else undefined. */
function prefixOf(name: string): string | undefined {
  let start = name.length;
  while (start > 0 && name.charCodeAt(start - 1) >= 48 && name.charCodeAt(start - 1) <= 57) start--;
  const digits = name.length - start;
  return digits >= 1 && digits <= MAX_DIGITS ? name.slice(0, start) : undefined;
}
