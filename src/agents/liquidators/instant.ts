import type { InstantLiquidation } from '../../protocol/mechanisms/instant.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import { bestSaleVenue, sellOnBestVenue } from '../../market/best-sale.js';
import { cornerProbe, maximiseConcave } from '../../kernel/maximise.js';
import { quoteForExactBase } from '../../market/venues/buy-exact.js';
import type { Venue } from '../../market/venues/venue.js';
import type { CollateralMarket, DebtMarket, KeeperTurn, LiquidatorSettings } from './turn.js';
import { PlanMemo } from './plan-memo.js';
import { IdlePass } from './idle-pass.js';
import { bestSaleBound } from './corner-proof.js';

/**
 * Keepers' strategy on an instant repay-for-collateral protocol (Aave v3, Morpho Blue, Euler v2): a keeper walks
 * the liquidatable accounts, largest debt first, and on each one it has waited `latencyBlocks` for, repays the
 * amount that maximises sale proceeds − debt repaid, when that minus gas exceeds its minimum profit, then sells the
 * collateral at once on the venue that pays the most (and, for a CDP, buys the debt stablecoin on its cheapest
 * venue). One instance per protocol holds the keepers' shared plan memo and each keeper's idle pass.
 *
 * @example
 * new InstantLiquidator(mechanism).act(turn, market);
 */
export class InstantLiquidator {
  /** The market and account being evaluated, read by `grossProfit` (two fields rather than an object per account). */
  private candidateMarket!: CollateralMarket;
  private candidateAccount = -1;
  /**
   * The last repay `grossProfit` priced for the current candidate and its profit (NaN: none yet): the search's corner
   * check prices the repay it then returns, and nothing changes state between the two, so the memo is that number.
   */
  private lastRepay = Number.NaN;
  private lastProfit = 0;
  /**
   * Reused outcome of `mechanism.quote` for each repay `grossProfit` tries: read only before the next quote into it
   * and kept by no one, so the numbers are those a fresh object would hold.
   */
  private readonly trial: FixedBonusLiquidation = {
    debtRepaid: 0,
    collateralSeized: 0,
    protocolFee: 0,
    liquidatorReceives: 0,
  };
  /** The keepers' last findings on the liquidatable accounts, so that an unchanged account is not re-planned. */
  private readonly memo: PlanMemo;
  /** Each keeper's last pass, to skip the next when it would find the same nothing to do. */
  private readonly idlePasses: IdlePass[] = [];
  /** The settings of the keeper each idle pass belongs to (a handful of keepers: a scan beats a map). */
  private readonly memoKeepers: LiquidatorSettings[] = [];

  constructor(private readonly mechanism: InstantLiquidation) {
    this.memo = PlanMemo.of(mechanism.protocol);
  }

  /** One keeper's calls on the protocol within its transaction. */
  act(turn: KeeperTurn, market: CollateralMarket): void {
    const { protocol } = this.mechanism;
    const { liquidatable, book } = protocol;
    if (liquidatable.length === 0) return;
    // Mids only fall as this keeper sells, so the block's starting best mid bounds every sale below.
    let bestMid = 0;
    for (let v = 0; v < market.venues.length; v++) bestMid = Math.max(bestMid, market.venues[v].mid());
    // Debt bought on a venue costs at least its mid per unit (fees and impact only add), so the cheapest mid bounds it.
    let debtUnitFloor = protocol.debtPrice;
    if (market.debtMarket) debtUnitFloor = Math.min(...market.debtMarket.venues.map((venue) => venue.mid()));
    const { settings, gasUsd } = turn;
    const { memo } = this;
    const idle = this.idlePasses[this.keeperIndex(settings)];
    memo.sync();
    if (idle.holds(memo.epoch, turn.capitalLeft, gasUsd, debtUnitFloor, bestMid)) return;
    if (turn.actionsLeft > 0 && turn.capitalLeft > 0) idle.begin(memo.epoch, turn.capitalLeft, gasUsd, debtUnitFloor);
    else idle.busy();
    for (let position = 0; position < liquidatable.length; position++) {
      if (turn.actionsLeft <= 0 || turn.capitalLeft <= 0) return;
      const account = liquidatable[position];
      if (!memo.lookup(position, account)) continue;
      const waitsUntil = book.unsafeSince[account] + settings.latencyBlocks;
      if (protocol.block < waitsUntil) {
        idle.waiting(waitsUntil);
        continue;
      }
      // The largest liquidation the rule and the keeper's capital allow (the protocol caps the repay). Cheap bound
      // first: no sale beats the best mid, so skip accounts that cannot pay for gas. This path, taken every block by
      // accounts that stay liquidatable but unprofitable, allocates nothing and re-plans only what has changed.
      if (!memo.mayPay(turn.capitalLeft, bestMid, debtUnitFloor, gasUsd, settings.minProfitUsd)) {
        memo.reportUnprofitable(idle, settings.minProfitUsd);
        continue;
      }
      idle.busy();
      const spent = this.liquidateIfProfitable(turn, market, account, memo.repaid());
      if (spent > 0) {
        turn.capitalLeft -= spent;
        turn.actionsLeft -= 1;
        memo.sync();
      }
    }
  }

