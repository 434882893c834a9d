// Scenario schema: keepers and arbitrageurs (part of schema.ts).
import { z } from 'zod';
import { id, nonNegative, positive, usdAmount } from './schema-primitives.js';

export const keeper = z.strictObject({
  id: id.describe('keeper id, used in reports'),
  capitalUsd: usdAmount.describe(
    'USD of debt the keeper can repay per block; capital recycles every block (seized collateral is sold at once), so this caps each block, not the run',
  ),
  gasUnits: nonNegative.default(400_000).describe('gas units per liquidation (liquidationCall + swap)'),
  latencyBlocks: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(0)
    .describe('blocks an account must have been liquidatable (at the oracle price) before this keeper acts on it'),
  minProfitUsd: nonNegative
    .default(0)
    .describe('liquidate only when sale proceeds − debt repaid − gas cost exceeds this, USD'),
  priorityFeeGwei: nonNegative
    .default(2)
    .describe(
      "tip per gas unit, gwei: orders the keeper's transaction in the block (higher first) and adds to its gas cost",
    ),
  maxLiquidationsPerBlock: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1000)
    .describe('most liquidation calls this keeper makes in one block, across all protocols'),
  auctionBidding: z
    .enum(['value', 'minimum', 'competitive'])
    .default('value')
    .describe(
      "English auctions (maker-flip): 'value' bids up to what the lot would sell for less gas and minProfitUsd; 'minimum' always bids the least the auction accepts (a near-zero opening bid, then beg steps), never more than that value; 'competitive' opens at the least and, once a rival has bid, bids its value (alone it wins for nothing)",
    ),
  maxFeeGwei: positive
    .max(1e9)
    .optional()
    .describe(
      'under chain.feeMarket: gas budget, the most paid per gas (base fee included), gwei; when the going price is above it the keeper is priced out (default: no cap)',
    ),
  gasBidding: z
    .enum(['fixed', 'pga'])
    .default('fixed')
    .describe(
      "under chain.feeMarket: 'fixed' tips priorityFeeGwei; 'pga' joins a priority gas auction against other pga keepers, raising its tip up to what the block's instant liquidations are worth to it",
    ),
  revertGasUnits: nonNegative
    .max(1e8)
    .default(30_000)
    .describe(
      'under chain.feeMarket: gas a keeper transaction burns when it lands with nothing left to do (a lost race reverts early)',
    ),
  routing: z
    .enum(['best-venue', 'split'])
    .default('best-venue')
    .describe(
      "how the keeper sells what it seizes: all on the venue that pays most ('best-venue'), or split across every venue of the asset for the most proceeds, as an aggregator would ('split')",
    ),
  maxTxGas: positive
    .max(1e9)
    .default(5_000_000)
    .describe(
      'under chain.feeMarket: gas cap of one keeper transaction; it carries as many calls (gasUnits each) as fit, so block space limits liquidations per block',
    ),
});

export const arbitrageur = z.strictObject({
  id: id.describe('arbitrageur id, used in reports'),
  capitalUsd: usdAmount.describe(
    'USD the arbitrageur can spend buying per block, across all venue pairs; recycles every block',
  ),
  gasUnits: nonNegative.default(150_000).describe('gas units per arbitrage (one buy and one sell)'),
  priorityFeeGwei: nonNegative
    .default(3)
    .describe(
      'tip per gas unit, gwei, added to its gas cost (arbitrage runs at the top of each block, before oracles and keepers)',
    ),
  minProfitUsd: nonNegative
    .default(0)
    .describe('trade a venue pair only when the profit after fees and gas exceeds this, USD'),
  routing: z
    .enum(['pairs', 'split'])
    .default('pairs')
    .describe(
      "'pairs': trade every pair of venues of an asset (one chain) in turn; 'split': trade each venue against all the others at once, splitting the other leg across them as an aggregator would",
    ),
});
