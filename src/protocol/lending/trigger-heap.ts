/**
 * Indexed binary max-heap over account indices keyed by a trigger price: the price below which the
 * account needs attention (liquidation or a top-up). Popping every key above the oracle price finds
 * the accounts that crossed in O(crossed · log N), instead of scanning all accounts.
 * 24 bytes per account: an 8-byte key, a 4-byte heap slot, a 4-byte position, and the key again by slot (sifts
 * compare keys along a path of slots: reading them there, rather than through the slot's account, halves the
 * scattered reads of a large heap).
 *
 * @example
 * const heap = new TriggerHeap(3);
 * heap.insert(0, 1800); heap.insert(1, 1500);
 * heap.popAbove(1600); // [0]
 */
export class TriggerHeap {
  readonly keys: Float64Array;
  private readonly heap: Int32Array;
  /** slotKeys[at] = keys[heap[at]] for every slot in use. */
  private readonly slotKeys: Float64Array;
  private readonly position: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.slotKeys = new Float64Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  /** Number of accounts in the heap. */
  size(): number {
    return this.length;
  }

  /** Whether `account` is in the heap. */
  has(account: number): boolean {
    return this.position[account] >= 0;
  }

  /** Largest key, or −Infinity when empty. */
  peekKey(): number {
    return this.length === 0 ? Number.NEGATIVE_INFINITY : this.slotKeys[0];
  }

  /** Inserts every account 0..count−1 with the keys already written to `keys`, in O(N). */
  buildAll(count: number): void {
    for (let i = 0; i < count; i++) {
      this.heap[i] = i;
      this.slotKeys[i] = this.keys[i];
      this.position[i] = i;
    }
    this.length = count;
    for (let i = (count >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Inserts `account` with `key`; the account must not be in the heap. */
  insert(account: number, key: number): void {
    this.keys[account] = key;
    const at = this.length++;
    this.heap[at] = account;
    this.slotKeys[at] = key;
    this.position[account] = at;
    this.siftUp(at);
  }

  /** Removes `account` from the heap in O(log N); the account must be in the heap. */
  remove(account: number): void {
    const at = this.position[account];
    const last = this.heap[--this.length];
    this.position[account] = -1;
    if (at === this.length) return;
    this.heap[at] = last;
    this.slotKeys[at] = this.slotKeys[this.length];
    this.position[last] = at;
    this.siftUp(at);
    this.siftDown(this.position[last]);
  }

  /** Changes the key of `account` to `key` in O(log N); the account must be in the heap. */
  update(account: number, key: number): void {
    this.keys[account] = key;
    this.slotKeys[this.position[account]] = key;
    this.siftUp(this.position[account]);
    this.siftDown(this.position[account]);
  }

  /** Removes and returns, in pop order, every account whose key is strictly above `price`. */
  popAbove(price: number, into: number[] = []): number[] {
    while (this.length > 0 && this.slotKeys[0] > price) into.push(this.popTop());
    return into;
  }

  private popTop(): number {
    const top = this.heap[0];
    const last = this.heap[--this.length];
    this.position[top] = -1;
    if (this.length > 0) {
      this.heap[0] = last;
      this.slotKeys[0] = this.slotKeys[this.length];
      this.position[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(at: number): void {
    const { heap, slotKeys, position } = this;
    const account = heap[at];
    const key = slotKeys[at];
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const parentKey = slotKeys[parent];
      if (parentKey >= key) break;
      const parentAccount = heap[parent];
      heap[at] = parentAccount;
      slotKeys[at] = parentKey;
      position[parentAccount] = at;
      at = parent;
    }
    heap[at] = account;
    slotKeys[at] = key;
    position[account] = at;
  }

  private siftDown(at: number): void {
    const { heap, slotKeys, position } = this;
    const n = this.length;
    const account = heap[at];
    const key = slotKeys[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && slotKeys[child + 1] > slotKeys[child]) child += 1;
      const childKey = slotKeys[child];
      if (childKey <= key) break;
      const childAccount = heap[child];
      heap[at] = childAccount;
      slotKeys[at] = childKey;
      position[childAccount] = at;
      at = child;
    }
    heap[at] = account;
    slotKeys[at] = key;
    position[account] = at;
  }
}
