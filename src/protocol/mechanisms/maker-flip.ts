import type { LendingProtocol } from '../lending/lending-protocol.js';
import type { LendingSpec } from '../../scenario/schema.js';
import { sellOnBestVenue } from '../../market/best-sale.js';
import { bite, claw, type Bite, type CatIlk, type Urn, type VatIlk } from '../../liquidation/maker-1.2/cat.js';
import { Flipper } from '../../liquidation/maker-1.2/flipper.js';
import { FlipperError } from '../../liquidation/maker-1.2/errors.js';
import { chooseFlipBid, isBiddable } from './maker-flip-bidding.js';
import type { CollateralMarket, KeeperTurn, LiquidationMechanism } from './mechanism.js';

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

/** Relative size below which a bite's room (litterbox or circuit breaker) counts as used up: float64 rounding residue.
 * */
const SLIVER = 1e-9;

/** Why a bite attempt did not happen: this account only, or every account this block. */
type BiteRefusal = 'skip-account' | 'stop';

/**
 * MakerDAO Liquidations 1.2 (dss `cat.sol` + `flip.sol`, August 2020 – 2021) as a world mechanism.
 * Vault i is account i (ink = collateral, art = debt, rate = 1, spot = oracle price × threshold / debt
 * price). In its transaction a keeper, after its latency:
 * 1. deals the auctions it won (the lot is sold at once on the best venue);
 * 2. bites liquidatable vaults, largest debt first: the Cat moves at most `dunk` of tab into a Flipper
 *    auction, within the global `box` and the per-block circuit breaker (no incentive: gas only);
 * 3. bids on open auctions in id order, as its `auctionBidding` strategy says (see maker-flip-bidding.ts),
 *    with DAI locked while it leads an auction.
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
    private readonly protocol: LendingProtocol,
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

  act(turn: KeeperTurn, market: CollateralMarket): void {
    this.dealWon(turn, market);
    this.biteUnsafe(turn);
    this.bid(turn, market);
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

  /** Step 1: the keeper settles every auction it won that has ended. */
  private dealWon(turn: KeeperTurn, market: CollateralMarket): void {
    const now = this.protocol.timeSeconds;
    for (const id of this.flipper.liveIds()) {
      if (turn.actionsLeft <= 0) return;
      if (this.flipper.auction(id)?.guy !== turn.settings.id || !this.flipper.canDeal(id, now)) continue;
      this.deal(id, turn, market);
    }
  }

  /** flip.sol `deal` + the Vow's books: the winner takes the lot and sells it; the bid repays principal first. */
  private deal(id: number, turn: KeeperTurn, market: CollateralMarket): void {
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
    const sale = outcome.lot > 0 ? sellOnBestVenue(market.venues, outcome.lot) : { proceeds: 0, preTradeValue: 0 };
    const proceedsUsd = sale.proceeds;
    market.sales.record(origin.generation, proceedsUsd, this.protocol.id);
    turn.actionsLeft -= 1;
    turn.record({
      collateral: outcome.lot,
      proceedsUsd,
      costUsd: outcome.bid * protocol.debtPrice,
      preTradeValueUsd: sale.preTradeValue,
      gasUsd: turn.gasUsd,
      liquidation: true,
    });
    const { winner, bid, lot, tab } = outcome;
    this.deals.push({
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
    });
  }

  /** Step 2: bites liquidatable vaults the keeper has waited for, largest debt first, repeatedly while one stays
   * unsafe. */
  private biteUnsafe(turn: KeeperTurn): void {
    const { protocol } = this;
    for (const account of protocol.liquidatable) {
      if (protocol.block < protocol.book.unsafeSince[account] + turn.settings.latencyBlocks) continue;
      while (turn.actionsLeft > 0 && protocol.isLiquidatable(account)) {
        const refusal = this.biteOnce(account);
        if (refusal === 'stop') return;
        if (refusal === 'skip-account') break;
        // The Cat paid no keeper incentive: a bite only costs gas.
        turn.actionsLeft -= 1;
        turn.record({
          collateral: 0,
          proceedsUsd: 0,
          costUsd: 0,
          preTradeValueUsd: 0,
          gasUsd: turn.gasUsd,
          liquidation: false,
        });
      }
      if (turn.actionsLeft <= 0) return;
    }
  }

  /** One `Cat.bite` on `account` and the Flipper kick; returns why not when the Cat (or the breaker) refuses. */
  private biteOnce(account: number): BiteRefusal | null {
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

  /** Step 3: bids on open auctions in id order, with the keeper's free capital. */
  private bid(turn: KeeperTurn, market: CollateralMarket): void {
    const { protocol, flipper } = this;
    const { settings } = turn;
    const now = protocol.timeSeconds;
    let lockedUsd = this.lockedUsd(settings.id);
    for (const id of flipper.liveIds()) {
      if (turn.actionsLeft <= 0) return;
      const auction = flipper.auction(id);
      if (auction === undefined || auction.guy === settings.id || !isBiddable(auction, now)) continue;
      const freeCapitalUsd = Math.min(settings.capitalUsd - lockedUsd, turn.capitalLeft);
      if (!(freeCapitalUsd > 0)) return;
      const choice = chooseFlipBid(flipper, auction, {
        strategy: settings.auctionBidding,
        venues: market.venues,
        costUsd: turn.gasUsd + settings.minProfitUsd,
        freeCapitalUsd,
        debtPrice: protocol.debtPrice,
      });
      if (choice === null) continue;
      let committedUsd: number;
      if (choice.phase === 'tend') {
        flipper.tend(id, settings.id, auction.lot, choice.bid, now);
        committedUsd = choice.bid * protocol.debtPrice;
      } else {
        // flip.sol dent: the collateral given up goes back to the vault owner at once.
        const returned = flipper.dent(id, settings.id, choice.lot, auction.bid, now).returnedToOwner;
        protocol.returnToOwner(returned, returned * (this.origins.get(id) as AuctionOrigin).priceAtBite);
        committedUsd = auction.tab * protocol.debtPrice;
      }
      lockedUsd += committedUsd;
      turn.capitalLeft -= committedUsd;
      turn.actionsLeft -= 1;
      turn.record({
        collateral: 0,
        proceedsUsd: 0,
        costUsd: 0,
        preTradeValueUsd: 0,
        gasUsd: turn.gasUsd,
        liquidation: false,
      });
    }
  }
}
