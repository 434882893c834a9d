import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/analysis/run.js';
import type { RunResult } from '../../src/analysis/result.js';
import { feeWorld, type FeeWorldKnobs } from './fee-market-fixture.js';

const runs = new Map<string, RunResult>();
/** Each world once per file (same seed throughout). */
function run(knobs: FeeWorldKnobs): RunResult {
  const key = JSON.stringify(knobs);
  if (!runs.has(key)) runs.set(key, runScenario(feeWorld(knobs)));
  return runs.get(key) as RunResult;
}
const column = (r: RunResult, name: string) => r.series.find((c) => c.name === name)?.values as Float64Array;

describe('consequences of a fee market (same seed, same shock)', () => {
  it('under a congestion spike oracle publication lags behind the market; with the spike off it does not', () => {
    const calm = run({ oracleMaxFeeGwei: 60 });
    const congested = run({ spike: 10, oracleMaxFeeGwei: 60 });
    const calmOracle = calm.chain?.transactions.oracle;
    const congestedOracle = congested.chain?.transactions.oracle;
    // Calm: the base fee stays near 20 gwei, under the oracle's 60 gwei budget: every answer lands in its block.
    expect(calmOracle?.included).toBeGreaterThan(10);
    expect(calmOracle?.maxDelayBlocks).toBe(0);
    expect(calmOracle?.dropped).toBe(0);
    // Spike: background demand 10× pushes the base fee past 60 gwei, so answers wait (or expire and are re-sent).
    expect(congested.chain?.maxBaseFeeGwei).toBeGreaterThan(60);
    expect(congestedOracle?.maxDelayBlocks).toBeGreaterThanOrEqual(10);
    expect((congestedOracle?.dropped ?? 0) + (congestedOracle?.included ?? 0)).toBeGreaterThan(
      congestedOracle?.included ?? 0,
    );
    // The visible answer is older on average.
    expect(congested.chain?.oracleAgeSeconds['eth-usd'].mean).toBeGreaterThan(
      (calm.chain?.oracleAgeSeconds['eth-usd'].mean ?? 0) * 1.2,
    );
  });

  it('a keeper whose gas budget is below the base fee never liquidates in those blocks', () => {
    const r = run({ spike: 10, keeperMaxFeeGwei: 60 });
    const baseFee = column(r, 'gas:baseFeeGwei');
    const liquidations = column(r, 'liquidations');
    const unsafe = column(r, 'unsafeAccounts');
    let pricedOutWithWork = 0;
    for (let b = 1; b < baseFee.length; b++) {
      if (baseFee[b] <= 60) continue;
      // EIP-1559: a transaction whose max fee is below the base fee cannot be included.
      expect(liquidations[b]).toBe(0);
      if (unsafe[b - 1] > 0) pricedOutWithWork += 1;
    }
    // Not vacuous: there were blocks with liquidatable accounts that the keepers could not reach.
    expect(pricedOutWithWork).toBeGreaterThan(0);
  });

  it('owners priced out of top-ups: fewer top-ups land, some expire, and more accounts are liquidated', () => {
    const free = run({ spike: 10 });
    const capped = run({ spike: 10, topUpMaxFeeGwei: 40 });
    const cappedTopUps = capped.chain?.transactions['top-up'];
    expect(capped.metrics.topUps).toBeLessThan(free.metrics.topUps);
    expect(cappedTopUps?.dropped).toBeGreaterThan(0);
    expect(cappedTopUps?.meanDelayBlocks).toBeGreaterThan(free.chain?.transactions['top-up']?.meanDelayBlocks ?? 0);
    expect(capped.metrics.liquidations).toBeGreaterThan(free.metrics.liquidations);
  });

  it('priority gas auction: a lone bot keeps its profit; rival bots hand a large share of it to the block producer', () => {
    const share = (r: RunResult) => {
      const tips = r.chain?.transactions.liquidation?.tipsUsd ?? 0;
      return tips / (tips + r.metrics.keeperProfitUsd);
    };
    const one = run({ gasBidding: 'pga', keepers: 1 });
    const two = run({ gasBidding: 'pga', keepers: 2 });
    const four = run({ gasBidding: 'pga', keepers: 4 });
    // Alone, a bot tips its 2 gwei: well under 1% of what it makes.
    expect(share(one)).toBeLessThan(0.01);
    // Two bots of equal value raise each other to about the opportunity's value.
    expect(share(two)).toBeGreaterThan(0.4);
    expect(share(four)).toBeGreaterThanOrEqual(share(two));
    // Losers' transactions land, find nothing, and burn their revert gas: more liquidation transactions than calls.
    expect(two.chain?.transactions.liquidation?.included).toBeGreaterThan(two.metrics.liquidations);
  });

  it('priority gas auction: rivals that may not yet take the block’s new accounts (latency) do not bid for them', () => {
    const share = (r: RunResult) => {
      const tips = r.chain?.transactions.liquidation?.tipsUsd ?? 0;
      return tips / (tips + r.metrics.keeperProfitUsd);
    };
    // A keeper with latency L liquidates an account only L blocks after it became unsafe, so its contest value is
    // what its own calls would yield: not the accounts the latency-0 keeper can take this block. Rivals of equal
    // value hand the producer about half (test above); rivals of latency 1 and 3 have little left to contest.
    const equal = run({ gasBidding: 'pga', keepers: 2 });
    const slowRivals = run({ gasBidding: 'pga', keepers: 3, latencyBlocks: [3, 1, 0] });
    expect(share(equal)).toBeGreaterThan(0.4);
    expect(share(slowRivals)).toBeLessThan(0.1);
    expect(Math.abs(slowRivals.metrics.liquidations - equal.metrics.liquidations)).toBeLessThanOrEqual(
      0.05 * equal.metrics.liquidations,
    );
  });

  it('OEV recapture: selling the right to liquidate returns the race money to the protocol instead of the producer', () => {
    const race = run({ gasBidding: 'pga', keepers: 2 });
    const auctioned = run({ gasBidding: 'pga', keepers: 2, oevProtocolShare: 0.8 });
    const oev = auctioned.chain?.oev?.[0];
    expect(oev?.auctions).toBeGreaterThan(0);
    // Each payment is split 80/20 between the protocol's fund and the operator.
    expect(oev && oev.recapturedUsd / (oev.recapturedUsd + oev.operatorUsd)).toBeCloseTo(0.8, 12);
    const raceTips = race.chain?.transactions.liquidation?.tipsUsd ?? 0;
    const auctionTips = auctioned.chain?.transactions.liquidation?.tipsUsd ?? 0;
    expect(auctionTips).toBeLessThan(0.05 * raceTips);
    expect(oev?.recapturedUsd).toBeGreaterThan(0.5 * raceTips);
    // The same accounts are liquidated either way (give or take the race's ordering).
    expect(Math.abs(auctioned.metrics.liquidations - race.metrics.liquidations)).toBeLessThanOrEqual(
      0.05 * race.metrics.liquidations,
    );
  });

  it('same scenario and seed give identical chain reports', () => {
    const knobs: FeeWorldKnobs = { spike: 10, oracleMaxFeeGwei: 60, gasBidding: 'pga' };
    expect(JSON.stringify(runScenario(feeWorld(knobs)).chain)).toBe(JSON.stringify(run(knobs).chain));
  });
});
