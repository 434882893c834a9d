import type { z } from 'zod';
import type { oracleTriggerSettings } from '../../scenario/schema-risk-oracle.js';

export { oracleTriggerSettings } from '../../scenario/schema-risk-oracle.js';

/** Parsed trigger settings. */
export type OracleTriggerSettings = z.output<typeof oracleTriggerSettings>;

/** What a risk oracle observes of one market at one time (all as it would see them live). */
export interface OracleObservation {
  /** Oracle price of the collateral, in the debt asset. */
  price: number;
  /** A depth measure of the venue, USD (e.g. USD to move the price 1%, or pool liquidity); larger is deeper. */
  depthUsd: number;
  /** Realised volatility, annualised. */
  volatilityAnnual: number;
  /** Debt over borrowing power (Σdebt / Σcollateral·price·threshold), 0..1 and above when unsafe. */
  utilisation: number;
}

/** Kind of a fired trigger. */
export type OracleTriggerKind = 'priceMove' | 'depthDrop' | 'volatilityJump' | 'utilisation';

/** One fired trigger: its kind, the observed change and the threshold it reached. */
export interface FiredTrigger {
  kind: OracleTriggerKind;
  /** priceMove, depthDrop: percent; volatilityJump: ratio; utilisation: fraction. */
  value: number;
  threshold: number;
}

/**
 * Triggers fired by `observation` against `previous`, the observation the oracle last ran on (null = it never
 * ran: only utilisation can fire). Price move: |p/p₀ − 1|·100 ≥ priceMovePct; depth drop: (d₀ − d)/d₀·100 ≥
 * depthDropPct; volatility jump: σ/σ₀ ≥ volatilityJump; utilisation: u ≥ threshold while u₀ was below (a crossing,
 * so a market that stays stressed is left to the schedule). Ratios against a zero or non-finite reference do not fire.
 *
 * @example
 * oracleTriggers({ price: 2000, depthUsd: 1e6, volatilityAnnual: 0.5, utilisation: 0.5 },
 *   { price: 1880, depthUsd: 1e6, volatilityAnnual: 0.5, utilisation: 0.5 }, { priceMovePct: 5 });
 * // [{ kind: 'priceMove', value: 6, threshold: 5 }]
 */
export function oracleTriggers(
  previous: OracleObservation | null,
  observation: OracleObservation,
  settings: OracleTriggerSettings,
): FiredTrigger[] {
  const fired: FiredTrigger[] = [];
  const usable = (x: number) => Number.isFinite(x) && x > 0;
  if (previous) {
    if (settings.priceMovePct !== undefined && usable(previous.price) && Number.isFinite(observation.price)) {
      const value = Math.abs(observation.price / previous.price - 1) * 100;
      if (value >= settings.priceMovePct) fired.push({ kind: 'priceMove', value, threshold: settings.priceMovePct });
    }
    if (settings.depthDropPct !== undefined && usable(previous.depthUsd) && Number.isFinite(observation.depthUsd)) {
      const value = ((previous.depthUsd - observation.depthUsd) / previous.depthUsd) * 100;
      if (value >= settings.depthDropPct) fired.push({ kind: 'depthDrop', value, threshold: settings.depthDropPct });
    }
    if (
      settings.volatilityJump !== undefined &&
      usable(previous.volatilityAnnual) &&
      Number.isFinite(observation.volatilityAnnual)
    ) {
      const value = observation.volatilityAnnual / previous.volatilityAnnual;
      if (value >= settings.volatilityJump)
        fired.push({ kind: 'volatilityJump', value, threshold: settings.volatilityJump });
    }
  }
  const threshold = settings.utilisation;
  if (
    threshold !== undefined &&
    observation.utilisation >= threshold &&
    !(previous && previous.utilisation >= threshold)
  )
    fired.push({ kind: 'utilisation', value: observation.utilisation, threshold });
  return fired;
}

/**
 * Whether a scheduled run is due: every `everySeconds` after the last run (0 = no schedule; never ran = due).
 *
 * @example scheduleDue(1000, 1300, 300); // true
 */
export function scheduleDue(lastRunSeconds: number | null, nowSeconds: number, everySeconds: number): boolean {
  if (everySeconds <= 0) return false;
  return lastRunSeconds === null || nowSeconds - lastRunSeconds >= everySeconds;
}
