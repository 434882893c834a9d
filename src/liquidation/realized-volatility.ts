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
  /**
   * Unchanged prices (zero returns) observed but not yet folded into the variance. Each is folded in, in order, by the
   * same update as when observed (the same doubles), before the estimate is next read or a non-zero return is added:
   * none at all while nothing reads it, as between oracle updates.
   */
  private pendingZeroReturns = 0;

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
      if (price === this.last) this.pendingZeroReturns += 1;
      else {
        this.foldZeroReturns();
        this.add(Math.log(price / this.last));
      }
    }
    this.last = price;
  }

  /** Current estimate, annualised (0.8 = 80%). */
  annual(): number {
    this.foldZeroReturns();
    return Math.sqrt(this.variancePerSecond * SECONDS_PER_YEAR);
  }

  /** RiskMetrics EWMA step: σ² ← σ² + λ·(r²/Δt − σ²), per second. */
  private add(logReturn: number): void {
    this.variancePerSecond += this.weight * ((logReturn * logReturn) / this.blockTimeSeconds - this.variancePerSecond);
  }

  private foldZeroReturns(): void {
    for (; this.pendingZeroReturns > 0; this.pendingZeroReturns--) this.add(0);
  }
}
