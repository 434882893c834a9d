import { describe, expect, it } from 'vitest';
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { loadScenario } from '../../scenario/load.js';
import { liquidationTerms, mechanismOverrides } from './mechanism-overrides.js';

/** The shipped default scenario (LT 0.825, bonus 0.05, close factor 0.5, fee share 0.1, fund 1M, health ≥ 1.02) under
 * `rule`. */
const under = (rule: string, ...more: string[]) =>
  loadScenario(defaultScenarioPath(), [`protocols.0.liquidationRule={type: ${rule}}`, ...more]).scenario;
const byField = (rule: string) =>
  Object.fromEntries(mechanismOverrides(under(rule)).map((o) => [o.field.replace('protocols.0.', ''), o]));

describe('mechanismOverrides: every scenario field a mechanism replaces is listed with both values', () => {
  it('liquity-v1 on the default scenario: the 0.825 threshold becomes 1/1.1 (MCR 110%), and bonus, close factor, fee and fund are replaced', () => {
    const o = byField('liquity-v1');
    expect(Object.keys(o)).toEqual([
      'liquidationThreshold',
      'liquidationBonus',
      'closeFactor',
      'protocolFeeShare',
      'insuranceFundUsd',
    ]);
    expect(o.liquidationThreshold.scenarioValue).toBe(0.825);
    // TroveManager liquidates below MCR = 110%: health < 1 ⇔ coll·p/debt < 1.1 ⇔ LT = 1/1.1.
    expect(o.liquidationThreshold.effectiveValue).toBeCloseTo(1 / 1.1, 12);
    expect(o.liquidationThreshold.isDefault).toBe(false);
    expect(o.closeFactor).toMatchObject({ scenarioValue: 0.5, effectiveValue: 1, isDefault: true });
    expect(o.protocolFeeShare).toMatchObject({ scenarioValue: 0.1, effectiveValue: 0 });
    expect(o.insuranceFundUsd.scenarioValue).toBe(1_000_000);
    expect(o.liquidationBonus.protocol).toBe('lend');
    expect(o.liquidationBonus.mechanism).toBe('liquity-v1');
  });

  it('a Liquity scenario written at 1/1.1 (to 7 digits, as cdp-stablecoin does) has no threshold override', () => {
    const scenario = under('liquity-v1', 'protocols.0.liquidationThreshold=0.9090909', 'protocols.0.ltv=0.9');
    expect(mechanismOverrides(scenario).map((o) => o.field)).not.toContain('protocols.0.liquidationThreshold');
  });

  it('morpho-blue: the bonus becomes the LIF from the LLTV, min(1.15, 1/(1 − 0.3·(1 − 0.825))) − 1 = 0.0554090', () => {
    // By hand: 1 − 0.3·0.175 = 0.9475; 1/0.9475 = 1.05540897…
    expect(byField('morpho-blue').liquidationBonus.effectiveValue).toBeCloseTo(0.0554089709763, 10);
    expect(byField('morpho-blue').liquidationThreshold).toBeUndefined();
  });

  it('maker-clip and maker-flip: the penalty is chop − 1 = 0.13, printed without float residue; flip bites at most dunk', () => {
    expect(byField('maker-clip').liquidationBonus.effectiveValue).toBe(0.13);
    expect(byField('maker-clip').closeFactor.effectiveValue).toBe(1);
    expect(byField('maker-flip').closeFactor.effectiveValue).toContain('50000');
    expect(byField('maker-flip').protocolFeeShare.effectiveValue).toBe(1);
    // Maker charges bad debt to the surplus buffer (the fund here): the fund is not replaced.
    expect(byField('maker-clip').insuranceFundUsd).toBeUndefined();
  });

  it('compound-v3: the borrower loses 1 − liquidationFactor = 0.07 of its collateral value; the protocol keeps 1 − storeFront = 0.5 of it', () => {
    expect(byField('compound-v3').liquidationBonus.effectiveValue).toBe(0.07);
    expect(byField('compound-v3').protocolFeeShare.effectiveValue).toBe(0.5);
  });

  it('Aave v3, v3.3 and the volatility bonus use every field as written: nothing is listed', () => {
    for (const rule of ['aave-v3', 'aave-v3.3']) expect(mechanismOverrides(under(rule))).toEqual([]);
    const volatility = loadScenario(defaultScenarioPath(), [
      'protocols.0.liquidationRule={type: volatility-bonus, minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8}',
    ]).scenario;
    expect(mechanismOverrides(volatility)).toEqual([]);
  });

  it('a field whose value already equals the one in effect is not listed (Morpho with no fee share)', () => {
    const scenario = under('morpho-blue', 'protocols.0.protocolFeeShare=0', 'protocols.0.closeFactor=1');
    expect(mechanismOverrides(scenario).map((o) => o.field)).toEqual([
      'protocols.0.liquidationBonus',
      'protocols.0.insuranceFundUsd',
    ]);
  });
});

describe('liquidationTerms', () => {
  it('liquity-v1 on the default shock: the least healthy trove needs an oracle fall of 1 − 1.1·0.825/1.02 = 11.03%, more than the shock', () => {
    const [terms] = liquidationTerms(under('liquity-v1'));
    expect(terms.liquidationThreshold).toBeCloseTo(1 / 1.1, 12);
    expect(terms.minCollateralRatio).toBeCloseTo(1.1, 12);
    // Lowest ICR drawn: 1.02/0.825 = 123.6%; it reaches 110% after a fall of 1 − 1.1/1.23636 = 0.110294.
    expect(terms.firstLiquidationFall).toBeCloseTo(1 - (1.1 * 0.825) / 1.02, 12);
    expect(terms.firstLiquidationFall).toBeGreaterThan(0.1);
  });

  it('Aave v3 on the same book: 1 − 1/1.02 = 1.96%', () => {
    expect(liquidationTerms(under('aave-v3'))[0].firstLiquidationFall).toBeCloseTo(1 - 1 / 1.02, 12);
  });

  it('a tier below the drawn health floor makes the least healthy large account liquidatable at block 0 (fall 0)', () => {
    // Tier LT 0.8 < 0.825/1.02 = 0.8088: an account drawn at health 1.02 has 1.02·0.8/0.825 = 0.989 < 1 under the tier.
    const tiered = loadScenario(defaultScenarioPath(), [
      'protocols.0.thresholdTiers=[{aboveDebtUsd: 200000, liquidationThreshold: 0.8}]',
    ]).scenario;
    expect(liquidationTerms(tiered)[0].firstLiquidationFall).toBe(0);
  });
});
