import type { PriceProcess } from './process.js';
import type { NormalSource } from './correlated-normals.js';
import { OuState } from './ou.js';
import { SECONDS_PER_YEAR } from './time.js';

/**
 * Settings of a pegged asset's path: a receipt or liquid-staking token, or a stablecoin, whose fundamental is its
 * anchor's price times a market ratio that can de-peg.
 *
 * @example
 * const params: PeggedParams = { ratio: 1, depeg: { startMinute: 60, dropPct: 6, dropMinutes: 120, recoverMinutes: 600 } };
 */
export interface PeggedParams {
  /** Ratio to the anchor at par (1 for a 1:1 staking token or a dollar stablecoin). */
  ratio: number;
  /** One de-peg episode: the ratio falls by dropPct% over dropMinutes from startMinute, then recovers linearly over
   * recoverMinutes (0 = stays down). */
  depeg?: { startMinute: number; dropPct: number; dropMinutes: number; recoverMinutes: number };
  /** Mean-reverting noise on the ratio: its log follows an Ornstein–Uhlenbeck process around 0 (ou.ts), θ per year and
   * σ per √year. */
  noise?: { reversionPerYear: number; volatilityAnnual: number };
}

/**
 * Market ratio to the anchor at `minute`: par before the episode, falling linearly to par·(1 − dropPct/100), then back
 * to par linearly over `recoverMinutes` (a model input, the market's view of the token, not its redemption rate).
 *
 * @example pegRatio({ ratio: 1, depeg: { startMinute: 0, dropPct: 6, dropMinutes: 60, recoverMinutes: 0 } }, 30) // 0.97
 */
export function pegRatio(params: PeggedParams, minute: number): number {
  const { ratio, depeg } = params;
  if (!depeg || minute <= depeg.startMinute) return ratio;
  const bottom = ratio * (1 - depeg.dropPct / 100);
  const intoDrop = minute - depeg.startMinute;
  if (intoDrop < depeg.dropMinutes) return ratio + ((bottom - ratio) * intoDrop) / depeg.dropMinutes;
  const intoRecovery = intoDrop - depeg.dropMinutes;
  if (depeg.recoverMinutes <= 0) return bottom;
  if (intoRecovery >= depeg.recoverMinutes) return ratio;
  return bottom + ((ratio - bottom) * intoRecovery) / depeg.recoverMinutes;
}

/**
 * A pegged asset's fundamental: the anchor's current fundamental times {@link pegRatio}, times e^X with X a log-ratio
 * Ornstein–Uhlenbeck noise starting at 0 when `noise` is set (one normal from `rng` per block with dt > 0). The anchor
 * must be stepped first in the block (it is listed before this asset), since this reads its price as it is now.
 *
 * @example
 * const steth = createPegged({ ratio: 1 }, () => eth.fundamental);
 * steth.next(720, 12); // eth.fundamental × 1
 */
export function createPegged(params: PeggedParams, anchorPrice: () => number, rng?: NormalSource): PriceProcess {
  const { noise } = params;
  if (!noise || !rng)
    return {
      initial: anchorPrice() * pegRatio(params, 0),
      next: (timeSeconds) => anchorPrice() * pegRatio(params, timeSeconds / 60),
    };
  const logNoise = new OuState(0, 0, noise.reversionPerYear, noise.volatilityAnnual);
  return {
    initial: anchorPrice() * pegRatio(params, 0),
    next(timeSeconds, dtSeconds) {
      if (dtSeconds > 0) logNoise.step(dtSeconds / SECONDS_PER_YEAR, rng.normal());
      return anchorPrice() * pegRatio(params, timeSeconds / 60) * Math.exp(logNoise.value);
    },
  };
}
