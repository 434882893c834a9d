/**
 * Order routing across venues, as a DEX aggregator does: one sale (or purchase) of an asset split over several
 * venues so that the total received is as large as possible.
 *
 * Each venue's output f_i(x) (quote for x base sold, or base for x quote spent) is concave with f_i(0) = 0 (the
 * Venue contract), so the split maximising Σ f_i(x_i) with Σ x_i = amount equalises the venues' marginal rates.
 * Method: greedy slicing on a grid, as aggregators do (Uniswap smart-order-router: the input is cut into
 * multiples of `distributionPercent`, 5% by default). The amount is cut into N equal slices h = amount/N and each
 * slice goes to the venue whose next slice pays most, f_i(x_i + h) − f_i(x_i) (ties: the venue listed first).
 *
 * Accuracy. For concave outputs the greedy split is the exact optimum among splits in multiples of h (marginal
 * allocation, Gross 1956). Against the continuous optimum it loses at most h·Σ_i (c_i⁻ − c_i⁺), where c_i⁻ is the
 * average rate of the last slice venue i received (its rate at 0 if none) and c_i⁺ that of its next slice:
 * ≤ 2h²·Σ_i max|f_i''| near its allocation. For a constant-product pool (x base, mid p) |f''| ≤ 2p/x, so a sale of
 * a fraction α of each pool's reserve loses at most ~4α(1 + α)/N² of the proceeds per pool: 4.4e-7 for α = 0.1
 * at the default N = 1000. With two strictly concave venues the grid split is also within h of the continuous one.
 *
 * Shortcuts (no slicing): one venue; a zero amount; and, when every venue states its marginal rate at 0 (σ_i, with
 * f_i(x) ≤ σ_i·x), (a) the best single venue already gets within 1e-10 (relative) of max σ·amount, the most
 * any split could pay (tiny amounts), or (b) its marginal rate at the full amount, bounded below by
 * (f(amount + h) − f(amount))/h, is at least every other venue's σ_j, so moving any part elsewhere cannot pay
 * (optimality condition of concave allocation). Whatever the slicing finds is compared with the best single venue
 * and the better is returned, so routing never pays less than selling everything on one venue (even if a venue's
 * curve were not quite concave, or float64 rounding cost a hair).
 *
 * Cost: at most N + 3·(venues) quotes and N·(venues) comparisons per route.
 */
import { InvariantError } from '../kernel/errors.js';
import type { Venue } from './venues/venue.js';
import { tradeAmount } from './venues/venue-errors.js';

/**
 * Grid used when `maxSlices` is not given: the amount is cut into this many equal slices.
 *
 * @example
 * routeSale(venues, 100); // slices of 100 / DEFAULT_MAX_SLICES = 0.1 base
 */
export const DEFAULT_MAX_SLICES = 1000;

/** Largest grid accepted (the slicing costs one quote per slice). */
const SLICE_LIMIT = 1e7;

/** A split whose best conceivable gain over the best single venue is below this fraction of its output is skipped. */
const NEGLIGIBLE_GAIN = 1e-10;

/**
 * How much of a sale goes to each venue.
 *
 * @example
 * const route: SaleRoute = { venue: pool, amount: 12.5 };
 */
export interface SaleRoute {
  readonly venue: Venue;
  readonly amount: number;
}

/**
 * How much quote of a purchase goes to each venue.
 *
 * @example
 * const route: PurchaseRoute = { venue: pool, quote: 25_000 };
 */
export interface PurchaseRoute {
  readonly venue: Venue;
  readonly quote: number;
}

/**
 * Options of the routing functions.
 *
 * @example
 * const options: RoutingOptions = { maxSlices: 200 };
 */
export interface RoutingOptions {
  /** Grid N: the amount is cut into N equal slices (integer in [1, 1e7]; default {@link DEFAULT_MAX_SLICES}). */
  maxSlices?: number;
}

/** The direction of a trade: what a venue pays for an input, and its stated rate for an infinitesimal input. */
interface Side {
  readonly input: string;
  output(venue: Venue, input: number): number;
  rate(venue: Venue): number | undefined;
}

const SALE: Side = {
  input: 'amount',
  output: (venue, baseIn) => venue.quoteSell(baseIn),
  rate: (venue) => venue.marginalSellRate?.(),
};

