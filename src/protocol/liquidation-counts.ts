/**
 * Liquidation counters every margin engine keeps the same way, whatever its family (lending, perp): calls in
 * total and by cascade generation, and the block's calls and USD liquidated by generation, which the recorder reads
 * and clears after each block.
 *
 * @example
 * class Ledger extends LiquidationCounts {}
 * const ledger = new Ledger();
 * ledger.countByGeneration(2, 5_000); // ledger.liquidationsByGeneration → [0, 0, 1]
 */
export class LiquidationCounts {
  liquidations = 0;
  readonly liquidationsByGeneration: number[] = [];
  /** Per block, cleared by the recorder: calls and USD liquidated by generation. */
  blockLiquidations = 0;
  readonly blockLiquidatedUsdByGeneration: number[] = [];

  /** Counts one liquidation of a generation-`generation` account that liquidated `usd`. */
  countByGeneration(generation: number, usd: number): void {
    this.liquidations += 1;
    this.blockLiquidations += 1;
    while (this.liquidationsByGeneration.length <= generation) this.liquidationsByGeneration.push(0);
    while (this.blockLiquidatedUsdByGeneration.length <= generation) this.blockLiquidatedUsdByGeneration.push(0);
    this.liquidationsByGeneration[generation] += 1;
    this.blockLiquidatedUsdByGeneration[generation] += usd;
  }

  /** Clears the per-block counters. */
  clearBlock(): void {
    this.blockLiquidations = 0;
    this.blockLiquidatedUsdByGeneration.fill(0);
  }
}
