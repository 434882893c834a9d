// Venues whose liquidity comes from data files: a curve venue's impact table and an order book's snapshot.
import type { VenueSpec } from '../scenario/schema.js';
import { loadBookSnapshot, loadCurveTable } from '../scenario/venue-data.js';
import { CurveVenue } from '../market/venues/curve.js';
import { OrderBook } from '../market/venues/order-book.js';
import type { Venue } from '../market/venues/venue.js';

/**
 * The venue of a `curve` spec, or of an `orderbook` spec that starts from a snapshot; undefined for every other spec.
 * `price` is the base's price in quote at block 0, `reference` reads it at each block; files resolve against
 * `baseDir`.
 *
 * @example
 * const venue = dataVenue(spec, 2000, () => eth.fundamental, loaded.dir) ?? otherVenue(spec);
 */
export function dataVenue(spec: VenueSpec, price: number, reference: () => number, baseDir: string): Venue | undefined {
  if (spec.type === 'curve') {
    const table = loadCurveTable(spec, baseDir);
    return new CurveVenue({
      id: spec.id,
      base: spec.base,
      quote: spec.quote,
      reference,
      sizeUnit: table.sizeUnit,
      sells: table.sells,
      buys: table.buys,
      beyond: spec.beyond,
      resilienceHalfLifeSeconds: spec.resilienceHalfLifeSeconds,
      feeBps: spec.feeBps,
    });
  }
  if (spec.type === 'orderbook' && spec.snapshot !== undefined)
    return new OrderBook({ ...spec, mid: price, snapshot: loadBookSnapshot(spec.snapshot, baseDir) });
  return undefined;
}
