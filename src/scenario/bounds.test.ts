import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';
import { readPriceCsv } from './price-csv.js';
import { ScenarioProblems } from './problems.js';

const shipped = readFileSync(new URL('../../scenarios/gbm-day.yaml', import.meta.url), 'utf8');

function messagesWith(sets: string[]): string[] {
  try {
    parseScenario(shipped, 'gbm-day.yaml', sets);
  } catch (error) {
    if (error instanceof ScenarioProblems) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

const priceReason =
  'a run moves a price up to 1e12 times either way, and prices times amounts must stay finite float64 numbers';
const usdReason = 'more than ten times the yearly output of the world; amounts beyond it overflow float64 products';

describe('values run could not carry are refused by validation, naming the field and why', () => {
  it.each([
    ['assets.0.price.initial', '1e308', `must be from 1e-9 to 1e9 (got 1e+308): ${priceReason}`],
    ['assets.0.price.initial', '1e-320', `must be from 1e-9 to 1e9 (got 1e-320): ${priceReason}`],
    ['protocols.0.borrowers.collateralUsd.median', '1e308', `must be from 1 to 1e15 (got 1e+308): ${usdReason}`],
    ['venues.1.liquidityUsd', '1e308', `must be from 1 to 1e15 (got 1e+308): ${usdReason}`],
    [
      'venues.0.depthUsdPer1Pct',
      '1e-300',
      'must be from 1 to 1e15 (got 1e-300): less than 1 USD holds no market or position; impact and health would ' +
        'divide by almost nothing',
    ],
    ['keepers.0.capitalUsd', '2e15', `must be > 0 and ≤ 1e15 (got 2000000000000000): ${usdReason}`],
  ])('%s = %s', (field, value, message) => {
    expect(messagesWith([`${field}=${value}`])).toEqual([`${field}: ${message}`]);
  });

  it('the edges of the ranges are allowed', () => {
    expect(
      messagesWith(['assets.0.price.initial=1e-9', 'venues.1.liquidityUsd=1e15', 'venues.0.depthUsdPer1Pct=1']),
    ).toEqual([]);
  });

  it('a CSV price out of the same range is refused at its row and column', () => {
    const reading = readPriceCsv('timestamp,price\n1700000000,2000\n1700000060,1e308\n1700000120,1e-10\n', 'p.csv');
    expect(reading.problems.map((p) => p.text)).toEqual([
      'p.csv:3: column "price": expected a price from 1e-9 to 1000000000 USD per unit (as an asset\'s initial price), got "1e308"',
      'p.csv:4: column "price": expected a price from 1e-9 to 1000000000 USD per unit (as an asset\'s initial price), got "1e-10"',
    ]);
  });
});

describe('a cascade hunter whose histogram would not fit', () => {
  const hunt = readFileSync(new URL('../../scenarios/cascade-hunt.yaml', import.meta.url), 'utf8');
  const problems = (sets: string[]): string[] => {
    try {
      parseScenario(hunt, 'cascade-hunt.yaml', sets);
    } catch (error) {
      if (error instanceof ScenarioProblems) return error.problems.map((p) => `${p.field}: ${p.message}`);
      throw error;
    }
    return [];
  };

  it('refuses more than 10,000 buckets (searchDepthPct / bucketPct) at bucketPct, allows exactly 10,000', () => {
    // searchDepthPct 10 over bucketPct 0.0009: 11,112 buckets; over 0.001: 10,000.
    const message =
      "adversaries.0.bucketPct: searchDepthPct / bucketPct (the liquidation-price histogram's buckets) must be at " +
      'most 10,000: widen bucketPct or narrow searchDepthPct';
    expect(problems(['adversaries.0.searchDepthPct=10', 'adversaries.0.bucketPct=0.0009'])).toEqual([
      `${message} (got 0.0009)`,
    ]);
    expect(problems(['adversaries.0.searchDepthPct=10', 'adversaries.0.bucketPct=0.001'])).toEqual([]);
  });
});

describe("a perp exchange's log-normal notional", () => {
  const perp = readFileSync(new URL('../../scenarios/perp-long-crash.yaml', import.meta.url), 'utf8');
  const problems = (sets: string[]): string[] => {
    try {
      parseScenario(perp, 'perp-long-crash.yaml', sets);
    } catch (error) {
      if (error instanceof ScenarioProblems) return error.problems.map((p) => `${p.field}: ${p.message}`);
      throw error;
    }
    return [];
  };

  it('σ above 5 is refused at the field (σ = 1.2e6 drew infinite notionals and a NaN metric at run time)', () => {
    expect(problems(['protocols.0.traders.notionalUsd.sigma=1200000'])).toEqual([
      'protocols.0.traders.notionalUsd.sigma: must be from 0 to 5 (got 1200000)',
    ]);
    expect(problems(['protocols.0.traders.notionalUsd.sigma=5'])).toEqual([]);
  });
});
