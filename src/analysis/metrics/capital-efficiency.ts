/**
 * Capital efficiency of the lending protocols over a run (docs/closed-loop.md): how much of its collateral the book
 * borrows, how much of the borrowing power in force it uses, and how much borrowing power the thresholds in force
 * allow against the scenario's set threshold. Each is a ratio of sums over every lending protocol at each block's
 * oracle prices, averaged over the run's blocks.
 */

import { WRITE_CHUNK_BITS } from '../../protocol/lending/account-book.js';

/** What the tracker reads of a lending protocol (LendingProtocol has it). */
export interface CapitalEfficiencyProtocol {
  readonly book: {
    readonly collateral: Float64Array;
    readonly debt: Float64Array;
    /** Writes per chunk of 2^WRITE_CHUNK_BITS accounts (AccountBook); without it the book is one chunk. */
    readonly chunkWrites?: Uint32Array;
  };
  /** Oracle price of this block's checks. */
  readonly price: number;
  readonly debtPrice: number;
  /** The scenario's (set) liquidation threshold. */
  readonly settings: { readonly liquidationThreshold: number };
  /** Changes of accounts' debt or collateral so far. */
  readonly bookWrites: number;
  readonly dynamicThreshold?: { readonly changes: number };
  /** Threshold in force for account i (tiers and scale included). */
  thresholdOf(i: number): number;
  /** thresholdOf of every account when it is the same for all (no tiers), else undefined. */
  uniformThreshold?(): number | undefined;
}

/** The run's capital-efficiency metrics; null without a lending protocol. */
export interface CapitalEfficiency {
  /** Time average of Σ debt / Σ collateral·price (USD over USD). */
  averageLtv: number | null;
  /** Time average of Σ debt / Σ collateral·price·threshold in force: the share of borrowing power in use. */
  borrowingPowerUsed: number | null;
  /** Time average of Σ collateral·price·threshold in force / Σ collateral·price·set threshold (1 = as set). */
  borrowingCapacity: number | null;
}

interface Sums {
  writes: number;
  changes: number;
  collateral: number;
  debtUsd: number;
  /** Σ collateral·threshold in force. */
  power: number;
}

/** A protocol's sums per chunk of accounts, each added in account order, and the chunk writes they reflect. */
interface ChunkSums {
  collateral: Float64Array;
  debt: Float64Array;
  power: Float64Array;
  seen: Uint32Array;
  /** Debt price and threshold changes at the last re-read (tiers read debt·price: a new price re-reads every chunk). */
  debtPrice: number;
  changes: number;
  sums: Sums | undefined;
}

/**
 * Accumulates the capital-efficiency ratios block by block. Sums over a protocol's accounts are recomputed only when
 * its book or its threshold scale changed since the last block, and then only over the chunks of 2^WRITE_CHUNK_BITS
 * (64) accounts written since: each chunk summed in account order, the chunk sums added in chunk order, so the sums
 * depend only on the book, not on which blocks wrote it (a book of one chunk gets the plain running sum's bits).
 *
 * @example
 * const tracker = new CapitalEfficiencyTracker();
 * for (…) { stepBlock(world); tracker.observe(world.protocols); }
 * tracker.result().averageLtv;
 */
export class CapitalEfficiencyTracker {
  private readonly cache = new Map<CapitalEfficiencyProtocol, ChunkSums>();
  private blocks = 0;
  private ltv = 0;
  private used = 0;
  private capacity = 0;

  /** Adds one block (call after the block's checks, so prices and books are this block's). */
  observe(protocols: readonly CapitalEfficiencyProtocol[]): void {
    let collateralUsd = 0;
    let debtUsd = 0;
    let powerUsd = 0;
    let setPowerUsd = 0;
    for (const p of protocols) {
      const sums = this.sums(p);
      collateralUsd += sums.collateral * p.price;
      debtUsd += sums.debtUsd;
      powerUsd += sums.power * p.price;
      setPowerUsd += sums.collateral * p.price * p.settings.liquidationThreshold;
    }
    if (!(collateralUsd > 0 && powerUsd > 0 && setPowerUsd > 0)) return;
    this.blocks += 1;
    this.ltv += debtUsd / collateralUsd;
    this.used += debtUsd / powerUsd;
    this.capacity += powerUsd / setPowerUsd;
  }

  /** The averages so far (null before any block with collateral). */
  result(): CapitalEfficiency {
    if (this.blocks === 0) return { averageLtv: null, borrowingPowerUsed: null, borrowingCapacity: null };
    return {
      averageLtv: this.ltv / this.blocks,
      borrowingPowerUsed: this.used / this.blocks,
      borrowingCapacity: this.capacity / this.blocks,
    };
  }

  private sums(p: CapitalEfficiencyProtocol): Sums {
    const changes = p.dynamicThreshold?.changes ?? 0;
    const { collateral, debt, chunkWrites } = p.book;
    let cached = this.cache.get(p);
    if (cached?.sums && cached.sums.writes === p.bookWrites && cached.sums.changes === changes) return cached.sums;
    const chunks = chunkWrites ?? new Uint32Array(1);
    const size = chunkWrites ? 2 ** WRITE_CHUNK_BITS : collateral.length;
    if (!cached || cached.seen.length !== chunks.length) {
      const n = chunks.length;
      cached = {
        collateral: new Float64Array(n),
        debt: new Float64Array(n),
        power: new Float64Array(n),
        seen: new Uint32Array(n),
        debtPrice: Number.NaN,
        changes: Number.NaN,
        sums: undefined,
      };
      this.cache.set(p, cached);
    }
    // Without chunk counters, or with a new debt price or threshold scale, every chunk is read again.
    const all = !chunkWrites || !cached.sums || cached.debtPrice !== p.debtPrice || cached.changes !== changes;
    let c = 0;
    let d = 0;
    let power = 0;
    for (let k = 0; k < chunks.length; k++) {
      if (all || cached.seen[k] !== chunks[k]) {
        this.sumChunk(p, cached, k, k * size, Math.min(collateral.length, (k + 1) * size), debt);
        cached.seen[k] = chunks[k];
      }
      c += cached.collateral[k];
      d += cached.debt[k];
      power += cached.power[k];
    }
    cached.debtPrice = p.debtPrice;
    cached.changes = changes;
    cached.sums = { writes: p.bookWrites, changes, collateral: c, debtUsd: d * p.debtPrice, power };
    return cached.sums;
  }

  /** Sums accounts [from, to) of `p` into chunk `k`, in account order. */
  private sumChunk(
    p: CapitalEfficiencyProtocol,
    into: ChunkSums,
    k: number,
    from: number,
    to: number,
    debt: Float64Array,
  ): void {
    const { collateral } = p.book;
    const uniform = p.uniformThreshold?.();
    let c = 0;
    let d = 0;
    let power = 0;
    if (uniform !== undefined) {
      // The same products and sums as below, with the threshold read once.
      for (let i = from; i < to; i++) {
        const units = collateral[i];
        c += units;
        d += debt[i];
        if (units > 0) power += units * uniform;
      }
    } else {
      for (let i = from; i < to; i++) {
        c += collateral[i];
        d += debt[i];
        if (collateral[i] > 0) power += collateral[i] * p.thresholdOf(i);
      }
    }
    into.collateral[k] = c;
    into.debt[k] = d;
    into.power[k] = power;
  }
}
