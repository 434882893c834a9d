import type { PriceSource } from './spot.js';
import type { Oracle } from './oracle.js';
import type { OracleUpdates } from './oracle-updates.js';

/** Settings of an Oracle Security Module. */
export interface OsmSettings {
  id: string;
  asset: string;
  /** Seconds between pokes (MakerDAO `hop`); default 3600. */
  hopSeconds?: number;
}

/** Default MakerDAO OSM `hop`, seconds. */
export const DEFAULT_HOP_SECONDS = 3600;

/**
 * MakerDAO Oracle Security Module (makerdao/osm `osm.sol`): a one-hop delay line in front of a price source.
 * A `poke` at or after the next hop boundary moves the queued value to current (`cur = nxt`) and queues the
 * source's price now (`nxt = src`); protocols read `cur` through `peek`, which is therefore the price read one
 * hop before (1–2 hops old by the time it is replaced); anyone can see the next value early with `peep`.
 * `onBlock` pokes at the first block where a poke is allowed, as a keeper would. Same public shape as
 * `PushOracle` (`price`, `fundamentalAtRead`, `updates`, `start`, `onBlock`). The source may be a venue or
 * another oracle adapted as `{ mid: () => push.price }` (Maker's source is a medianizer).
 *
 * @example
 * const osm = new OsmOracle({ id: 'osm', asset: 'ETH' }, medianizer);
 * osm.start(2000, 0);          // cur = nxt = 2000
 * osm.onBlock(300, 3600, 1800); // cur = 2000, nxt = source price at 3600
 */
export class OsmOracle implements Oracle {
  /** Current value (`cur`): what protocols see, USD. */
  price = Number.NaN;
  /** Exogenous price when `cur` was read from the source. */
  fundamentalAtRead = Number.NaN;
  /** Time `cur` was read from the source, seconds (its age is now − updatedAt). */
  updatedAt = 0;
  /** Pokes after `start`. */
  updates = 0;
  /** Queued value (`nxt`). */
  private next = Number.NaN;
  private nextFundamental = Number.NaN;
  private nextReadAt = 0;
  /** Hop boundary of the last poke (MakerDAO `zzz`). */
  private zzz = 0;
  readonly hopSeconds: number;
  /** Poke transactions and the chain's clock, under a fee market. */
  private transport?: OracleUpdates;
  private clock?: { readonly timeSeconds: number };

  constructor(
    readonly settings: OsmSettings,
    private readonly source: PriceSource,
  ) {
    this.hopSeconds = settings.hopSeconds ?? DEFAULT_HOP_SECONDS;
    if (!(this.hopSeconds > 0)) throw new RangeError('OsmOracle: hopSeconds must be positive');
  }

  get id(): string {
    return this.settings.id;
  }

  /**
   * Seeds `cur` and `nxt` with the source's price (a deployed OSM has both from earlier pokes).
   *
   * @example osm.start(2000, 0);
   */
  start(fundamental: number, timeSeconds = 0): void {
    this.price = this.next = this.source.mid();
    this.fundamentalAtRead = this.nextFundamental = fundamental;
    this.updatedAt = this.nextReadAt = timeSeconds;
    this.zzz = this.prev(timeSeconds);
  }

  /**
   * Start of the hop containing `timeSeconds` (MakerDAO `prev`).
   *
   * @example osm.prev(3725) // 3600 with hop 3600
   */
  prev(timeSeconds: number): number {
    // MakerDAO OSM prev: ts − ts mod hop.
    return timeSeconds - (timeSeconds % this.hopSeconds);
  }

  /**
   * Whether a poke is allowed now (MakerDAO `pass`).
   *
   * @example osm.pass(3600) // true after start(…, 0)
   */
  pass(timeSeconds: number): boolean {
    // MakerDAO OSM pass: era ≥ zzz + hop.
    return timeSeconds >= this.zzz + this.hopSeconds;
  }

  /**
   * Shifts `nxt` into `cur` and reads the source into `nxt`, if `pass`; returns whether it did (Maker reverts instead).
   *
   * @example osm.poke(3600, 1800) // true
   */
  poke(timeSeconds: number, fundamental: number): boolean {
    if (!this.pass(timeSeconds)) return false;
    // MakerDAO OSM poke: cur = nxt; nxt = src.peek(); zzz = prev(era).
    this.price = this.next;
    this.fundamentalAtRead = this.nextFundamental;
    this.updatedAt = this.nextReadAt;
    this.next = this.source.mid();
    this.nextFundamental = fundamental;
    this.nextReadAt = timeSeconds;
    this.zzz = this.prev(timeSeconds);
    this.updates += 1;
    return true;
  }

  /**
   * The value protocols use (MakerDAO `peek`).
   *
   * @example osm.peek() // 2000
   */
  peek(): number {
    return this.price;
  }

  /**
   * The queued value that becomes current at the next poke (MakerDAO `peep`).
   *
   * @example osm.peep() // 1800
   */
  peep(): number {
    return this.next;
  }

  /**
   * Pokes if allowed, as a keeper that pokes at the first opportunity.
   *
   * @example osm.onBlock(300, 3600, 1800);
   */
  onBlock(_block: number, timeSeconds: number, fundamental: number): void {
    const { transport } = this;
    if (!transport) {
      this.poke(timeSeconds, fundamental);
      return;
    }
    transport.rebid();
    // The poke of this hop is a transaction: it reads the source when it lands, and reverts if another landed first.
    if (this.pass(timeSeconds))
      transport.send(this.prev(timeSeconds), () => this.poke(this.clock?.timeSeconds ?? timeSeconds, fundamental));
  }

  /**
   * Sends pokes as chain transactions (under a fee market); without this, the OSM is poked at the first block allowed.
   *
   * @example osm.sendThrough(new OracleUpdates('osm', chain, { gasUnits: 100_000, priorityFeeGwei: 2 }), chain.clock);
   */
  sendThrough(updates: OracleUpdates, clock: { readonly timeSeconds: number }): void {
    this.transport = updates;
    this.clock = clock;
  }
}
