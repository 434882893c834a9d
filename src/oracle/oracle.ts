/**
 * What protocols, the recorder and the metrics need of a price feed, whatever its kind (push, spot, TWAP, OSM).
 * The world steps every oracle once per block with `onBlock` (a TWAP at the start of the block, the others at
 * step 4, see src/world/block-order.ts) and protocols read `price` at step 5.
 *
 * @example
 * const oracle: Oracle = new PushOracle(settings, [market]);
 * oracle.start(2000, 0);
 * oracle.onBlock(1, 12, 1990);
 * const age = 12 - oracle.updatedAt; // seconds since the visible answer was read
 */
export interface Oracle {
  readonly id: string;
  readonly settings: { readonly id: string; readonly asset: string };
  /** Answer visible to protocols, USD per unit of `settings.asset`. */
  readonly price: number;
  /** Exogenous price of the asset when the visible answer was read (for cascade attribution). */
  readonly fundamentalAtRead: number;
  /** Answers published (push), readings (spot), observations (TWAP) or pokes (OSM) since `start`. */
  readonly updates: number;
  /** Time the visible answer was read from the sources, seconds since block 0 (Chainlink `updatedAt`). */
  readonly updatedAt: number;
  /** Publishes the first answer at block 0, visible at once. */
  start(fundamental: number, timeSeconds?: number): void;
  /** Reads the sources at `block` (time `timeSeconds`) and publishes what its rule allows. */
  onBlock(block: number, timeSeconds: number, fundamental: number): void;
  /**
   * Re-reads the sources mid-block, as a contract calling the oracle inside a transaction does. Only oracles
   * read on chain from a pool's state (spot) have it: push, TWAP and OSM answers cannot move within a block.
   */
  refreshWithinBlock?(timeSeconds: number, fundamental: number): void;
}