const PURCHASE: Side = {
  input: 'quoteIn',
  output: (venue, quoteIn) => venue.quoteBuy(quoteIn),
  rate: (venue) => venue.marginalBuyRate?.(),
};

/** One part of a split: the input put into `venue`. */
interface Part {
  venue: Venue;
  input: number;
}

/** A split (parts in the order of the venue list, each > 0) and its total output, summed in that order. */
interface Split {
  parts: Part[];
  output: number;
}

/**
 * The split of `amount` base across `venues` that maximises the total quote received now (quotes only, no state
 * change). Routes list the venues that receive a positive amount, in the order given; the amounts add up to
 * `amount` (up to one rounding). A zero amount gives no routes and 0. Throws an InvariantError for a negative or
 * non-finite amount, an empty venue list with a positive amount, a venue listed twice, venues pricing different
 * base assets, or a bad `maxSlices`.
 *
 * @example
 * const a = ConstantProductPool.fromLiquidity({ id: 'a', base: 'ETH', quote: 'USDC', price: 2000, liquidityUsd: 4e6, feeBps: 30 });
 * const b = ConstantProductPool.fromLiquidity({ id: 'b', base: 'ETH', quote: 'USDC', price: 2000, liquidityUsd: 4e6, feeBps: 30 });
 * routeSale([a, b], 100); // { routes: [{ venue: a, amount: 50 }, { venue: b, amount: 50 }], proceeds: ≈ 189,932 }
 */
export function routeSale(
  venues: readonly Venue[],
  amount: number,
  options: RoutingOptions = {},
): { routes: SaleRoute[]; proceeds: number } {
  const split = bestSplit(venues, amount, SALE, options);
  return { routes: split.parts.map(({ venue, input }) => ({ venue, amount: input })), proceeds: split.output };
}

/**
 * Sells `amount` base along {@link routeSale}'s route, each part on its venue (in the order of the list); returns
 * the quote received, exactly routeSale's proceeds for the same state when each venue's sell pays its quoteSell.
 * Not atomic: if a venue throws, the parts before it have been sold.
 *
 * @example
 * const usd = sellRouted([cex, pool], 250); // ≥ what either venue alone pays for 250 base
 */
export function sellRouted(venues: readonly Venue[], amount: number, options: RoutingOptions = {}): number {
  let proceeds = 0;
  for (const route of routeSale(venues, amount, options).routes) proceeds += route.venue.sell(route.amount);
  return proceeds;
}

/**
 * The split of `quoteIn` quote across `venues` that buys the most base now (quotes only, no state change); the
 * mirror of {@link routeSale}, with the same edge cases and errors.
 *
 * @example
 * routePurchase([a, b], 200_000); // { routes: [{ venue: a, quote: 100_000 }, { venue: b, quote: 100_000 }], base: ≈ 94.97 }
 */
export function routePurchase(
  venues: readonly Venue[],
  quoteIn: number,
  options: RoutingOptions = {},
): { routes: PurchaseRoute[]; base: number } {
  const split = bestSplit(venues, quoteIn, PURCHASE, options);
  return { routes: split.parts.map(({ venue, input }) => ({ venue, quote: input })), base: split.output };
}

/**
 * Spends `quoteIn` along {@link routePurchase}'s route; returns the base received, exactly routePurchase's base for
 * the same state when each venue's buy pays its quoteBuy. Not atomic, as {@link sellRouted}.
 *
 * @example
 * const eth = buyRouted([cex, pool], 500_000);
 */
export function buyRouted(venues: readonly Venue[], quoteIn: number, options: RoutingOptions = {}): number {
  let base = 0;
  for (const route of routePurchase(venues, quoteIn, options).routes) base += route.venue.buy(route.quote);
  return base;
}

/** Validates the request and returns the best split found: the best single venue unless slicing pays more. */
function bestSplit(venues: readonly Venue[], amount: number, side: Side, options: RoutingOptions): Split {
  tradeAmount(amount, side.input);
  const slices = sliceCount(options.maxSlices);
  checkVenues(venues);
  if (amount === 0) return { parts: [], output: 0 };
  if (venues.length === 0) throw new InvariantError(`no venue to route ${side.input} ${amount} to`);
  const single = bestSingle(venues, amount, side);
  if (venues.length === 1 || singleIsOptimal(venues, amount, single, side, slices)) return single;
  const parts = sliceGreedily(venues, amount, side, slices);
  let output = 0;
  for (const part of parts) output += side.output(part.venue, part.input);
  return output > single.output ? { parts, output } : single;
}

