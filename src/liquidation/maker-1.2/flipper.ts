import { InvariantError } from '../../kernel/errors.js';
import { FlipperError } from './errors.js';

/**
 * MakerDAO Flipper: the two-phase English collateral auction of Liquidations 1.2 (makerdao/dss
 * `src/flip.sol`), in float64 with times in seconds.
 *
 * - `tend` (phase 1): bidders raise the DAI bid for the whole lot, by at least `beg` each time, up to tab.
 * - `dent` (phase 2): once a bid equals tab, bidders accept less collateral for it, by at least `beg` each
 *   time; the collateral given up goes back to the vault owner at once.
 * - The auction ends `ttl` after the last bid, or at `end` = kick + `tau`, whichever is first; `deal`
 *   then gives the lot to the last bidder. An auction nobody bid on cannot be dealt; `tick` restarts it.
 *
 * The contract requires every bid to be strictly above the previous one, so the first bid must be
 * > 0 DAI; the smallest it accepts is one rad ({@link ONE_RAD}). The Black Thursday "0 DAI" wins were such
 * bids with nobody else getting a bid in: the lone bidder takes the whole lot at `deal`.
 */

/** One rad (1e-45 DAI), the smallest DAI amount the Vat records: the smallest first bid `tend` accepts. */
export const ONE_RAD = 1e-45;

/** Flipper parameters (flip.sol `file`). Code defaults: beg 1.05, ttl 3 h, tau 2 days. */
export interface FlipperParams {
  /** Minimum bid increase / lot decrease factor (1.05 = 5%). */
  beg: number;
  /** Bid lifetime, s: the auction ends when no bid arrives within ttl of the last one. */
  ttl: number;
  /** Maximum auction length from kick, s. */
  tau: number;
}

/** The state of one auction (flip.sol `Bid`, plus the lot at kick and the collateral returned so far). */
export interface FlipAuction {
  readonly id: number;
  /** Highest DAI bid so far (0 until the first tend). */
  readonly bid: number;
  /** Collateral for sale now. */
  readonly lot: number;
  /** High bidder; null while nobody has bid (flip.sol keeps the kicker there). */
  readonly guy: string | null;
  /** When the current bid expires, s; null while nobody has bid (flip.sol `tic == 0`). */
  readonly tic: number | null;
  /** When the auction ends regardless of bids, s. */
  readonly end: number;
  /** Vault owner: receives the collateral given up in the dent phase. */
  readonly usr: string;
  /** DAI the auction must raise. */
  readonly tab: number;
  /** Lot at kick. */
  readonly initialLot: number;
  /** Collateral sent back to the owner so far by dents. */
  readonly returnedToOwner: number;
}

/** What a tend moved: the previous bid back to its bidder, the increase to the Vow. */
export interface TendOutcome {
  /** Bidder whose bid was refunded by the new bidder (null when there was none, or the same bidder raised). */
  refundedTo: string | null;
  /** DAI refunded to `refundedTo`. */
  refund: number;
  /** DAI paid to the Vow (flip.sol `gal`): new bid − previous bid. */
  paidToVow: number;
}

/** What a dent moved: the tab back to the previous bidder, the lot decrease to the owner. */
export interface DentOutcome {
  /** Previous high bidder, refunded the tab by the new bidder (null when the same bidder lowered the lot). */
  refundedTo: string | null;
  /** DAI refunded to `refundedTo`. */
  refund: number;
  /** Collateral sent back to the vault owner by this dent. */
  returnedToOwner: number;
}

/** The settlement of an auction. */
export interface DealOutcome {
  /** The last bidder, who receives the lot. */
  winner: string;
  /** Collateral the winner receives. */
  lot: number;
  /** DAI the winner paid (all of it already went to the Vow while bidding). */
  bid: number;
  /** Collateral sent back to the vault owner over the whole auction; lot + returnedToOwner = lot at kick. */
  returnedToOwner: number;
  /** The auction's tab, to give back to the Cat's litter (Liquidations 1.2 `cat.claw`). */
  tab: number;
}

type MutableAuction = { -readonly [K in keyof FlipAuction]: FlipAuction[K] };

function checkParams(params: FlipperParams): FlipperParams {
  if (!Number.isFinite(params.beg) || params.beg < 1) throw new InvariantError(`beg must be ≥ 1, got ${params.beg}`);
  for (const key of ['ttl', 'tau'] as const) {
    if (!Number.isFinite(params[key]) || params[key] <= 0)
      throw new InvariantError(`${key} must be > 0 s, got ${params[key]}`);
  }
  return { ...params };
}

