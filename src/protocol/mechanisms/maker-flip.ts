import type { LendingProtocol } from '../lending/lending-protocol.js';
import type { LendingSpec } from '../../scenario/schema.js';
import { bite, claw, type Bite, type CatIlk, type Urn, type VatIlk } from '../../liquidation/maker-1.2/cat.js';
import { Flipper, type FlipAuction } from '../../liquidation/maker-1.2/flipper.js';
import { FlipperError } from '../../liquidation/maker-1.2/errors.js';
import type { LiquidationMechanism } from './mechanism.js';

type Settings = Extract<LendingSpec['liquidationRule'], { type: 'maker-flip' }>;

/** What the mechanism remembers of one live auction beyond the Flipper's own state. */
interface AuctionOrigin {
  /** Account (vault) the lot came from. */
  account: number;
  /** Its cascade generation when bitten. */
  generation: number;
  /** Debt units taken from the vault (art·rate, before the penalty). */
  principal: number;
  /** Oracle price of the collateral at bite, USD: what collateral handed back by `dent` is valued at. */
  priceAtBite: number;
}

/** One settled auction, for reports and tests. */
export interface FlipDeal {
  id: number;
  account: number;
  winner: string;
  /** Winning bid, debt units. */
  bid: number;
  /** Collateral the winner received. */
  lot: number;
  /** Lot at kick; initialLot − lot went back to the vault owner through dents. */
  initialLot: number;
  /** Debt units taken from the vault. */
  principal: number;
  tab: number;
  /** Principal the winning bid left unpaid, USD. */
  badDebtUsd: number;
  /** Seconds since block 0 at deal. */
  dealtAt: number;
}

/** A settled auction and the cascade generation its lot's sale belongs to. */
export interface FlipDealt {
  readonly deal: FlipDeal;
  readonly generation: number;
}

/** Relative size below which a bite's room (litterbox or circuit breaker) counts as used up: float64 rounding residue.
 * */
const SLIVER = 1e-9;

/** Why a bite attempt did not happen: this account only, or every account this block. */
export type BiteRefusal = 'skip-account' | 'stop';

/**
 * MakerDAO Liquidations 1.2 (dss `cat.sol` + `flip.sol`, August 2020 – 2021) as a world mechanism.
 * Vault i is account i (ink = collateral, art = debt, rate = 1, spot = oracle price × threshold / debt
 * price). The calls it offers:
 * - `bite`: the Cat moves at most `dunk` of tab into a Flipper auction, within the global `box` and the
 *   per-block circuit breaker (no incentive: gas only);
 * - `tend` / `dent`: a bid on an open auction (DAI locked while the bidder leads; a dent returns collateral);
 * - `deal`: the winner of an ended auction takes the lot.
 * Which calls a keeper makes, and how it bids, is its strategy (agents/liquidators/maker-flip.ts).
 * At deal the bid repays principal first and the excess is the penalty; unpaid principal is bad debt,
 * borne by the insurance fund (the Vow's surplus). Auctions that end with no bid are restarted (`tick`)
 * at the start of each block.
 *
 * @example
 * protocol.attach(new MakerFlipLiquidation(protocol, { type: 'maker-flip', chop: 1.13, dunkUsd: 50_000, boxUsd: 1e12, dustUsd: 0, beg: 1.05, ttlSeconds: 10_800, tauSeconds: 172_800 }));
 */
export class MakerFlipLiquidation implements LiquidationMechanism {
  readonly name = 'maker-flip';
  readonly badDebtBearer = 'insurance-fund' as const;
  /** The collateral type's Flipper (times in seconds since block 0, amounts in debt units). */
  readonly flipper: Flipper;
  /** Auctions settled so far, in deal order. */
  readonly deals: FlipDeal[] = [];
  private readonly origins = new Map<number, AuctionOrigin>();
  private catLitter = 0;

  constructor(
    readonly protocol: LendingProtocol,
    private readonly settings: Settings,
  ) {
    this.flipper = new Flipper({ beg: settings.beg, ttl: settings.ttlSeconds, tau: settings.tauSeconds });
  }

  /** Tab (debt units) now out for auction: the Cat's litter. */
  get litter(): number {
    return this.catLitter;
  }

  onBlock(): void {
    const now = this.protocol.timeSeconds;
    for (const id of this.flipper.liveIds()) {
      const auction = this.flipper.auction(id);
      // flip.sol tick: an auction past its end that nobody bid on starts over for another tau.
      if (auction !== undefined && auction.tic === null && auction.end < now) this.flipper.tick(id, now);
    }
  }

  collateralPending(): number {
    let lots = 0;
    for (const id of this.flipper.liveIds()) lots += this.flipper.auction(id)?.lot ?? 0;
    return lots;
  }

  debtPending(): number {
    let principal = 0;
    for (const origin of this.origins.values()) principal += origin.principal;
    return principal;
  }

  /** USD this keeper has locked in the auctions it leads (its bids are with the Flipper until outbid or dealt). */
  lockedUsd(keeper: string): number {
    let locked = 0;
    for (const id of this.flipper.liveIds()) {
      const auction = this.flipper.auction(id);
      if (auction?.guy === keeper) locked += auction.bid * this.protocol.debtPrice;
    }
    return locked;
  }

