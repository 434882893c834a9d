import type { PriceSource } from './spot.js';
import type { Oracle } from './oracle.js';
import { surroundingObservations } from '../market/venues/v3-observations.js';

/** Uniswap v3 TickMath bounds: the ticks of prices 2^−128 and 2^128. */
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
/** Uniswap v3 tick base: price = 1.0001^tick. */
export const TICK_BASE = 1.0001;
const LN_TICK_BASE = Math.log(TICK_BASE);
/** Prices of the boundary ticks: below the first a pool sits at MIN_TICK, from the second on at MAX_TICK. */
const MIN_TICK_PRICE = TICK_BASE ** MIN_TICK;
const MAX_TICK_PRICE = TICK_BASE ** (MAX_TICK + 1);

/**
 * Tick of a price: the greatest integer tick with 1.0001^tick ≤ price, i.e. floor(log_1.0001(price)),
 * rounded toward −∞ as v3 `TickMath.getTickAtSqrtRatio` does (it returns the greatest tick whose
 * sqrt ratio is ≤ the pool's). Prices are quote per base as the simulator keeps them (token decimals
 * ignored). Floating point: within one ulp of a tick boundary this may differ from TickMath by one tick.
 *
 * @example tickAtPrice(2000) // 76012, since 1.0001^76012 ≈ 1999.84 ≤ 2000 < 1.0001^76013 ≈ 2000.04
 * @example tickAtPrice(0.5) // −6932 (toward −∞, not toward zero)
 */
export function tickAtPrice(price: number): number {
  if (!(price > 0) || !Number.isFinite(price))
    throw new RangeError(`tickAtPrice: price must be positive and finite, got ${price}`);
  // Uniswap v3 TickMath: tick = floor(log_1.0001(price)), corrected so 1.0001^tick ≤ price < 1.0001^(tick+1).
  let tick = Math.floor(Math.log(price) / LN_TICK_BASE);
  if (TICK_BASE ** (tick + 1) <= price) tick += 1;
  else if (TICK_BASE ** tick > price) tick -= 1;
  if (tick < MIN_TICK || tick > MAX_TICK) throw new RangeError(`tickAtPrice: price ${price} outside v3 tick range`);
  return tick;
}

/**
 * Price of a (possibly fractional) tick.
 *
 * @example priceAtTick(76012) // ≈ 1999.835
 */
export function priceAtTick(tick: number): number {
  // Uniswap v3: price = 1.0001^tick.
  return TICK_BASE ** tick;
}

/**
 * A pool that keeps its own tick accumulator (Uniswap v3 `observe`): a TWAP over it reads the pool's cumulatives
 * instead of sampling the pool's price once per block.
 */
export interface TickAccumulator {
  /** slot0.tick. */
  currentTick(): number;
  /** tickCumulative at `nowSeconds − secondsAgo` (observe); may throw before the oldest observation. */
  tickCumulativeAt(secondsAgo: number, nowSeconds: number): number;
  /** Time of the oldest observation the pool keeps. */
  oldestObservationSeconds(): number;
}

/** Settings of a TWAP oracle over one pool. */
export interface TwapOracleSettings {
  id: string;
  asset: string;
  /** Averaging window W, seconds (1800 = 30 minutes is common). */
  windowSeconds: number;
  /** Observations kept in the ring buffer (v3 `observationCardinality`); needs ≥ W / block time + 1 for a full window.
   * */
  cardinality: number;
  /**
   * Publish 1.0001^floor(mean tick), as v3 `OracleLibrary.consult` + `getQuoteAtTick` do, instead of the exact
   * geometric mean 1.0001^(mean tick). Default false.
   */
  floorMeanTick?: boolean;
}

/** One slot of the ring buffer (v3 `Oracle.Observation`). */
interface Observation {
  timestamp: number;
  /** Σ tick·Δt since the first observation (v3 `tickCumulative`). */
  tickCumulative: number;
  /** Σ ln(fundamental)·Δt, for attribution only (not in v3). */
  lnFundamentalCumulative: number;
}

/** Result of {@link TwapOracle.consult}. */
export interface TwapReading {
  /** Geometric-mean price, 1.0001^meanTick (or of flooredTick when `floorMeanTick`). */
  price: number;
  /** Δcumulative / window, unrounded. */
  meanTick: number;
  /** meanTick rounded toward −∞, as `OracleLibrary.consult`. */
  flooredTick: number;
  /** Window actually averaged, seconds: the requested one, or less when history is short (0: spot tick). */
  windowSeconds: number;
  /** True when the whole requested window was available. */
  full: boolean;
  /** Geometric mean of the exogenous price over the same window. */
  fundamental: number;
}

