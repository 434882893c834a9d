import type { RandomStream } from '../../kernel/random.js';
import type { PerpBook } from './perp-book.js';

/** What the generator needs of `traders` in the scenario. */
export interface TraderPopulationSpec {
  count: number;
  notionalUsd: { median: number; sigma: number };
  leverage: { min: number; max: number };
  longShare: number;
  entrySpreadPct: number;
  addMargin?: { share: number; reserveShare: number };
}

/** What the generator needs of each market: its block-0 index price and the most leverage its initial margin allows. */
export interface PopulationMarket {
  indexPrice: number;
  /** Most leverage for a position of `sizeBase` units opened now (called once per position, in opening order). */
  maxLeverage(sizeBase: number): number;
  /** Maintenance margin (USD) of a position of this notional (USD). */
  maintenanceUsd(notionalUsd: number): number;
}

/** Smallest equity / maintenance a generated position starts with (its margin is raised to it if needed). */
export const MIN_START_MARGIN_RATIO = 1.05;

/** Accounts a population of `traders` needs: one per trader in cross mode, one per trader and market in isolated mode.
 * */
export function traderAccounts(traders: number, markets: number, mode: 'isolated' | 'cross'): number {
  return mode === 'isolated' ? traders * markets : traders;
}

/**
 * Draws `spec.count` traders, each with one position in every market, and books them in `book` (the maker account,
 * `maker`, takes the other side of every position at its entry price). Cross: trader t is account t, one collateral
 * for all its positions. Isolated: the same positions, trader t's position in market m being account t·markets + m
 * with its own margin, so both modes hold exactly the same positions. Per position: notional log-normal, leverage
 * uniform in [min, max] (capped by the market's initial margin for that size), long with probability longShare,
 * entry uniform within ± entrySpreadPct of the block-0 index; margin = entry notional / leverage, raised so that
 * equity at the index is at least {@link MIN_START_MARGIN_RATIO} × maintenance (positions opened earlier, not yet
 * liquidatable). A share of traders keeps a reserve (reserveShare × margin of each account) to add margin with.
 * Draws come from `rng` in trader, then market, order.
 *
 * @example generateTraders(book, spec, markets, 'cross', maker, rng);
 */
export function generateTraders(
  book: PerpBook,
  spec: TraderPopulationSpec,
  markets: readonly PopulationMarket[],
  mode: 'isolated' | 'cross',
  maker: number,
  rng: RandomStream,
): void {
  const logMedian = Math.log(spec.notionalUsd.median);
  const accountOf = (trader: number, m: number) => (mode === 'isolated' ? trader * markets.length + m : trader);
  for (let trader = 0; trader < spec.count; trader++) {
    for (let m = 0; m < markets.length; m++) {
      const market = markets[m];
      const notional = rng.lognormal(logMedian, spec.notionalUsd.sigma);
      const drawn = spec.leverage.min + (spec.leverage.max - spec.leverage.min) * rng.uniform();
      const side = rng.uniform() < spec.longShare ? 1 : -1;
      const entry = market.indexPrice * (1 + ((2 * rng.uniform() - 1) * spec.entrySpreadPct) / 100);
      const size = notional / entry;
      const leverage = Math.min(market.maxLeverage(size), drawn);
      const account = accountOf(trader, m);
      book.trade(account, maker, m, side * size, entry);
      // Equity at the index = margin + side·size·(index − entry); keep it ≥ 1.05 × maintenance at the index.
      const pnl = side * size * (market.indexPrice - entry);
      const needed = MIN_START_MARGIN_RATIO * market.maintenanceUsd(size * market.indexPrice) - pnl;
      book.collateral[account] += Math.max(notional / leverage, needed);
    }
    const keepsReserve = spec.addMargin !== undefined && rng.uniform() < spec.addMargin.share;
    if (!keepsReserve) continue;
    for (let m = 0; m < (mode === 'isolated' ? markets.length : 1); m++) {
      const account = accountOf(trader, m);
      book.reserve[account] = book.collateral[account] * (spec.addMargin?.reserveShare ?? 0);
    }
  }
}
