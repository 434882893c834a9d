/**
 * Small synthetic {@link Comparison}s for the comparison report tests, built from the report
 * fixture run with distinct metrics per design.
 */
import type { Comparison, DesignRun } from '../analysis/designs/compare.js';
import type { RunMetrics } from '../analysis/result.js';
import { fixtureMetrics, fixtureResult } from './fixture.test-helper.js';

/**
 * A design run on the fixture with `metrics` replacing some of the fixture metrics.
 *
 * @example
 * const run = fixtureDesign('aave-v3', { badDebtUsd: 0 });
 */
export function fixtureDesign(design: string, metrics: Partial<RunMetrics> = {}): DesignRun {
  return {
    design,
    description: `the ${design} design`,
    result: fixtureResult({ metrics: { ...fixtureMetrics(), ...metrics } }),
  };
}

/**
 * Three designs with distinct metrics, including a null amplification and fractional USD values.
 *
 * @example
 * fixtureComparison().designs.length; // 3
 */
export function fixtureComparison(overrides: Partial<Comparison> = {}): Comparison {
  return {
    mode: 'designs',
    scenario: 'eth-crash',
    description: 'ETH falls 30% in an hour.',
    seed: 42,
    exogenousPathIdentical: true,
    designs: [
      fixtureDesign('aave-v3', { amplification: 1.3406666, badDebtUsd: 0, liquidationsByGeneration: [800, 300, 134] }),
      fixtureDesign('morpho-blue', {
        amplification: null,
        badDebtUsd: 25875598.391,
        socialisedBadDebtUsd: 25875598.391,
        uncoveredBadDebtUsd: 0,
      }),
      fixtureDesign('volatility-bonus', {
        amplification: 8.49,
        liquidations: 18920,
        cascadeGenerations: 1,
        liquidationsByGeneration: [18920],
        maxLiquidationSpeed: 1e-7,
      }),
    ],
    ...overrides,
  };
}
