import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/analysis/run.js';
import { englishAuctionWorld } from './english-auction-fixture.js';

describe('English (Flipper) auctions on a congested chain (same seed, same crash)', () => {
  const calm = runScenario(englishAuctionWorld(false));
  const congested = runScenario(englishAuctionWorld(true));
  const calmAuctions = calm.auctions?.[0];
  const congestedAuctions = congested.auctions?.[0];

  it('competitive clearing when both keepers can get bids in: no zero bids, tabs covered, no bad debt', () => {
    expect(calmAuctions?.settled).toBeGreaterThan(50);
    expect(calmAuctions?.zeroBid).toBe(0);
    // Two bidders who each value the lot above the tab push the bid to the tab (then dent): bids cover the tabs.
    expect(calmAuctions?.bidToTab).toBeGreaterThan(0.99);
    expect(calm.metrics.badDebtUsd).toBe(0);
  });

  it('zero-bid wins when the rival keeper is priced out: the lone bidder takes the lots for one rad and the principal is bad debt', () => {
    // Background users bid 150 gwei for more than a block; the 50 gwei keeper never gets a transaction in.
    expect(congestedAuctions?.settled).toBeGreaterThan(50);
    expect(congestedAuctions?.zeroBidShare).toBeGreaterThan(0.9);
    expect(congestedAuctions?.bidToTab).toBeLessThan(1e-6);
    // flip.sol deal with a one-rad bid repays nothing: the bad debt is the principal of those auctions.
    expect(congested.metrics.badDebtUsd).toBeGreaterThan(0.5 * (congestedAuctions?.zeroBidCollateralUsd ?? 0));
    expect(congested.metrics.badDebtUsd).toBeCloseTo(congestedAuctions?.badDebtUsd ?? -1, 6);
  });
});
