/**
 * What a lending protocol reads of a mechanism that moves its liquidation thresholds during a run: the share of the
 * set thresholds in force (tiers included) and a per-block update. Implemented by the volatility rule
 * (DynamicThreshold) and the closed-loop risk oracle (RiskOracleThreshold).
 *
 * @example if (protocol.dynamicThreshold?.update(block, volatility.annual(), price, timeSeconds)) protocol.reindex();
 */
export interface ThresholdScale {
  /** Current share of the set thresholds (1 = as set). */
  readonly scale: number;
  /** Number of updates that changed the scale. */
  readonly changes: number;
  /** Called once per block after the oracle is read; returns true when the scale changed (trigger prices moved). */
  update(block: number, volatilityAnnual: number, price: number, timeSeconds: number): boolean;
}
