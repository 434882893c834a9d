/**
 * The design registry of `cascade compare`: each design is a list of `--set`-style overrides
 * computed from the scenario, applied through loadScenario so every design is validated exactly
 * like user input. Mechanism designs set every protocol's `liquidationRule`; the V1/V2/V3 presets
 * (src/analysis/designs/presets.ts) also change oracles, insurance funds, tiers and circuit breakers; the perp designs
 * (src/analysis/designs/perp-designs.ts) set margin mode, liquidation mode, backstop and loss mode of perp exchanges.
 * A new design is one more entry; the shape of a design is in design.ts.
 */
import { parse } from 'yaml';
import { UsageError } from '../../kernel/errors.js';
import { getAtPath, parsePath } from '../../scenario/paths.js';
import type { Scenario } from '../../scenario/schema.js';
import {
  riskOracleOverrides,
  riskOracleProcyclicalOverrides,
  v1Overrides,
  v2Overrides,
  v3Overrides,
} from './presets.js';
import { PERP_DESIGNS } from './perp-designs.js';
import {
  ruleOverrides,
  VOLATILITY_BONUS_DEFAULTS,
  type Design,
  type LiquidationRuleInput,
  type ParameterChange,
} from './design.js';

const mechanism = (description: string, rule: LiquidationRuleInput): Design => ({
  description,
  protocolKind: 'lending',
  overrides: (s) => ruleOverrides(s, rule),
});

/**
 * The design registry, in display order: name → design. Mechanism designs are named by their
 * liquidation rule type; the presets are `v1`, `v2`, `v3`.
 *
 * @example
 * Object.keys(DESIGNS).slice(-3); // ['v1', 'v2', 'v3']
 */
export const DESIGNS: Readonly<Record<string, Design>> = Object.freeze({
  'aave-v3': mechanism(
    'Aave v3: close factor 0.5 (1 below the full-close health), fixed bonus, protocol fee; bad debt to the insurance fund',
    {
      type: 'aave-v3',
    },
  ),
  'aave-v3.3': mechanism(
    'Aave v3.3: as Aave v3, with the 2,000 USD close-factor threshold and the 1,000 USD dust rule',
    { type: 'aave-v3.3' },
  ),
  'morpho-blue': mechanism(
    'Morpho Blue: whole debt repayable, incentive from the LLTV (at most 15%), no fee; bad debt taken from suppliers',
    {
      type: 'morpho-blue',
    },
  ),
  'euler-v2': mechanism(
    'Euler v2: whole debt repayable at a discount that grows as health falls (at most 15%), no fee; bad debt socialised',
    {
      type: 'euler-v2',
    },
  ),
  'volatility-bonus': mechanism(
    `Aave v3 with a bonus scaled by the oracle's realised volatility, clamped to ` +
      `[${VOLATILITY_BONUS_DEFAULTS.minBonus}, ${VOLATILITY_BONUS_DEFAULTS.maxBonus}] unless the scenario sets its own`,
    { type: 'volatility-bonus', ...VOLATILITY_BONUS_DEFAULTS },
  ),
  'maker-clip': mechanism(
    'MakerDAO Liquidations 2.0: Dog.bark into Clipper Dutch auctions (stairstep 0.99 per 90 s, buf 1.2, chop 1.13, tip + chip)',
    {
      type: 'maker-clip',
    },
  ),
  'maker-flip': mechanism(
    'MakerDAO Liquidations 1.2: Cat.bite into Flipper English auctions (tend, dent; beg 1.05, ttl 3 h, tau 2 days, chop 1.13)',
    {
      type: 'maker-flip',
    },
  ),
  'compound-v3': mechanism(
    'Compound v3: absorb into reserves at liquidationFactor 0.93, collateral sold at the store-front discount while reserves are below target',
    {
      type: 'compound-v3',
    },
  ),
  'liquity-v1': mechanism(
    'Liquity v1: Stability Pool offset (empty unless the scenario funds it), redistribution to other troves, recovery mode below 150%',
    {
      type: 'liquity-v1',
    },
  ),
  v1: {
    description:
      'V1 preset: static threshold, one oracle source, instant fixed-bonus liquidation (Aave v3 rule), no insurance fund, no tiers, no circuit breakers',
    protocolKind: 'lending',
    overrides: v1Overrides,
  },
  v2: {
    description:
      "V2 preset: Dutch auctions (Maker Clipper), median of every venue trading the collateral, the scenario's insurance fund, no tiers, no circuit breakers",
    protocolKind: 'lending',
    overrides: v2Overrides,
  },
  v3: {
    description:
      'V3 preset: volatility-scaled bonus, thresholds tiered by position size against on-chain depth and cut up to 3% with volatility, oracle-move pause, a per-block cap of one 1%-depth, median oracle',
    protocolKind: 'lending',
    overrides: v3Overrides,
  },
  'risk-oracle': {
    description:
      'V3 preset with a closed-loop risk oracle setting the thresholds instead of the volatility rule: every 10 min and on triggers, the largest threshold under the solvency cap whose first-round impact stays within half the design shock, published under steward limits (5% per change, 10 min apart) 5 blocks later (docs/closed-loop.md)',
    protocolKind: 'lending',
    overrides: riskOracleOverrides,
  },
  'risk-oracle-procyclical': {
    description:
      'risk-oracle preset without the impact guard: it tightens to the solvency cap even when that brings more debt within the design shock than the depth absorbs (procyclical)',
    protocolKind: 'lending',
    overrides: riskOracleProcyclicalOverrides,
  },
  ...PERP_DESIGNS,
});

