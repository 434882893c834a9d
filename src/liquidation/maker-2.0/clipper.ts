/**
 * Maker Liquidations 2.0 collateral auction house for one collateral type (dss `clip.sol`): a
 * descending-price (Dutch) auction per liquidated vault, reset when it runs too long or too low.
 *
 * Float64 against dss fixed point: dss floors `rmul`/`wmul`/`rdiv` and `owe / price` to wei; those
 * floors are dropped. Float accommodations: in `take`, an `owe` within 1e-12 relative of `tab` counts
 * as exactly `tab` (in wei a keeper can hit `tab` exactly; in float one ulp short would flip the
 * chost branch), and a recomputed `slice = owe/price` is capped at the slice first asked for (dss's
 * floor guarantees that; float division can exceed it by one ulp).
 */
import { auctionPrice, validatePriceCurve } from './abaci.js';
import type { Auction, AuctionStatus, ClipperParams, KickResult, TakeResult, YankResult } from './clipper-types.js';
import { MakerError, requireFinite } from './errors.js';

export type { Auction, AuctionStatus, ClipperParams, KickResult, TakeResult, YankResult } from './clipper-types.js';

/** Relative gap under which `owe` counts as the whole `tab` (float accommodation, see module doc). */
const SAME_TAB = 1e-12;

/**
 * The dss Clipper for one collateral type.
 *
 * @example
 * const clip = new Clipper({ buf: 1.2, tail: 8400, cusp: 0.4, chip: 0.001, tip: 300,
 *   curve: { kind: 'stairstep', cut: 0.99, step: 90 }, chost: 11_300 });
 * const { id } = clip.kick(16_950, 10, 'vault-7', 1500, 0); // top = 1800
 * const t = clip.take(id, 10, 1800, 900); // all 10 ETH at 1800·0.99^10: owe 16,278.88; 671.12 never raised
 * dog.digs(t.digs);
 */
export class Clipper {
  readonly params: ClipperParams;
  /** Auctions started so far (dss `kicks`); the last id handed out. */
  kicks = 0;
  private readonly sales = new Map<number, Auction>();

  constructor(params: ClipperParams) {
    requireFinite('buf', params.buf, 0);
    requireFinite('tail', params.tail, 0);
    requireFinite('cusp', params.cusp, 0);
    requireFinite('chip', params.chip, 0);
    requireFinite('tip', params.tip, 0);
    requireFinite('chost', params.chost, 0);
    validatePriceCurve(params.curve);
    this.params = { ...params };
  }

  /**
   * Starts an auction of `lot` collateral to raise `tab` DAI (dss `Clipper.kick`), at top = oraclePrice·buf.
   *
   * @example
   * clip.kick(16_950, 10, 'vault-7', 1500, 0); // { id: 1, incentive: 300 + 0.001·16,950 = 316.95 }
   */
  kick(tab: number, lot: number, owner: string, oraclePrice: number, now: number): KickResult {
    requireFinite('tab', tab, 0);
    requireFinite('lot', lot, 0);
    requireFinite('oraclePrice', oraclePrice, 0);
    requireFinite('now', now, -Infinity);
    // dss clip.sol kick: tab, lot and the starting price must all be positive
    if (!(tab > 0)) throw new MakerError('zero-tab', 'tab must be > 0');
    if (!(lot > 0)) throw new MakerError('zero-lot', 'lot must be > 0');
    const top = oraclePrice * this.params.buf;
    if (!(top > 0)) throw new MakerError('zero-top-price', `top = ${oraclePrice}·${this.params.buf}`);
    // dss clip.sol kick: ids count up from 1
    const id = ++this.kicks;
    this.sales.set(id, { id, tab, lot, owner, tic: now, top });
    return { id, incentive: this.kickIncentive(tab) };
  }

  /**
   * The keeper incentive `kick` pays for an auction of `tab` (dss clip.sol kick): tip + chip·tab.
   *
   * @example
   * clip.kickIncentive(16_950); // 300 + 0.001·16,950 = 316.95 with ETH-A settings
   */
  kickIncentive(tab: number): number {
    // dss clip.sol kick: the keeper earns tip + chip·tab
    return this.params.tip + this.params.chip * tab;
  }

  /**
   * The auction's current price and whether it needs a reset (dss `Clipper.getStatus`): after more
   * than `tail` seconds, or once price/top < cusp.
   *
   * @example
   * clip.status(1, 8280); // { needsRedo: true, price: 1800·0.99^92 ≈ 714, … }: below cusp 0.4
   */
  status(id: number, now: number): AuctionStatus {
    const a = this.running(id);
    return { ...this.check(a, now), tab: a.tab, lot: a.lot };
  }

  /**
   * Resets an auction that needs it (dss `Clipper.redo`): tic = now, top = oraclePrice·buf. Returns
   * the keeper incentive, tip + chip·tab, paid only if tab ≥ chost and lot·oraclePrice ≥ chost.
   *
   * @example
   * clip.redo(1, 1400, 8400); // top = 1680; 316.95 if tab and lot are worth ≥ chost, else 0
   */
  redo(id: number, oraclePrice: number, now: number): number {
    const a = this.running(id);
    requireFinite('oraclePrice', oraclePrice, 0);
    // dss clip.sol redo: only an auction past tail or below cusp may be reset
    if (!this.check(a, now).needsRedo) throw new MakerError('cannot-reset', `auction ${id} does not need a reset`);
    const top = oraclePrice * this.params.buf;
    if (!(top > 0)) throw new MakerError('zero-top-price', `top = ${oraclePrice}·${this.params.buf}`);
    a.tic = now;
    a.top = top;
    return this.redoIncentive(id, oraclePrice);
  }

