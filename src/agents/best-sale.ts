import type { Venue } from '../market/venues/venue.js';

/**
 * The venue that pays the most quote for selling `amount` base now, and what it pays.
 * Ties go to the venue listed first.
 *
 * @example bestSaleVenue([pool, market], 10) // { venue: market, proceeds: 19_950 }
 */
export function bestSaleVenue(venues: readonly Venue[], amount: number): { venue: Venue; proceeds: number } {
  let best = venues[0];
  let proceeds = best.quoteSell(amount);
  for (let v = 1; v < venues.length; v++) {
    const quote = venues[v].quoteSell(amount);
    if (quote > proceeds) {
      best = venues[v];
      proceeds = quote;
    }
  }
  return { venue: best, proceeds };
}