  /**
   * flip.sol `deal` + the Vow's books: the winner of ended auction `id` takes the lot; the bid repays principal
   * first, the excess is the penalty, unpaid principal is bad debt. Returns the deal and its lot's generation.
   */
  deal(id: number): FlipDealt {
    const { protocol } = this;
    const origin = this.origins.get(id) as AuctionOrigin;
    const initialLot = this.flipper.auction(id)?.initialLot ?? 0;
    const outcome = this.flipper.deal(id, protocol.timeSeconds);
    this.origins.delete(id);
    // Liquidations 1.2 flip.sol deal calls cat.claw(tab): the tab leaves the litterbox.
    this.catLitter = claw(this.catLitter, outcome.tab);
    const repaid = Math.min(outcome.bid, origin.principal);
    protocol.recordRepayment(repaid);
    // The chop is the protocol's income (Vow surplus), unlike an instant rule's bonus, which the liquidator keeps.
    protocol.collectFee((outcome.bid - repaid) * protocol.debtPrice);
    const badDebtUsd = (origin.principal - repaid) * protocol.debtPrice;
    protocol.writeOffUsd(badDebtUsd);
    protocol.ledger.collateralToLiquidators += outcome.lot;
    const { winner, bid, lot, tab } = outcome;
    const deal: FlipDeal = {
      id,
      account: origin.account,
      winner,
      bid,
      lot,
      initialLot,
      principal: origin.principal,
      tab,
      badDebtUsd,
      dealtAt: protocol.timeSeconds,
    };
    this.deals.push(deal);
    return { deal, generation: origin.generation };
  }

  /**
   * One `Cat.bite` on `account` and the Flipper kick (no keeper incentive: a bite only costs gas); returns null, or
   * why not when the Cat (or the breaker) refuses: this account only, or every account this block.
   */
  bite(account: number): BiteRefusal | null {
    const { protocol, settings } = this;
    const allowanceUsd = protocol.breaker.allowanceUsd();
    if (!(allowanceUsd > 0)) return 'stop';
    const debtPrice = protocol.debtPrice;
    const urn: Urn = { ink: protocol.book.collateral[account], art: protocol.book.debt[account] };
    // spot = price / mat, in debt units per collateral unit; liquidationThreshold = 1/mat.
    const ilk: VatIlk = {
      rate: 1,
      spot: (protocol.price * protocol.thresholdOf(account)) / debtPrice,
      dust: settings.dustUsd / debtPrice,
    };
    const catIlk: CatIlk = { chop: settings.chop, dunk: settings.dunkUsd / debtPrice };
    let result = this.tryBite(urn, ilk, catIlk);
    if (typeof result === 'string') return result;
    // A litterbox full but for float64 rounding would start dust auctions: treat it as full.
    if (result.tab < SLIVER * Math.min(urn.art * ilk.rate * catIlk.chop, catIlk.dunk)) return 'stop';
    const seizedUsd = result.lot * protocol.price;
    if (seizedUsd > allowanceUsd) {
      const share = allowanceUsd / seizedUsd;
      if (share < SLIVER) return 'stop';
      // The Cat takes debt and collateral in proportion, so a dunk scaled by allowance/seized scales the lot to the
      // allowance.
      result = this.tryBite(urn, ilk, { chop: settings.chop, dunk: result.tab * share });
      if (typeof result === 'string') return result;
    }
    const generation = protocol.takeIntoLiquidation(account, result.lot, result.art);
    this.catLitter = result.litter;
    // Liquidations 1.2 cat.sol: flip.kick(urn, vow, tab, dink, 0).
    const id = this.flipper.kick(result.lot, result.tab, `vault ${account}`, protocol.timeSeconds);
    this.origins.set(id, { account, generation, principal: result.debt, priceAtBite: protocol.price });
    return null;
  }

  private tryBite(urn: Urn, ilk: VatIlk, catIlk: CatIlk): Bite | BiteRefusal {
    const debtPrice = this.protocol.debtPrice;
    try {
      return bite(urn, ilk, catIlk, { box: this.settings.boxUsd / debtPrice, litter: this.catLitter });
    } catch (error) {
      if (!(error instanceof FlipperError)) throw error;
      // A full litterbox stops every bite this block; an unsafe-by-rounding or empty vault only this one.
      return error.code === 'Cat/liquidation-limit-hit' ? 'stop' : 'skip-account';
    }
  }

  /** flip.sol `tend`: `keeper` bids `bid` debt units for the whole lot of auction `id` (its DAI is locked). */
  tend(id: number, keeper: string, bid: number): void {
    const auction = this.flipper.auction(id) as FlipAuction;
    this.flipper.tend(id, keeper, auction.lot, bid, this.protocol.timeSeconds);
  }

  /**
   * flip.sol `dent`: `keeper` pays the whole tab of auction `id` for a smaller `lot`; the collateral given up goes
   * back to the vault owner at once.
   */
  dent(id: number, keeper: string, lot: number): void {
    const { protocol } = this;
    const auction = this.flipper.auction(id) as FlipAuction;
    const returned = this.flipper.dent(id, keeper, lot, auction.bid, protocol.timeSeconds).returnedToOwner;
    protocol.returnToOwner(returned, returned * (this.origins.get(id) as AuctionOrigin).priceAtBite);
  }
}