  /**
   * The keeper incentive a `redo` of this auction would pay at `oraclePrice` (dss clip.sol redo):
   * tip + chip·tab if tab ≥ chost and lot·oraclePrice ≥ chost, else 0. Changes nothing.
   *
   * @example
   * clip.redoIncentive(1, 1400); // 316.95 for tab 16,950 and lot 10 with ETH-A settings
   */
  redoIncentive(id: number, oraclePrice: number): number {
    const a = this.running(id);
    const { tip, chip, chost } = this.params;
    // dss clip.sol redo: no incentive for resetting an auction whose tab or lot value is below chost
    if ((tip > 0 || chip > 0) && a.tab >= chost && a.lot * oraclePrice >= chost) return tip + chip * a.tab;
    return 0;
  }

  /**
   * Buys up to `amt` collateral at the current price if it is ≤ `maxPrice` (dss `Clipper.take`).
   * Never collects more than `tab`; a partial purchase never leaves 0 < tab < chost (it is shrunk to
   * leave exactly chost, or refused when tab ≤ chost). Call `Dog.digs(result.digs)` afterwards.
   *
   * @example
   * clip.take(1, 3, 2000, 0); // price 1800: slice 3, owe 5400, tab left 11,550 ≥ chost
   */
  take(id: number, amt: number, maxPrice: number, now: number): TakeResult {
    const a = this.running(id);
    // dss clip.sol take: amt is any uint; Infinity stands for "the whole lot"
    if (!(amt >= 0)) throw new MakerError('bad-parameter', `amt must be ≥ 0, got ${amt}`);
    const { needsRedo, price } = this.check(a, now);
    // dss clip.sol take: an auction that needs a reset cannot be bought from
    if (needsRedo) throw new MakerError('needs-reset', `auction ${id} needs redo`);
    // dss clip.sol take: the buyer's price cap must cover the current price
    if (!(maxPrice >= price)) throw new MakerError('too-expensive', `price ${price} > max ${maxPrice}`);
    const { chost } = this.params;
    // dss clip.sol take: buy as much as possible, up to amt
    const asked = Math.min(a.lot, amt);
    let slice = asked;
    let owe = slice * price;
    if (Math.abs(owe - a.tab) <= SAME_TAB * a.tab) owe = a.tab; // float: one ulp from tab is tab
    if (owe > a.tab) {
      // dss clip.sol take: never collect more than tab; shrink the slice to what tab buys
      owe = a.tab;
      slice = Math.min(asked, owe / price);
    } else if (owe < a.tab && slice < a.lot && a.tab - owe < chost) {
      // dss clip.sol take: never leave a tab below chost = dust·chop; if tab ≤ chost, buy all or nothing
      if (!(a.tab > chost)) throw new MakerError('no-partial-purchase', `tab ${a.tab} ≤ chost ${chost}`);
      owe = a.tab - chost;
      if (!(price > 0)) throw new MakerError('zero-price', 'slice = owe/price with price 0');
      slice = Math.min(asked, owe / price);
    }
    const tab = a.tab - owe;
    const lot = a.lot - slice;
    // dss clip.sol take: release owe, or the whole remaining tab too once the lot is gone
    const digs = lot === 0 ? tab + owe : owe;
    let leftoverToOwner = 0;
    let done = true;
    if (lot === 0) this.sales.delete(id);
    else if (tab === 0) {
      // dss clip.sol take: once tab is raised, the rest of the collateral goes back to the vault owner
      leftoverToOwner = lot;
      this.sales.delete(id);
    } else {
      a.tab = tab;
      a.lot = lot;
      done = false;
    }
    return { slice, owe, price, done, leftoverToOwner, owner: a.owner, tab, lot: done ? 0 : lot, digs };
  }

  /**
   * Cancels an auction (dss `Clipper.yank`, used in emergency shutdown); its lot goes to the caller.
   *
   * @example
   * clip.yank(1); // { tab, lot, owner, digs: tab }
   */
  yank(id: number): YankResult {
    const a = this.running(id);
    this.sales.delete(id);
    // dss clip.sol yank: the whole remaining tab is released from the Dog's limits
    return { tab: a.tab, lot: a.lot, owner: a.owner, digs: a.tab };
  }

  /**
   * Ids of running auctions, ascending (dss `list()` holds the same set in swap-and-pop order).
   *
   * @example
   * clip.active(); // [1, 3]
   */
  active(): number[] {
    return [...this.sales.keys()];
  }

  /**
   * A copy of a running auction's state, or `undefined` once it has ended.
   *
   * @example
   * clip.auction(1)?.top; // 1800
   */
  auction(id: number): Readonly<Auction> | undefined {
    const a = this.sales.get(id);
    return a === undefined ? undefined : { ...a };
  }

  private running(id: number): Auction {
    const a = this.sales.get(id);
    if (a === undefined) throw new MakerError('not-running-auction', `no running auction ${id}`);
    return a;
  }

  /** dss clip.sol status: needs a reset after more than tail seconds or once price/top < cusp. */
  private check(a: Auction, now: number): { needsRedo: boolean; price: number } {
    const elapsed = now - a.tic;
    const price = auctionPrice(this.params.curve, a.top, elapsed);
    return { needsRedo: elapsed > this.params.tail || price / a.top < this.params.cusp, price };
  }
}