/** The venue paying most for the whole amount (first on ties). */
function bestSingle(venues: readonly Venue[], amount: number, side: Side): Split {
  let venue = venues[0];
  let output = side.output(venue, amount);
  for (let i = 1; i < venues.length; i++) {
    const candidate = side.output(venues[i], amount);
    if (candidate > output) {
      venue = venues[i];
      output = candidate;
    }
  }
  return { parts: [{ venue, input: amount }], output };
}

/**
 * True when no split can beat `single` by more than NEGLIGIBLE_GAIN; needs every venue's rate at 0 (σ_i, with
 * f_i(x) ≤ σ_i·x by the Venue contract).
 */
function singleIsOptimal(venues: readonly Venue[], amount: number, single: Split, side: Side, slices: number): boolean {
  const chosen = single.parts[0].venue;
  let topRate = 0;
  let otherRate = 0;
  for (const venue of venues) {
    const rate = side.rate(venue);
    if (rate === undefined || !(rate >= 0 && rate < Infinity)) return false;
    topRate = Math.max(topRate, rate);
    if (venue !== chosen) otherRate = Math.max(otherRate, rate);
  }
  // Any split pays Σ f_i(x_i) ≤ Σ σ_i·x_i ≤ max σ·amount.
  if (topRate * amount - single.output <= NEGLIGIBLE_GAIN * single.output) return true;
  // Concavity: f'(A) ≥ (f(A + h) − f(A))/h; moving s elsewhere loses ≥ f'(A)·s and gains ≤ max σ_j·s.
  const h = amount / slices;
  if (!(amount + h < Infinity)) return false;
  return (side.output(chosen, amount + h) - single.output) / h >= otherRate;
}

/**
 * Greedy marginal allocation of `slices` equal slices (ties: the venue listed first). Venue i's input is
 * amount·(k_i/N); the venue with the most slices takes the rounding remainder so the inputs add up to `amount`.
 */
function sliceGreedily(venues: readonly Venue[], amount: number, side: Side, slices: number): Part[] {
  const n = venues.length;
  const inputAfter = (k: number) => amount * (k / slices);
  const counts = new Float64Array(n);
  const current = new Float64Array(n); // output of the slices venue i holds
  const next = new Float64Array(n); // output of one slice more
  for (let i = 0; i < n; i++) next[i] = side.output(venues[i], inputAfter(1));
  for (let s = 0; s < slices; s++) {
    let pick = 0;
    let pickGain = next[0] - current[0];
    for (let i = 1; i < n; i++) {
      const gain = next[i] - current[i];
      if (gain > pickGain) {
        pick = i;
        pickGain = gain;
      }
    }
    counts[pick] += 1;
    current[pick] = next[pick];
    if (s + 1 < slices) next[pick] = side.output(venues[pick], inputAfter(counts[pick] + 1));
  }
  let largest = 0;
  for (let i = 1; i < n; i++) if (counts[i] > counts[largest]) largest = i;
  let others = 0;
  for (let i = 0; i < n; i++) if (i !== largest) others += inputAfter(counts[i]);
  const parts: Part[] = [];
  for (let i = 0; i < n; i++) {
    if (counts[i] === 0) continue;
    parts.push({ venue: venues[i], input: i === largest ? amount - others : inputAfter(counts[i]) });
  }
  return parts;
}

/** N from the options: an integer in [1, SLICE_LIMIT]. */
function sliceCount(maxSlices: number | undefined): number {
  const slices = maxSlices ?? DEFAULT_MAX_SLICES;
  if (!Number.isInteger(slices) || slices < 1 || slices > SLICE_LIMIT) {
    throw new InvariantError(`maxSlices must be an integer in [1, ${SLICE_LIMIT}], got ${slices}`);
  }
  return slices;
}

/** Throws unless every venue appears once and all price the same base asset. */
function checkVenues(venues: readonly Venue[]): void {
  const seen = new Set<Venue>();
  for (const venue of venues) {
    if (seen.has(venue)) throw new InvariantError(`venue ${venue.id} is listed twice; a route needs distinct venues`);
    seen.add(venue);
    if (venue.base !== venues[0].base) {
      throw new InvariantError(
        `venues price different assets: ${venues[0].id} ${venues[0].base}, ${venue.id} ${venue.base}`,
      );
    }
  }
}
