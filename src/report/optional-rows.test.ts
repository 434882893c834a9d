import { describe, expect, it } from 'vitest';
import { fixtureResult } from './fixture.test-helper.js';
import { summaryTable } from './summary-table.js';
import { optionalGroups } from './optional-rows.js';

describe('optionalGroups', () => {
  it('adds nothing to a run without a fee market, English auctions or adversaries', () => {
    expect(optionalGroups(fixtureResult())).toEqual([]);
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
        transactions: { oracle: { submitted: 30, replaced: 1, underpriced: 0, included: 25, dropped: 4, meanDelayBlocks: 11.04, maxDelayBlocks: 276, gasUsed: 2.5e6, tipsUsd: 15, burnedUsd: 0 } },
        producerTipsUsd: 24_772.27,
        oracleAgeSeconds: { osm: { mean: 6955.3, max: 25_181 } },
      },
      auctions: [{ protocol: 'maker', settled: 100, zeroBid: 40, zeroBidShare: 0.4, zeroBidCollateralUsd: 1e6, bidToTab: 0.5, badDebtUsd: 2e6, open: 3 }],
      adversaries: [
        { id: 'hunter', type: 'cascade-hunter', capitalUsd: 5e5, borrowedUsd: 1e6, revenueUsd: 1.2e6, costUsd: 1e6, profitUsd: 2e5, protocolLossUsd: 7.5e4, executedBlock: 5, details: {} },
      ],
    });
    expect(optionalGroups(result).map((g) => g.title)).toEqual(['Chain (fee market)', 'English auctions: maker', 'Adversary: hunter (cascade-hunter)']);
    const text = summaryTable(result);
    expect(text).toMatch(/Peak clearing gas price \[gwei\] +225$/m);
    expect(text).toMatch(/oracle transactions included \[count\] +25$/m);
    expect(text).toMatch(/ {2}peak delay \[blocks\] +276$/m);
    expect(text).toMatch(/Oracle osm answer age, peak \[s\] +25,181$/m);
    expect(text).toMatch(/Zero-bid share \[%\] +40\.00%$/m);
    expect(text).toMatch(/Profit \[USD\] +200,000\.00$/m);
    expect(text).toMatch(/Paid off +yes$/m);
  });
});
