import type { Venue } from '../market/venues/venue.js';
import type { Oracle } from './oracle.js';

/** What an oracle needs from its source: a marginal price. Any {@link Venue} fits; so does `{ mid: () => x }`. */
export type PriceSource = Pick<Venue, 'mid'>;

/** Settings of a spot oracle. */
export interface SpotOracleSettings {
  id: string;
  asset: string;
}

/**
 * Reads one venue's mid every block, with no smoothing, deviation threshold or delay: what a protocol
 * that prices collateral from a pool's reserves (`getReserves`, `slot0`) sees. Same public shape as
 * `PushOracle` (`price`, `fundamentalAtRead`, `updates`, `start`, `onBlock`). `price` is the mid at the
 * last `onBlock`; `read()` is the mid at this instant, which is what a protocol reading the pool inside a
 * transaction sees (it includes trades earlier in the same block, e.g. a manipulation).
 *
 * @example
 * const oracle = new SpotOracle({ id: 'spot', asset: 'ETH' }, pool);
 * oracle.start(2000);
 * oracle.onBlock(1, 12, 1990); // oracle.price === pool.mid()
 */
export class SpotOracle implements Oracle {
  /** Mid read at the last block, USD. */
  price = Number.NaN;
  /** Exogenous price when `price` was read. */
  fundamentalAtRead = Number.NaN;
  /** Time of the visible reading, seconds (a spot read is always fresh). */
  updatedAt = 0;
  /** Readings taken (one per block). */
  updates = 0;

  constructor(
    readonly settings: SpotOracleSettings,
    private readonly source: PriceSource,
  ) {}

  get id(): string {
    return this.settings.id;
  }

  /**
   * The source's mid now.
   *
   * @example oracle.read() // 2000
   */
  read(): number {
    return this.source.mid();
  }

  /**
   * Takes the first reading.
   *
   * @example oracle.start(2000, 0);
   */
  start(fundamental: number, timeSeconds = 0): void {
    this.price = this.read();
    this.fundamentalAtRead = fundamental;
    this.updatedAt = timeSeconds;
  }

  /**
   * Reads the source; the reading is visible at once.
   *
   * @example oracle.onBlock(1, 12, 1990);
   */
  onBlock(_block: number, timeSeconds: number, fundamental: number): void {
    // Pool spot price: the marginal price of the reserves now, no averaging (Uniswap v2 reserve1/reserve0).
    this.price = this.read();
    this.fundamentalAtRead = fundamental;
    this.updatedAt = timeSeconds;
    this.updates += 1;
  }

  /**
   * Reads the pool now, inside a transaction: trades earlier in the block (a manipulation) show at once.
   *
   * @example oracle.refreshWithinBlock(12, 1990);
   */
  refreshWithinBlock(timeSeconds: number, fundamental: number): void {
    this.price = this.read();
    this.fundamentalAtRead = fundamental;
    this.updatedAt = timeSeconds;
  }
}
