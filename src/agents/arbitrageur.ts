import type { Chain } from '../chain/chain.js';
import type { Venue } from '../market/venues/venue.js';
import { arbitrageProfitBound, bestArbitrage } from './arbitrage-math.js';

/** An arbitrageur's settings; see `arbitrageurs[]` in docs/scenario.md. */
export interface ArbitrageurSettings {
  id: string;
  /** USD it can deploy per block. */
  capitalUsd: number;
  gasUnits: number;
  priorityFeeGwei: number;
  minProfitUsd: number;
  /** 'pairs' (default) or 'split': see `arbitrageurs[].routing` in docs/scenario.md; the world builds the pairs
   * accordingly. */
  routing?: 'pairs' | 'split';
}

/** Two venues of the same asset that an arbitrageur keeps in line. */
export interface VenuePair {
  a: Venue;
  b: Venue;
}

/**
 * Trades each venue pair back toward one price at the top of every block: buys on the cheaper venue and
 * sells on the dearer one at the size that maximises profit, when that profit exceeds gas plus its
 * minimum (so the gap must exceed both venues' fees and gas). Both legs move their venue's price, so
 * selling in a pool spreads to the broad market.
 *
 * @example
 * const arbitrageur = new Arbitrageur(settings, chain, [{ a: cex, b: pool }]);
 * arbitrageur.act(); // step 3 of the block
 */
export class Arbitrageur {
  trades = 0;
  profitUsd = 0;
  gasUsd = 0;

  constructor(
    readonly settings: ArbitrageurSettings,
    private readonly chain: Chain,
    private readonly pairs: readonly VenuePair[],
  ) {}

  /**
   * Runs this block's arbitrage trades.
   *
   * Cheap exit: {@link arbitrageProfitBound} bounds, from the venues' marginal rates and curvatures, the profit
   * of every round trip the search could return (proof there). When that bound less gas is at most the minimum
   * profit, the search's plan could not pass the test below either: its profit is at most the bound, and
   * rounding a subtraction is monotone, so plan.profit − gas ≤ bound − gas ≤ minProfitUsd. The search reads
   * only quotes (no state), so skipping it changes nothing else. This is the common case in quiet blocks,
   * when the gap between the mids is too small, after fees and price impact, to pay for gas.
   */
  act(): void {
    const { settings, pairs } = this;
    let capitalLeft = settings.capitalUsd;
    for (let p = 0; p < pairs.length; p++) {
      if (capitalLeft <= 0) return;
      const { a, b } = pairs[p];
      const aIsCheap = a.mid() <= b.mid();
      const cheap = aIsCheap ? a : b;
      const rich = aIsCheap ? b : a;
      const gasUsd = this.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
      if (arbitrageProfitBound(cheap, rich, capitalLeft) - gasUsd <= settings.minProfitUsd) continue;
      const plan = bestArbitrage(cheap, rich, capitalLeft);
      if (plan.quoteIn <= 0 || plan.profit - gasUsd <= settings.minProfitUsd) continue;
      const bought = cheap.buy(plan.quoteIn);
      const received = rich.sell(bought);
      capitalLeft -= plan.quoteIn;
      this.trades += 1;
      this.gasUsd += gasUsd;
      this.profitUsd += received - plan.quoteIn - gasUsd;
    }
  }
}
