import type { LendingProtocol } from '../lending/lending-protocol.js';
import { sellOnBestVenue } from '../../market/best-sale.js';
import type { Clipper, Dog, TakeResult } from '../../liquidation/maker-2.0/index.js';
import type { CollateralMarket, KeeperTurn, LiquidationMechanism } from './mechanism.js';
import { type MakerClipSettings, makerClipper, makerDog } from './maker-clip-params.js';
import { bestSlice, type SliceQuestion, sliceProfitBound } from './maker-clip-slice.js';

/** Cascade debt carries no stability fee: the Vat's rate accumulator stays at 1 (debt = art). */
const RATE = 1;
/** Room under a limit below this share of the limit is float residue of booking, not room (see `hasRoom`). */
const FLOAT_RESIDUE = 1e-12;

/** The protocol-side record of one running auction, beside the Clipper's own `Sale`. */
interface AuctionBooking {
  /** The vault (account) it liquidates. */
  readonly account: number;
  /** The account's cascade generation at bark, for sale attribution. */
  readonly generation: number;
  /** Debt-asset units of the vault's debt not yet repaid by takes. */
  principal: number;
  /** Oracle price of the collateral at bark, USD: what leftovers handed back are valued at. */
  readonly priceAtBark: number;
}

/**
 * One running auction as it stands at the protocol's current time.
 *
 * @example
 * mechanism.auctions()[0]; // { id: 1, account: 0, price: 1550, needsRedo: false, tab: 15400, lot: 10, principal: 14000 }
 */
export interface MakerAuctionView {
  readonly id: number;
  readonly account: number;
  /** Auction price now, debt-asset units per collateral unit. */
  readonly price: number;
  readonly needsRedo: boolean;
  /** Debt-asset units still to raise (penalty included). */
  readonly tab: number;
  /** Collateral units still for sale. */
  readonly lot: number;
  /** Debt-asset units of the vault's debt not yet repaid. */
  readonly principal: number;
}

/**
 * MakerDAO Liquidations 2.0 (dss `dog.sol`, `clip.sol`, `abaci.sol`) on a Cascade lending protocol:
 * vault i is account i (ink = collateral, art = debt, rate 1, spot = oracle price·liquidation
 * threshold). In its transaction a keeper first works the running auctions in id order (a `redo`
 * of a stale one when the incentive covers gas; otherwise the `take` that maximises sale proceeds −
 * cost, when that less gas beats its minimum profit), then `bark`s liquidatable vaults, largest debt
 * first, once its latency has passed, while the Dog's Hole and the circuit breaker leave room and the
 * kick incentive covers gas. Takes go first because they free Hole room (`digs`) for barks, and a
 * fresh auction starts at oracle·buf, above the market, so kicking it last loses nothing.
 *
 * Owe pays the vault's principal first, the rest is penalty; an auction that raises its tab returns
 * the leftover lot to the owner (free collateral, not back in the vault); one whose lot runs out
 * first writes the unpaid principal off as bad debt. `onBlock` does nothing: an auction's price is a
 * function of time and it only changes when a keeper calls. With dust 0 (the default) nothing stops
 * small barks and redos that earn the flat tip, as in dss; set `dustUsd` to model production.
 *
 * @example
 * protocol.attach(new MakerClipLiquidation(protocol, spec.liquidationRule)); // a 'maker-clip' entry
 */
export class MakerClipLiquidation implements LiquidationMechanism {
  readonly name = 'maker-clip';
  readonly badDebtBearer = 'insurance-fund' as const;
  /** The dss Dog (debt-asset units): Hole/hole, Dirt/dirt. Read-only outside this class. */
  readonly dog: Dog;
  /** The dss Clipper (debt-asset units per collateral unit). Read-only outside this class. */
  readonly clipper: Clipper;
  private readonly bookings = new Map<number, AuctionBooking>();
  /** Collateral value seized by barks in `seizedBlock`, USD: the scale of the breaker's float residue. */
  private seizedUsd = 0;
  private seizedBlock = -1;

  constructor(
    private readonly protocol: LendingProtocol,
    settings: MakerClipSettings,
  ) {
    this.dog = makerDog(settings, protocol.debtPrice);
    this.clipper = makerClipper(settings, protocol.debtPrice);
  }

  /** Nothing: an auction's price is a function of time, and auctions change only when keepers call. */
  onBlock(): void {}

  collateralPending(): number {
    let lots = 0;
    for (const id of this.clipper.active()) lots += this.clipper.auction(id)?.lot ?? 0;
    return lots;
  }

