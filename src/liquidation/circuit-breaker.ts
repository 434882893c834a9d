/** Settings of a protocol's liquidation circuit breakers; see `protocols[].circuitBreakers` in docs/scenario.md. */
export interface CircuitBreakerSettings {
  /** Pause liquidations when the oracle price moves more than this fraction within `windowBlocks` (0.1 = 10%). */
  pauseOnOracleMove?: number;
  windowBlocks: number;
  /** How long a pause lasts, blocks. */
  pauseBlocks: number;
  /** Most collateral value (at the oracle price, USD) the protocol lets be seized in one block. */
  maxLiquidatedUsdPerBlock?: number;
  /** Most collateral value (USD) under liquidation at once: in auctions or held for sale, or seized this block. */
  maxInLiquidationUsd?: number;
}

/** Circuit-breaker settings from a scenario entry (percent → fraction); none given means no breaker. */
export function circuitBreakerSettings(spec?: {
  pauseOnOracleMovePct?: number;
  windowBlocks: number;
  pauseBlocks: number;
  maxLiquidatedUsdPerBlock?: number;
  maxInLiquidationUsd?: number;
}): CircuitBreakerSettings {
  if (!spec) return { windowBlocks: 1, pauseBlocks: 0 };
  return {
    pauseOnOracleMove: spec.pauseOnOracleMovePct === undefined ? undefined : spec.pauseOnOracleMovePct / 100,
    windowBlocks: spec.windowBlocks,
    pauseBlocks: spec.pauseBlocks,
    maxLiquidatedUsdPerBlock: spec.maxLiquidatedUsdPerBlock,
    maxInLiquidationUsd: spec.maxInLiquidationUsd,
  };
}

/** One pause of liquidations, as it appears in the results. */
export interface PauseEvent {
  /** Block the pause started. */
  block: number;
  /** First block liquidations are allowed again. */
  resumesAtBlock: number;
  protocol: string;
  /** Oracle move over the window that tripped it (signed fraction). */
  oracleMove: number;
}

/**
 * Liquidation circuit breakers of one protocol: a pause when the oracle price moves more than a threshold
 * within a window of blocks (a dynamic circuit breaker), a per-block cap on collateral seized (a rate
 * limit), and a cap on collateral under liquidation at once (MakerDAO's Hole generalised to every
 * mechanism: auction lots and protocol-held collateral, or for instant liquidations what was seized
 * this block). Each pause is recorded as an event.
 *
 * @example
 * const breaker = new CircuitBreaker('lend', { pauseOnOracleMove: 0.05, windowBlocks: 25, pauseBlocks: 50 });
 * breaker.observe(block, oracle.price);
 * if (!breaker.paused(block)) { … }
 */
export class CircuitBreaker {
  readonly events: PauseEvent[] = [];
  private readonly history: Float64Array;
  private observed = 0;
  private pausedUntil = -1;
  private seizedThisBlockUsd = 0;
  /** USD of collateral in the mechanism's hands now (auction lots, absorbed collateral). */
  private inLiquidationUsd: () => number = () => 0;

  constructor(
    private readonly protocol: string,
    private readonly settings: CircuitBreakerSettings,
  ) {
    this.history = new Float64Array(settings.windowBlocks + 1);
  }

  /** Starts a block: records the oracle price, trips a pause if the window's move is too large, resets the cap. */
  observe(block: number, price: number): void {
    const size = this.history.length;
    this.history[this.observed % size] = price;
    this.observed += 1;
    // The slot written next holds the price from windowBlocks blocks ago (the first price until then).
    const oldest = this.history[this.observed >= size ? this.observed % size : 0];
    this.seizedThisBlockUsd = 0;
    const threshold = this.settings.pauseOnOracleMove;
    if (threshold === undefined || this.paused(block)) return;
    const move = price / oldest - 1;
    if (Math.abs(move) > threshold) {
      this.pausedUntil = block + this.settings.pauseBlocks;
      this.events.push({ block, resumesAtBlock: this.pausedUntil, protocol: this.protocol, oracleMove: move });
    }
  }

  /** Whether liquidations are paused in `block`. */
  paused(block: number): boolean {
    return block < this.pausedUntil;
  }

  /** Tells the breaker how to value the collateral under liquidation now (set once the mechanism exists). */
  measureInLiquidation(inLiquidationUsd: () => number): void {
    this.inLiquidationUsd = inLiquidationUsd;
  }

  /** Collateral value (USD) that may still be seized this block, under both caps. */
  allowanceUsd(): number {
    const { maxLiquidatedUsdPerBlock: perBlock, maxInLiquidationUsd: atOnce } = this.settings;
    let allowance = Number.POSITIVE_INFINITY;
    if (perBlock !== undefined) allowance = perBlock - this.seizedThisBlockUsd;
    // Instant liquidations hand collateral on at once, so what is under liquidation is at least this block's seizures.
    if (atOnce !== undefined)
      allowance = Math.min(allowance, atOnce - Math.max(this.inLiquidationUsd(), this.seizedThisBlockUsd));
    return Math.max(0, allowance);
  }

  /** Counts a seizure against this block's cap. */
  record(seizedUsd: number): void {
    this.seizedThisBlockUsd += seizedUsd;
  }

  /** Blocks spent paused up to and including `block`. */
  pausedBlocks(block: number): number {
    return this.events.reduce((n, e) => n + Math.max(0, Math.min(e.resumesAtBlock, block + 1) - e.block), 0);
  }
}
