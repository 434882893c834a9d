import type { Venue } from '../market/venues/venue.js';
import { RoutedVenue } from '../market/venues/routed-venue.js';
import { InvariantError } from '../kernel/errors.js';

/**
 * A keeper's dry run of the transaction it is about to send, as a searcher simulates its bundle on a copy of the
 * chain state (Flashbots `eth_callBundle`): the venues it trades on are forked as they stand at the start of its
 * transaction, and every call it plans trades on the forks in order, so each call is priced after the price
 * impact of the calls planned before it, on every market of the transaction, exactly as executing them would
 * price it. Also carries what is left of the transaction's capital and calls.
 *
 * @example
 * const bundle = new BundleSimulation(2e6, 20);
 * const [pool] = bundle.forks([realPool]);
 * pool.sell(10); // realPool unchanged; the next quote on `pool` sees the sale
 */
export class BundleSimulation {
  /** Fork of each real venue the plan has traded on or quoted (a routed venue's legs are forked one by one). */
  private readonly copies = new Map<Venue, Venue>();

  constructor(
    /** USD the transaction may still spend on repays. */
    public capitalLeft: number,
    /** Calls the transaction may still make. */
    public callsLeft: number,
  ) {}

  /** The forks of `venues`, made on first use and shared by every later call of the plan. */
  forks(venues: readonly Venue[]): Venue[] {
    return venues.map((venue) => this.fork(venue));
  }

  private fork(venue: Venue): Venue {
    let copy = this.copies.get(venue);
    if (copy) return copy;
    // An aggregator's split trades the same legs another market's aggregator may trade: fork the legs, not the route.
    if (venue instanceof RoutedVenue)
      copy = new RoutedVenue(
        venue.id,
        venue.venues.map((leg) => this.fork(leg)),
      );
    else if (venue.fork) copy = venue.fork();
    else throw new InvariantError(`venue ${venue.id} cannot be forked, so a keeper cannot simulate its calls on it`);
    this.copies.set(venue, copy);
    return copy;
  }
}
