// The settings of an order-book venue and the check that its level layout and volatility rule are usable.
import { InvariantError } from '../../kernel/errors.js';
import { positive } from './venue-errors.js';
import type { BookSnapshotLevels } from './order-book-profile.js';

/** Basis points in one unit. */
const BPS = 10_000;

/**
 * Construction parameters of an {@link OrderBook}.
 *
 * @example
 * const settings: OrderBookSettings = {
 *   id: 'hl', base: 'ETH', quote: 'USD', mid: 2000, depthUsdPer1Pct: 5e6, halfSpreadBps: 1,
 *   levelStepBps: 5, levels: 100, refillHalfLifeSeconds: 30,
 *   pullOnVolatility: { windowSeconds: 300, thresholdAnnual: 2, keepFraction: 0.3 }, feeBps: 4.5,
 * };
 */
export interface OrderBookSettings {
  id: string;
  base: string;
  quote: string;
  /** Mid at block 0, quote per base. */
  mid: number;
  /**
   * D: USD (base valued at the mid) whose sale into the full book moves the mid down 1%, as for every
   * other venue; the profile is scaled so that a fresh book's {@link OrderBook.depthUsdPer1Pct} is D.
   * The mid is the midpoint of best bid and ask, so the sale must push the best bid down ~2%: the bids
   * resting within 1% of the mid then hold about D·(1% − halfSpread)/2%, roughly half of D.
   * Required unless the book starts from `snapshot`.
   */
  depthUsdPer1Pct?: number;
  /** Optional: levels to start from and refill toward instead of the generated ladder (see `order-book-profile.ts`);
   * the layout fields and depthUsdPer1Pct are then not read. */
  snapshot?: BookSnapshotLevels;
  /** Half spread at the top of the book, basis points of the mid (≥ 0). */
  halfSpreadBps: number;
  /** Price step between levels, basis points of the mid; levels extend `levels` steps each side. */
  levelStepBps: number;
  levels: number;
  /** Market makers refill consumed levels toward the profile with this half-life, seconds (resilience; 0 = at once). */
  refillHalfLifeSeconds: number;
  /** Optional: market makers pull liquidity when the mid's realised volatility spikes. */
  pullOnVolatility?: {
    windowSeconds: number;
    thresholdAnnual: number;
    /** Share of the profile they keep quoting above the threshold, in (0, 1]. */
    keepFraction: number;
  };
  /** Taker fee, basis points of the quote traded (default 0). */
  feeBps?: number;
}

/** Throws an {@link InvariantError} unless the level layout and the volatility rule are usable. */
export function validateLayout(settings: OrderBookSettings, name: string): void {
  const { halfSpreadBps, levelStepBps, levels, refillHalfLifeSeconds } = settings;
  if (!Number.isFinite(halfSpreadBps) || halfSpreadBps < 0)
    throw new InvariantError(`${name} halfSpreadBps must be ≥ 0, got ${halfSpreadBps}`);
  positive(levelStepBps, `${name} levelStepBps`);
  if (!Number.isInteger(levels) || levels < 1)
    throw new InvariantError(`${name} levels must be an integer ≥ 1, got ${levels}`);
  const widest = halfSpreadBps + (levels - 1) * levelStepBps;
  if (!(widest < BPS))
    throw new InvariantError(
      `${name}: the last bid sits ${widest} bps below the mid; it must be < 10000 (a positive price)`,
    );
  if (!(refillHalfLifeSeconds >= 0 && refillHalfLifeSeconds < Infinity))
    throw new InvariantError(`${name} refillHalfLifeSeconds must be finite ≥ 0, got ${refillHalfLifeSeconds}`);
  const pull = settings.pullOnVolatility;
  if (!pull) return;
  positive(pull.windowSeconds, `${name} pullOnVolatility.windowSeconds`);
  const { thresholdAnnual, keepFraction } = pull;
  if (!(thresholdAnnual >= 0 && thresholdAnnual < Infinity))
    throw new InvariantError(`${name} pullOnVolatility.thresholdAnnual must be finite ≥ 0, got ${thresholdAnnual}`);
  if (!(keepFraction > 0 && keepFraction <= 1))
    throw new InvariantError(`${name} pullOnVolatility.keepFraction must be in (0, 1], got ${keepFraction}`);
}
