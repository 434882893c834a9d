import { InvariantError } from '../../kernel/errors.js';
import type { RandomStream } from '../../kernel/random.js';
import { requireFinite, requireNonNegative, requirePositive } from './params.js';
import type { PriceProcess } from './process.js';
import { SECONDS_PER_YEAR } from './time.js';
import type { NormalSource } from './correlated-normals.js';
import type { VarianceSource } from './volatility.js';

/** Parameters of {@link createJumpDiffusion}; rates are annualised ({@link SECONDS_PER_YEAR}). */
export interface JumpDiffusionParams {
  /** Price at time 0, USD per unit (> 0). */
  initial: number;
  /** Total drift μ per year, jumps included: E[S_t] = S_0·e^{μt}. */
  driftAnnual: number;
  /** Diffusive volatility σ per √year (≥ 0). */
  volatilityAnnual: number;
  /** Jump intensity λ: expected number of jumps per year (≥ 0). */
  jumpsPerYear: number;
  /** Mean m of the log of one jump factor (e.g. −0.1 for typical ~10% crashes). */
  jumpMean: number;
  /** Standard deviation s of the log of one jump factor (≥ 0). */
  jumpStd: number;
}

/**
 * Merton jump-diffusion: GBM times a compound-Poisson product of log-normal jump factors,
 * with the drift compensated so that E[S_t] = S_0·e^{μt}. Each block is simulated exactly:
 * the number of jumps is Poisson(λ·dt) and their summed log size is N(n·m, n·s²).
 * With `jumpsPerYear = 0` the path is draw-for-draw identical to {@link createGbm} on the same stream.
 * The diffusive normal comes from `diffusion` (by default `rng`; a correlation group's source when the asset is
 * correlated), the jump count and sizes always from `rng`, so jumps stay idiosyncratic. With a `volatility` model σ² is
 * the model's variance for the block.
 *
 * @throws ScenarioError if a parameter is out of range.
 * @example
 * const btc = createJumpDiffusion(
 *   { initial: 60000, driftAnnual: 0, volatilityAnnual: 0.6, jumpsPerYear: 4, jumpMean: -0.08, jumpStd: 0.05 },
 *   new RandomStream(7, 'price:BTC'),
 * );
 * const p1 = btc.next(12, 12);
 */
export function createJumpDiffusion(
  params: JumpDiffusionParams,
  rng: Pick<RandomStream, 'normal' | 'poisson'>,
  diffusion: NormalSource = rng,
  volatility?: VarianceSource,
): PriceProcess {
  const name = 'jump-diffusion';
  const initial = requirePositive(name, 'initial', params.initial);
  const mu = requireFinite(name, 'driftAnnual', params.driftAnnual);
  const sigma = requireNonNegative(name, 'volatilityAnnual', params.volatilityAnnual);
  const lambda = requireNonNegative(name, 'jumpsPerYear', params.jumpsPerYear);
  const jumpMean = requireFinite(name, 'jumpMean', params.jumpMean);
  const jumpStd = requireNonNegative(name, 'jumpStd', params.jumpStd);
  // Merton compensator: k = E[jump factor] − 1 = e^{m + s²/2} − 1
  const k = Math.expm1(jumpMean + 0.5 * jumpStd * jumpStd);
  // compensated log drift: μ − σ²/2 − λk, so that E[S_t] = S_0·e^{μt}
  const logDrift = mu - 0.5 * sigma * sigma - lambda * k;
  let logPrice = Math.log(initial);
  let price = initial;
  return {
    initial,
    next(_timeSeconds: number, dtSeconds: number): number {
      if (!(dtSeconds >= 0)) throw new InvariantError(`${name}: block length must be ≥ 0 s, got ${dtSeconds}`);
      if (dtSeconds === 0) return price;
      const dt = dtSeconds / SECONDS_PER_YEAR;
      let logReturn: number;
      if (volatility === undefined) {
        // exact diffusive step: N((μ − σ²/2 − λk)dt, σ²dt)
        logReturn = logDrift * dt + sigma * Math.sqrt(dt) * diffusion.normal();
      } else {
        // the same with this block's variance h: N((μ − h/2 − λk)dt, h·dt)
        const h = volatility.variance();
        const z = diffusion.normal();
        logReturn = (mu - 0.5 * h - lambda * k) * dt + Math.sqrt(h * dt) * z;
        volatility.advance(z, dt);
      }
      // number of jumps in the block ~ Poisson(λ·dt)
      const jumps = rng.poisson(lambda * dt);
      if (jumps > 0) {
        // sum of n i.i.d. N(m, s²) log-jumps ~ N(n·m, n·s²)
        logReturn += jumps * jumpMean + jumpStd * Math.sqrt(jumps) * rng.normal();
      }
      logPrice += logReturn;
      price = Math.exp(logPrice);
      return price;
    },
  };
}
