/**
 * Liquidation work waiting for keepers, block by block. Work becomes due when the oracle price first
 * falls far enough to make it liquidatable; each block every keeper, in the chain's order (highest
 * priority fee first), takes the oldest due work it has waited `latencyBlocks` for, as far as its
 * capital (USD of debt it may repay per block) and its calls per block allow. What no keeper can take
 * waits for the next block. Gas, minimum profit and the keepers' choice of a smaller, more profitable
 * repay are ignored.
 */

/**
 * One keeper's limits, from `keepers[]` of the scenario.
 *
 * @example
 * const fast: KeeperLimits = { capitalUsd: 3e6, callsPerBlock: 1000, latencyBlocks: 0 };
 */
export interface KeeperLimits {
  /** USD of debt it can repay per block (recycled every block). */
  capitalUsd: number;
  /** Most liquidation calls per block. */
  callsPerBlock: number;
  /** Blocks work must have been due before this keeper takes it. */
  latencyBlocks: number;
}

/**
 * An amount of liquidation work: collateral units to sell, USD of debt to repay, accounts (one call each).
 *
 * @example
 * const work: Work = { units: 120, repaidUsd: 2.2e5, accounts: 9 };
 */
export interface Work {
  units: number;
  repaidUsd: number;
  accounts: number;
}

/** A share of an item this close to 1 is the whole item: what is left is float residue of earlier splits. */
const SHARE_ROUNDING = 1e-9;

interface DueWork extends Work {
  block: number;
}

/**
 * The queue of liquidation work and the keepers that clear it.
 *
 * @example
 * const queue = new KeeperQueue([{ capitalUsd: 1e6, callsPerBlock: 1000, latencyBlocks: 0 }]);
 * queue.add(5, { units: 1000, repaidUsd: 1.8e6, accounts: 40 });
 * queue.take(5).units; // 555.6: 1M of the 1.8M repaid this block
 * queue.take(6).units; // 444.4: the rest
 */
export class KeeperQueue {
  private readonly due: DueWork[] = [];
  /** Blocks in which due work was left waiting for lack of capital or calls. */
  limitedBlocks = 0;
  /** Whether the last `take` left work waiting for lack of capital or calls. */
  backlogged = false;

  /** The shortest latency: work older than this that still waits was held back by a limit. */
  private readonly fastest: number;
  /** What `take` returns, reused (the caller reads it before the next block). */
  private readonly taken: Work = { units: 0, repaidUsd: 0, accounts: 0 };

  /** `keepers` in the order the chain runs them. */
  constructor(private readonly keepers: readonly KeeperLimits[]) {
    this.fastest = Math.min(...keepers.map((k) => k.latencyBlocks));
  }

  /** Work waiting, summed. */
  get waiting(): Work {
    const total: Work = { units: 0, repaidUsd: 0, accounts: 0 };
    for (const w of this.due) {
      total.units += w.units;
      total.repaidUsd += w.repaidUsd;
      total.accounts += w.accounts;
    }
    return total;
  }

  /** True when no work waits. */
  get isEmpty(): boolean {
    return this.due.length === 0;
  }

  /** Work that keepers may take from `block` on (kept in block order, oldest first). */
  add(block: number, work: Work): void {
    if (!(work.units > 0)) return;
    const item = {
      block,
      units: work.units,
      repaidUsd: Math.max(0, work.repaidUsd),
      accounts: Math.max(0, work.accounts),
    };
    let at = this.due.length;
    while (at > 0 && this.due[at - 1].block > block) at--;
    this.due.splice(at, 0, item);
  }

  /**
   * What the keepers take in `block`: each in turn, oldest work first, a share of an item when a limit binds.
   * The object returned is reused by the next call.
   */
  take(block: number): Readonly<Work> {
    const { taken } = this;
    taken.units = 0;
    taken.repaidUsd = 0;
    taken.accounts = 0;
    this.backlogged = false;
    if (this.due.length === 0) return taken;
    for (const keeper of this.keepers) {
      let capital = keeper.capitalUsd;
      let calls = keeper.callsPerBlock;
      for (const w of this.due) {
        if (capital <= 0 || calls <= 0) break;
        if (block < w.block + keeper.latencyBlocks) break;
        if (w.units <= 0) continue;
        // The share of this item the keeper's capital and calls cover (all of it when they suffice).
        let share = Math.min(1, w.repaidUsd > 0 ? capital / w.repaidUsd : 1, w.accounts > 0 ? calls / w.accounts : 1);
        // A limit that falls short by rounding only (the rest of an item split last block) covers the item.
        if (share > 1 - SHARE_ROUNDING) share = 1;
        taken.units += share * w.units;
        taken.repaidUsd += share * w.repaidUsd;
        taken.accounts += share * w.accounts;
        capital -= share * w.repaidUsd;
        calls -= share * w.accounts;
        w.units *= 1 - share;
        w.repaidUsd *= 1 - share;
        w.accounts *= 1 - share;
        if (share === 1) w.units = 0;
      }
    }
    // Drop what has been cleared; anything left that is already past every keeper's latency waited for a limit.
    let kept = 0;
    for (const w of this.due) if (w.units > 0) this.due[kept++] = w;
    this.due.length = kept;
    this.backlogged = kept > 0 && block >= this.due[0].block + this.fastest;
    if (this.backlogged) this.limitedBlocks += 1;
    return taken;
  }
}
