import type { Venue } from './venues/venue.js';

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

/**
 * Sells `amount` base on the venue that pays the most ({@link bestSaleVenue}); returns what the sale fetched and what
 * the amount was worth at that venue's mid just before it, the yardstick of the sale's slippage (proceeds never exceed
 * it: every venue sells below its mid, by its fee and impact).
 *
 * @example const { proceeds, preTradeValue } = sellOnBestVenue([pool, market], 10); // preTradeValue − proceeds ≥ 0
 */
export function sellOnBestVenue(venues: readonly Venue[], amount: number): { proceeds: number; preTradeValue: number } {
  const { venue } = bestSaleVenue(venues, amount);
  const preTradeValue = amount * venue.mid();
  return { proceeds: venue.sell(amount), preTradeValue };
}
