/**
 * What a lending protocol's liquidation mechanism does with the scenario's Aave-style fields. The fields
 * `liquidationThreshold`, `liquidationBonus`, `closeFactor`, `protocolFeeShare` and `insuranceFundUsd` sit on every
 * lending protocol, but only the Aave-like rules use them all: Liquity v1 liquidates at its fixed 110% MCR, Maker
 * charges chop, Morpho Blue derives its incentive from the LLTV, and so on. Switching the mechanism (in the file,
 * with `--set` or through a `compare` design) must never change one of them silently, so every run lists each field
 * its mechanism replaces, with the scenario's value and the one in effect ({@link mechanismOverrides}), and `compare`
 * prints the liquidation terms in effect side by side ({@link liquidationTerms}).
 */
import type { LendingSpec, Scenario } from '../../scenario/schema.js';
import { protocolSchema } from '../../scenario/schema.js';
import { badDebtBearerFor, monitorThreshold } from '../../protocol/mechanisms/index.js';
import type { ParameterOverride } from '../result.js';
import { liquidationIncentiveFactor } from '../../liquidation/rules/morpho-blue.js';
import { MCR, PERCENT_DIVISOR } from '../../liquidation/liquity-v1/troves.js';
import { generatedOf } from '../../scenario/schema-books.js';

/**
 * The liquidation terms one lending protocol runs with, as `compare` prints them next to each other.
 *
 * @example
 * liquidationTerms(scenario)[0]; // { protocol: 'lend', mechanism: 'liquity-v1', liquidationThreshold: 0.909…, minCollateralRatio: 1.1, firstLiquidationFall: 0.1103… }
 */
export interface LiquidationTerms {
  protocol: string;
  /** Liquidation rule type. */
  mechanism: string;
  /** The scenario's liquidationThreshold (the borrowers' health factors are drawn at it). */
  scenarioLiquidationThreshold: number;
  /** The threshold the protocol checks accounts against (before tiers and volatility scaling). */
  liquidationThreshold: number;
  /** 1 / liquidationThreshold: the collateral ratio below which an account is liquidatable. */
  minCollateralRatio: number;
  /**
   * Fall of the oracle price, from block 0, at which the least healthy account the scenario can draw becomes
   * liquidatable under the lowest threshold in effect (a tier's, when it has tiers): 1 − LT_scenario/(LT·h_min),
   * h_min = borrowers.healthFactor.min; 0 when such an account is liquidatable at block 0.
   */
  firstLiquidationFall: number;
}

/** Relative gap below which two thresholds count as equal (scenario files write 1/1.1 as 0.9090909). */
const SAME_VALUE = 1e-6;
const same = (a: number, b: number) => Math.abs(a - b) <= SAME_VALUE * Math.max(Math.abs(a), Math.abs(b));
/** A derived number without float residue (1.13 − 1 is 0.1299999999999999 in binary): 12 significant digits. */
const tidy = (x: number) => Number(x.toPrecision(12));

type Rule = LendingSpec['liquidationRule'];
type Replacement = { value: number | string; reason: string } | undefined;

/** The lending protocol's schema defaults of the fields reported here (read from the schema, so they cannot drift). */
function schemaDefaults(): Record<
  'liquidationBonus' | 'closeFactor' | 'protocolFeeShare' | 'insuranceFundUsd',
  number
> {
  const lending = protocolSchema.options.find((option) => option.shape.type.value === 'lending');
  const shape = (lending as Extract<(typeof protocolSchema.options)[number], { shape: { liquidationBonus: unknown } }>)
    .shape;
  return {
    liquidationBonus: shape.liquidationBonus.parse(undefined),
    closeFactor: shape.closeFactor.parse(undefined),
    protocolFeeShare: shape.protocolFeeShare.parse(undefined),
    insuranceFundUsd: shape.insuranceFundUsd.parse(undefined),
  };
}

/** What the rule pays the liquidator (or charges the borrower) instead of `liquidationBonus`; undefined when it uses
 * it. */
