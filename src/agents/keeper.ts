import type { Chain } from '../chain/chain.js';
import type { Venue } from '../market/venues/venue.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { GenerationSales } from '../analysis/cascade-generations.js';
import { bestSaleVenue } from './best-sale.js';
import { maximiseConcave } from './maximise.js';

/** A keeper's settings; see `keepers[]` in docs/scenario.md. */
export interface KeeperSettings {
  id: string;
  /** USD of debt it can repay per block (inventory recycled by selling every block). */
  capitalUsd: number;
  gasUnits: number;
  latencyBlocks: number;
  minProfitUsd: number;
  priorityFeeGwei: number;
  maxLiquidationsPerBlock: number;
}

/** What a keeper needs to see of one protocol: the protocol, where its collateral trades, and the sale record. */
export interface KeeperMarket {
  protocol: LendingProtocol;
  venues: readonly Venue[];
  sales: GenerationSales;
}

/**
 * A liquidator. Each block it sends one transaction that walks the protocol's liquidatable accounts
 * (largest debt first) and liquidates each one it has waited `latencyBlocks` for, when
 * sale proceeds − debt repaid − gas > minProfitUsd, choosing the repay amount that maximises that profit;
 * it sells the seized collateral at once on the venue that pays the most. That sale is the feedback.
 *
 * @example
 * const keeper = new Keeper(settings, chain, [{ protocol, venues: [cex, pool], sales }]);
 * keeper.submit(); // runs when the chain executes the block's transactions
 */
export class Keeper {
  liquidations = 0;
  profitUsd = 0;
  gasUsd = 0;
  proceedsUsd = 0;
  /** Collateral received, valued at the oracle price, minus what its sale fetched. */
  slippageUsd = 0;
  /** Collateral units received from liquidations (all sold at once). */
  collateralReceived = 0;
  /** The account being evaluated, read by `grossProfit`. */
  private candidate!: { market: KeeperMarket; account: number };

  constructor(
    readonly settings: KeeperSettings,
    private readonly chain: Chain,
    private readonly markets: readonly KeeperMarket[],
  ) {}

  /** Sends this block's liquidation transaction. */
  submit(): void {
    this.chain.submit({ sender: this.settings.id, priorityFeeGwei: this.settings.priorityFeeGwei, execute: () => this.act() });
  }

  private act(): void {
    let capitalLeft = this.settings.capitalUsd;
    let done = 0;
    const gasUsd = this.chain.gasCostUsd(this.settings.gasUnits, this.settings.priorityFeeGwei);
    for (const market of this.markets) {
      if (!market.protocol.liquidationsAllowed()) continue;
      // Mids only fall as this keeper sells, so the block's starting best mid bounds every sale below.
      let bestMid = 0;
      for (const venue of market.venues) bestMid = Math.max(bestMid, venue.mid());
      for (const account of market.protocol.liquidatable) {
        if (done >= this.settings.maxLiquidationsPerBlock || capitalLeft <= 0) return;
        const spent = this.tryLiquidate(market, account, capitalLeft, gasUsd, bestMid);
        if (spent > 0) {
          capitalLeft -= spent;
          done += 1;
        }
      }
    }
  }

  /** Liquidates `account` if it pays; returns the USD of debt repaid (0 if skipped). */
  private tryLiquidate(market: KeeperMarket, account: number, capitalLeft: number, gasUsd: number, bestMid: number): number {
    const { protocol, venues } = market;
    const { book } = protocol;
    if (!protocol.isLiquidatable(account)) return 0;
    if (protocol.block < book.unsafeSince[account] + this.settings.latencyBlocks) return 0;
    this.candidate = { market, account };
    // The largest liquidation the rule and the keeper's capital allow; the protocol caps the repay.
    const bound = protocol.plan(account, capitalLeft / protocol.debtPrice);
    const maxRepay = bound.debtRepaid;
    // Cheap bound first: no sale beats the best mid, so skip accounts that cannot pay for gas.
    if (bound.liquidatorReceives * bestMid - bound.debtRepaid * protocol.debtPrice - gasUsd <= this.settings.minProfitUsd) return 0;
    const repay = maximiseConcave(this.grossProfit, maxRepay);
    if (!(repay > 0) || this.grossProfit(repay) - gasUsd <= this.settings.minProfitUsd) return 0;

    const generation = book.generation[account];
    const result = protocol.liquidate(account, repay);
    const sale = bestSaleVenue(venues, result.liquidatorReceives);
    const proceeds = sale.venue.sell(result.liquidatorReceives);
    const repaidUsd = result.debtRepaid * protocol.debtPrice;
    market.sales.record(generation, proceeds);
    this.liquidations += 1;
    this.collateralReceived += result.liquidatorReceives;
    this.gasUsd += gasUsd;
    this.proceedsUsd += proceeds;
    this.profitUsd += proceeds - repaidUsd - gasUsd;
    this.slippageUsd += result.liquidatorReceives * protocol.price - proceeds;
    return repaidUsd;
  }

  /** Sale proceeds − debt repaid for repaying `repay` on the current candidate, before gas. */
  private readonly grossProfit = (repay: number): number => {
    const { market, account } = this.candidate;
    const plan = market.protocol.plan(account, repay);
    return bestSaleVenue(market.venues, plan.liquidatorReceives).proceeds - plan.debtRepaid * market.protocol.debtPrice;
  };
}
