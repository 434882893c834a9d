import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../src/scenario/schema.js';
import { runScenario } from '../src/analysis/run.js';

/**
 * One borrower with 10 ETH (20,000 USD at 2,000) and health 1.1: debt = 20,000·0.825/1.1 = 15,000 USDC.
 * ETH gaps to 1,600 at block 1: health 10·1600·0.825/15000 = 0.88 ≤ 0.95, so the close factor is 1 and a
 * keeper may repay all 15,000, seizing 15000/1600·1.05 = 9.84375 ETH. On a market too deep to move, with
 * no protocol fee, the gross profit is the bonus: 15,000·0.05 = 750 USD. Gas for 400,000 units at g gwei,
 * paid in ETH at 1,600: 400,000·g·1e-9·1600 = 0.64·g USD, so gas equals the bonus at g = 1,171.875 gwei.
 */
function oneBorrower(gasPriceGwei: number, latencyBlocks = 0) {
  return scenarioSchema.parse({
    name: 'one-borrower',
    blocks: 10,
    chain: { nativeAsset: 'ETH', gasPriceGwei },
    assets: [
      { symbol: 'ETH', price: { model: 'shock', initial: 2000, startMinute: 0, dropPct: 20, dropMinutes: 0 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [{ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e15 }],
    oracles: [{ id: 'o', asset: 'ETH', sources: ['cex'], deviationPct: 0 }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'o',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        liquidationBonus: 0.05,
        protocolFeeShare: 0,
        borrowers: { count: 1, collateralUsd: { median: 20_000, sigma: 0 }, healthFactor: { min: 1.1, max: 1.1 } },
      },
    ],
    keepers: [{ id: 'k', capitalUsd: 1e9, gasUnits: 400_000, priorityFeeGwei: 0, minProfitUsd: 0, latencyBlocks }],
  });
}

const BREAK_EVEN_GWEI = 750 / 0.64;

describe('keepers', () => {
  it('liquidate when the bonus, less slippage, pays for gas', () => {
    const result = runScenario(oneBorrower(BREAK_EVEN_GWEI * 0.99));
    expect(result.metrics.liquidations).toBe(1);
    expect(result.metrics.liquidatedDebtUsd).toBeCloseTo(15_000, 6);
    expect(result.metrics.borrowerPenaltiesUsd).toBeCloseTo(750, 6);
    expect(result.metrics.keeperGasUsd).toBeCloseTo(750 * 0.99, 6);
    expect(result.metrics.keeperProfitUsd).toBeCloseTo(750 * 0.01, 3);
  });

  it('stop when gas exceeds the bonus, leaving the unsafe debt in place', () => {
    const result = runScenario(oneBorrower(BREAK_EVEN_GWEI * 1.01));
    expect(result.metrics.liquidations).toBe(0);
    expect(result.metrics.unsafeDebtUsd).toBeCloseTo(15_000, 6);
  });

  it('act only after their latency', () => {
    const result = runScenario(oneBorrower(1, 3));
    const liquidations = result.series.find((c) => c.name === 'liquidations')!.values;
    // Unsafe from block 1; a keeper with 3 blocks of latency acts in block 4.
    expect(Array.from(liquidations.slice(0, 6))).toEqual([0, 0, 0, 0, 1, 0]);
  });
});