  debtPending(): number {
    let principal = 0;
    for (const booking of this.bookings.values()) principal += booking.principal;
    return principal;
  }

  /** Running auctions in id order, as they stand at the protocol's current time. */
  auctions(): MakerAuctionView[] {
    return this.clipper.active().map((id) => {
      const status = this.clipper.status(id, this.protocol.timeSeconds);
      const booking = this.bookings.get(id) as AuctionBooking;
      return {
        id,
        account: booking.account,
        price: status.price,
        needsRedo: status.needsRedo,
        tab: status.tab,
        lot: status.lot,
        principal: booking.principal,
      };
    });
  }

  act(turn: KeeperTurn, market: CollateralMarket): void {
    for (const id of this.clipper.active()) {
      if (turn.actionsLeft <= 0) return;
      this.work(turn, market, id);
    }
    this.barkUnsafe(turn);
  }

  /** Resets auction `id` if it needs it and that pays, then takes from it if that pays. */
  private work(turn: KeeperTurn, market: CollateralMarket, id: number): void {
    const { clipper, protocol } = this;
    const oracle = protocol.price / protocol.debtPrice;
    if (clipper.status(id, protocol.timeSeconds).needsRedo) {
      const incentiveUsd = clipper.redoIncentive(id, oracle) * protocol.debtPrice;
      if (incentiveUsd < turn.gasUsd) return;
      // dss clip.sol redo: restart at oracle·buf; the keeper earns tip + chip·tab unless tab or lot value is below
      // chost
      clipper.redo(id, oracle, protocol.timeSeconds);
      this.payIncentive(turn, incentiveUsd);
      if (turn.actionsLeft <= 0) return;
    }
    this.take(turn, market, id);
  }

  /** Buys the most profitable slice of auction `id`, sells it at once and settles the protocol's books. */
  private take(turn: KeeperTurn, market: CollateralMarket, id: number): void {
    const { clipper, protocol } = this;
    const { debtPrice } = protocol;
    if (!(turn.capitalLeft > 0)) return;
    const status = clipper.status(id, protocol.timeSeconds);
    const question: SliceQuestion = {
      price: status.price,
      tab: status.tab,
      lot: status.lot,
      chost: clipper.params.chost,
      budget: turn.capitalLeft / debtPrice,
      debtPrice,
      venues: market.venues,
    };
    const { minProfitUsd } = turn.settings;
    // Cheap bound first: auctions still above the market are skipped without a search.
    if (market.venues.length === 0 || sliceProfitBound(question) - turn.gasUsd <= minProfitUsd) return;
    const choice = bestSlice(question);
    if (!(choice.slice > 0) || choice.grossProfitUsd - turn.gasUsd <= minProfitUsd) return;

    const result = clipper.take(id, choice.slice, status.price, protocol.timeSeconds);
    // dss clip.sol take: release owe (or the whole remaining tab once the lot is gone) from Dirt/dirt
    this.dog.digs(result.digs);
    const booking = this.bookings.get(id) as AuctionBooking;
    const sale = sellOnBestVenue(market.venues, result.slice);
    const proceedsUsd = sale.proceeds;
    market.sales.record(booking.generation, proceedsUsd, this.protocol.id);
    protocol.ledger.collateralToLiquidators += result.slice;
    const costUsd = result.owe * debtPrice;
    turn.record({
      collateral: result.slice,
      proceedsUsd,
      costUsd,
      preTradeValueUsd: sale.preTradeValue,
      gasUsd: turn.gasUsd,
      liquidation: true,
    });
    turn.capitalLeft -= costUsd;
    turn.actionsLeft -= 1;
    this.settle(id, booking, result);
  }

  /** Books what a take raised: principal first, the rest penalty; closes the auction when it ended. */
  private settle(id: number, booking: AuctionBooking, result: TakeResult): void {
    const { protocol } = this;
    const repaid = Math.min(result.owe, booking.principal);
    booking.principal -= repaid;
    protocol.recordRepayment(repaid);
    // The chop is the protocol's income (Vow surplus), unlike an instant rule's bonus, which the liquidator keeps.
    protocol.collectFee((result.owe - repaid) * protocol.debtPrice);
    if (!result.done) return;
    // dss clip.sol take: once tab is raised the rest of the lot goes back to the vault owner
    protocol.returnToOwner(result.leftoverToOwner, result.leftoverToOwner * booking.priceAtBark);
    // Lot gone before the principal was raised: the rest is bad debt (the Vow's sin, paid from the surplus buffer
    // first).
    if (booking.principal > 0) protocol.writeOffUsd(booking.principal * protocol.debtPrice);
    booking.principal = 0;
    this.bookings.delete(id);
  }

