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

  /**
   * The best venue's marginal sale rate: a split sells each part b_i on venue i for at most σ_i·b_i ≤ max σ·b, so the
   * Venue bound holds with no curvature. +Infinity when a venue states no rate (no bound).
   */
  marginalSellRate(): number {
    return Math.max(...this.venues.map((v) => v.marginalSellRate?.() ?? Number.POSITIVE_INFINITY));
  }

  /** The best venue's marginal purchase rate, by the same argument as {@link marginalSellRate}. */
  marginalBuyRate(): number {
    return Math.max(...this.venues.map((v) => v.marginalBuyRate?.() ?? Number.POSITIVE_INFINITY));
  }

  /** Sum of the venues' depths (an order split across them moves each less). */
  depthUsdPer1Pct(): number {
    return this.venues.reduce((sum, v) => sum + v.depthUsdPer1Pct(), 0);
  }
}
