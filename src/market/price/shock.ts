import { InvariantError, ScenarioError } from '../../kernel/errors.js';
import type { RandomStream } from '../../kernel/random.js';
import { requireInRange, requireNonNegative, requirePositive } from './params.js';
import type { PriceProcess } from './process.js';
import { SECONDS_PER_MINUTE, SECONDS_PER_YEAR } from './time.js';

/** Parameters of {@link createShock}; times are minutes since the start of the run. */
export interface ShockParams {
  /** Price before the shock, USD per unit (> 0). */
  initial: number;
  /** Minute at which the drop starts (≥ 0). */
  startMinute: number;
  /** Size of the drop in percent of `initial` (0 ≤ dropPct < 100); the median drop when `dropSigma` > 0. */
  dropPct: number;
  /** σ of the log of the drop size: the drop is drawn as dropPct·e^(σZ) once per path (default 0: always dropPct). */
  dropSigma?: number;
  /** Truncation of the random drop, %: draws above it are drawn again (default 99.99; needs dropPct < dropMaxPct when
   * dropSigma > 0). */
  dropMaxPct?: number;
  /** Duration of the drop in minutes; 0 means an instant gap at `startMinute`. */
  dropMinutes: number;
  /** Minutes spent at the bottom before recovering (default 0). */
  holdMinutes?: number;
  /** Share of the drop that is recovered, in percent, 0..100 (default 0). */
  recoveryPct?: number;
  /** Duration of the recovery in minutes; 0 means an instant jump back (default 0). */
  recoveryMinutes?: number;
  /** Optional multiplicative GBM noise σ per √year on top of the script (default 0: no noise). */
  volatilityAnnual?: number;
}

/**
 * Scripted shock. Without noise the path is deterministic and piecewise **linear in price**
 * (not in log-price): flat at `initial` until `startMinute`; falls linearly to
 * `initial·(1 − dropPct/100)` over `dropMinutes` (with `dropMinutes = 0` the price is already at
 * the bottom at `startMinute`); stays there for `holdMinutes`; climbs linearly back by
 * `recoveryPct`% of the drop over `recoveryMinutes`; then stays flat.
 * With `volatilityAnnual > 0` the script is multiplied by an independent mean-one GBM factor
 * exp(σW_t − σ²t/2), so E[S_t] equals the scripted price at every t.
 * With `dropSigma > 0` the size of the drop is itself random: drawn once, before any noise, from the
 * same stream (see {@link drawDropPct}), so a batch redraws the crash as well as the path around it.
 *
 * @throws ScenarioError if a parameter is out of range.
 * @example
 * const eth = createShock(
 *   { initial: 2000, startMinute: 10, dropPct: 30, dropMinutes: 20, holdMinutes: 15, recoveryPct: 50, recoveryMinutes: 10 },
 *   new RandomStream(1, 'price:ETH'),
 * );
 * eth.next(20 * 60, 12); // 1700: halfway down the drop
 */
export function createShock(params: ShockParams, rng: RandomStream): PriceProcess {
  const name = 'shock';
  const initial = requirePositive(name, 'initial', params.initial);
  const start = requireNonNegative(name, 'startMinute', params.startMinute);
  const medianDropPct = requireInRange(name, 'dropPct', params.dropPct, 0, 100, true);
  const dropSigma = requireNonNegative(name, 'dropSigma', params.dropSigma ?? 0);
  const dropMaxPct = requireInRange(name, 'dropMaxPct', params.dropMaxPct ?? 99.99, 0, 100, true);
  const dropPct = dropSigma > 0 ? drawDropPct(medianDropPct, dropSigma, dropMaxPct, rng) : medianDropPct;
  const dropMinutes = requireNonNegative(name, 'dropMinutes', params.dropMinutes);
  const holdMinutes = requireNonNegative(name, 'holdMinutes', params.holdMinutes ?? 0);
  const recoveryPct = requireInRange(name, 'recoveryPct', params.recoveryPct ?? 0, 0, 100);
  const recoveryMinutes = requireNonNegative(name, 'recoveryMinutes', params.recoveryMinutes ?? 0);
  const sigma = requireNonNegative(name, 'volatilityAnnual', params.volatilityAnnual ?? 0);

  const bottom = initial * (1 - dropPct / 100);
  const recovered = bottom + (initial - bottom) * (recoveryPct / 100);
  const dropEnd = start + dropMinutes;
  const holdEnd = dropEnd + holdMinutes;
  const recoveryEnd = holdEnd + recoveryMinutes;

  /** Scripted (noise-free) price at `minute`. */
  function scripted(minute: number): number {
    if (minute < start) return initial;
    // linear-in-price drop: initial − (initial − bottom)·(elapsed / dropMinutes)
    if (minute < dropEnd) return initial - (initial - bottom) * ((minute - start) / dropMinutes);
    if (minute < holdEnd) return bottom;
    // linear-in-price recovery: bottom + (recovered − bottom)·(elapsed / recoveryMinutes)
    if (minute < recoveryEnd) return bottom + (recovered - bottom) * ((minute - holdEnd) / recoveryMinutes);
    return recovered;
  }

  let logNoise = 0;
  return {
    initial,
    next(timeSeconds: number, dtSeconds: number): number {
      if (!(dtSeconds >= 0)) throw new InvariantError(`${name}: block length must be ≥ 0 s, got ${dtSeconds}`);
      if (sigma > 0 && dtSeconds > 0) {
        const dt = dtSeconds / SECONDS_PER_YEAR;
        // mean-one GBM factor step: log-increment ~ N(−σ²dt/2, σ²dt)
        logNoise += -0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * rng.normal();
      }
      const base = scripted(timeSeconds / SECONDS_PER_MINUTE);
      return logNoise === 0 ? base : base * Math.exp(logNoise);
    },
  };
}

/** Draws of a truncated log-normal drop before giving up; each is accepted with probability ≥ 1/2. */
const MAX_DROP_DRAWS = 1000;

/**
 * A random drop size in %: log-normal with median `medianPct` and log-σ `sigma`, truncated at `maxPct` by
 * drawing again (rejection), i.e. medianPct·e^(σZ) conditioned on being ≤ maxPct. Since medianPct < maxPct, each
 * draw is accepted with probability Φ(ln(maxPct/medianPct)/σ) > 1/2. Draws standard normals from `rng`.
 *
 * @throws ScenarioError unless 0 < medianPct < maxPct < 100 and sigma > 0.
 * @example drawDropPct(10, 0.5, 99.99, new RandomStream(1, 'price:ETH')); // e.g. 7.9 (median 10)
 */
export function drawDropPct(medianPct: number, sigma: number, maxPct: number, rng: RandomStream): number {
  requireInRange('shock', 'dropMaxPct', maxPct, 0, 100, true);
  if (!(medianPct > 0 && medianPct < maxPct)) {
    throw new ScenarioError(
      `shock: with dropSigma > 0, "dropPct" (the median drop) must be above 0 and below dropMaxPct (${maxPct}), got ${String(medianPct)}`,
    );
  }
  requirePositive('shock', 'dropSigma', sigma);
  for (let draw = 0; draw < MAX_DROP_DRAWS; draw++) {
    const drop = rng.lognormal(Math.log(medianPct), sigma);
    if (drop <= maxPct) return drop;
  }
  throw new InvariantError(
    `shock: no drop at or below ${maxPct}% in ${MAX_DROP_DRAWS} log-normal draws of median ${medianPct}%`,
  );
}
