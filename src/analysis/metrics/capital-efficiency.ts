/**
 * Capital efficiency of the lending protocols over a run (docs/closed-loop.md): how much of its collateral the book
 * borrows, how much of the borrowing power in force it uses, and how much borrowing power the thresholds in force
 * allow against the scenario's set threshold. Each is a ratio of sums over every lending protocol at each block's
 * oracle prices, averaged over the run's blocks.
 */

/** What the tracker reads of a lending protocol (LendingProtocol has it). */
export interface CapitalEfficiencyProtocol {
  readonly book: { readonly collateral: Float64Array; readonly debt: Float64Array };
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

/**
 * Accumulates the capital-efficiency ratios block by block. Sums over a protocol's accounts are recomputed only when
 * its book or its threshold scale changed since the last block.
 *
 * @example
 * const tracker = new CapitalEfficiencyTracker();
 * for (…) { stepBlock(world); tracker.observe(world.protocols); }
 * tracker.result().averageLtv;
 */
export class CapitalEfficiencyTracker {
  private readonly cache = new Map<CapitalEfficiencyProtocol, Sums>();
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
    const cached = this.cache.get(p);
    if (cached && cached.writes === p.bookWrites && cached.changes === changes) return cached;
    const { collateral, debt } = p.book;
    let c = 0;
    let d = 0;
    let power = 0;
    for (let i = 0; i < collateral.length; i++) {
      c += collateral[i];
      d += debt[i];
      if (collateral[i] > 0) power += collateral[i] * p.thresholdOf(i);
    }
    const sums = { writes: p.bookWrites, changes, collateral: c, debtUsd: d * p.debtPrice, power };
    this.cache.set(p, sums);
    return sums;
  }
}