function finite(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new InvariantError(`${what} must be a finite number ≥ 0, got ${value}`);
  return value;
}

/**
 * The Flipper of one collateral type. Auctions get ascending ids from 1; a dealt auction is deleted.
 *
 * @example
 * const flipper = new Flipper({ beg: 1.05, ttl: 10_800, tau: 172_800 });
 * const id = flipper.kick(10, 1695, 'vault-owner', 0);
 * flipper.tend(id, 'keeper-a', 10, 1000, 60);
 * flipper.tend(id, 'keeper-b', 10, 1695, 120); // bid = tab: the dent phase starts
 * flipper.dent(id, 'keeper-a', 9, 1695, 180); // 1 ETH back to the owner
 * flipper.deal(id, 180 + 10_800 + 1); // { winner: 'keeper-a', lot: 9, bid: 1695, returnedToOwner: 1, tab: 1695 }
 */
export class Flipper {
  readonly params: Readonly<FlipperParams>;
  private readonly auctions = new Map<number, MutableAuction>();
  private kicks = 0;

  constructor(params: FlipperParams) {
    this.params = checkParams(params);
  }

  /** Number of auctions ever started (flip.sol `kicks`); the last id. */
  get kickCount(): number {
    return this.kicks;
  }

  /** Live auction `id`, or undefined once dealt or never started. */
  auction(id: number): FlipAuction | undefined {
    const a = this.auctions.get(id);
    return a === undefined ? undefined : { ...a };
  }

  /** Ids of the auctions not yet dealt, ascending. */
  liveIds(): number[] {
    return [...this.auctions.keys()].sort((x, y) => x - y);
  }

  /** 'tend' while the bid is below tab, 'dent' once it equals tab. */
  phase(id: number): 'tend' | 'dent' {
    const a = this.get(id);
    return a.bid === a.tab ? 'dent' : 'tend';
  }

  /** Whether `deal` would succeed at `now`: a bid exists and it expired (tic < now) or the auction ended (end < now).
   * */
  canDeal(id: number, now: number): boolean {
    const a = this.auctions.get(id);
    return a !== undefined && a.tic !== null && (a.tic < now || a.end < now);
  }

  /**
   * The smallest bid `tend` accepts now: min(tab, beg·bid), or {@link ONE_RAD} for the first bid
   * (bids must also be strictly above the current one, which beg > 1 guarantees).
   */
  minTendBid(id: number): number {
    const a = this.get(id);
    return a.bid === 0 ? Math.min(a.tab, ONE_RAD) : Math.min(a.tab, this.params.beg * a.bid);
  }

  /** The largest lot `dent` accepts now: the largest float with lot < current lot and beg·lot ≤ current lot. */
  maxDentLot(id: number): number {
    const a = this.get(id);
    let lot = a.lot / this.params.beg;
    // Rounding can leave beg·lot a few ulps above the lot (or, for a subnormal lot, lot/beg equal to it);
    // step down until both dent checks hold.
    while (lot > 0 && (this.params.beg * lot > a.lot || lot >= a.lot))
      lot -= Math.max(Number.MIN_VALUE, lot * Number.EPSILON);
    return lot;
  }

  /** flip.sol `kick`: put `lot` up for `tab` DAI, bid 0, no bidder, end = now + tau. Returns the new id. */
  kick(lot: number, tab: number, owner: string, now: number): number {
    finite(lot, 'lot');
    finite(tab, 'tab');
    finite(now, 'now');
    const id = ++this.kicks;
    this.auctions.set(id, {
      id,
      bid: 0,
      lot,
      guy: null,
      tic: null,
      end: now + this.params.tau,
      usr: owner,
      tab,
      initialLot: lot,
      returnedToOwner: 0,
    });
    return id;
  }

  /** flip.sol `tick`: restart an auction that ended with no bid, end = now + tau. */
  tick(id: number, now: number): void {
    const a = this.get(id);
    // flip.sol: only after end has passed...
    if (!(a.end < now)) throw new FlipperError('Flipper/not-finished', `auction ${id} ends at ${a.end}, now ${now}`);
    // ...and only if nobody ever bid.
    if (a.tic !== null) throw new FlipperError('Flipper/bid-already-placed', `auction ${id} has a bid`);
    a.end = now + this.params.tau;
  }

