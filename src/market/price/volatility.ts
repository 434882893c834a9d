/**
 * Time-varying volatility for the diffusive part of `gbm` and `jump-diffusion`: GARCH(1,1) on the block shocks, or a
 * two-state (calm / stressed) Markov chain. Variances are annualised (per year, like `volatilityAnnual`²); the model
 * steps once per block with dt > 0.
 */
import type { RandomStream } from '../../kernel/random.js';
import { requireInRange, requireNonNegative, requirePositive } from './params.js';

/** The variance a diffusive price process uses block by block. */
export interface VarianceSource {
  /** Annual variance σ²_t of the coming block's diffusive log-return (its variance is σ²_t·dt). */
  variance(): number;
  /**
   * Moves the model past the block just drawn.
   * @param z the standard normal the block's diffusive shock was drawn with (shock = σ_t·√dt·z)
   * @param dtYears the block's length in years
   */
  advance(z: number, dtYears: number): void;
}

/**
 * GARCH(1,1) settings with variance targeting: ω is set so that the unconditional annual variance is the asset's
 * `volatilityAnnual`².
 */
export interface GarchParams {
  model: 'garch';
  /** Weight α of the last block's squared shock (≥ 0). */
  alpha: number;
  /** Weight β of the last block's variance (≥ 0); α + β < 1. */
  beta: number;
  /** σ of the first block, per √year (default: the long-run volatilityAnnual). */
  initialVolatilityAnnual?: number;
}

/** Two-state Markov regime-switching settings: the asset's `volatilityAnnual` is the calm regime's σ. */
export interface RegimeParams {
  model: 'regime';
  /** σ per √year in the stressed regime. */
  stressedVolatilityAnnual: number;
  /** Mean length of a calm spell, days (the calm → stressed rate is 1/calmDays per day). */
  calmDays: number;
  /** Mean length of a stressed spell, days. */
  stressedDays: number;
  /** Whether block 1 is in the stressed regime (default calm). */
  startStressed?: boolean;
}

/** A volatility model of a diffusive price process. */
export type VolatilityParams = GarchParams | RegimeParams;

const DAYS_PER_YEAR = 365;

/**
 * GARCH(1,1) in annualised units (Bollerslev 1986, J. Econometrics 31, eq. 3): with ε_t = σ_t·√dt·z_t the block's
 * shock, σ²_{t+1} = ω + α·ε²_t/dt + β·σ²_t, so ε²/dt = σ²_t·z²_t is the shock's annualised square.
 * ω = σ²_LR·(1 − α − β) (variance targeting, Engle & Mezrich 1996), so E[σ²_t] = σ²_LR when α + β < 1. α and β act per
 * block: the persistence of a volatility shock is (α + β) per block, its half-life ln 0.5 / ln(α + β) blocks.
 *
 * @throws ScenarioError if α, β or a volatility is out of range, or α + β ≥ 1.
 * @example
 * const v = createGarch(0.8, { model: 'garch', alpha: 0.05, beta: 0.9 });
 * v.variance(); // 0.64 until the first shock
 */
export function createGarch(longRunVolatilityAnnual: number, params: GarchParams): VarianceSource {
  const longRun = requireNonNegative('garch', 'volatilityAnnual', longRunVolatilityAnnual) ** 2;
  const alpha = requireInRange('garch', 'alpha', params.alpha, 0, 1, true);
  const beta = requireInRange('garch', 'beta', params.beta, 0, 1, true);
  requireInRange('garch', 'alpha + beta', alpha + beta, 0, 1, true);
  const omega = longRun * (1 - alpha - beta);
  let h =
    requireNonNegative('garch', 'initialVolatilityAnnual', params.initialVolatilityAnnual ?? Math.sqrt(longRun)) ** 2;
  return {
    variance: () => h,
    advance(z: number): void {
      h = omega + alpha * h * z * z + beta * h;
    },
  };
}

/**
 * Two-state Markov-switching volatility (Hamilton 1989, Econometrica 57), in continuous time: the regime leaves calm at
 * rate 1/calmDays and stressed at rate 1/stressedDays, so a block of dt leaves its regime with probability
 * 1 − e^{−rate·dt} (exact for the chain). The long-run share of time stressed is stressedDays / (calmDays +
 * stressedDays). Switches are drawn from `rng`, one uniform per block, never from the price's own stream.
 *
 * @throws ScenarioError if a volatility or duration is out of range.
 * @example
 * const v = createRegime(0.5, { model: 'regime', stressedVolatilityAnnual: 1.5, calmDays: 30, stressedDays: 3 }, rng);
 */
export function createRegime(
  calmVolatilityAnnual: number,
  params: RegimeParams,
  rng: Pick<RandomStream, 'uniform'>,
): VarianceSource {
  const calm = requireNonNegative('regime', 'volatilityAnnual', calmVolatilityAnnual) ** 2;
  const stressed = requireNonNegative('regime', 'stressedVolatilityAnnual', params.stressedVolatilityAnnual) ** 2;
  const calmRate = DAYS_PER_YEAR / requirePositive('regime', 'calmDays', params.calmDays);
  const stressedRate = DAYS_PER_YEAR / requirePositive('regime', 'stressedDays', params.stressedDays);
  let inStress = params.startStressed === true;
  return {
    variance: () => (inStress ? stressed : calm),
    advance(_z: number, dtYears: number): void {
      // P(leave the regime within dt) = 1 − e^{−rate·dt} for an exponential holding time
      const leave = -Math.expm1(-(inStress ? stressedRate : calmRate) * dtYears);
      if (rng.uniform() < leave) inStress = !inStress;
    },
  };
}

/**
 * The {@link VarianceSource} for `params` around the asset's `volatilityAnnual`.
 *
 * @example createVolatility(0.8, { model: 'garch', alpha: 0.05, beta: 0.9 }, rng);
 */
export function createVolatility(
  volatilityAnnual: number,
  params: VolatilityParams,
  rng: Pick<RandomStream, 'uniform'>,
): VarianceSource {
  return params.model === 'garch' ? createGarch(volatilityAnnual, params) : createRegime(volatilityAnnual, params, rng);
}
