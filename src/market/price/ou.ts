import { InvariantError } from '../../kernel/errors.js';
import { requireNonNegative, requirePositive } from './params.js';
import { PRICE_RANGE_FACTOR } from './bounded.js';
import type { NormalSource } from './correlated-normals.js';
import type { PriceProcess } from './process.js';
import { SECONDS_PER_YEAR } from './time.js';

/**
 * An Ornstein–Uhlenbeck state dX = θ(μ − X)dt + σ dW, stepped exactly: X_{t+dt} = μ + (X_t − μ)e^{−θdt} +
 * σ·√((1 − e^{−2θdt}) / (2θ))·Z (Uhlenbeck & Ornstein 1930; the exact transition in Gillespie 1996, Phys. Rev. E 54).
 * Rates are annualised.
 *
 * @example
 * const x = new OuState(0, 0, 52, 0.2); // reverts to 0 with θ = 52/yr (half-life ≈ 4.9 days), σ = 0.2/√yr
 * x.step(12 / SECONDS_PER_YEAR, rng.normal());
 */
export class OuState {
  /**
   * @param value X at time 0
   * @param mean μ, the level X reverts to
   * @param reversionPerYear θ > 0, mean-reversion speed per year (half-life ln 2 / θ years)
   * @param volatilityAnnual σ ≥ 0, per √year in X's units
   */
  constructor(
    public value: number,
    readonly mean: number,
    readonly reversionPerYear: number,
    readonly volatilityAnnual: number,
  ) {}

  /** Advances X by `dtYears` with the standard normal `z` and returns it. */
  step(dtYears: number, z: number): number {
    const theta = this.reversionPerYear;
    const decay = Math.exp(-theta * dtYears);
    // conditional variance σ²(1 − e^{−2θdt})/(2θ), written with expm1 so small θ·dt keeps its precision
    const sd = this.volatilityAnnual * Math.sqrt(-Math.expm1(-2 * theta * dtYears) / (2 * theta));
    this.value = this.mean + (this.value - this.mean) * decay + sd * z;
    return this.value;
  }
}

/** Parameters of {@link createOu}; rates are annualised ({@link SECONDS_PER_YEAR}). */
export interface OuParams {
  /** Price at time 0, USD per unit (> 0). */
  initial: number;
  /** Level the price reverts to, USD per unit (> 0); in `log` space, the level log price reverts to is ln(mean). */
  mean: number;
  /** Mean-reversion speed θ per year (> 0); the half-life of a deviation is ln 2 / θ years. */
  reversionPerYear: number;
  /** σ per √year: in USD per unit in `price` space, of log price in `log` space. */
  volatilityAnnual: number;
  /** `log`: log price is OU (the price stays positive); `price`: the price itself is OU (it can reach 0). */
  space: 'log' | 'price';
}

/**
 * A mean-reverting price: X = log price (`log` space) or price (`price` space) follows {@link OuState}, one normal per
 * block with dt > 0. In `log` space the stationary law of log price is N(ln mean, σ²/(2θ)), so `mean` is the stationary
 * median. In `price` space the stationary law is N(mean, σ²/(2θ)); while the state is at or below
 * initial / {@link PRICE_RANGE_FACTOR} the price is held there (the state itself moves on).
 *
 * @throws ScenarioError if a parameter is out of range.
 * @example
 * const basis = createOu({ initial: 1, mean: 1, reversionPerYear: 365, volatilityAnnual: 0.05, space: 'log' }, rng);
 * basis.next(12, 12);
 */
export function createOu(params: OuParams, rng: NormalSource): PriceProcess {
  const initial = requirePositive('ou', 'initial', params.initial);
  const mean = requirePositive('ou', 'mean', params.mean);
  const theta = requirePositive('ou', 'reversionPerYear', params.reversionPerYear);
  const sigma = requireNonNegative('ou', 'volatilityAnnual', params.volatilityAnnual);
  const log = params.space === 'log';
  const state = log
    ? new OuState(Math.log(initial), Math.log(mean), theta, sigma)
    : new OuState(initial, mean, theta, sigma);
  const floor = initial / PRICE_RANGE_FACTOR;
  let price = initial;
  return {
    initial,
    next(_timeSeconds: number, dtSeconds: number): number {
      if (!(dtSeconds >= 0)) throw new InvariantError(`ou: block length must be ≥ 0 s, got ${dtSeconds}`);
      if (dtSeconds === 0) return price;
      const x = state.step(dtSeconds / SECONDS_PER_YEAR, rng.normal());
      price = log ? Math.exp(x) : Math.max(x, floor);
      return price;
    },
  };
}

/**
 * θ per year from a scenario's `reversionPerYear` or `halfLifeDays` (exactly one is set): θ = ln 2 / half-life.
 *
 * @example reversionPerYear({ halfLifeDays: 365 * Math.LN2 }); // 1
 */
export function reversionPerYear(spec: { reversionPerYear?: number; halfLifeDays?: number }): number {
  if (spec.reversionPerYear !== undefined) return requirePositive('ou', 'reversionPerYear', spec.reversionPerYear);
  const halfLifeYears = requirePositive('ou', 'halfLifeDays', spec.halfLifeDays ?? Number.NaN) / 365;
  return Math.LN2 / halfLifeYears;
}