/**
 * The design names, in registry order.
 *
 * @example
 * designNames().includes('euler-v2'); // true
 */
export function designNames(): string[] {
  return Object.keys(DESIGNS);
}

/** The UsageError for a design name not in the registry. */
export function unknownDesign(name: string): UsageError {
  return new UsageError(`--designs: unknown design "${name}"; allowed: ${designNames().join(', ')}`);
}

/**
 * The `--set`-style overrides that turn `scenario` into design `name`; throws a {@link UsageError}
 * naming `--designs` and the allowed names when there is no such design.
 *
 * @example
 * designOverrides('aave-v3.3', scenario); // ['protocols.0.liquidationRule={"type":"aave-v3.3"}']
 */
export function designOverrides(name: string, scenario: Scenario): string[] {
  if (!Object.hasOwn(DESIGNS, name)) throw unknownDesign(name);
  return DESIGNS[name].overrides(scenario);
}

/**
 * Throws a {@link UsageError} when design `name` would change nothing in `scenario` because the scenario has no
 * protocol of the kind the design changes (a perp design on a lending scenario, a lending mechanism on a perp
 * exchange or a cross-asset pool), so that `compare` never shows an untouched copy of the scenario under a design's
 * name.
 *
 * @example
 * checkDesignApplies('perp-adl', thinPoolShock, 'scenarios/thin-pool-shock.yaml'); // throws: no perp exchange
 */
export function checkDesignApplies(name: string, scenario: Scenario, file: string): void {
  const kind = designOf(name).protocolKind;
  if (scenario.protocols.some((p) => p.type === kind)) return;
  const present = [...new Set(scenario.protocols.map((p) => p.type))].join(', ');
  const what =
    kind === 'perp'
      ? 'perp exchanges (protocols of type perp)'
      : 'lending protocols (type lending; cross-lending pools keep their Aave v3 rules)';
  throw new UsageError(
    `--designs: design "${name}" changes ${what}, but ${file} has none (its protocols are of type ${present}); drop it or give a scenario that has one`,
  );
}

/**
 * What design `name` changes in `scenario`, field by field: each of its overrides with the scenario's value before
 * and the design's after; overrides that leave a value as it was are left out.
 *
 * @example
 * designChanges('v1', thinPoolShock); // [{ field: 'protocols.0.insuranceFundUsd', from: 1000000, to: 0 }, { field: 'oracles.0.sources', from: ['cex', 'pool'], to: ['cex'] }, ...]
 */
export function designChanges(name: string, scenario: Scenario): ParameterChange[] {
  return designOverrides(name, scenario).flatMap((override): ParameterChange[] => {
    const eq = override.indexOf('=');
    const field = override.slice(0, eq);
    // The value is parsed as `--set` parses it (YAML, of which the JSON the designs write is a part).
    const to: unknown = parse(override.slice(eq + 1));
    const from = getAtPath(scenario, parsePath(field));
    return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ field, from, to }];
  });
}

function designOf(name: string): Design {
  if (!Object.hasOwn(DESIGNS, name)) throw unknownDesign(name);
  return DESIGNS[name];
}

/**
 * Parses the `--designs` value, a comma-separated list of distinct design names; throws a
 * {@link UsageError} naming `--designs` and the allowed names on an unknown, empty or repeated name.
 *
 * @example
 * parseDesigns('aave-v3, morpho-blue'); // ['aave-v3', 'morpho-blue']
 */
export function parseDesigns(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  const allowed = `allowed: ${designNames().join(', ')}`;
  if (names.some((name) => name === '')) {
    throw new UsageError(
      `--designs: expected a comma-separated list of design names, e.g. --designs aave-v3,morpho-blue (got "${value}"); ${allowed}`,
    );
  }
  for (const name of names) if (!Object.hasOwn(DESIGNS, name)) throw unknownDesign(name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new UsageError(`--designs: "${repeated}" is listed twice; list each design once`);
  return names;
}
