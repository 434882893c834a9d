/**
 * What every design of `cascade compare` is made of: the {@link Design} shape, the field-by-field
 * {@link ParameterChange}, and {@link ruleOverrides}, the override that sets every lending protocol's liquidation rule.
 * The registry (designs.ts), the V1/V2/V3 presets (presets.ts) and the perp designs (perp-designs.ts) build on it.
 */
import type { protocolSchema, Scenario } from '../../scenario/schema.js';
import type { z } from 'zod';

/** A liquidation rule as a scenario file may write it (parameters with defaults may be left out). */
export type LiquidationRuleInput = NonNullable<
  Extract<z.input<typeof protocolSchema>, { type: 'lending' }>['liquidationRule']
>;

/**
 * One margin-engine design of the comparison.
 *
 * @example
 * const design: Design = { description: 'Aave v3', overrides: (s) => ruleOverrides(s, { type: 'aave-v3' }) };
 */
export interface Design {
  /** One line on what the design is, shown in the HTML report. */
  description: string;
  /** The kind of protocol the design changes; a scenario without one cannot run it. */
  protocolKind: 'lending' | 'perp';
  /** `--set path=value` overrides that turn `scenario` into this design. */
  overrides: (scenario: Scenario) => string[];
}

/**
 * One field a design changes, with the scenario's value and the design's.
 *
 * @example
 * const change: ParameterChange = { field: 'protocols.0.insuranceFundUsd', from: 1_000_000, to: 0 };
 */
export interface ParameterChange {
  /** Scenario path, as `--set` writes it. */
  field: string;
  /** The scenario's value (undefined when the scenario has none there). */
  from: unknown;
  /** The design's value. */
  to: unknown;
}

/**
 * Bonus parameters the `volatility-bonus` design (and the V3 preset) uses when the scenario has no
 * volatility-bonus rule of its own.
 *
 * @example
 * VOLATILITY_BONUS_DEFAULTS.maxBonus; // 0.15
 */
export const VOLATILITY_BONUS_DEFAULTS = { minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 } as const;

/**
 * Overrides that set `protocols.<i>.liquidationRule` of every protocol to `rule`, except on protocols
 * whose rule already has that type (they keep their own parameters). The value is written as JSON,
 * which is also YAML, so `--set` parses it as one mapping and replaces the whole rule (no stale
 * parameter of another rule type is left behind).
 *
 * @example
 * ruleOverrides(scenario, { type: 'morpho-blue' }); // ['protocols.0.liquidationRule={"type":"morpho-blue"}']
 */
export function ruleOverrides(scenario: Scenario, rule: LiquidationRuleInput): string[] {
  return scenario.protocols.flatMap((protocol, i) =>
    // Cross-asset pools (type cross-lending) have no liquidationRule: their Aave variant is not a design choice here.
    protocol.type !== 'lending' || protocol.liquidationRule.type === rule.type
      ? []
      : [`protocols.${i}.liquidationRule=${JSON.stringify(rule)}`],
  );
}
