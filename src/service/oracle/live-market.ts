// What the risk oracle observes of the live market per lending protocol: price, venue depth, realised volatility
// and utilisation, as the closed loop's triggers take them (src/liquidation/risk-oracle/triggers.ts).
import { SECONDS_PER_YEAR } from '../../market/price/time.js';
import type { OracleObservation } from '../../liquidation/risk-oracle/triggers.js';
import type { LiveBookView } from './live-state.js';

/**
 * Depth of the venues trading `asset`, USD per 1% move: an offchain venue's depthUsdPer1Pct, plus a constant-product
 * pool's liquidity/400 (selling Δx into reserves x moves the price by ≈ 2Δx/x, so 1% takes 0.5% of the half
 * held in the asset). Other venue kinds are not counted.
 *
 * @example depthUsdPer1Pct(book, 'ETH'); // 2e6 + 4e6/400 = 2,010,000 on thin-pool-shock
 */
export function depthUsdPer1Pct(book: LiveBookView, asset: string): number {
  let depth = 0;
  for (const venue of book.scenario.venues) {
    if (!('base' in venue) || venue.base !== asset) continue;
    const live = book.depth(venue.id);
    if (venue.type === 'offchain') depth += live.depthUsdPer1Pct ?? venue.depthUsdPer1Pct ?? 0;
    if (venue.type === 'cpamm') depth += (live.liquidityUsd ?? venue.liquidityUsd) / 400;
  }
  return depth;
}

/**
 * Realised volatility of one live price from its samples: an exponentially weighted mean of squared log returns per
 * second (RiskMetrics EWMA, weight 1 − λ on the newest), annualised.
 *
 * @example const v = new VolatilityTracker(); v.observe(0, 100); v.observe(60, 101); v.annual();
 */
export class VolatilityTracker {
  private last: { seconds: number; price: number } | null = null;
  private variancePerSecond: number | null = null;

  /** `lambda`: weight kept by the previous estimate at each sample (RiskMetrics uses 0.94). */
  constructor(private readonly lambda = 0.94) {}

  /** Adds a price sample at `seconds`; samples at the same or an earlier time are ignored. */
  observe(seconds: number, price: number): void {
    if (!(price > 0) || !Number.isFinite(price)) return;
    if (this.last && seconds > this.last.seconds) {
      const r = Math.log(price / this.last.price);
      const sample = (r * r) / (seconds - this.last.seconds);
      this.variancePerSecond =
        this.variancePerSecond === null ? sample : this.lambda * this.variancePerSecond + (1 - this.lambda) * sample;
    }
    if (!this.last || seconds > this.last.seconds) this.last = { seconds, price };
  }

  /** Annualised volatility; 0 before two samples. */
  annual(): number {
    return this.variancePerSecond === null ? 0 : Math.sqrt(this.variancePerSecond * SECONDS_PER_YEAR);
  }
}

/**
 * The trigger observation of each lending protocol of the live book: collateral price, depth of its venues,
 * realised volatility (from `volatility`, by asset) and utilisation Σdebt / Σ(collateral·price·threshold).
 *
 * @example observeMarket(book, new Map()).get('lend')?.utilisation;
 */
export function observeMarket(
  book: LiveBookView,
  volatility: ReadonlyMap<string, VolatilityTracker>,
): Map<string, OracleObservation> {
  const out = new Map<string, OracleObservation>();
  for (const p of book.summary().protocols) {
    const power = p.collateralUsd * p.liquidationThreshold;
    out.set(p.id, {
      price: p.price,
      depthUsd: depthUsdPer1Pct(book, p.collateral),
      volatilityAnnual: volatility.get(p.collateral)?.annual() ?? 0,
      utilisation: power > 0 ? p.debtUsd / power : p.debtUsd > 0 ? Number.MAX_VALUE : 0,
    });
  }
  return out;
}