/**
 * Uniswap v3 `Oracle.sol` TWAP over one pool. Once per block, `onBlock` writes an observation
 * `tickCumulative += tick·Δt`, where `tick` is the pool's tick that prevailed since the last observation:
 * call it at the start of the block, before any trade (v3 writes inside the block's first swap, with the
 * tick from before the swap), so a trade shows in the TWAP from the next block. `price` is the TWAP over
 * `windowSeconds` at the last write. With too little history (v3 would revert "OLD") it averages the
 * oldest available window and says so (`lastReading.full === false`).
 *
 * @example
 * const twap = new TwapOracle({ id: 'twap', asset: 'ETH', windowSeconds: 1800, cardinality: 151 }, pool);
 * twap.start(2000, 0);
 * twap.onBlock(1, 12, 2000); // twap.price ≈ 1999.84 (tick 76012)
 */
export class TwapOracle implements Oracle {
  /** TWAP visible to protocols, USD. */
  price = Number.NaN;
  /** Geometric mean of the exogenous price over the averaged window. */
  fundamentalAtRead = Number.NaN;
  /** Time of the last observation, seconds. */
  updatedAt = 0;
  /** Observations written after `start`. */
  updates = 0;
  /** Details of the reading behind `price`. */
  lastReading: TwapReading | undefined;
  private readonly observations: Observation[] = [];
  /** Slot of the newest observation (v3 `observationIndex`). */
  private index = 0;
  /** Fundamental during the interval since the newest observation. */
  private lastFundamental = Number.NaN;

  constructor(
    readonly settings: TwapOracleSettings,
    private readonly source: PriceSource,
    /** The pool's own accumulator, when it keeps one (a uniswap-v3 venue): the mean tick is read from it. */
    private readonly accumulator?: TickAccumulator,
  ) {
    if (!Number.isInteger(settings.cardinality) || settings.cardinality < 1)
      throw new RangeError('TwapOracle: cardinality must be a positive integer');
    if (!(settings.windowSeconds > 0)) throw new RangeError('TwapOracle: windowSeconds must be positive');
  }

  get id(): string {
    return this.settings.id;
  }

  /**
   * The pool's current tick (v3 `slot0.tick`). A v3 pool's price cannot leave [MIN_SQRT_RATIO², MAX_SQRT_RATIO²]
   * (TickMath), so a source priced beyond the tick range (a collapse to ~1e-39 USD) reads as the boundary tick.
   */
  currentTick(): number {
    if (this.accumulator) return this.accumulator.currentTick();
    const price = this.source.mid();
    if (price < MIN_TICK_PRICE) return MIN_TICK;
    if (price >= MAX_TICK_PRICE) return MAX_TICK;
    return tickAtPrice(price);
  }

  /**
   * First observation with zero cumulatives (v3 `Oracle.initialize`); the price is the spot tick's price.
   *
   * @example twap.start(2000, 0);
   */
  start(fundamental: number, timeSeconds = 0): void {
    this.observations.length = 0;
    this.observations.push({ timestamp: timeSeconds, tickCumulative: 0, lnFundamentalCumulative: 0 });
    this.index = 0;
    this.lastFundamental = fundamental;
    this.publish(timeSeconds);
  }

  /**
   * Writes this block's observation (at most one per timestamp, as v3 `write`) and publishes the TWAP.
   *
   * @example twap.onBlock(1, 12, 2000);
   */
  onBlock(_block: number, timeSeconds: number, fundamental: number): void {
    const last = this.observations[this.index];
    if (timeSeconds < last.timestamp) throw new RangeError('TwapOracle: time went backwards');
    if (timeSeconds > last.timestamp) {
      const dt = timeSeconds - last.timestamp;
      // Uniswap v3 Oracle.transform: tickCumulative += tick·Δt with the tick that prevailed since the last write.
      const next: Observation = {
        timestamp: timeSeconds,
        tickCumulative: last.tickCumulative + this.currentTick() * dt,
        lnFundamentalCumulative: last.lnFundamentalCumulative + Math.log(this.lastFundamental) * dt,
      };
      const { cardinality } = this.settings;
      this.index = (this.index + 1) % cardinality;
      if (this.observations.length < cardinality) this.observations.push(next);
      else this.observations[this.index] = next;
      this.updates += 1;
    }
    this.lastFundamental = fundamental;
    this.publish(timeSeconds);
  }

