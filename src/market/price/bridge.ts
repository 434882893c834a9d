import { InvariantError, ScenarioError } from '../../kernel/errors.js';
import type { RandomStream } from '../../kernel/random.js';
import { requireNonNegative } from './params.js';
import type { PriceProcess } from './process.js';
import { SECONDS_PER_MINUTE, SECONDS_PER_YEAR } from './time.js';

/** One dated point the {@link createBridge} path must pass through. */
export interface BridgeAnchor {
  /** Minutes since the start of the run; the first anchor is at minute 0. */
  minute: number;
  /** Price at that minute, USD per unit (> 0). */
  price: number;
}

/** Parameters of {@link createBridge}. */
export interface BridgeParams {
  /** At least one anchor; minutes strictly increasing, the first at minute 0. */
  anchors: readonly BridgeAnchor[];
  /** Volatility σ per √year of the Brownian-bridge noise between anchors (≥ 0). */
  volatilityAnnual: number;
}

/** A block end within this many seconds of an anchor counts as landing on it. */
const ANCHOR_TOLERANCE_SECONDS = 1e-6;

/**
 * Log-price path through dated anchors: between consecutive anchors the log-price is the linear
 * interpolation of the anchors' log-prices plus Brownian-bridge noise that is exactly 0 at both ends.
 * A block ending on an anchor returns that anchor's price exactly; a block that steps over an
 * anchor restarts the noise from 0 at the anchor. After the last anchor the price is flat.
 *
 * @throws ScenarioError if the anchors or the volatility are invalid.
 * @example
 * const eth = createBridge(
 *   { anchors: [{ minute: 0, price: 2000 }, { minute: 30, price: 1500 }], volatilityAnnual: 0.8 },
 *   new RandomStream(1, 'price:ETH'),
 * );
 * eth.next(1800, 12); // exactly 1500 when the block ends at minute 30
 */
export function createBridge(params: BridgeParams, rng: RandomStream): PriceProcess {
  const sigma = requireNonNegative('bridge', 'volatilityAnnual', params.volatilityAnnual);
  const { times, logs, prices } = validateAnchors(params.anchors);
  const last = times.length - 1;

  let segment = 0; // index i of the segment [times[i], times[i+1]) holding prevTime
  let prevTime = 0;
  let noise = 0; // bridge noise b at prevTime, in log-price units
  let price = prices[0];

  return {
    initial: prices[0],
    next(timeSeconds: number, dtSeconds: number): number {
      if (!(dtSeconds >= 0)) throw new InvariantError(`bridge: block length must be ≥ 0 s, got ${dtSeconds}`);
      const t = timeSeconds;
      if (!(t > prevTime)) return price;
      if (t >= times[last] - ANCHOR_TOLERANCE_SECONDS) {
        prevTime = t;
        noise = 0;
        price = prices[last];
        return price;
      }
      while (t >= times[segment + 1] - ANCHOR_TOLERANCE_SECONDS) segment += 1;
      const start = times[segment];
      prevTime = Math.max(prevTime, start);
      if (prevTime === start) noise = 0;
      if (t <= start + ANCHOR_TOLERANCE_SECONDS) {
        prevTime = t;
        noise = 0;
        price = prices[segment];
        return price;
      }
      const end = times[segment + 1];
      if (sigma > 0) {
        const dt = (t - prevTime) / SECONDS_PER_YEAR;
        const shrink = (end - t) / (end - prevTime);
        // Brownian bridge step to end-anchor T: b' = b·(T−t−dt)/(T−t) + σ·√(dt·(T−t−dt)/(T−t))·Z
        noise = noise * shrink + sigma * Math.sqrt(dt * shrink) * rng.normal();
      }
      prevTime = t;
      // linear interpolation of log-price between the two anchors
      const logLine = logs[segment] + ((t - start) / (end - start)) * (logs[segment + 1] - logs[segment]);
      price = Math.exp(logLine + noise);
      return price;
    },
  };
}

/** Checks the anchors and returns their times (seconds), log-prices and prices. */
function validateAnchors(anchors: readonly BridgeAnchor[]): { times: number[]; logs: number[]; prices: number[] } {
  if (!Array.isArray(anchors) || anchors.length === 0) {
    throw new ScenarioError('bridge: "anchors" must be a non-empty list of { minute, price }');
  }
  const times: number[] = [];
  const logs: number[] = [];
  const prices: number[] = [];
  anchors.forEach((anchor, i) => {
    const { minute, price } = anchor;
    if (typeof minute !== 'number' || !Number.isFinite(minute)) {
      throw new ScenarioError(`bridge: anchors[${i}].minute must be a finite number, got ${String(minute)}`);
    }
    if (i === 0 && minute !== 0) {
      throw new ScenarioError(`bridge: anchors[0].minute must be 0, got ${minute}`);
    }
    if (i > 0 && !(minute > anchors[i - 1].minute)) {
      throw new ScenarioError(
        `bridge: anchors[${i}].minute must be greater than anchors[${i - 1}].minute (${anchors[i - 1].minute}), got ${minute}`,
      );
    }
    if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0) {
      throw new ScenarioError(`bridge: anchors[${i}].price must be a positive finite number, got ${String(price)}`);
    }
    times.push(minute * SECONDS_PER_MINUTE);
    logs.push(Math.log(price));
    prices.push(price);
  });
  return { times, logs, prices };
}
