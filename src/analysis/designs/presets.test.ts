import { describe, expect, it } from 'vitest';
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { loadScenario } from '../../scenario/load.js';
import type { LendingSpec, Scenario } from '../../scenario/schema.js';
import { designOverrides } from './designs.js';
import { depthUsdPer1Pct, V3_DYNAMIC_THRESHOLD, V3_PAUSE } from './presets.js';

const file = defaultScenarioPath();
/** The shipped scenario has only lending protocols (no cross-lending pool). */
type LendingScenario = Omit<Scenario, 'protocols'> & { protocols: LendingSpec[] };
const base = loadScenario(file).scenario as LendingScenario;
const as = (design: string) => loadScenario(file, designOverrides(design, base)).scenario as LendingScenario;

describe('depthUsdPer1Pct', () => {
  it('adds the off-chain depth and the pool depth from its quote reserve', () => {
    // thin-pool-shock: off-chain 2,000,000 per 1%; pool 4M liquidity (2M quote reserve), 30 bps.
    // Pool: γ = 0.997, c = 1/0.99 − 1 = 0.01010101…; t solves γt² + (1+γ)t − c = 0.
    const gamma = 0.997;
    const c = 1 / 0.99 - 1;
    const t = (-(1 + gamma) + Math.sqrt((1 + gamma) ** 2 + 4 * gamma * c)) / (2 * gamma);
    expect(t).toBeCloseTo(0.0050454, 6);
    expect(depthUsdPer1Pct(base, 'ETH')).toBeCloseTo(2_000_000 + t * 2_000_000, 3);
    expect(depthUsdPer1Pct(base, 'USDC')).toBe(0);
  });
});

describe('V1/V2/V3 presets on the shipped scenario', () => {
  it('V1: Aave v3 instant liquidation, one oracle source, no fund, no tiers, no breakers', () => {
    const v1 = as('v1');
    expect(v1.protocols[0].liquidationRule).toEqual({ type: 'aave-v3' });
    expect(v1.oracles[0].sources).toEqual(['cex']);
    expect(v1.protocols[0].insuranceFundUsd).toBe(0);
    expect(v1.protocols[0].thresholdTiers).toEqual([]);
    expect(v1.protocols[0].circuitBreakers?.pauseOnOracleMovePct).toBeUndefined();
    expect(v1.protocols[0].circuitBreakers?.maxLiquidatedUsdPerBlock).toBeUndefined();
  });

  it('V2: Maker Dutch auctions, median of both venues, the scenario insurance fund', () => {
    const v2 = as('v2');
    expect(v2.protocols[0].liquidationRule.type).toBe('maker-clip');
    expect(v2.oracles[0].sources).toEqual(['cex', 'pool']);
    expect(v2.protocols[0].insuranceFundUsd).toBe(base.protocols[0].insuranceFundUsd);
  });

  it('V3: volatility bonus, depth-tiered thresholds, pause and a per-block cap of one 1%-depth', () => {
    const v3 = as('v3');
    const depth = depthUsdPer1Pct(base, 'ETH');
    expect(base.protocols[0].liquidationThreshold).toBe(0.825);
    expect(v3.protocols[0].liquidationRule.type).toBe('volatility-bonus');
    expect(v3.protocols[0].thresholdTiers).toEqual([
      // 0.825 − 0.025 and 0.825 − 0.05, written without binary residue (the preset rounds to 12 digits).
      { aboveDebtUsd: 0.1 * depth, liquidationThreshold: 0.8 },
      { aboveDebtUsd: 0.5 * depth, liquidationThreshold: 0.775 },
    ]);
    expect(v3.protocols[0].circuitBreakers).toEqual({ ...V3_PAUSE, maxLiquidatedUsdPerBlock: depth });
    expect(v3.oracles[0].sources).toEqual(['cex', 'pool']);
    expect(v3.protocols[0].dynamicThreshold).toEqual({ ...V3_DYNAMIC_THRESHOLD, halfLifeBlocks: 300 });
  });

  it('risk-oracle: V3 with the risk oracle in place of the volatility-driven threshold', () => {
    const oracle = as('risk-oracle');
    const v3 = as('v3');
    expect(oracle.protocols[0].dynamicThreshold).toBeUndefined();
    expect(oracle.protocols[0].thresholdTiers).toEqual(v3.protocols[0].thresholdTiers);
    expect(oracle.protocols[0].circuitBreakers).toEqual(v3.protocols[0].circuitBreakers);
    expect(oracle.protocols[0].liquidationRule).toEqual(v3.protocols[0].liquidationRule);
    expect(oracle.protocols[0].riskOracle).toMatchObject({
      everyBlocks: 50,
      updateDelayBlocks: 5,
      minScale: 0.8,
      maxScale: 1,
      steward: { maxRelativeChange: 0.05, minSecondsBetween: 600, bounds: {}, excluded: [] },
      policy: { shockSigmas: 2, horizonSeconds: 86_400, maxImpactShare: 0.5, onConflict: 'impact' },
    });
  });
});
