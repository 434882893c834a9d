import { z } from 'zod';
import { id, nonNegative, positive } from './schema-primitives.js';

const holders = z
  .strictObject({
    exitBelowCollateralRatio: z
      .number()
      .gt(1)
      .max(100)
      .describe(
        "issuer's system collateral ratio (Σ collateral·oracle price / Σ debt) below which holders start selling",
      ),
    fullExitAtCollateralRatio: z
      .number()
      .gt(0)
      .max(100)
      .describe(
        'ratio at or below which they sell at the full rate; any bad debt of the issuer also means the full rate',
      ),
    exitPctPerHour: nonNegative
      .max(100)
      .describe("selling at the full rate, percent of the initial supply (the issuer's debt at block 0) per hour"),
    maxExitPct: positive.max(100).default(25).describe('most the holders ever sell, percent of the initial supply'),
  })
  .refine((h) => h.fullExitAtCollateralRatio < h.exitBelowCollateralRatio, {
    message: 'fullExitAtCollateralRatio must be below exitBelowCollateralRatio',
  })
  .describe('holders who sell into the pool as the issuer weakens (a run); none by default');

const redemption = z
  .strictObject({
    feeFloor: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.005)
      .describe('Liquity v1 REDEMPTION_FEE_FLOOR: least fee, a fraction of the collateral paid out (0.005 = 0.5%)'),
    beta: positive
      .max(100)
      .default(2)
      .describe('Liquity v1 BETA: each redemption adds (redeemed / supply) / beta to the base rate'),
    halfLifeHours: positive
      .max(10_000)
      .default(12)
      .describe("half-life of the base rate's decay, hours (Liquity v1: 12)"),
    capitalUsd: positive.describe('USD the redemption arbitrageur can spend buying the stablecoin per block'),
    gasUnits: nonNegative.default(500_000).describe('gas units of one redemption'),
    priorityFeeGwei: nonNegative.default(3).describe('tip per gas unit, gwei'),
    minProfitUsd: nonNegative.default(0).describe('redeem only when the profit after gas exceeds this, USD'),
  })
  .describe(
    'Liquity v1 redemptions: below par − fee an arbitrageur buys the stablecoin, burns it against the least-collateralised safe accounts for collateral worth its face value ' +
      'at the oracle price less the fee, and sells the collateral; refused while Σ collateral·price·LT < Σ debt (TCR < MCR). None by default (Maker-style: no redemption)',
  );

/** A CDP stablecoin whose price its pool sets: the issuer's debt asset, sold by holders, bought back by keepers,
 * redeemed. */
export const stablecoinSchema = z.strictObject({
  asset: id.describe(
    "the stablecoin's symbol: the debt asset of `issuer`, priced `constant` at par (its value inside the issuer; its market price is the pool's)",
  ),
  issuer: id.describe(
    'the lending protocol (a CDP) whose debt is this stablecoin; its keepers buy the stablecoin on the pool to repay (instant liquidation rules)',
  ),
  venue: id.describe(
    'the pool where it trades against a USD quote; holders sell there, keepers and redeemers buy there',
  ),
  holders: holders.optional(),
  redemption: redemption.optional(),
});

export type StablecoinSpec = z.infer<typeof stablecoinSchema>;

/** Liquidity a protocol owns in a pool; see ProtocolOwnedLiquidity. */
export const protocolOwnedLiquiditySchema = z.strictObject({
  protocol: id.describe('the lending protocol that owns the liquidity'),
  venue: id.describe('a cpamm or stableswap pool; its liquidityUsd includes the owned share'),
  share: z.number().gt(0).lt(1).describe("share of the pool's liquidity the protocol owns at block 0"),
  coverBadDebt: z
    .boolean()
    .default(true)
    .describe(
      "burn the position to pay bad debt the protocol's insurance fund could not cover, selling the base it pays out on the best venue (the pool thins as it does)",
    ),
});