function bonusReplacement(spec: LendingSpec, rule: Rule): Replacement {
  switch (rule.type) {
    case 'morpho-blue':
      return {
        value: liquidationIncentiveFactor(spec.liquidationThreshold) - 1,
        reason: 'Morpho Blue derives the incentive from the LLTV: LIF = min(1.15, 1/(1 − 0.3·(1 − LLTV)))',
      };
    case 'euler-v2':
      return {
        value: `1/max(health, ${1 - rule.maxDiscount}) − 1: 0 at health 1, at most ${(1 / (1 - rule.maxDiscount) - 1).toFixed(4)}`,
        reason: 'Euler v2 sells collateral at a discount of 1 − health, capped at maxDiscount',
      };
    case 'maker-clip':
    case 'maker-flip':
      return { value: rule.chop - 1, reason: `Maker charges the penalty chop (tab = debt·chop, chop ${rule.chop})` };
    case 'compound-v3':
      return {
        value: 1 - rule.liquidationFactor,
        reason: `Compound v3 absorb credits the account collateral·liquidationFactor (${rule.liquidationFactor}): it loses 1 − liquidationFactor of its collateral value`,
      };
    case 'liquity-v1':
      return {
        value: 'the whole collateral for the whole debt: ICR − 1 of the debt (under 10% below the MCR)',
        reason: `Liquity v1 liquidates the whole trove; 1/${PERCENT_DIVISOR} of its collateral and 200 LUSD go to the caller`,
      };
    default:
      return undefined;
  }
}

/** What limits one call's repayment instead of `closeFactor`; undefined when the rule uses it. */
function closeFactorReplacement(rule: Rule): Replacement {
  switch (rule.type) {
    case 'morpho-blue':
    case 'euler-v2':
      return {
        value: 1,
        reason: `${rule.type === 'morpho-blue' ? 'Morpho Blue' : 'Euler v2'} lets one call repay the whole debt (fullCloseBelowHealth is unused)`,
      };
    case 'compound-v3':
      return { value: 1, reason: 'Compound v3 absorb takes the whole account (fullCloseBelowHealth is unused)' };
    case 'liquity-v1':
      return { value: 1, reason: 'Liquity v1 liquidates the whole trove (fullCloseBelowHealth is unused)' };
    case 'maker-clip':
      return {
        value: 1,
        reason:
          'Dog.bark moves the whole vault into an auction, less only when Hole/hole are full (fullCloseBelowHealth is unused)',
      };
    case 'maker-flip':
      return {
        value: `up to dunk = ${rule.dunkUsd} USD of tab per bite`,
        reason: 'Cat.bite moves at most dunk of tab into each auction (fullCloseBelowHealth is unused)',
      };
    default:
      return undefined;
  }
}

/** The protocol's share of the penalty instead of `protocolFeeShare`; undefined when the rule uses it. */
function feeShareReplacement(rule: Rule): Replacement {
  switch (rule.type) {
    case 'morpho-blue':
    case 'euler-v2':
      return {
        value: 0,
        reason: `${rule.type === 'morpho-blue' ? 'Morpho Blue' : 'Euler v2'} takes no protocol fee from liquidations`,
      };
    case 'liquity-v1':
      return {
        value: 0,
        reason:
          'Liquity v1 gives the penalty to Stability Pool depositors (or to the troves that take a redistribution)',
      };
    case 'maker-clip':
    case 'maker-flip':
      return {
        value: 1,
        reason: 'Maker keeps the whole penalty: chop goes to the Vow (feesToInsurance of it to the fund here)',
      };
    case 'compound-v3':
      return {
        value: 1 - rule.storeFrontPriceFactor,
        reason: `Compound v3 absorbs the account and sells its collateral storeFrontPriceFactor (${rule.storeFrontPriceFactor}) of the penalty below the oracle; it keeps the rest`,
      };
    default:
      return undefined;
  }
}

