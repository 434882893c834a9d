import type { LendingProtocol } from '../lending/lending-protocol.js';
import type { AuctionStatus, Clipper, Dog, TakeResult } from '../../liquidation/maker-2.0/index.js';
import type { LiquidationMechanism } from './mechanism.js';
import { type MakerClipSettings, makerClipper, makerDog } from './maker-clip-params.js';

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

/** What one `take` gave the buyer: collateral units, debt-asset units owed, and the lot's cascade generation. */
export interface ClipTake {
  readonly slice: number;
  readonly owe: number;
  readonly generation: number;
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
 * threshold). The calls it offers, each with the Dog's and Clipper's arithmetic: `bark` a vault
 * within the Hole and the circuit breaker (paying tip + chip·tab; {@link barkIncentiveUsd} quotes it),
 * `take` a slice of a running auction at its current price ({@link status}), and `redo` a stale one
 * ({@link redoIncentiveUsd}). Which calls a keeper makes is its strategy (agents/liquidators/maker-clip.ts).
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
    readonly protocol: LendingProtocol,
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

  /** Auction `id` as the Clipper prices it at the protocol's current time (price, tab, lot, needsRedo). */
  status(id: number): AuctionStatus {
    return this.clipper.status(id, this.protocol.timeSeconds);
  }

  /** USD a keeper would earn by resetting auction `id` now (tip + chip·tab unless tab or lot value is below chost). */
  redoIncentiveUsd(id: number): number {
    const { protocol } = this;
    return this.clipper.redoIncentive(id, protocol.price / protocol.debtPrice) * protocol.debtPrice;
  }

  /**
   * Resets stale auction `id` at the oracle price and pays the caller its incentive; returns that incentive, USD.
   */
  redo(id: number): number {
    const { clipper, protocol } = this;
    const oracle = protocol.price / protocol.debtPrice;
    const incentiveUsd = clipper.redoIncentive(id, oracle) * protocol.debtPrice;
    // dss clip.sol redo: restart at oracle·buf; the keeper earns tip + chip·tab unless tab or lot value is below
    // chost
    clipper.redo(id, oracle, protocol.timeSeconds);
    protocol.ledger.keeperIncentivesUsd += incentiveUsd;
    return incentiveUsd;
  }

  /**
   * Buys `slice` collateral units of auction `id` at auction price `price` (dss clip.sol take) and settles the
   * protocol's books; returns what the buyer received and owes, and the generation its sale belongs to.
   */
  take(id: number, slice: number, price: number): ClipTake {
    const { clipper, protocol } = this;
    const result = clipper.take(id, slice, price, protocol.timeSeconds);
    // dss clip.sol take: release owe (or the whole remaining tab once the lot is gone) from Dirt/dirt
    this.dog.digs(result.digs);
    const booking = this.bookings.get(id) as AuctionBooking;
    const { generation } = booking;
    protocol.ledger.collateralToLiquidators += result.slice;
    this.settle(id, booking, result);
    return { slice: result.slice, owe: result.owe, generation };
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

  /**
   * The circuit breaker's allowance for a bark now, USD, or 0 when what is left of it is float residue of earlier
   * capped barks against `inLiquidationUsd` (the collateral value the caps were measured against).
   */
  barkAllowanceUsd(inLiquidationUsd: number): number {
    const allowanceUsd = this.protocol.breaker.allowanceUsd();
    // What a capped bark leaves of an allowance is float residue, not room.
    return allowanceUsd > FLOAT_RESIDUE * Math.max(inLiquidationUsd, this.seizedThisBlockUsd()) ? allowanceUsd : 0;
  }

  /**
   * The kick incentive, USD, that barking vault `account` within `allowanceUsd` of seizure would pay now (dss
   * clip.sol kick: tip + chip·tab), or undefined when the Dog would not bark it.
   */
  barkIncentiveUsd(account: number, allowanceUsd: number): number | undefined {
    const tab = this.previewTab(account, allowanceUsd);
    return tab === undefined ? undefined : this.clipper.kickIncentive(tab) * this.protocol.debtPrice;
  }

  /**
   * Barks vault `account` within `allowanceUsd` of seizure, kicks its auction and pays the caller the kick
   * incentive ({@link barkIncentiveUsd}, which must be defined); returns the collateral value seized, USD.
   */
  bark(account: number, allowanceUsd: number): number {
    const { protocol, dog, clipper } = this;
    const { book, debtPrice } = protocol;
    const tab = this.previewTab(account, allowanceUsd) as number;
    const incentiveUsd = clipper.kickIncentive(tab) * debtPrice;
    const vault = { ink: book.collateral[account], art: book.debt[account] };
    const barked = dog.bark(vault, RATE, this.spotOf(account), undefined, this.maxTab(account, allowanceUsd));
    const generation = protocol.takeIntoLiquidation(account, barked.dink, barked.due);
    const seizedUsd = barked.dink * protocol.price;
    this.noteSeizure(seizedUsd);
    // dss clip.sol kick: top = oracle price·buf
    const oracle = protocol.price / debtPrice;
    const { id } = clipper.kick(barked.tab, barked.dink, String(account), oracle, protocol.timeSeconds);
    this.bookings.set(id, { account, generation, principal: barked.due, priceAtBark: protocol.price });
    protocol.ledger.keeperIncentivesUsd += incentiveUsd;
    return seizedUsd;
  }

  /** The tab the Dog would bark on vault `account` within `allowanceUsd`, or undefined if none. */
  private previewTab(account: number, allowanceUsd: number): number | undefined {
    const { book } = this.protocol;
    const ink = book.collateral[account];
    const art = book.debt[account];
    if (!(ink > 0)) return undefined;
    const vault = { ink, art };
    return this.dog.tryPreview(vault, RATE, this.spotOf(account), undefined, this.maxTab(account, allowanceUsd))?.tab;
  }

  /** dss spotter.sol poke: spot = price / mat, and mat = 1/liquidation threshold (debt-asset units). */
  private spotOf(account: number): number {
    const { protocol } = this;
    return (protocol.price / protocol.debtPrice) * protocol.thresholdOf(account);
  }

  /** Circuit breaker: dink·price ≤ allowance, with dink = ink·dart/art and tab = dart·rate·chop. */
  private maxTab(account: number, allowanceUsd: number): number {
    const { protocol } = this;
    const { book } = protocol;
    return allowanceUsd === Number.POSITIVE_INFINITY
      ? allowanceUsd
      : ((allowanceUsd * book.debt[account]) / (book.collateral[account] * protocol.price)) *
          RATE *
          this.dog.ilk().chop;
  }

  /** Whether Hole and the ilk's hole both still have room beyond booking residue. */
  dogHasRoom(): boolean {
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
