/**
 * Tiered maintenance margin in the style of Binance USDⓈ-M futures ("leverage and margin brackets",
 * support article 360033162192 and the `leverageBracket` API): a position's notional selects a bracket, and
 * maintenance = notional × that bracket's rate − the bracket's cumulative "maintenance amount", which makes
 * maintenance a continuous, piecewise-linear function of notional.
 */

/** One bracket: positions with notional in (previous cap, `notionalCapUsd`] use `maintenanceMarginRate`. */
export interface MarginBracket {
  /** Upper end of the bracket, USD notional (inclusive). Caps ascend; the last may be `Infinity`. */
  readonly notionalCapUsd: number;
  /** Maintenance margin rate of the bracket, a fraction in (0, 1). */
  readonly maintenanceMarginRate: number;
}

/**
 * The cumulative maintenance amount of every bracket. Binance USDⓈ-M: cum_0 = 0 and
 * cum_k = cum_{k−1} + floor_k·(mmr_k − mmr_{k−1}) where floor_k = cap_{k−1}, the notional where bracket k starts.
 *
 * @example
 * cumulativeMaintenanceAmounts([
 *   { notionalCapUsd: 50_000, maintenanceMarginRate: 0.004 },
 *   { notionalCapUsd: 250_000, maintenanceMarginRate: 0.005 },
 * ]) // [0, 50]  (50,000 × (0.005 − 0.004))
 */
export function cumulativeMaintenanceAmounts(brackets: readonly MarginBracket[]): number[] {
  const cum = new Array<number>(brackets.length);
  for (let k = 0; k < brackets.length; k++) {
    if (k === 0) {
      cum[0] = 0;
      continue;
    }
    const previous = brackets[k - 1];
    // Binance USDⓈ-M: the amount grows by the bracket floor times the step in the rate.
    cum[k] =
      cum[k - 1] + previous.notionalCapUsd * (brackets[k].maintenanceMarginRate - previous.maintenanceMarginRate);
  }
  return cum;
}

/**
 * Index of the bracket a notional falls in: the first whose cap is ≥ |notional| (caps are inclusive, as in
 * Binance's "50,000 < position ≤ 250,000"); a notional above every cap uses the last bracket.
 * Throws a RangeError for an empty list (validate brackets up front with {@link validateBrackets}).
 *
 * @example
 * const brackets = [
 *   { notionalCapUsd: 50_000, maintenanceMarginRate: 0.004 },
 *   { notionalCapUsd: 250_000, maintenanceMarginRate: 0.005 },
 * ];
 * bracketIndex(50_000, brackets) // 0
 * bracketIndex(50_001, brackets) // 1
 * bracketIndex(9e9, brackets) // 1 (above every cap: the last bracket)
 */
export function bracketIndex(notionalUsd: number, brackets: readonly MarginBracket[]): number {
  const last = brackets.length - 1;
  if (last < 0) throw new RangeError('margin brackets: the list is empty');
  const notional = Math.abs(notionalUsd);
  for (let k = 0; k < last; k++) if (notional <= brackets[k].notionalCapUsd) return k;
  return last;
}

/**
 * Maintenance margin of a position of the given notional, USD. Binance USDⓈ-M: MM = notional × mmr_k − cum_k,
 * with k the bracket of the notional; continuous at every cap. The sign of `notionalUsd` is ignored (a short's
 * signed notional gives the same margin as its absolute value). Throws a RangeError for an empty list.
 *
 * @example
 * const brackets = [
 *   { notionalCapUsd: 50_000, maintenanceMarginRate: 0.004 },
 *   { notionalCapUsd: 250_000, maintenanceMarginRate: 0.005 },
 * ];
 * maintenanceMarginUsd(40_000, brackets) // 160  (40,000 × 0.4%)
 * maintenanceMarginUsd(100_000, brackets) // 450 (100,000 × 0.5% − 50)
 */
export function maintenanceMarginUsd(notionalUsd: number, brackets: readonly MarginBracket[]): number {
  const k = bracketIndex(notionalUsd, brackets);
  // The amount of bracket k, accumulated inline so the hot path allocates nothing.
  let cum = 0;
  for (let j = 1; j <= k; j++) {
    cum += brackets[j - 1].notionalCapUsd * (brackets[j].maintenanceMarginRate - brackets[j - 1].maintenanceMarginRate);
  }
  return Math.abs(notionalUsd) * brackets[k].maintenanceMarginRate - cum;
}

/**
 * Checks a bracket table: non-empty; caps positive, strictly ascending, finite except the last (which may be
 * `Infinity`); rates in the open interval (0, 1) and non-decreasing. Returns a message naming the first offending
 * bracket and value, or null when the table is valid.
 *
 * @example
 * validateBrackets([{ notionalCapUsd: 50_000, maintenanceMarginRate: 0.004 }]) // null
 * validateBrackets([]) // 'margin brackets: the list is empty'
 * validateBrackets([
 *   { notionalCapUsd: 50_000, maintenanceMarginRate: 0.005 },
 *   { notionalCapUsd: 40_000, maintenanceMarginRate: 0.01 },
 * ]) // 'margin bracket 1: notionalCapUsd 40000 must be above the previous cap 50000'
 */
export function validateBrackets(brackets: readonly MarginBracket[]): string | null {
  if (brackets.length === 0) return 'margin brackets: the list is empty';
  const last = brackets.length - 1;
  for (let k = 0; k <= last; k++) {
    const { notionalCapUsd: cap, maintenanceMarginRate: rate } = brackets[k];
    const capOk = k === last ? cap === Infinity || Number.isFinite(cap) : Number.isFinite(cap);
    if (!capOk || !(cap > 0)) {
      const allowed = k === last ? 'a positive number or Infinity' : 'a positive finite number';
      return `margin bracket ${k}: notionalCapUsd ${cap} must be ${allowed}`;
    }
    if (!(rate > 0 && rate < 1)) return `margin bracket ${k}: maintenanceMarginRate ${rate} must be in (0, 1)`;
    if (k === 0) continue;
    const previous = brackets[k - 1];
    if (!(cap > previous.notionalCapUsd)) {
      return `margin bracket ${k}: notionalCapUsd ${cap} must be above the previous cap ${previous.notionalCapUsd}`;
    }
    if (rate < previous.maintenanceMarginRate) {
      return `margin bracket ${k}: maintenanceMarginRate ${rate} must not be below the previous rate ${previous.maintenanceMarginRate}`;
    }
  }
  return null;
}
