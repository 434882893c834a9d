import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../scenario/schema.js';
import { wholeCollateralBands } from './bands.js';
import { LiquidationLadder } from './ladder.js';
import { steppedCascade, type SteppedWorld } from './stepped.js';
import { shockPath, type ShockTiming } from './stepped-world.js';

const GAP: ShockTiming = {
  startMinute: 0,
  dropMinutes: 0,
  holdMinutes: 0,
  recoveryPct: 0,
  recoveryMinutes: 0,
  source: 'instant',
};
const HALF_LIFE = 120;
/** Share of off-chain impact left after one 12-second block. */
const D = Math.pow(2, -12 / HALF_LIFE);

/** A spot oracle on the one venue, as the scenario schema fills it in. */
const SPOT = scenarioSchema.parse({
  name: 'spot',
  blocks: 1,
  chain: { nativeAsset: 'ETH' },
  assets: [
    { symbol: 'ETH', price: { model: 'constant', initial: 2000 } },
    { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
  ],
  venues: [{ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6 }],
  oracles: [{ id: 'o', asset: 'ETH', kind: 'spot', sources: ['cex'] }],
  protocols: [
    {
      type: 'lending',
      id: 'lend',
      collateral: 'ETH',
      debt: 'USDC',
      oracle: 'o',
      ltv: 0.8,
      liquidationThreshold: 0.825,
      borrowers: { count: 1, collateralUsd: { median: 20_000 }, healthFactor: { min: 1.5, max: 2 } },
    },
  ],
}).oracles[0];

/**
 * One account of 500 ETH liquidatable below 1,900 whose whole collateral is sold (an auction-like rule), one linear
 * off-chain market of 1M USD per 1% with a 2-minute half-life, a spot oracle on it, and one keeper.
 */
function world(capitalUsd: number): SteppedWorld {
  const ladder = new LiquidationLadder(
    { liquidationPrice: [1900], collateral: [500], debt: [500 * 1900 * 0.825], debtPrice: 1 },
    { kind: 'bands', bands: wholeCollateralBands(), threshold: 0.825 },
  );
  return {
    ladders: [{ ladder, oracle: 0, saleDelayBlocks: 0 }],
    oracles: [SPOT],
    venues: [{ kind: 'offchain', impact: 'linear', depthUsd: 1e6, fundamental: 2000, halfLifeSeconds: HALF_LIFE }],
    keepers: [{ capitalUsd, callsPerBlock: 1000, latencyBlocks: 0 }],
    blockTimeSeconds: 12,
    blocks: 100,
    pathEndBlock: 1,
    firstBlock: 1,
    settle: [{ blocks: 1, readsLive: true }],
  };
}

describe('the stepped model, by hand', () => {
  // Block 1: the fundamental gaps to 1,800; the oracle reads 1,800 < 1,900, the keeper sells 500 ETH: V = 500·1800 =
  // 0.9 D.
  // Block 2: V decays to 0.9·D·d before the oracle reads, so its low is 1800·0.99^(0.9d); the market's was
  // 1800·0.99^0.9.
  it('a gap liquidates the account at once: the market falls by the sale, the oracle by what is left of it a block later', () => {
    const o = steppedCascade(world(1e12), shockPath(GAP, 2000, 0.1), 'scenario');
    expect(o.marketMove).toBeCloseTo(1 - 0.9 * Math.pow(0.99, 0.9), 12);
    expect(o.oracleMove).toBeCloseTo(1 - 0.9 * Math.pow(0.99, 0.9 * D), 12);
    expect(o.lowestOraclePrice).toBeCloseTo(1800 * Math.pow(0.99, 0.9 * D), 9);
    expect(o.troughMinute).toBeCloseTo(0.4, 12);
    expect(o.soldUnits).toBeCloseTo(500, 12);
    expect(o.soldUsd).toBeCloseTo(500 * 1800, 6);
    expect(o.accounts).toBe(1);
    expect(o.limitedBlocks).toBe(0);
  });

  it('full recovery: the oracle never sees the sale; no recovery: it sees all of it', () => {
    const full = steppedCascade(world(1e12), shockPath(GAP, 2000, 0.1), 'full');
    const none = steppedCascade(world(1e12), shockPath(GAP, 2000, 0.1), 'none');
    expect(full.oracleMove).toBeCloseTo(0.1, 12);
    expect(none.oracleMove).toBeCloseTo(1 - 0.9 * Math.pow(0.99, 0.9), 12);
    expect(full.marketMove).toBeCloseTo(none.marketMove, 12);
  });

  it('a keeper with half the capital needed sells half in each of two blocks', () => {
    // Repaid (whole collateral at 1,800): 900,000 USD; capital 450,000 a block. Block 1: 250 ETH, V = 0.45 D.
    // Block 2: V = 0.45·D·d when the oracle reads, then 250 more: 0.45·D·(1 + d). Block 3: the oracle reads 0.45·D·(1 +
    // d)·d.
    const o = steppedCascade(world(450_000), shockPath(GAP, 2000, 0.1), 'scenario');
    expect(o.soldUnits).toBeCloseTo(500, 9);
    expect(o.limitedBlocks).toBe(1);
    expect(o.marketMove).toBeCloseTo(1 - 0.9 * Math.pow(0.99, 0.45 * (1 + D)), 12);
    expect(o.oracleMove).toBeCloseTo(1 - 0.9 * Math.pow(0.99, 0.45 * (1 + D) * D), 12);
  });

  it('a shock that stays above the liquidation price sells nothing and moves the oracle by the shock only', () => {
    const o = steppedCascade(world(1e12), shockPath(GAP, 2000, 0.04), 'scenario');
    expect(o.soldUnits).toBe(0);
    expect(o.oracleMove).toBeCloseTo(0.04, 12);
    expect(o.marketMove).toBeCloseTo(0.04, 12);
  });
});
