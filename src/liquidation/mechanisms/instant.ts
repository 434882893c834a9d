import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { LiquidationRule } from '../rules/rule.js';
import type { FixedBonusLiquidation } from '../fixed-bonus.js';
import { bestSaleVenue } from '../../agents/best-sale.js';
import { maximiseConcave } from '../../agents/maximise.js';
import { quoteForExactBase } from '../../market/venues/buy-exact.js';
import type { CollateralMarket, DebtMarket, KeeperTurn, LiquidationMechanism } from './mechanism.js';
import type { Venue } from '../../market/venues/venue.js';

/**
 * Instant repay-for-collateral liquidation (Aave v3 `liquidationCall`, Morpho Blue `liquidate`,
 * Euler v2 `liquidate`): a keeper walks the liquidatable accounts, largest debt first, and on each
 * one it has waited `latencyBlocks` for, repays the amount that maximises
 * sale proceeds − debt repaid, when that minus gas exceeds its minimum profit.
 *
 * @example
 * protocol.attach(new InstantLiquidation(protocol, aaveV3Rule(spec)));
 */
export class InstantLiquidation implements LiquidationMechanism {
  readonly name: string;
  readonly badDebtBearer;
  /** The market and account being evaluated, read by `grossProfit` (two fields rather than an object per account). */
  private candidateMarket!: CollateralMarket;
  private candidateAccount = -1;
  /**
   * Reused outcomes of `protocol.plan`: `bound` for the largest allowed liquidation, `trial` for each repay
   * `grossProfit` tries. Each is read only before the next plan into it and kept by no one, and the two never
   * alias, so the numbers are those fresh objects would hold.
   */
  private readonly bound: FixedBonusLiquidation = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };
  private readonly trial: FixedBonusLiquidation = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };

  constructor(
    private readonly protocol: LendingProtocol,
    rule: LiquidationRule,
  ) {
    this.name = rule.name;
    this.badDebtBearer = rule.badDebtBearer;
  }

  onBlock(): void {}

  collateralPending(): number {
    return 0;
  }

  debtPending(): number {
    return 0;
  }

  act(turn: KeeperTurn, market: CollateralMarket): void {
    // Mids only fall as this keeper sells, so the block's starting best mid bounds every sale below.
    let bestMid = 0;
    for (const venue of market.venues) bestMid = Math.max(bestMid, venue.mid());
    // Debt bought on a venue costs at least its mid per unit (fees and impact only add), so the cheapest mid bounds it.
    let debtUnitFloor = this.protocol.debtPrice;
    if (market.debtMarket) debtUnitFloor = Math.min(...market.debtMarket.venues.map((venue) => venue.mid()));
    for (const account of this.protocol.liquidatable) {
      if (turn.actionsLeft <= 0 || turn.capitalLeft <= 0) return;
      const spent = this.tryLiquidate(turn, market, account, bestMid, debtUnitFloor);
      if (spent > 0) {
        turn.capitalLeft -= spent;
        turn.actionsLeft -= 1;
      }
    }
  }

  /** Liquidates `account` if it pays; returns the USD of debt repaid (0 if skipped). */
  private tryLiquidate(turn: KeeperTurn, market: CollateralMarket, account: number, bestMid: number, debtUnitFloor: number): number {
    const { protocol } = this;
    const { book } = protocol;
    const { settings, gasUsd } = turn;
    if (!protocol.isLiquidatable(account)) return 0;
    if (protocol.block < book.unsafeSince[account] + settings.latencyBlocks) return 0;
    // The largest liquidation the rule and the keeper's capital allow; the protocol caps the repay.
    const bound = protocol.plan(account, turn.capitalLeft / protocol.debtPrice, this.bound);
    // Cheap bound first: no sale beats the best mid, so skip accounts that cannot pay for gas. This path,
    // taken every block by accounts that stay liquidatable but unprofitable, allocates nothing.
    if (bound.liquidatorReceives * bestMid - bound.debtRepaid * debtUnitFloor - gasUsd <= settings.minProfitUsd) return 0;
    this.candidateMarket = market;
    this.candidateAccount = account;
    const repay = maximiseConcave(this.grossProfit, bound.debtRepaid);
    if (!(repay > 0) || this.grossProfit(repay) - gasUsd <= settings.minProfitUsd) return 0;

    const generation = book.generation[account];
    const result = protocol.liquidate(account, repay);
    const sale = bestSaleVenue(market.venues, result.liquidatorReceives);
    const proceedsUsd = sale.venue.sell(result.liquidatorReceives);
    const costUsd = market.debtMarket ? this.buyDebt(market.debtMarket, result.debtRepaid) : result.debtRepaid * protocol.debtPrice;
    market.sales.record(generation, proceedsUsd, this.protocol.id);
    turn.record({
      collateral: result.liquidatorReceives,
      proceedsUsd,
      costUsd,
      oracleValueUsd: result.liquidatorReceives * protocol.price,
      gasUsd,
      liquidation: true,
    });
    return costUsd;
  }

  /** Sale proceeds − debt repaid for repaying `repay` on the current candidate, before gas. */
  private readonly grossProfit = (repay: number): number => {
    const plan = this.protocol.plan(this.candidateAccount, repay, this.trial);
    const { debtMarket } = this.candidateMarket;
    const cost = debtMarket ? cheapestDebt(debtMarket, plan.debtRepaid).quote : plan.debtRepaid * this.protocol.debtPrice;
    return bestSaleVenue(this.candidateMarket.venues, plan.liquidatorReceives).proceeds - cost;
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
