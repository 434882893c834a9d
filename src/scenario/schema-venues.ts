import { z } from 'zod';
import { boundedImpactFields } from './schema-impact.js';
import { id, nonNegative, positive, usdSize } from './schema-primitives.js';
import { curveVenue, orderBookSnapshotField } from './schema-venue-curve.js';
import { uniswapV3Venue } from './schema-venue-uniswap-v3.js';

// Venue entries of a scenario: where assets trade.

const baseSymbol = id.describe('symbol of the asset traded');
const quoteSymbol = id.describe(
  'symbol of the asset prices are quoted in: a $1 stablecoin, so venue prices are USD per unit of base',
);

const offchainVenue = z
  .strictObject({
    type: z
      .literal('offchain')
      .describe(
        'the broad off-chain market (centralised exchanges in aggregate): the fundamental price moved by transient, decaying price impact',
      ),
    id: id.describe('venue id, named by oracles[].sources'),
    chain: id
      .optional()
      .describe('chain the venue is on (default: the main chain); arbitrageurs pair venues of one chain only'),
    base: baseSymbol,
    quote: quoteSymbol,
    depthUsdPer1Pct: usdSize.describe(
      'D: net USD (valued at the fundamental) whose sale from rest moves the price down 1%',
    ),
    impact: z
      .enum(['linear', 'sqrt', 'bounded'])
      .default('bounded')
      .describe(
        'impact curve: price = fundamental·0.99^(V/D) (linear: every D sold moves the price 1% more), ' +
          'fundamental·0.99^(sign(V)·sqrt(|V|/D)) (sqrt: square-root law, 4·D moves it 2%), or bounded (linear up to crossoverDepths, ' +
          'square root beyond, value buyers absorbing a growing share as the gap widens toward maxGapPct; docs/impact.md), where D = depthUsdPer1Pct and ' +
          'V = net USD sold into this market (at the fundamental) not yet decayed, negative after net purchases; trades fill along the curve',
      ),
    ...boundedImpactFields,
    resilienceHalfLifeSeconds: nonNegative
      .default(600)
      .describe(
        'half-life of V, seconds: each block V decays by 2^(−blockTimeSeconds/half-life) (0 = impact gone by the next block)',
      ),
    feeBps: nonNegative.max(1000).default(0).describe('taker fee on the quote side, basis points'),
  })
  .refine((v) => v.valueBuyersFromPct < v.maxGapPct, {
    message: 'valueBuyersFromPct must be below maxGapPct',
    path: ['maxGapPct'],
  });

const cpammVenue = z.strictObject({
  type: z.literal('cpamm').describe('an on-chain constant-product pool (x·y = k, Uniswap v2 style)'),
  id: id.describe('venue id, named by oracles[].sources'),
  chain: id
    .optional()
    .describe('chain the venue is on (default: the main chain); arbitrageurs pair venues of one chain only'),
  base: baseSymbol,
  quote: quoteSymbol,
  liquidityUsd: usdSize.describe('value of both reserves at the initial price, USD (half in each reserve)'),
  feeBps: nonNegative
    .max(1000)
    .default(30)
    .describe('swap fee taken from the input amount, basis points (Uniswap v2: 30)'),
});

const vammVenue = z.strictObject({
  type: z
    .literal('vamm')
    .describe(
      "a perpetual market's virtual constant-product curve (no real reserves): trades, liquidations included, move the price it sets",
    ),
  id: id.describe('venue id, named by oracles[].sources and perp markets'),
  chain: id
    .optional()
    .describe('chain the venue is on (default: the main chain); arbitrageurs pair venues of one chain only'),
  base: baseSymbol,
  quote: quoteSymbol,
  liquidityUsd: usdSize.describe('value of both virtual reserves at the initial price, USD (k = x·y)'),
  feeBps: nonNegative.max(1000).default(0).describe('trading fee, basis points'),
});

const orderBookVenue = z
  .strictObject({
    type: z
      .literal('orderbook')
      .describe("a perpetual market's limit order book, quoted by market makers around the mid; market orders walk it"),
    id: id.describe('venue id, named by oracles[].sources and perp markets'),
    chain: id
      .optional()
      .describe('chain the venue is on (default: the main chain); arbitrageurs pair venues of one chain only'),
    base: baseSymbol,
    quote: quoteSymbol,
    ...orderBookSnapshotField,
    depthUsdPer1Pct: usdSize
      .optional()
      .describe(
        'USD (valued at the mid) whose sale into the full book moves the mid down 1%, as for offchain venues; every level holds the same quote, scaled to give this (required without snapshot)',
      ),
    halfSpreadBps: nonNegative.max(1000).default(1).describe('half spread at the top of the book, basis points'),
    levelStepBps: positive.max(1000).default(10).describe('price step between levels, basis points of the mid'),
    levels: z.number().int().min(1).max(10_000).default(200).describe('levels quoted on each side'),
    refillHalfLifeSeconds: nonNegative
      .default(60)
      .describe(
        'each block market makers re-centre their quotes on the current mid and refill consumed levels toward the profile with this half-life, seconds (resilience)',
      ),
    pullOnVolatility: z
      .strictObject({
        windowSeconds: positive.describe('window of the realised volatility of the mid, seconds'),
        thresholdAnnual: positive.describe('annualised volatility above which market makers pull liquidity'),
        keepFraction: z
          .number()
          .gt(0)
          .max(1)
          .describe('share of the profile they keep quoting above the threshold (> 0: a book must keep some quotes)'),
      })
      .optional()
      .describe('market makers pull liquidity when volatility spikes'),
    feeBps: nonNegative.max(1000).default(0).describe('taker fee, basis points'),
  })
  .refine((book) => book.halfSpreadBps + (book.levels - 1) * book.levelStepBps < 10_000, {
    // Levels sit halfSpreadBps + k·levelStepBps below the mid: the deepest bid must keep a positive price.
    message:
      'halfSpreadBps + (levels − 1)·levelStepBps must be below 10000 bps, so the deepest bid has a positive price',
    path: ['levels'],
  })
  .refine((book) => book.snapshot !== undefined || book.depthUsdPer1Pct !== undefined, {
    message: 'depthUsdPer1Pct is required unless the book starts from a snapshot',
    path: ['depthUsdPer1Pct'],
  });

const stableSwapVenue = z.strictObject({
  type: z
    .literal('stableswap')
    .describe(
      'a Curve StableSwap pool: flat near its peg, constant-product-like far from it (stablecoins, liquid-staking tokens)',
    ),
  id: id.describe('venue id, named by oracles[].sources'),
  chain: id
    .optional()
    .describe('chain the venue is on (default: the main chain); arbitrageurs pair venues of one chain only'),
  base: baseSymbol,
  quote: quoteSymbol,
  liquidityUsd: usdSize.describe('value of both reserves at the peg, USD (half each)'),
  amplification: positive
    .max(1e6)
    .default(100)
    .describe("Curve's A as its contract reports it (A() = A·n^(n−1)), e.g. 100"),
  feeBps: nonNegative.max(1000).default(4).describe('swap fee taken from the output, basis points (Curve: 4)'),
  pegPrice: positive
    .optional()
    .describe('price of base in quote at which the pool is balanced (default: the base asset’s price at block 0)'),
});

/** A trading venue: the broad off-chain market, a constant-product or StableSwap pool, or a perpetual market's vAMM or
 * order book. */
export const venueSchema = z.discriminatedUnion('type', [
  offchainVenue,
  cpammVenue,
  stableSwapVenue,
  vammVenue,
  orderBookVenue,
  curveVenue,
  uniswapV3Venue,
]);
