/**
 * Market-wide jumps: one compound-Poisson process of log-normal jumps that hits several assets in the same block, each
 * asset's log price moving by its beta times the jump's log size. The process draws from its own named stream, so
 * adding it changes no other stream.
 */
import { InvariantError } from '../../kernel/errors.js';
import type { RandomStream } from '../../kernel/random.js';
import { requireFinite, requireNonNegative } from './params.js';
import type { PriceProcess } from './process.js';
import { SECONDS_PER_YEAR } from './time.js';

/** Parameters of {@link CommonJumps}; the intensity is annual. */
export interface CommonJumpParams {
  /** Jump intensity λ: expected number of market-wide jumps per year (≥ 0). */
  jumpsPerYear: number;
  /** Mean m of one jump's log size J (an asset with beta β moves by β·J in log price). */
  jumpMean: number;
  /** Standard deviation s of one jump's log size (≥ 0). */
  jumpStd: number;
}

/**
 * The shared jump path: the running sum of the log sizes of every jump so far, drawn block by block the first time any
 * asset asks for a new block time. Each block draws n ~ Poisson(λ·dt) and, when n > 0, the sum of n i.i.d. N(m, s²)
 * log sizes as N(n·m, n·s²) (Merton 1976, J. Financial Economics 3, the compound-Poisson part).
 *
 * @throws ScenarioError if a parameter is out of range.
 * @example
 * const crash = new CommonJumps({ jumpsPerYear: 2, jumpMean: -0.15, jumpStd: 0.05 }, new RandomStream(1, 'common-jumps:crash'));
 * crash.sumAt(12); // 0 unless a jump arrived in the first 12 s
 */
export class CommonJumps {
  readonly lambda: number;
  readonly jumpMean: number;
  readonly jumpStd: number;
  private time = 0;
  private sum = 0;
  /** Jumps so far. */
  count = 0;

  constructor(
    params: CommonJumpParams,
    private readonly rng: Pick<RandomStream, 'normal' | 'poisson'>,
  ) {
    this.lambda = requireNonNegative('commonJumps', 'jumpsPerYear', params.jumpsPerYear);
    this.jumpMean = requireFinite('commonJumps', 'jumpMean', params.jumpMean);
    this.jumpStd = requireNonNegative('commonJumps', 'jumpStd', params.jumpStd);
  }

  /** Sum of the log sizes of every jump up to `timeSeconds` (never earlier than the last time asked). */
  sumAt(timeSeconds: number): number {
    if (timeSeconds < this.time)
      throw new InvariantError(`commonJumps: asked for time ${timeSeconds} s after ${this.time} s`);
    if (timeSeconds > this.time) {
      const jumps = this.rng.poisson((this.lambda * (timeSeconds - this.time)) / SECONDS_PER_YEAR);
      if (jumps > 0) this.sum += jumps * this.jumpMean + this.jumpStd * Math.sqrt(jumps) * this.rng.normal();
      this.count += jumps;
      this.time = timeSeconds;
    }
    return this.sum;
  }

  /**
   * Drift per year that offsets an asset's expected jump return: λ·(E[e^{βJ}] − 1) = λ·(e^{βm + β²s²/2} − 1), the
   * Merton compensator for log size β·J.
   */
  compensator(beta: number): number {
    return this.lambda * Math.expm1(beta * this.jumpMean + 0.5 * beta * beta * this.jumpStd * this.jumpStd);
  }
}

/** One market-wide jump process as one asset sees it. */
export interface CommonJumpExposure {
  jumps: CommonJumps;
  /** The asset's log price moves by beta × each jump's log size. */
  beta: number;
  /** Whether the asset's drift is lowered by {@link CommonJumps.compensator} so its expected price keeps its drift. */
  compensate: boolean;
}

/**
 * `process` with its log price moved by β·J at every common jump J of each exposure (and, if compensated, by
 * −compensator·t), so that E[S_t] still equals what `process` alone gives.
 *
 * @example
 * const eth = withCommonJumps(createGbm(params, rng), [{ jumps: crash, beta: 1, compensate: true }]);
 */
export function withCommonJumps(process: PriceProcess, exposures: readonly CommonJumpExposure[]): PriceProcess {
  if (exposures.length === 0) return process;
  const drifts = exposures.map((e) => (e.compensate ? e.jumps.compensator(e.beta) : 0));
  return {
    initial: process.initial,
    next(timeSeconds, dtSeconds) {
      const price = process.next(timeSeconds, dtSeconds);
      let offset = 0;
      exposures.forEach((e, k) => {
        offset += e.beta * e.jumps.sumAt(timeSeconds) - (drifts[k] * timeSeconds) / SECONDS_PER_YEAR;
      });
      return price * Math.exp(offset);
    },
  };
}
