import { InvariantError } from '../../kernel/errors.js';
import type { RandomStream } from '../../kernel/random.js';
import { requireFinite, requireNonNegative, requirePositive } from './params.js';
import type { PriceProcess } from './process.js';
import { SECONDS_PER_YEAR } from './time.js';
import type { VarianceSource } from './volatility.js';

/** Parameters of {@link createGbm}; rates are annualised ({@link SECONDS_PER_YEAR}). */
export interface GbmParams {
  /** Price at time 0, USD per unit (> 0). */
  initial: number;
  /** Drift μ per year: E[S_t] = S_0·e^{μt}. */
  driftAnnual: number;
  /** Volatility σ per √year (≥ 0). */
  volatilityAnnual: number;
}

/**
 * Geometric Brownian motion dS = μS dt + σS dW, advanced with the exact log-normal step
 * (no discretisation bias for any block length). Draws one normal per block with dt > 0, from the asset's own
 * stream or from a correlated group (`CorrelatedNormals`); a block with dt = 0 leaves the price unchanged and
 * draws nothing. With a `volatility` model (GARCH or regime switching, volatility.ts) σ² is the model's variance for
 * the block instead of the constant σ², and the step stays exact given it.
 *
 * @throws ScenarioError if a parameter is out of range.
 * @example
 * const eth = createGbm({ initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 }, new RandomStream(1, 'price:ETH'));
 * const p1 = eth.next(12, 12); // price at the end of the first 12 s block
 */
export function createGbm(
  params: GbmParams,
  rng: Pick<RandomStream, 'normal'>,
  volatility?: VarianceSource,
): PriceProcess {
  const initial = requirePositive('gbm', 'initial', params.initial);
  const mu = requireFinite('gbm', 'driftAnnual', params.driftAnnual);
  const sigma = requireNonNegative('gbm', 'volatilityAnnual', params.volatilityAnnual);
  let logPrice = Math.log(initial);
  let price = initial;
  return {
    initial,
    next(_timeSeconds: number, dtSeconds: number): number {
      if (!(dtSeconds >= 0)) throw new InvariantError(`gbm: block length must be ≥ 0 s, got ${dtSeconds}`);
      if (dtSeconds === 0) return price;
      const dt = dtSeconds / SECONDS_PER_YEAR;
      if (volatility === undefined) {
        // exact GBM step: log-return ~ N((μ − σ²/2)dt, σ²dt)
        logPrice += (mu - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * rng.normal();
      } else {
        // the same step with this block's variance h: N((μ − h/2)dt, h·dt)
        const h = volatility.variance();
        const z = rng.normal();
        logPrice += (mu - 0.5 * h) * dt + Math.sqrt(h * dt) * z;
        volatility.advance(z, dt);
      }
      price = Math.exp(logPrice);
      return price;
    },
  };
}
