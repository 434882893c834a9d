import { describe, expect, it } from 'vitest';
import { metricNumbers } from './helpers/metric-numbers.js';
import { runScenario } from '../src/analysis/run.js';
import { PRICE_RANGE_FACTOR } from '../src/market/price/index.js';
import { parseScenario } from '../src/scenario/load.js';

// A valid world whose exogenous price collapses: a jump-diffusion with λ = 1e5 jumps a year of log size N(0, 5²) has
// the compensated drift −λ(e^{12.5} − 1) ≈ −2.7e10 a year, so its raw price is 0 in float64 after one block. The run
// used to stop at the off-chain market ("fundamental must be a finite number > 0, got 0") or, with the pool
// arbitraged toward a price of 1e-300, at a sale that drained the pool's whole USDC reserve.
const scenario = parseScenario(
  JSON.stringify({
    name: 'collapse',
    blocks: 30,
    chain: { nativeAsset: 'ETH', gasPriceGwei: 1 },
    assets: [
      {
        symbol: 'ETH',
        price: {
          model: 'jump-diffusion',
          initial: 2000,
          volatilityAnnual: 0.8,
          jumpsPerYear: 1e5,
          jumpMean: 0,
          jumpStd: 5,
        },
      },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      { type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6 },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: 2e7 },
    ],
    oracles: [{ id: 'o', asset: 'ETH', sources: ['cex', 'pool'] }],
    protocols: [
      {
        type: 'lending',
        id: 'l',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'o',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        borrowers: { count: 50, collateralUsd: { median: 1e5 }, healthFactor: { min: 1.1, max: 2 } },
      },
    ],
    keepers: [{ id: 'k', capitalUsd: 1e7 }],
    arbitrageurs: [{ id: 'a', capitalUsd: 1e8 }],
  }),
  'collapse.json',
);

describe('a world whose exogenous price collapses', () => {
  it('runs to its end, the fundamental held at initial / 1e12, every metric finite', () => {
    const result = runScenario(scenario);
    const fundamental = result.series.find((c) => c.name === 'fundamental:ETH')?.values as Float64Array;
    expect(Math.min(...fundamental)).toBe(2000 / PRICE_RANGE_FACTOR);
    expect(result.metrics.externalDrawdown).toBeCloseTo(1, 9);
    // The run says its price was clamped.
    expect(result.warnings?.map((w) => w.code)).toContain('price-bound');
    for (const [key, v] of metricNumbers(result.metrics)) expect(Number.isFinite(v), key).toBe(true);
    // The crash liquidates: every account's collateral is worth ~nothing, so whatever keepers could not close is bad
    // debt.
    expect(result.metrics.liquidations + result.metrics.badDebtUsd).toBeGreaterThan(0);
  });
});
