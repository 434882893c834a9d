import type { Venue } from './venue.js';
import { buyRouted, routePurchase, routeSale, sellRouted } from '../routing.js';

/**
 * Several venues of one asset seen as one, as through an aggregator: quotes and trades are split across them for the
 * most proceeds ({@link routeSale}, {@link routePurchase}). A keeper that routes sees its collateral market as this
 * single venue, so every mechanism's "best venue" is the routed split, with no change to the mechanisms.
 *
 * @example
 * const routed = new RoutedVenue('routed:ETH', [cex, pool]);
 * routed.sell(100); // ≥ what the better of cex and pool alone pays
 */
export class RoutedVenue implements Venue {
  readonly base: string;
  readonly quote: string;

  constructor(
    readonly id: string,
    readonly venues: readonly Venue[],
  ) {
    this.base = venues[0].base;
    this.quote = venues[0].quote;
  }

  /** The highest mid: where an infinitesimal sale goes. */
  mid(): number {
    return Math.max(...this.venues.map((v) => v.mid()));
  }

  quoteSell(baseIn: number): number {
    return routeSale(this.venues, baseIn).proceeds;
  }

  quoteBuy(quoteIn: number): number {
    return routePurchase(this.venues, quoteIn).base;
  }

  sell(baseIn: number): number {
    return sellRouted(this.venues, baseIn);
  }

  buy(quoteIn: number): number {
    return buyRouted(this.venues, quoteIn);
  }

  /** Sum of the venues' depths (an order split across them moves each less). */
  depthUsdPer1Pct(): number {
    return this.venues.reduce((sum, v) => sum + v.depthUsdPer1Pct(), 0);
  }
}