  /** flip.sol `tend`: bid `bid` DAI for the whole lot (phase 1). */
  tend(id: number, bidder: string, lot: number, bid: number, now: number): TendOutcome {
    const a = this.get(id);
    this.checkOpen(a, now);
    // flip.sol: phase 1 bids are for the whole lot...
    if (lot !== a.lot) throw new FlipperError('Flipper/lot-not-matching', `lot ${lot} ≠ ${a.lot}`);
    // ...never above tab...
    if (bid > a.tab) throw new FlipperError('Flipper/higher-than-tab', `bid ${bid} > tab ${a.tab}`);
    // ...strictly above the current bid...
    if (!(bid > a.bid)) throw new FlipperError('Flipper/bid-not-higher', `bid ${bid} ≤ current ${a.bid}`);
    // ...and by at least beg, unless the bid reaches tab.
    if (!(bid >= this.params.beg * a.bid || bid === a.tab)) {
      throw new FlipperError('Flipper/insufficient-increase', `bid ${bid} < beg·${a.bid} = ${this.params.beg * a.bid}`);
    }
    // flip.sol (1.2): a new bidder refunds the previous bidder's bid; the increase goes to the Vow.
    const outbid = a.guy !== null && a.guy !== bidder ? a.guy : null;
    const outcome: TendOutcome = { refundedTo: outbid, refund: outbid === null ? 0 : a.bid, paidToVow: bid - a.bid };
    a.guy = bidder;
    a.bid = bid;
    // flip.sol: each bid lives ttl.
    a.tic = now + this.params.ttl;
    return outcome;
  }

  /** flip.sol `dent`: accept `lot` collateral for the full tab (phase 2). */
  dent(id: number, bidder: string, lot: number, bid: number, now: number): DentOutcome {
    const a = this.get(id);
    this.checkOpen(a, now);
    // flip.sol: the bid stays what it is...
    if (bid !== a.bid) throw new FlipperError('Flipper/not-matching-bid', `bid ${bid} ≠ current ${a.bid}`);
    // ...and must already be the full tab.
    if (bid !== a.tab) throw new FlipperError('Flipper/tend-not-finished', `bid ${a.bid} < tab ${a.tab}`);
    // flip.sol: the lot must fall, by at least the factor beg.
    if (!(lot < a.lot)) throw new FlipperError('Flipper/lot-not-lower', `lot ${lot} ≥ ${a.lot}`);
    if (!(this.params.beg * lot <= a.lot)) {
      throw new FlipperError('Flipper/insufficient-decrease', `beg·lot ${this.params.beg * lot} > ${a.lot}`);
    }
    if (lot < 0 || !Number.isFinite(lot)) throw new InvariantError(`lot must be a finite number ≥ 0, got ${lot}`);
    // flip.sol (1.2): a new bidder refunds the tab to the previous one; the lot decrease goes to the owner.
    const outbid = a.guy !== bidder ? a.guy : null;
    const back = a.lot - lot;
    a.guy = bidder;
    a.returnedToOwner += back;
    a.lot = lot;
    a.tic = now + this.params.ttl;
    return { refundedTo: outbid, refund: outbid === null ? 0 : bid, returnedToOwner: back };
  }

  /** flip.sol `deal`: settle once the last bid expired or the auction ended; the lot goes to the last bidder. */
  deal(id: number, now: number): DealOutcome {
    const a = this.get(id);
    // flip.sol: needs a bid (tic ≠ 0) and either its expiry or the auction's end in the past.
    if (a.tic === null || a.guy === null || !(a.tic < now || a.end < now)) {
      throw new FlipperError('Flipper/not-finished', `auction ${id}: tic ${a.tic}, end ${a.end}, now ${now}`);
    }
    this.auctions.delete(id);
    return { winner: a.guy, lot: a.lot, bid: a.bid, returnedToOwner: a.returnedToOwner, tab: a.tab };
  }

  private get(id: number): MutableAuction {
    const a = this.auctions.get(id);
    if (a === undefined) throw new FlipperError('Flipper/guy-not-set', `no live auction ${id}`);
    return a;
  }

  /** flip.sol: bids are taken only while the current bid lives (tic > now, or no bid) and before end. */
  private checkOpen(a: MutableAuction, now: number): void {
    if (!(a.tic === null || a.tic > now))
      throw new FlipperError('Flipper/already-finished-tic', `bid expired at ${a.tic}, now ${now}`);
    if (!(a.end > now)) throw new FlipperError('Flipper/already-finished-end', `auction ended at ${a.end}, now ${now}`);
  }
}
