import type { PerpExchange } from './perp-exchange.js';
import { rankAdl, allocateAdl, type AdlCandidate } from '../../liquidation/adl.js';
import { quoteForExactBase } from '../../market/venues/buy-exact.js';

/** A liquidation order is sent to the venue in this many equal slices; each fills at its own average price. */
const SLICES = 20;
/** A liquidation order never fills further than this fraction from the mark (an empty book is not swept to any price).
 * */
const WORST_FILL_FROM_MARK = 0.5;
/** Positions below this many base units count as closed (float residue of repeated partial closes). */
const DUST = 1e-12;

/**
 * The liquidation engine of a perpetual exchange ({@link PerpExchange}), run on every trader under maintenance:
 * 1. Backstop: an account whose equity is below `backstop.belowMaintenanceFraction` of maintenance is taken over
 *    whole by the backstop vault at the mark (positions and remaining equity, even negative: Hyperliquid's HLP).
 * 2. Otherwise each position (largest notional first) is closed by a fraction f: 1 in `full` mode or when equity ≤ 0;
 *    in `partial` mode f = 1 − equity / (maintenance · (1 + buffer)), which restores equity ≥ maintenance · (1 +
 * buffer)
 *    if the fills are at the mark (maintenance falls with the notional closed). The order walks the venue in slices,
 *    no worse than the position's bankruptcy price by `fillBoundPct` while the insurance fund has money, and no
 *    worse than the bankruptcy price itself once it is empty; its bankruptcy price is mark − side · e / |size|, with
 *    e the account's equity shared across its positions by notional (for an isolated position: entry − side ·
 *    margin / size).
 * 3. What the venue does not fill within the bound fills on the venue further down (never beyond 50% from the
 *    mark; what is left then stays open until a later block), the insurance fund paying the loss beyond
 *    bankruptcy; but with `lossMode: adl`, when that loss (quoted now) exceeds the fund's balance, it is
 *    closed at the bankruptcy price against opposite-side profitable positions in ADL order instead (every holder:
 *    traders, the market makers and the backstop vault).
 * 4. Fee: `liquidationFeeFraction` of the notional closed, to the insurance fund, out of positive equity only.
 * 5. Waterfall: an account left with no position and negative equity is made whole by the insurance fund, then by
 *    every profitable account (traders, makers, vault) pro rata to its PnL not yet charged (socialised loss; each
 *    profit is charged at most once); what nobody can absorb is uncovered.
 *
 * @example new PerpLiquidator(perp).liquidateAccount(17, 900, 1500);
 */
export class PerpLiquidator {
  /** Generation of the account being liquidated, stamped on its sales for contagion attribution. */
  private generation = 0;
  /** Notional closed (at the mark) by the current account's liquidation, USD. */
  private closedUsd = 0;

  constructor(private readonly perp: PerpExchange) {}

  /**
   * Liquidates `account`, whose `equity` is under `maintenance` (both USD at the mark). Counts as a liquidation only
   * if something was closed or taken over (an order that finds no fill within its bounds is retried next block).
   */
  liquidateAccount(account: number, equity: number, maintenance: number): void {
    const { perp } = this;
    const { spec } = perp;
    const backstop = spec.liquidation.backstop;
    const { generation, market } = perp.generationOf(account, equity, maintenance);
    this.generation = generation;
    this.closedUsd = 0;
    if (backstop && equity < backstop.belowMaintenanceFraction * maintenance) this.takeOver(account, equity);
    else if (!(this.close(account, equity, maintenance) > 0)) return;
    this.count(account);
    perp.causes.record(generation, this.closedUsd, market?.sales);
  }

  /** Books one liquidation of `account`, of the notional closed, by the account's generation. */
  private count(account: number): void {
    const { ledger, book } = this.perp;
    ledger.countByGeneration(this.generation, this.closedUsd);
    if (book.everLiquidated[account] === 0) {
      book.everLiquidated[account] = 1;
      ledger.accountsLiquidated += 1;
    }
  }

