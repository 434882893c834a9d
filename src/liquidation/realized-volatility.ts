import { SECONDS_PER_YEAR } from '../market/price/time.js';

/**
 * Exponentially weighted realised volatility of a price observed once per block (RiskMetrics-style
 * EWMA of squared log returns), annualised. Starts at `initialAnnual`.
 *
 * @example
 * const vol = new RealizedVolatility(0.8, 300, 12);
 * vol.observe(2000); vol.observe(1990);
 * vol.annual();
 */
export class RealizedVolatility {
  private variancePerSecond: number;
  private last = Number.NaN;
  private readonly weight: number;

  constructor(
    initialAnnual: number,
    halfLifeBlocks: number,
    private readonly blockTimeSeconds: number,
  ) {
    this.variancePerSecond = (initialAnnual * initialAnnual) / SECONDS_PER_YEAR;
    // Weight of the newest squared return so that older ones halve every halfLifeBlocks.
    this.weight = 1 - Math.pow(2, -1 / halfLifeBlocks);
  }

  /** Adds one block's price. */
  observe(price: number): void {
    if (Number.isFinite(this.last)) {
      // An unchanged price is a zero return (ln 1 = 0 exactly), the usual case between oracle updates.
      const r = price === this.last ? 0 : Math.log(price / this.last);
      this.variancePerSecond += this.weight * ((r * r) / this.blockTimeSeconds - this.variancePerSecond);
    }
    this.last = price;
  }

  /** Current estimate, annualised (0.8 = 80%). */
  annual(): number {
    return Math.sqrt(this.variancePerSecond * SECONDS_PER_YEAR);
  }
}
