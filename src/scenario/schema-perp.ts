import { z } from 'zod';
import { fraction, id, nonNegative, positive, range, usdSize } from './schema-primitives.js';
import { perpBookFile } from './schema-books.js';

const bracket = z.strictObject({
  notionalCapUsd: positive.describe('upper notional of the bracket, USD (the last bracket may be 1e300 for "no cap")'),
  maintenanceMarginRate: z.number().gt(0).lt(1).describe('maintenance margin rate inside the bracket'),
});

const maintenance = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('flat').describe('one maintenance margin fraction for every size') }),
    z.strictObject({
      type: z
        .literal('tiers')
        .describe('Binance-style brackets: maintenance = notional × rate − cumulative amount of the bracket'),
      brackets: z.array(bracket).min(1).describe('brackets by ascending notional cap'),
    }),
  ])
  .prefault({ type: 'flat' });

const initialMargin = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('flat').describe('initialMarginFraction for every size') }),
    z.strictObject({
      type: z
        .literal('oi-scaled')
        .describe(
          'dYdX v4: the fraction rises from initialMarginFraction at lowerCapUsd of open interest to 1 at upperCapUsd',
        ),
      lowerCapUsd: nonNegative.describe('open interest (USD) below which the base fraction applies'),
      upperCapUsd: positive.describe('open interest (USD) at which the fraction reaches 1'),
    }),
    z.strictObject({
      type: z
        .literal('size-premium')
        .describe('Drift: margin ratios grow with the square root of the position size (imfFactor)'),
      imfFactor: nonNegative.describe('Drift imf_factor as a plain number (their 1e6 precision divided out)'),
    }),
  ])
  .prefault({ type: 'flat' });

const perpMarket = z.strictObject({
  id: id.describe('market id, e.g. ETH-PERP'),
  asset: id.describe('underlying asset'),
  indexOracle: id.describe('oracle giving the index price (spot, e.g. the off-chain market)'),
  markOracle: id.describe(
    'oracle giving the mark price that margins are computed at (may include the perp venue, so liquidations move it)',
  ),
  venue: id.describe('venue (orderbook or vamm) where liquidation orders trade and that sets the perp trade price'),
  initialMarginFraction: z.number().gt(0).max(1).default(0.05).describe('initial margin fraction (1 / max leverage)'),
  maintenanceMarginFraction: z
    .number()
    .gt(0)
    .max(1)
    .default(0.03)
    .describe('maintenance margin fraction (flat maintenance)'),
  maintenance,
  initialMargin,
  fundingIntervalSeconds: positive.default(3600).describe('seconds between funding payments'),
  fundingClamp: fraction.default(0.0075).describe('largest funding rate per interval, as a fraction of the mark'),
  liquidationFeeFraction: fraction
    .default(0.01)
    .describe('fee to the insurance fund on closed notional when the fill is better than bankruptcy'),
});

const traders = z.strictObject({
  count: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .describe('traders generated at block 0, each with a position in every market'),
  notionalUsd: z
    .strictObject({
      median: usdSize.describe('median position notional, USD'),
      sigma: z
        .number()
        .min(0)
        .max(5)
        .default(1)
        .describe(
          'σ of the log notional, at most 5 as for lending collateral (far larger values draw infinite notionals)',
        ),
    })
    .describe('position size per market, log-normal'),
  leverage: range('leverage at entry (notional / margin), uniform', 1, 1000, 'lowest', 'highest'),
  longShare: fraction.default(0.5).describe('share of positions that are long (side skew)'),
  entrySpreadPct: nonNegative
    .max(50)
    .default(2)
    .describe('entry prices uniform within ± this % of the block-0 index (positions opened earlier)'),
  addMargin: z
    .strictObject({
      share: fraction.describe('share of traders who add margin when close to liquidation'),
      belowMarginRatio: z
        .number()
        .gt(1)
        .max(10)
        .default(1.2)
        .describe('they act when equity / maintenance falls below this'),
      targetMarginRatio: z
        .number()
        .gt(1)
        .max(20)
        .default(1.6)
        .describe('and add margin up to this equity / maintenance'),
      reserveShare: nonNegative.max(10).default(0.5).describe('their reserve, as a share of their starting margin'),
      gasUnits: nonNegative.default(100_000).describe('gas units per deposit'),
      priorityFeeGwei: nonNegative.default(2).describe('tip per gas, gwei'),
    })
    .optional()
    .describe('traders who top up margin (a transaction each)'),
});

/** A perpetual-futures exchange: markets, margining, the liquidation engine and the loss waterfall. */
export const perpSchema = z.strictObject({
  type: z.literal('perp').describe('a perpetual-futures margin engine'),
  id: id.describe('protocol id'),
  quote: id.describe('settlement asset (constant price model), e.g. USDC'),
  marginMode: z
    .enum(['isolated', 'cross'])
    .default('cross')
    .describe(
      "every trader holds one position in every market; isolated: each position is its own account with its own margin; cross: one account's equity backs all the trader's positions",
    ),
  markets: z.array(perpMarket).min(1).describe('perpetual markets'),
  liquidation: z
    .strictObject({
      mode: z
        .enum(['partial', 'full'])
        .default('partial')
        .describe(
          'partial: close just enough (pro rata across positions) to restore margin with the buffer; full: close everything',
        ),
      buffer: nonNegative
        .max(10)
        .default(0.1)
        .describe('partial: target equity = maintenance × (1 + buffer) after the close'),
      fillBoundPct: nonNegative
        .max(100)
        .default(2)
        .describe(
          'liquidation orders fill no worse than the bankruptcy price by this % while the insurance fund has money (at the bankruptcy price once it is empty)',
        ),
      backstop: z
        .strictObject({
          belowMaintenanceFraction: fraction
            .default(2 / 3)
            .describe(
              'accounts whose equity is below this fraction of maintenance go to the backstop vault (Hyperliquid: two thirds)',
            ),
          capitalUsd: nonNegative.default(0).describe("the vault's starting capital, USD"),
        })
        .optional()
        .describe('a backstop liquidity vault that takes over deeply underwater accounts at the mark price'),
    })
    .prefault({})
    .describe('the liquidation engine'),
  insuranceFundUsd: nonNegative.default(0).describe('insurance fund at block 0, USD'),
  lossMode: z
    .enum(['adl', 'socialise'])
    .default('adl')
    .describe(
      'what happens when the insurance fund cannot cover: auto-deleveraging, or loss socialisation across profitable accounts',
    ),
  adlRanking: z
    .enum(['pnl-pct-leverage', 'pnl-times-leverage'])
    .default('pnl-pct-leverage')
    .describe('ADL order of opposite-side profitable positions: PnL% × effective leverage (BitMEX) or PnL × leverage'),
  makerCapitalUsd: positive
    .default(1e12)
    .describe(
      "collateral of the venue's market makers, who take the other side of every position at block 0 and of every liquidation fill (never liquidated)",
    ),
  traders: z
    .union([traders.meta({ title: 'generated' }), perpBookFile])
    .describe('the traders: generated (count, notionalUsd, leverage) or read from a file (file)'),
});

export type PerpSpec = z.infer<typeof perpSchema>;
export type PerpMarketSpec = PerpSpec['markets'][number];