  /** Steps 2–5 for one account; returns the units closed over all its positions. */
  private close(account: number, equity: number, maintenance: number): number {
    const { perp } = this;
    const { ledger, book, spec } = perp;
    const full = spec.liquidation.mode === 'full' || equity <= 0;
    const fraction = full ? 1 : Math.min(1, Math.max(0, 1 - equity / (maintenance * (1 + spec.liquidation.buffer))));
    const order = perp.markets
      .map((market) => ({ market, size: book.size[book.at(account, market.position)] }))
      .filter((p) => p.size !== 0)
      .sort(
        (x, y) =>
          Math.abs(y.size) * y.market.mark - Math.abs(x.size) * x.market.mark || x.market.position - y.market.position,
      );
    const totalNotional = order.reduce((sum, p) => sum + Math.abs(p.size) * p.market.mark, 0);
    let feeUsd = 0;
    let closedUnits = 0;
    for (const { market, size } of order) {
      const side = Math.sign(size);
      const close = Math.abs(size) * (full ? 1 : fraction);
      // Bankruptcy price of this position: where its share of the account's equity is gone.
      const share = totalNotional > 0 ? (equity * Math.abs(size) * market.mark) / totalNotional : 0;
      const bankruptcy = Math.max(0, market.mark - (side * share) / Math.abs(size));
      const bound = perp.fund.balanceUsd() > 0 ? spec.liquidation.fillBoundPct / 100 : 0;
      const limit = side > 0 ? bankruptcy * (1 - bound) : bankruptcy * (1 + bound);
      let filled = this.fillOnVenue(account, market.position, close, side, limit);
      // ADL only when the fund cannot pay what filling the rest on the venue would lose beyond bankruptcy.
      const rest = close - filled;
      if (
        rest > DUST * Math.max(1, close) &&
        spec.lossMode === 'adl' &&
        this.deficitOfFilling(market.position, rest, side, bankruptcy) > perp.fund.balanceUsd()
      ) {
        // The fund cannot pay this loss: that is what hands it to ADL.
        perp.fund.noteShortfall();
        filled += this.deleverage(account, market.position, rest, side, bankruptcy);
      }
      // Otherwise (the fund covers it, socialisation, or ADL without enough counterparties) the rest fills at the
      // venue's prices, but never further than WORST_FILL_FROM_MARK from the mark: what that leaves stays open.
      const worst = side > 0 ? market.mark * (1 - WORST_FILL_FROM_MARK) : market.mark * (1 + WORST_FILL_FROM_MARK);
      if (close - filled > DUST * Math.max(1, close))
        filled += this.fillOnVenue(account, market.position, close - filled, side, worst);
      this.sweepDust(account, market.position);
      if (filled > 0) ledger.closed(market.position, side, filled * market.mark);
      this.closedUsd += filled * market.mark;
      closedUnits += filled;
      feeUsd += market.spec.liquidationFeeFraction * filled * market.mark;
    }
    this.chargeFee(account, feeUsd);
    if (!perp.hasPosition(account)) this.coverDeficit(account);
    return closedUnits;
  }

  /**
   * Sells (side +1) or buys back (side −1) up to `size` units of `account`'s position in market `m` on the market's
   * venue in {@link SLICES} slices, stopping at the first slice whose average price is worse than `limit`; each
   * fill is booked against the maker account. Returns the units filled.
   */
  private fillOnVenue(account: number, m: number, size: number, side: number, limit: number): number {
    const { perp } = this;
    const venue = perp.markets[m].venue;
    const slice = size / SLICES;
    let filled = 0;
    for (let k = 0; k < SLICES && slice > 0; k++) {
      if (side > 0) {
        const quote = venue.quoteSell(slice);
        if (!(quote / slice >= limit)) break;
        const preTradeValue = slice * venue.mid();
        const proceeds = venue.sell(slice);
        perp.ledger.slippageUsd += preTradeValue - proceeds;
        perp.markets[m].sales?.record(this.generation, proceeds, perp.id);
        perp.book.trade(account, perp.maker, m, -slice, proceeds / slice);
      } else {
        const cost = quoteForExactBase(venue, slice);
        if (!(cost / slice <= limit)) break;
        const mid = venue.mid();
        const got = venue.buy(cost);
        perp.ledger.slippageUsd += cost - got * mid;
        perp.book.trade(account, perp.maker, m, got, cost / got);
      }
      filled += slice;
    }
    return filled;
  }

  /** USD by which closing `size` units on the venue now would fall short of closing them at `bankruptcy` (0 if none).
   * */
  private deficitOfFilling(m: number, size: number, side: number, bankruptcy: number): number {
    const venue = this.perp.markets[m].venue;
    const shortfall =
      side > 0 ? bankruptcy * size - venue.quoteSell(size) : quoteForExactBase(venue, size) - bankruptcy * size;
    return Math.max(0, shortfall);
  }

