import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../src/world/build-world.js';
import { stepBlock } from '../../src/world/block-order.js';
import { feeWorld, type FeeWorldKnobs } from './fee-market-fixture.js';
import { attribution } from '../../src/attribution/cascade-generations.js';

/** What the OEV auction's winners paid and what the blocks they won yielded them, over a whole run. */
interface AuctionLedger {
  /** Blocks whose auction was won and paid for. */
  won: number;
  /** Of those, blocks in which the winner made more than one liquidation call. */
  bundles: number;
  /** Winners' payments, USD. */
  paidUsd: number;
  /** Winners' sale proceeds − repay cost − gas in the blocks they won, USD. */
  realisedUsd: number;
  /** Liquidation calls made in won blocks. */
  wonCalls: number;
  /** Sum of every keeper's profit over the run (payments counted), USD. */
  keepersProfitUsd: number;
  /** Paid into the protocol's fund plus kept by the operator, USD. */
  takingsUsd: number;
}

/** Runs the fee-market world with an OEV auction and books, block by block, what each block's winner paid and realised.
 * */
function auctionLedger(knobs: FeeWorldKnobs): AuctionLedger {
  const world = buildWorld(feeWorld({ oevProtocolShare: 0.8, ...knobs }), { attribution });
  const oev = world.keeperMarkets[0].oev;
  if (!oev) throw new Error('the test world has no OEV auction');
  const ledger: AuctionLedger = {
    won: 0,
    bundles: 0,
    paidUsd: 0,
    realisedUsd: 0,
    wonCalls: 0,
    keepersProfitUsd: 0,
    takingsUsd: 0,
  };
  for (let b = 0; b < world.blocks; b++) {
    // A keeper's profit counts its payments; profit + payments is what its calls yielded (proceeds − repaid − gas).
    const before = world.keepers.map((k) => ({
      paid: k.oevPaidUsd,
      yielded: k.profitUsd + k.oevPaidUsd,
      calls: k.liquidations,
    }));
    const auctions = oev.auctions;
    stepBlock(world);
    if (oev.auctions === auctions) continue;
    const w = world.keepers.findIndex((k) => k.settings.id === oev.winner(world.clock.block));
    const winner = world.keepers[w];
    const calls = winner.liquidations - before[w].calls;
    ledger.won += 1;
    if (calls > 1) ledger.bundles += 1;
    ledger.wonCalls += calls;
    ledger.paidUsd += winner.oevPaidUsd - before[w].paid;
    ledger.realisedUsd += winner.profitUsd + winner.oevPaidUsd - before[w].yielded;
  }
  ledger.keepersProfitUsd = world.keepers.reduce((sum, k) => sum + k.profitUsd, 0);
  ledger.takingsUsd = oev.recapturedUsd + oev.operatorUsd;
  return ledger;
}

describe('OEV auction: what winners pay against what their liquidations yield', () => {
  // Two identical keepers (2M USD capital, 10 USD minimum profit, no latency), several seeds and depths; the last
  // world has unequal rivals (latencies 3, 1 and 0 blocks). In every one many won blocks hold a bundle of
  // liquidations whose sales move the venues they all sell into.
  const worlds: [string, FeeWorldKnobs][] = [
    ['seed 3', {}],
    ['seed 4', { seed: 4 }],
    ['seed 5', { seed: 5 }],
    ['1M USD pool, 15% fall', { poolLiquidityUsd: 1_000_000, dropPct: 15 }],
    ['rivals of latency 3, 1, 0', { keepers: 3, latencyBlocks: [3, 1, 0] }],
  ];

  it.each(worlds)(
    '%s: winners pay no more than their blocks yield and keepers do not lose in aggregate',
    (_, knobs) => {
      const ledger = auctionLedger(knobs);
      // Not vacuous: many auctions won for a bundle of several liquidations.
      expect(ledger.bundles).toBeGreaterThan(15);
      // The payments are the auction's takings (fund + operator): nothing paid is lost from the books.
      expect(ledger.paidUsd).toBeCloseTo(ledger.takingsUsd, 6);
      // A rational bidder never bids more than its calls will yield after gas: summed over the blocks it won.
      expect(ledger.paidUsd).toBeLessThanOrEqual(ledger.realisedUsd);
      expect(ledger.keepersProfitUsd).toBeGreaterThanOrEqual(0);
    },
  );

  it('identical rivals: the winner pays its own value and keeps exactly its minimum profit on each call', () => {
    // Second-price auction between two bidders of equal value v = yield − gas − calls·minProfit: the winner pays the
    // runner-up's bid, v, so it keeps calls·minProfit (10 USD a call) when the bid prices the calls as executed.
    const ledger = auctionLedger({});
    expect(ledger.wonCalls).toBeGreaterThan(100);
    expect(ledger.realisedUsd - ledger.paidUsd).toBeCloseTo(10 * ledger.wonCalls, 3);
  });
});