  /**
   * Cumulatives at `timeSeconds − secondsAgo` (v3 `observeSingle`): the newest observation extended with
   * the current tick when the target is after it, an exact observation, or the interpolation between the
   * two observations around the target. Throws when the target is older than the oldest observation.
   *
   * @example twap.observe(1800, 3600) // { tickCumulative, lnFundamentalCumulative } at t = 1800
   */
  observe(secondsAgo: number, timeSeconds: number): { tickCumulative: number; lnFundamentalCumulative: number } {
    const target = timeSeconds - secondsAgo;
    const newest = this.observations[this.index];
    if (target >= newest.timestamp) {
      const dt = target - newest.timestamp;
      // Uniswap v3 observeSingle: a target after the newest observation is transform(newest, target, slot0.tick).
      return {
        tickCumulative: newest.tickCumulative + this.currentTick() * dt,
        lnFundamentalCumulative: newest.lnFundamentalCumulative + Math.log(this.lastFundamental) * dt,
      };
    }
    const count = this.observations.length;
    const start = count < this.settings.cardinality ? 0 : (this.index + 1) % count;
    const at = (k: number) => this.observations[(start + k) % count];
    const [before, after] = surroundingObservations(at, count, target, `TwapOracle.observe: target ${target}`);
    if (target === before.timestamp)
      return { tickCumulative: before.tickCumulative, lnFundamentalCumulative: before.lnFundamentalCumulative };
    const f = (target - before.timestamp) / (after.timestamp - before.timestamp);
    // Uniswap v3 observeSingle: before + (after − before)/Δt·(target − before.t); the quotient is the interval's tick,
    // exact.
    return {
      tickCumulative: before.tickCumulative + (after.tickCumulative - before.tickCumulative) * f,
      lnFundamentalCumulative:
        before.lnFundamentalCumulative + (after.lnFundamentalCumulative - before.lnFundamentalCumulative) * f,
    };
  }

  /**
   * TWAP over `windowSeconds` ending at `timeSeconds`, or over the oldest available window when history is shorter.
   *
   * @example twap.consult(1800, 3600).price // geometric mean of the pool price over [1800, 3600]
   */
  consult(windowSeconds: number, timeSeconds: number): TwapReading {
    const count = this.observations.length;
    const oldest = this.observations[count < this.settings.cardinality ? 0 : (this.index + 1) % count];
    // History shorter than the window: average from the oldest observation itself. (Observing it as t − (t − t₀)
    // can round below t₀ and fail as v3's "OLD" would.)
    // With a pool accumulator, history also ends at the pool's oldest observation.
    const start = this.accumulator
      ? Math.max(oldest.timestamp, this.accumulator.oldestObservationSeconds())
      : oldest.timestamp;
    const short = timeSeconds - windowSeconds < start; // the very test observe() applies to its target
    const window = short ? timeSeconds - start : windowSeconds;
    if (window <= 0) {
      const tick = this.currentTick();
      return {
        price: priceAtTick(tick),
        meanTick: tick,
        flooredTick: tick,
        windowSeconds: 0,
        full: false,
        fundamental: this.lastFundamental,
      };
    }
    const now = this.observe(0, timeSeconds);
    const then = short && start === oldest.timestamp ? oldest : this.observe(window, timeSeconds);
    // Uniswap v3 OracleLibrary.consult: observe([window, 0]), mean tick = Δ tickCumulative / Δt; TWAP = 1.0001^(mean
    // tick), a geometric mean.
    const acc = this.accumulator;
    const delta = acc
      ? acc.tickCumulativeAt(0, timeSeconds) - acc.tickCumulativeAt(window, timeSeconds)
      : now.tickCumulative - then.tickCumulative;
    const meanTick = delta / window;
    // OracleLibrary.consult rounds the mean tick toward −∞.
    const flooredTick = Math.floor(meanTick);
    return {
      price: priceAtTick(this.settings.floorMeanTick ? flooredTick : meanTick),
      meanTick,
      flooredTick,
      windowSeconds: window,
      full: window === windowSeconds,
      fundamental: Math.exp((now.lnFundamentalCumulative - then.lnFundamentalCumulative) / window),
    };
  }

  private publish(timeSeconds: number): void {
    const reading = this.consult(this.settings.windowSeconds, timeSeconds);
    this.lastReading = reading;
    this.price = reading.price;
    this.fundamentalAtRead = reading.fundamental;
    this.updatedAt = timeSeconds;
  }
}