  /** Index of the keeper with these settings in `idlePasses`, added on its first turn. */
  private keeperIndex(settings: LiquidatorSettings): number {
    const { memoKeepers } = this;
    for (let k = 0; k < memoKeepers.length; k++) if (memoKeepers[k] === settings) return k;
    memoKeepers.push(settings);
    this.idlePasses.push(new IdlePass(this.mechanism.protocol));
    return memoKeepers.length - 1;
  }

  /** Liquidates `account` with the repay up to `maxRepay` that maximises profit, if that pays; returns the USD of debt
   * repaid (0 if skipped). */
  private liquidateIfProfitable(turn: KeeperTurn, market: CollateralMarket, account: number, maxRepay: number): number {
    const { mechanism } = this;
    const { protocol } = mechanism;
    const { settings, gasUsd } = turn;
    this.candidateMarket = market;
    this.candidateAccount = account;
    this.lastRepay = Number.NaN;
    const repay = this.cornerProven(maxRepay) ? maxRepay : maximiseConcave(this.grossProfit, maxRepay);
    if (!(repay > 0) || this.grossProfit(repay) - gasUsd <= settings.minProfitUsd) return 0;

    const generation = protocol.book.generation[account];
    const result = mechanism.liquidate(account, repay);
    const sale = sellOnBestVenue(market.venues, result.liquidatorReceives);
    const proceedsUsd = sale.proceeds;
    const costUsd = market.debtMarket
      ? this.buyDebt(market.debtMarket, result.debtRepaid)
      : result.debtRepaid * protocol.debtPrice;
    market.sales.record(generation, proceedsUsd, protocol.id);
    turn.record({
      collateral: result.liquidatorReceives,
      proceedsUsd,
      costUsd,
      preTradeValueUsd: sale.preTradeValue,
      gasUsd,
      liquidation: true,
    });
    return costUsd;
  }

  /**
   * Whether maximiseConcave(grossProfit, upper) is surely `upper`, shown without quoting the sale at its corner probe:
   * then its computed top ≥ the computed profit at the probe. With debt repaid at the protocol's price, that profit
   * is fl(S − repaid·price) for the best sale S there, rounding is monotone, and {@link bestSaleBound} bounds S from
   * the quotes at the top; when the bound is inconclusive (or a debt market prices the repay), the search runs as
   * before. Leaves the top priced in the memo, where the search and the final check read it.
   */
  private cornerProven(upper: number): boolean {
    if (!(upper > 0) || this.candidateMarket.debtMarket) return false;
    const top = this.grossProfit(upper);
    if (!(top > Number.NEGATIVE_INFINITY)) return false;
    // grossProfit has just planned `upper` afresh into the scratch plan (the memo was cleared for this candidate).
    const topReceives = this.trial.liquidatorReceives;
    const probe = this.mechanism.quote(this.candidateAccount, cornerProbe(upper), this.trial);
    const bound = bestSaleBound(this.candidateMarket.venues, topReceives, probe.liquidatorReceives);
    return bound - probe.debtRepaid * this.mechanism.protocol.debtPrice <= top;
  }

  /** Sale proceeds − debt repaid for repaying `repay` on the current candidate, before gas. */
  private readonly grossProfit = (repay: number): number => {
    if (repay === this.lastRepay) return this.lastProfit;
    const plan = this.mechanism.quote(this.candidateAccount, repay, this.trial);
    const { debtMarket } = this.candidateMarket;
    const cost = debtMarket
      ? cheapestDebt(debtMarket, plan.debtRepaid).quote
      : plan.debtRepaid * this.mechanism.protocol.debtPrice;
    const profit = bestSaleVenue(this.candidateMarket.venues, plan.liquidatorReceives).proceeds - cost;
    this.lastRepay = repay;
    this.lastProfit = profit;
    return profit;
  };

  /** Buys `units` of the debt stablecoin on its cheapest venue (the liquidation buy-back); returns the USD spent. */
  private buyDebt(debtMarket: DebtMarket, units: number): number {
    const { venue, quote } = cheapestDebt(debtMarket, units);
    debtMarket.bought += venue.buy(quote);
    debtMarket.spentUsd += quote;
    return quote;
  }
}

/** The venue that sells `units` of the debt asset for the least USD, and that USD (Infinity when none can). */
function cheapestDebt(debtMarket: DebtMarket, units: number): { venue: Venue; quote: number } {
  let best = { venue: debtMarket.venues[0], quote: Number.POSITIVE_INFINITY };
  for (const venue of debtMarket.venues) {
    const quote = quoteForExactBase(venue, units);
    if (quote < best.quote) best = { venue, quote };
  }
  return best;
}