  /** Barks liquidatable vaults, largest debt first, while limits leave room and actions remain. */
  private barkUnsafe(turn: KeeperTurn): void {
    const { protocol } = this;
    const { book } = protocol;
    // The scale of the breaker caps' float residue: what they were measured against.
    let inLiquidationUsd = this.collateralPending() * protocol.price;
    for (const account of protocol.liquidatable) {
      if (turn.actionsLeft <= 0 || !this.dogHasRoom()) return;
      const allowanceUsd = protocol.breaker.allowanceUsd();
      // What a capped bark leaves of an allowance is float residue, not room.
      if (!(allowanceUsd > FLOAT_RESIDUE * Math.max(inLiquidationUsd, this.seizedThisBlockUsd()))) return;
      if (!protocol.isLiquidatable(account)) continue;
      if (protocol.block < book.unsafeSince[account] + turn.settings.latencyBlocks) continue;
      inLiquidationUsd += this.bark(turn, account, allowanceUsd);
    }
  }

  /** Barks vault `account` and kicks its auction if the kick incentive covers gas; returns the USD seized. */
  private bark(turn: KeeperTurn, account: number, allowanceUsd: number): number {
    const { protocol, dog, clipper } = this;
    const { book, debtPrice } = protocol;
    const ink = book.collateral[account];
    const art = book.debt[account];
    if (!(ink > 0)) return 0;
    const oracle = protocol.price / debtPrice;
    const vault = { ink, art };
    // dss spotter.sol poke: spot = price / mat, and mat = 1/liquidation threshold
    const spot = oracle * protocol.thresholdOf(account);
    // Circuit breaker: dink·price ≤ allowance, with dink = ink·dart/art and tab = dart·rate·chop.
    const maxTab =
      allowanceUsd === Number.POSITIVE_INFINITY
        ? allowanceUsd
        : ((allowanceUsd * art) / (ink * protocol.price)) * RATE * dog.ilk().chop;
    const plan = dog.tryPreview(vault, RATE, spot, undefined, maxTab);
    if (plan === undefined) return 0;
    const incentiveUsd = clipper.kickIncentive(plan.tab) * debtPrice;
    // Keepers bark whenever the incentive pays for gas: starting auctions is their job in production.
    if (incentiveUsd < turn.gasUsd) return 0;
    const barked = dog.bark(vault, RATE, spot, undefined, maxTab);
    const generation = protocol.takeIntoLiquidation(account, barked.dink, barked.due);
    const seizedUsd = barked.dink * protocol.price;
    this.noteSeizure(seizedUsd);
    // dss clip.sol kick: top = oracle price·buf
    const { id } = clipper.kick(barked.tab, barked.dink, String(account), oracle, protocol.timeSeconds);
    this.bookings.set(id, { account, generation, principal: barked.due, priceAtBark: protocol.price });
    this.payIncentive(turn, incentiveUsd);
    return seizedUsd;
  }

  /** Books a kick or redo: the keeper's incentive and gas, one call. */
  private payIncentive(turn: KeeperTurn, incentiveUsd: number): void {
    this.protocol.ledger.keeperIncentivesUsd += incentiveUsd;
    turn.record({
      collateral: 0,
      proceedsUsd: 0,
      costUsd: 0,
      preTradeValueUsd: 0,
      gasUsd: turn.gasUsd,
      incentiveUsd,
      liquidation: false,
    });
    turn.actionsLeft -= 1;
  }

  /** Whether Hole and the ilk's hole both still have room beyond booking residue. */
  private dogHasRoom(): boolean {
    const { dog } = this;
    const ilk = dog.ilk();
    return hasRoom(dog.Hole, dog.Dirt) && hasRoom(ilk.hole, ilk.dirt);
  }

  /** Collateral value seized by this mechanism's barks in the current block, USD. */
  private seizedThisBlockUsd(): number {
    return this.seizedBlock === this.protocol.block ? this.seizedUsd : 0;
  }

  /** Adds `usd` to the current block's seizures. */
  private noteSeizure(usd: number): void {
    if (this.seizedBlock !== this.protocol.block) {
      this.seizedBlock = this.protocol.block;
      this.seizedUsd = 0;
    }
    this.seizedUsd += usd;
  }
}

/** Room under `limit` beyond float residue (a room-limited bark books tab ≈ room, not exactly). */
function hasRoom(limit: number, used: number): boolean {
  return limit === Number.POSITIVE_INFINITY || limit - used > FLOAT_RESIDUE * limit;
}
