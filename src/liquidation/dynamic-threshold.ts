/** Settings of volatility-driven liquidation thresholds; see `protocols[].dynamicThreshold` in docs/scenario.md. */
export interface DynamicThresholdSettings {
  /** Annual volatility at or below which thresholds are as set. */
  referenceVolatilityAnnual: number;
  /** Fractional cut of every threshold per unit of σ/reference above 1. */
  sensitivity: number;
  /** Thresholds are never cut below this share of their set value. */
  minScale: number;
  /** Blocks between updates (a risk steward's cadence); the scale holds in between. */
  updateEveryBlocks: number;
}

/**
 * The share of its set value every liquidation threshold takes at realised volatility σ:
 * clamp(1 − sensitivity·max(0, σ/reference − 1), minScale, 1). Thresholds tighten as volatility
 * rises above the reference (a risk-oracle style parameter update), never loosen past the set value.
 *
 * @example thresholdScale(1.6, { referenceVolatilityAnnual: 0.8, sensitivity: 0.05, minScale: 0.9, updateEveryBlocks: 300 }); // 0.95
 */
export function thresholdScale(volatilityAnnual: number, settings: DynamicThresholdSettings): number {
  const excess = Math.max(0, volatilityAnnual / settings.referenceVolatilityAnnual - 1);
  return Math.min(1, Math.max(settings.minScale, 1 - settings.sensitivity * excess));
}

/**
 * A protocol's threshold scale, updated every `updateEveryBlocks` blocks from the realised volatility of
 * its oracle price. Tightening thresholds during a crash is procyclical: it makes more accounts
 * liquidatable exactly when liquidity is scarce; the design lets users measure that trade against
 * earlier, smaller liquidations.
 *
 * @example
 * const dynamic = new DynamicThreshold(settings);
 * if (dynamic.update(block, volatility.annual())) protocol.reindex();
 */
export class DynamicThreshold {
  /** Current share of the set thresholds (1 = as set). */
  scale = 1;
  /** Number of updates that changed the scale. */
  changes = 0;

  constructor(readonly settings: DynamicThresholdSettings) {}

  /** Recomputes the scale on update blocks; returns true when it changed. */
  update(block: number, volatilityAnnual: number): boolean {
    if (block % this.settings.updateEveryBlocks !== 0) return false;
    const next = thresholdScale(volatilityAnnual, this.settings);
    if (next === this.scale) return false;
    this.scale = next;
    this.changes += 1;
    return true;
  }
}
