import { describe, expect, it } from 'vitest';
import { fixtureResult } from './fixture.test-helper.js';
import { summaryTable } from './summary-table.js';
import { optionalGroups } from './optional-rows.js';

describe('optionalGroups', () => {
  it('adds nothing to a run without a fee market, English auctions or adversaries', () => {
    expect(optionalGroups(fixtureResult())).toEqual([]);
  });

  it('says when an atomic attack reverted (only its gas paid)', () => {
    const reverted = {
      id: 'fl',
      type: 'flash-loan',
      capitalUsd: 0,
      borrowedUsd: 0,
      revenueUsd: 0,
      costUsd: 210,
      profitUsd: -210,
      protocolLossUsd: 0,
      borrowerLossUsd: 0,
      executedBlock: 9,
      details: { reverted: 1 },
    };
    expect(summaryTable(fixtureResult({ adversaries: [reverted] }))).toMatch(
      /Transactions reverted \(could not repay, gas only\) \[count\] +1$/m,
    );
    expect(summaryTable(fixtureResult({ adversaries: [{ ...reverted, details: {} }] }))).not.toMatch(/reverted/);
  });

  it('shows the fee market, the English auctions and each adversary when the run has them', () => {
    const result = fixtureResult({
      chain: {
        mode: 'first-price',
        meanBaseFeeGwei: 0,
        maxBaseFeeGwei: 0,
        meanGasPriceGwei: 53.5,
        maxGasPriceGwei: 225,
        fullBlockShare: 0.25,
        transactions: {
          oracle: {
            submitted: 30,
            replaced: 1,
            underpriced: 0,
            included: 25,
            dropped: 4,
            meanDelayBlocks: 11.04,
            maxDelayBlocks: 276,
            gasUsed: 2.5e6,
            tipsUsd: 15,
            burnedUsd: 0,
          },
        },
        producerTipsUsd: 24_772.27,
        oracleAgeSeconds: { osm: { mean: 6955.3, max: 25_181 } },
      },
      auctions: [
        {
          protocol: 'maker',
          settled: 100,
          zeroBid: 40,
          zeroBidShare: 0.4,
          zeroBidCollateralUsd: 1e6,
          bidToTab: 0.5,
          badDebtUsd: 2e6,
          open: 3,
        },
      ],
      perps: [
        {
          protocol: 'dex',
          marginMode: 'cross',
          liquidations: 12,
          accountsLiquidated: 10,
          byMarket: [
            { market: 'ETH-PERP', longCloses: 9, shortCloses: 3, longNotionalUsd: 900_000, shortNotionalUsd: 30_000 },
          ],
          insuranceFund: { startUsd: 1e6, minUsd: 0, endUsd: 0, feesUsd: 5_000, paidUsd: 1_005_000 },
          adl: { fills: 7, notionalUsd: 123_456.78, events: [] },
          socialisedLossUsd: 0,
          uncoveredDeficitUsd: 0,
          backstop: { takeovers: 2, notionalUsd: 50_000, pnlUsd: -1_234.5 },
          maxMarkIndexDeviation: 0.031,
          blocksToRecovery: 14,
          fundingPaidByLongsUsd: 100,
          marginDeposits: 3,
          marginDepositedUsd: 9_000,
        },
      ],
      adversaries: [
        {
          id: 'hunter',
          type: 'cascade-hunter',
          capitalUsd: 5e5,
          borrowedUsd: 1e6,
          revenueUsd: 1.2e6,
          costUsd: 1e6,
          profitUsd: 2e5,
          protocolLossUsd: 0,
          borrowerLossUsd: 7.5e4,
          executedBlock: 5,
          details: {},
        },
      ],
    });
    expect(optionalGroups(result).map((g) => g.title)).toEqual([
      'Chain (fee market)',
      'English auctions: maker',
      'Perp exchange: dex',
      'Adversary: hunter (cascade-hunter)',
    ]);
    const text = summaryTable(result);
    expect(text).toMatch(/Peak clearing gas price \[gwei\] +225$/m);
    expect(text).toMatch(/oracle transactions included \[count\] +25$/m);
    expect(text).toMatch(/ {2}peak delay \[blocks\] +276$/m);
    expect(text).toMatch(/Oracle osm answer age, peak \[s\] +25,181$/m);
    expect(text).toMatch(/Zero-bid share \[%\] +40\.00%$/m);
    expect(text).toMatch(/Profit \[USD\] +200,000\.00$/m);
    expect(text).toMatch(/Paid off +yes$/m);
    expect(text).toMatch(/ETH-PERP longs liquidated \[USD\] +900,000\.00$/m);
    expect(text).toMatch(/Insurance fund minimum \[USD\] +0\.00$/m);
    expect(text).toMatch(/ADL notional \[USD\] +123,456\.78$/m);
    expect(text).toMatch(/Backstop vault PnL \[USD\] +-1,234\.50$/m);
    expect(text).toMatch(/Blocks to recovery \[blocks\] +14$/m);
  });
});
