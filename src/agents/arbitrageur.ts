import type { Chain } from '../chain/chain.js';
import type { Venue } from '../market/venues/venue.js';
import { bestArbitrage } from './arbitrage-math.js';

/** An arbitrageur's settings; see `arbitrageurs[]` in docs/scenario.md. */
export interface ArbitrageurSettings {
  id: string;
  /** USD it can deploy per block. */
  capitalUsd: number;
  gasUnits: number;
  priorityFeeGwei: number;
  minProfitUsd: number;
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

  /** Runs this block's arbitrage trades. */
  act(): void {
    let capitalLeft = this.settings.capitalUsd;
    for (const { a, b } of this.pairs) {
      if (capitalLeft <= 0) return;
      const [cheap, rich] = a.mid() <= b.mid() ? [a, b] : [b, a];
      const plan = bestArbitrage(cheap, rich, capitalLeft);
      const gasUsd = this.chain.gasCostUsd(this.settings.gasUnits, this.settings.priorityFeeGwei);
      if (plan.quoteIn <= 0 || plan.profit - gasUsd <= this.settings.minProfitUsd) continue;
      const bought = cheap.buy(plan.quoteIn);
      const received = rich.sell(bought);
      capitalLeft -= plan.quoteIn;
      this.trades += 1;
      this.gasUsd += gasUsd;
      this.profitUsd += received - plan.quoteIn - gasUsd;
    }
  }
}
