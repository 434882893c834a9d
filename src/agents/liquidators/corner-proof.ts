import { SALE_QUOTE_ERROR } from '../../market/venues/venue.js';
import type { Venue } from '../../market/venues/venue.js';

/**
 * An upper bound on `bestSaleVenue(venues, lower).proceeds` as computed, from the quotes at `upper` (≥ lower) alone;
 * +∞ when some venue cannot give one (no {@link Venue.sellRateFloor}, or a quote that is not finite and positive).
 *
 * Each venue's sale curve Q is non-decreasing and concave, with computed quotes Q̂ within e = SALE_QUOTE_ERROR of
 * it (the venue's promise), and its slope from `lower` to `upper` is at least the venue's floor r at `upper`, so
 *   Q̂(lower) ≤ Q(lower)·(1 + e) ≤ (Q(upper) − (upper − lower)·r)·(1 + e)
 *            ≤ Q̂(upper)·(1 + e)/(1 − e) − (upper − lower)·r.
 * The bound takes Q̂(upper)·(1 + 3e) (covering (1 + e)/(1 − e) and the rounding of these few operations) and the
 * amount's gap shaded by 1e−6 (the computed difference of two amounts 1e−9 apart is exact to about 1e−7 of itself).
 *
 * @example
 * bestSaleBound([cex, pool], 10, 10 * (1 - 1e-9)); // ≥ bestSaleVenue([cex, pool], 10·(1 − 1e−9)).proceeds
 */
export function bestSaleBound(venues: readonly Venue[], upper: number, lower: number): number {
  if (!(lower >= 0 && lower <= upper && upper < Number.POSITIVE_INFINITY)) return Number.POSITIVE_INFINITY;
  const gap = (upper - lower) * (1 - 1e-6);
  let bound = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < venues.length; v++) {
    const venue = venues[v];
    if (!venue.sellRateFloor) return Number.POSITIVE_INFINITY;
    const floor = venue.sellRateFloor(upper);
    const quote = venue.quoteSell(upper);
    if (!(floor >= 0 && floor < Number.POSITIVE_INFINITY && quote > 0 && quote < Number.POSITIVE_INFINITY))
      return Number.POSITIVE_INFINITY;
    const venueBound = quote * (1 + 3 * SALE_QUOTE_ERROR) - gap * floor;
    if (venueBound > bound) bound = venueBound;
  }
  return bound;
}
