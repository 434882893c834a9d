import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { buildWorld } from '../../src/world/build-world.js';
import { stepBlock } from '../../src/world/block-order.js';
import { Invariants } from '../../src/analysis/metrics/invariants.js';
import { MakerFlipLiquidation } from '../../src/protocol/mechanisms/maker-flip.js';
import { ONE_RAD } from '../../src/liquidation/maker-1.2/flipper.js';
import { makerVaultWorld } from './maker-world.js';
import { attribution } from '../../src/attribution/cascade-generations.js';

/** English auctions with ttl 4 min and tau 30 min, with the given keepers. */
function flipWorld(keepers: string): string {
  return makerVaultWorld(
    'maker-flip-e2e',
    '{ type: maker-flip, chop: 1.13, dunkUsd: 50000, beg: 1.05, ttlSeconds: 240, tauSeconds: 1800 }',
    keepers,
  );
}

/** Runs the world with every conservation law checked after every block; returns the protocol and its Flipper
 * mechanism. */
function run(keepers: string) {
  const world = buildWorld(parseScenario(flipWorld(keepers), 'maker-flip.yaml'), { attribution });
  const invariants = new Invariants(world);
  for (let b = 0; b < world.blocks; b++) {
    stepBlock(world);
    invariants.check();
  }
  const protocol = world.protocols[0];
  expect(protocol.mechanism).toBeInstanceOf(MakerFlipLiquidation);
  return { world, protocol, mechanism: protocol.mechanism as MakerFlipLiquidation };
}

describe('Maker Liquidations 1.2 in a world', () => {
  it('competing keepers: auctions are kicked, bid to tab, dented, dealt; dents return collateral to owners', () => {
    const { world, protocol, mechanism } = run(`
  - { id: fast, capitalUsd: 3000000, latencyBlocks: 0, priorityFeeGwei: 3 }
  - { id: slow, capitalUsd: 2000000, latencyBlocks: 1, minProfitUsd: 20, priorityFeeGwei: 2 }
  - { id: stingy, capitalUsd: 1000000, priorityFeeGwei: 1, auctionBidding: minimum }`);
    const { ledger } = protocol;
    expect(mechanism.flipper.kickCount).toBeGreaterThan(10);
    expect(mechanism.deals.length).toBeGreaterThan(10);
    // Every kick took collateral from a vault: one protocol liquidation per bite.
    expect(ledger.liquidations).toBe(mechanism.flipper.kickCount);
    const dented = mechanism.deals.filter((d) => d.lot < d.initialLot);
    expect(dented.length).toBeGreaterThan(0);
    // Dented auctions reached tab (dent needs bid = tab); nobody bids above tab.
    for (const deal of dented) expect(deal.bid).toBe(deal.tab);
    for (const deal of mechanism.deals) expect(deal.bid).toBeLessThanOrEqual(deal.tab);
    // Collateral returned = what dents took off dealt lots + what they took off lots still at auction.
    let returned = 0;
    for (const deal of mechanism.deals) returned += deal.initialLot - deal.lot;
    for (const id of mechanism.flipper.liveIds()) returned += mechanism.flipper.auction(id)?.returnedToOwner ?? 0;
    expect(ledger.collateralReturned).toBeGreaterThan(0);
    expect(ledger.collateralReturned).toBeCloseTo(returned, 9);
    // Bids at tab pay principal·chop: penalties collected are 13% of the principal of those auctions.
    const atTab = mechanism.deals.filter((d) => d.bid === d.tab);
    const chopOfAtTab = atTab.reduce((sum, d) => sum + d.tab - d.principal, 0);
    expect(ledger.protocolFeesUsd).toBeGreaterThanOrEqual(chopOfAtTab * (1 - 1e-9));
    // With value keepers in the race, no lot goes for a near-zero bid.
    for (const deal of mechanism.deals) expect(deal.bid).toBeGreaterThan(0.5 * deal.principal);
    // The winners are the keepers who received the collateral.
    const received = world.keepers.reduce((sum, k) => sum + k.collateralReceived, 0);
    const dealtLots = mechanism.deals.reduce((sum, d) => sum + d.lot, 0);
    expect(received).toBeCloseTo(dealtLots, 9);
  });

  it('a lone minimum-bidding keeper wins every auction for one rad: all principal becomes bad debt', () => {
    const { world, protocol, mechanism } = run(`
  - { id: stingy, capitalUsd: 1000000, auctionBidding: minimum }`);
    const { ledger } = protocol;
    expect(mechanism.deals.length).toBeGreaterThan(10);
    let principalUsd = 0;
    for (const deal of mechanism.deals) {
      expect(deal).toMatchObject({ winner: 'stingy', bid: ONE_RAD, lot: deal.initialLot });
      principalUsd += deal.principal * protocol.debtPrice;
    }
    // Each deal repays one rad and writes off the rest of its principal (1e-45 vanishes against it).
    expect(ledger.badDebtUsd).toBeCloseTo(principalUsd, 6);
    // No chop raised; each borrower lost its lot at the oracle when bitten and was freed of its principal.
    expect(ledger.protocolFeesUsd).toBe(0);
    expect(ledger.penaltiesUsd).toBeCloseTo(ledger.collateralSeizedUsd - principalUsd, 3);
    expect(ledger.collateralReturned).toBe(0);
    // The insurance fund (100,000) pays first; the rest is uncovered.
    expect(protocol.fund.usedUsd).toBeCloseTo(Math.min(100_000, principalUsd), 6);
    expect(protocol.fund.uncoveredUsd).toBeCloseTo(Math.max(0, principalUsd - 100_000), 6);
    const keeper = world.keepers[0];
    expect(keeper.collateralReceived).toBeCloseTo(ledger.collateralToLiquidators, 9);
    expect(keeper.profitUsd).toBeGreaterThan(0.9 * principalUsd);
  });
});