  /** Closes `size` units of the position against ADL counterparties at `price`; returns the units closed. */
  private deleverage(account: number, m: number, size: number, side: number, price: number): number {
    const { perp } = this;
    const { book, ledger } = perp;
    const mark = perp.markets[m].mark;
    const candidates: AdlCandidate[] = [];
    for (let a = 0; a < perp.book.count; a++) {
      const k = book.at(a, m);
      const theirs = book.size[k];
      if (a === account || theirs === 0 || Math.sign(theirs) === side) continue;
      const pnl = book.quoteFlow[k] + theirs * mark;
      if (!(pnl > 0)) continue;
      candidates.push({
        account: a,
        size: Math.abs(theirs),
        unrealizedPnlUsd: pnl,
        entryNotionalUsd: Math.abs(book.quoteFlow[k]),
        notionalUsd: Math.abs(theirs) * mark,
        equityUsd: perp.equity(a),
      });
    }
    let closed = 0;
    for (const { account: counterparty, size: take } of allocateAdl(size, rankAdl(candidates, perp.spec.adlRanking))) {
      // The bankrupt position closes −side·take at its bankruptcy price; the counterparty's opposite position shrinks
      // by as much.
      book.trade(account, counterparty, m, -side * take, price);
      ledger.adlEvents.push({
        block: perp.block,
        market: perp.markets[m].id,
        account,
        counterparty,
        size: take,
        price,
      });
      ledger.adlNotionalUsd += take * price;
      ledger.blockAdlUsd += take * price;
      closed += take;
    }
    return closed;
  }

  /** The backstop vault takes every position at the mark, and the account's equity with it (a deficit included). */
  private takeOver(account: number, equity: number): void {
    const { perp } = this;
    const { book, ledger } = perp;
    for (const market of perp.markets) {
      const size = book.size[book.at(account, market.position)];
      if (size === 0) continue;
      book.trade(account, perp.vault, market.position, -size, market.mark);
      ledger.closed(market.position, Math.sign(size), Math.abs(size) * market.mark);
      this.closedUsd += Math.abs(size) * market.mark;
      ledger.takeoverNotionalUsd += Math.abs(size) * market.mark;
    }
    // What is left of the account (its equity at the mark, positive or negative) goes to the vault.
    book.transfer(account, perp.vault, equity);
    ledger.takeovers += 1;
  }

  /** Liquidation fee (`liquidationFeeFraction` of the notional closed per market) to the insurance fund, out of
   * positive equity only. */
  private chargeFee(account: number, feeUsd: number): void {
    const { perp } = this;
    const fee = Math.min(Math.max(0, perp.equity(account)), feeUsd);
    if (!(fee > 0)) return;
    perp.book.collateral[account] -= fee;
    perp.fund.deposit(fee);
    perp.ledger.feesUsd += fee;
  }

  /** Waterfall for a closed account with negative equity: insurance fund, then profitable traders pro rata to PnL. */
  private coverDeficit(account: number): void {
    const { perp } = this;
    const { book, ledger } = perp;
    const deficit = -perp.equity(account);
    if (!(deficit > 0)) return;
    ledger.deficitUsd += deficit;
    const { covered } = perp.fund.coverBadDebt(deficit);
    book.collateral[account] += covered;
    ledger.fundPaidUsd += covered;
    let rest = deficit - covered;
    if (!(rest > 0)) return;
    const gains: { account: number; pnl: number }[] = [];
    let total = 0;
    for (let a = 0; a < perp.book.count; a++) {
      if (a === account) continue;
      // Profit not yet charged: PnL (realised and unrealised) less what earlier socialisations took.
      let pnl = -book.socialised[a];
      for (const market of perp.markets) {
        const k = book.at(a, market.position);
        pnl += book.quoteFlow[k] + book.size[k] * market.mark;
      }
      if (pnl > 0) {
        gains.push({ account: a, pnl });
        total += pnl;
      }
    }
    if (total > 0) {
      const charged = Math.min(rest, total);
      for (const g of gains) {
        const share = (charged * g.pnl) / total;
        book.transfer(g.account, account, share);
        book.socialised[g.account] += share;
      }
      ledger.socialisedLossUsd += charged;
      rest -= charged;
    }
    if (rest > 0) ledger.uncoveredDeficitUsd += rest;
  }

  /** Zeroes a position left with float residue after slices (booked against the maker at the mark). */
  private sweepDust(account: number, m: number): void {
    const { perp } = this;
    const size = perp.book.size[perp.book.at(account, m)];
    if (
      size !== 0 &&
      Math.abs(size) <
        DUST * Math.max(1, Math.abs(perp.book.quoteFlow[perp.book.at(account, m)]) / perp.markets[m].mark)
    ) {
      perp.book.trade(account, perp.maker, m, -size, perp.markets[m].mark);
    }
  }
}
