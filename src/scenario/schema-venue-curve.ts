import { z } from 'zod';
import { id, nonNegative, positive } from './schema-primitives.js';

// A venue whose liquidity comes from a measured price-impact table, and the snapshot an order book may start from.

const curveRow = z.strictObject({
  size: positive.describe('size of the trade, in sizeUnit'),
  sellImpactBps: nonNegative
    .lt(10_000)
    .optional()
    .describe('impact of selling this size, basis points below the reference price (omit when not measured)'),
  buyImpactBps: nonNegative
    .optional()
    .describe('impact of buying this size, basis points above the reference price (omit when not measured)'),
});

/** A `curve` venue: an empirical price-impact table (a DEX aggregator's quote sweep, an exchange order-book walk). */
export const curveVenue = z
  .strictObject({
    type: z
      .literal('curve')
      .describe(
        'liquidity from a measured price-impact table (a quote sweep of a DEX aggregator, a walk of an order-book snapshot), interpolated exactly through its rows; see docs/liquidity.md',
      ),
    id: id.describe('venue id, named by oracles[].sources'),
    chain: id
      .optional()
      .describe('chain the venue is on (default: the main chain); arbitrageurs pair venues of one chain only'),
    base: id.describe('symbol of the asset traded'),
    quote: id.describe('symbol of the asset prices are quoted in (a $1 stablecoin)'),
    file: z
      .string()
      .min(1)
      .optional()
      .describe(
        'CSV of the table, relative to the scenario file: header "size,sell_impact_bps,buy_impact_bps" or "side,size,impact_bps" (side sell or buy), where size may be written size_usd or size_base to say its unit; give file or rows',
      ),
    rows: z.array(curveRow).min(1).optional().describe('the table inline, one entry per size (instead of file)'),
    sizeUnit: z
      .enum(['usd', 'base'])
      .optional()
      .describe(
        'unit of the sizes: USD notional at the reference price, or units of base; required unless the CSV header says (size_usd, size_base)',
      ),
    impact: z
      .enum(['average', 'marginal'])
      .describe(
        'what the impact column measures: average (1 − proceeds/(size·reference) for a sale of that size; a quote sweep) or marginal (the price of the last unit of that size, which applies from the previous row to this one; an order-book walk)',
      ),
    beyond: z
      .enum(['refuse', 'extrapolate-linear', 'extrapolate-sqrt'])
      .default('refuse')
      .describe(
        'past the last row: refuse (no more liquidity: a sale fetches nothing for the excess, a purchase gets nothing for it), or extrapolate the last row’s average impact a linearly (a ∝ size) or by the square-root law (a ∝ √size); volume traded past the table is reported',
      ),
    resilienceHalfLifeSeconds: nonNegative
      .default(600)
      .describe(
        'half-life of the position (net size sold not yet recovered), seconds: each block it decays by 2^(−blockTimeSeconds/half-life), and the table re-centres on the fundamental',
      ),
    feeBps: nonNegative
      .max(1000)
      .default(0)
      .describe('taker fee on top of the table, basis points (0: a quote sweep includes the fees already)'),
  })
  .superRefine((venue, ctx) => {
    if ((venue.file === undefined) === (venue.rows === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['file'],
        message: 'give the table either as file (a CSV) or as rows, not both or neither',
      });
    if (venue.rows !== undefined && venue.sizeUnit === undefined)
      ctx.addIssue({ code: 'custom', path: ['sizeUnit'], message: 'inline rows need sizeUnit: usd or base' });
  });

/** The `snapshot` field an order book may start from (spread into the order-book schema). */
export const orderBookSnapshotField = {
  snapshot: z
    .string()
    .min(1)
    .optional()
    .describe(
      'CSV of resting levels to start from instead of the generated profile, relative to the scenario file: header "side,price,size" (side bid or ask, size in base); its shape (distance from its mid, USD per level) is kept around the asset’s initial price and is what makers refill toward; halfSpreadBps, levelStepBps, levels and depthUsdPer1Pct are not read',
    ),
};

/** A validated `curve` venue entry. */
export type CurveVenueSpec = z.infer<typeof curveVenue>;
