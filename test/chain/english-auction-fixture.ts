import { scenarioSchema, type Scenario } from '../../src/scenario/schema.js';

/**
 * Maker Flipper auctions on a first-price chain: ETH falls 30% from minute 5 over 30 minutes (12-second
 * blocks, 2 hours); 300 vaults at a 150% ratio; two keepers bidding competitively (open at one rad, value once a
 * rival has bid) with gas budgets of 500 and 50 gwei. With `congested`, from block 20 on background users bid
 * 150 gwei for more gas than a block holds, so only the 500 gwei keeper gets transactions in.
 */
export function englishAuctionWorld(congested: boolean): Scenario {
  return scenarioSchema.parse({
    name: 'english-auction',
    seed: 5,
    blocks: 600,
    chain: {
      nativeAsset: 'ETH',
      feeMarket: {
        mode: 'first-price',
        gasLimit: 10_000_000,
        backgroundGas: 9_500_000,
        backgroundTipGwei: 10,
        spikes: congested ? [{ startBlock: 20, endBlock: 600, multiplier: 1.5, tipGwei: 150 }] : [],
      },
    },
    assets: [
      { symbol: 'ETH', price: { model: 'shock', initial: 200, startMinute: 5, dropPct: 30, dropMinutes: 30 } },
      { symbol: 'DAI', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'DAI',
        depthUsdPer1Pct: 2_000_000,
        resilienceHalfLifeSeconds: 900,
      },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'DAI', liquidityUsd: 2_000_000 },
    ],
    oracles: [{ id: 'eth', asset: 'ETH', sources: ['cex'] }],
    protocols: [
      {
        type: 'lending',
        id: 'maker',
        collateral: 'ETH',
        debt: 'DAI',
        oracle: 'eth',
        ltv: 2 / 3,
        liquidationThreshold: 2 / 3,
        liquidationRule: {
          type: 'maker-flip',
          chop: 1.13,
          dunkUsd: 50_000,
          beg: 1.03,
          ttlSeconds: 600,
          tauSeconds: 10_800,
        },
        borrowers: { count: 300, collateralUsd: { median: 20_000, sigma: 1 }, healthFactor: { min: 1.05, max: 2 } },
      },
    ],
    keepers: [
      {
        id: 'rich',
        capitalUsd: 5_000_000,
        gasUnits: 200_000,
        priorityFeeGwei: 5,
        auctionBidding: 'competitive',
        maxFeeGwei: 500,
      },
      {
        id: 'thrifty',
        capitalUsd: 5_000_000,
        gasUnits: 200_000,
        priorityFeeGwei: 5,
        auctionBidding: 'competitive',
        maxFeeGwei: 50,
      },
    ],
    arbitrageurs: [{ id: 'arb', capitalUsd: 3_000_000 }],
  });
}