/**
 * Every scenario field whose value the protocols' liquidation mechanisms replace, in protocol order: the
 * liquidation threshold (Liquity's fixed MCR), the bonus, the close factor, the protocol fee share, and an
 * insurance fund that rules socialising bad debt never draw on. Fields a rule uses as written are not listed, nor
 * fields whose value equals the one in effect. Cross-asset and perp protocols have no such fields.
 *
 * @example
 * mechanismOverrides(loadScenario('scenarios/thin-pool-shock.yaml', ['protocols.0.liquidationRule={type: liquity-v1}']).scenario)
 *   .map((o) => o.field); // ['protocols.0.liquidationThreshold', 'protocols.0.liquidationBonus', 'protocols.0.closeFactor', ...]
 */
export function mechanismOverrides(scenario: Scenario): ParameterOverride[] {
  const defaults = schemaDefaults();
  return scenario.protocols.flatMap((protocol, i): ParameterOverride[] => {
    if (protocol.type !== 'lending') return [];
    const spec = protocol;
    const rule = spec.liquidationRule;
    const out: ParameterOverride[] = [];
    const add = (field: keyof typeof defaults | 'liquidationThreshold', replacement: Replacement) => {
      if (!replacement) return;
      const scenarioValue = spec[field];
      if (typeof replacement.value === 'number' && same(replacement.value, scenarioValue)) return;
      const isDefault = field !== 'liquidationThreshold' && scenarioValue === defaults[field];
      const effectiveValue = typeof replacement.value === 'number' ? tidy(replacement.value) : replacement.value;
      out.push({
        protocol: spec.id,
        mechanism: rule.type,
        field: `protocols.${i}.${field}`,
        scenarioValue,
        isDefault,
        effectiveValue,
        reason: replacement.reason,
      });
    };
    const threshold = monitorThreshold(spec);
    add(
      'liquidationThreshold',
      same(threshold, spec.liquidationThreshold)
        ? undefined
        : {
            value: threshold,
            reason: `Liquity v1 liquidates troves below its fixed MCR of ${Math.round(MCR * 100)}% (TroveManager): the threshold is 1/MCR; the borrowers are still drawn at the scenario's threshold`,
          },
    );
    add('liquidationBonus', bonusReplacement(spec, rule));
    add('closeFactor', closeFactorReplacement(rule));
    add('protocolFeeShare', feeShareReplacement(rule));
    if (badDebtBearerFor(spec) === 'suppliers' && spec.insuranceFundUsd > 0) {
      add('insuranceFundUsd', {
        value: 'unused: bad debt is taken from the suppliers (or redistributed to other troves)',
        reason: `${rule.type} does not charge bad debt to an insurance fund`,
      });
    }
    return out;
  });
}

/**
 * The liquidation terms in effect for every lending protocol of `scenario` that accepts its collateral
 * (liquidationThreshold > 0), in protocol order.
 *
 * @example
 * liquidationTerms(thinPoolShock)[0].firstLiquidationFall; // 1 − 1/1.02 ≈ 0.0196 under Aave v3
 */
export function liquidationTerms(scenario: Scenario): LiquidationTerms[] {
  return scenario.protocols.flatMap((spec): LiquidationTerms[] => {
    // A threshold of 0 means the asset is not collateral: nobody borrows, there are no terms to show.
    if (spec.type !== 'lending' || !(spec.liquidationThreshold > 0)) return [];
    const threshold = monitorThreshold(spec);
    const lowest = Math.min(threshold, ...spec.thresholdTiers.map((tier) => tier.liquidationThreshold));
    // Health is drawn at the scenario's LT: h' = h·LT'/LT under threshold LT'; liquidatable once the price falls by 1 −
    // 1/h'.
    const fall = 1 - spec.liquidationThreshold / (lowest * (generatedOf(spec.borrowers)?.healthFactor.min ?? 1));
    return [
      {
        protocol: spec.id,
        mechanism: spec.liquidationRule.type,
        scenarioLiquidationThreshold: spec.liquidationThreshold,
        liquidationThreshold: threshold,
        minCollateralRatio: 1 / threshold,
        firstLiquidationFall: Math.max(0, fall),
      },
    ];
  });
}
