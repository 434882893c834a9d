// Scenario schema: the Aave-like lending protocol and its borrowers (part of schema.ts).
import { z } from 'zod';
import { fraction, id, nonNegative, positive, range, usdSize } from './schema-primitives.js';
import { liquidationRule } from './schema-liquidation.js';
import { lendingBookFile, topUpHealth } from './schema-books.js';
import { riskOracleSpec } from './schema-risk-oracle.js';

const borrowers = z.strictObject({
  count: z
    .number()
    .int()
    .min(0)
    .max(50_000_000)
    .describe('number of borrower accounts generated at block 0, each with its own collateral and debt'),
  collateralUsd: z
    .strictObject({
      median: usdSize.describe('median collateral value per account at block 0, USD'),
      sigma: z
        .number()
        .min(0)
        .max(5)
        .default(1)
        .describe('log-normal shape: σ of the natural log of collateral value (0 = every account the same)'),
    })
    .describe('log-normal distribution of collateral value per account'),
  healthFactor: range(
    "initial health factor of each account at the oracle's first answer, drawn uniformly between min and max; " +
      'debt = collateral value·liquidationThreshold / health factor',
    1,
    100,
    'lowest initial health factor (1 = at the liquidation threshold)',
    'highest initial health factor',
  ),
  topUp: z
    .strictObject({
      share: fraction.describe('share of accounts whose owners top up (0.3 = 30%); the others never add collateral'),
      ...topUpHealth,
      reserveShare: z
        .number()
        .min(0)
        .max(100)
        .describe(
          "extra collateral each topping-up owner holds in reserve, as a multiple of the account's initial collateral (1 = as much again)",
        ),
      priorityFeeGwei: nonNegative
        .default(1)
        .describe(
          'tip per gas unit of top-up transactions, gwei; orders them against keepers (higher first) and adds to their gas cost',
        ),
      gasUnits: nonNegative.default(150_000).describe('gas units per account topped up'),
      maxFeeGwei: positive
        .max(1e9)
        .optional()
        .describe(
          'under chain.feeMarket: most an owner pays per gas, base fee included, gwei; above it top-ups wait (default: no cap)',
        ),
    })
    .refine((t) => t.targetHealth > t.belowHealth, { message: 'targetHealth must exceed belowHealth' })
    .optional()
    .describe('owners who add collateral from a reserve when their health factor falls; leave out for no top-ups'),
});

export const lending = z.strictObject({
  type: z
    .literal('lending')
    .describe('an Aave-like lending market: one collateral asset, one debt asset, fixed-bonus liquidations'),
  id: id.describe('protocol id, used in reports'),
  collateral: id.describe('collateral asset symbol'),
  debt: id.describe('debt asset symbol (a constant-priced USD stablecoin)'),
  oracle: id.describe('id of the oracle the protocol reads the collateral price from; it sees no other price'),
  maxOracleAgeSeconds: nonNegative
    .optional()
    .describe(
      "reject the oracle's answer when it was read more than this many seconds ago (Chainlink consumers' updatedAt check); no check by default",
    ),
  stalePolicy: z
    .enum(['freeze', 'last-good'])
    .default('freeze')
    .describe(
      'with maxOracleAgeSeconds, what happens while the answer is too old: freeze = no liquidations until a fresh answer (Euler v2 reverts); ' +
        'last-good = keep using the last answer that was fresh (Liquity v1 lastGoodPrice)',
    ),
  ltv: z
    .number()
    .min(0)
    .lt(1)
    .describe(
      'maximum loan-to-value at origination (Aave LTV), must be ≤ liquidationThreshold; the generated population comes from ' +
        'borrowers.healthFactor and is not checked against it',
    ),
  liquidationThreshold: z
    .number()
    .min(0)
    .lt(1)
    .describe(
      'Aave liquidationThreshold LT: health factor = collateral·oracle price·LT / (debt·debt price); liquidatable below 1. ' +
        '0 = the asset is not accepted as collateral: nobody borrows against it',
    ),
  liquidationBonus: z
    .number()
    .min(0)
    .max(1)
    .default(0.05)
    .describe(
      'aave-v3 and volatility-bonus rules: liquidator seizes collateral worth repaid debt·(1 + bonus) at the oracle price (0.05 = 5%, Aave 10500)',
    ),
  liquidationRule: liquidationRule.default({ type: 'aave-v3' }),
  thresholdTiers: z
    .array(
      z.strictObject({
        aboveDebtUsd: positive.describe('positions with more debt than this, USD, use this tier'),
        liquidationThreshold: z.number().gt(0).lt(1).describe('their liquidation threshold'),
      }),
    )
    .default([])
    .refine((tiers) => tiers.every((t, k) => k === 0 || t.aboveDebtUsd > tiers[k - 1].aboveDebtUsd), {
      message: 'tiers must be in strictly increasing aboveDebtUsd order',
    })
    .describe(
      'tiered margin: lower liquidation thresholds for larger positions (by debt, so a threshold never moves with the price); the population is drawn at the base threshold',
    ),
  closeFactor: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe(
      "share of an account's debt one liquidation may repay while its health factor is above fullCloseBelowHealth",
    ),
  fullCloseBelowHealth: z
    .number()
    .min(0)
    .max(1)
    .default(0.95)
    .describe('at or below this health factor the close factor is 1 (all debt repayable at once)'),
  protocolFeeShare: fraction
    .default(0.1)
    .describe('Aave liquidationProtocolFee: share of the bonus collateral kept by the protocol'),
  insuranceFundUsd: nonNegative
    .default(0)
    .describe('insurance fund at block 0, USD; pays bad debt first, what it cannot cover is recorded as uncovered'),
  feesToInsurance: fraction
    .default(1)
    .describe(
      "share of the protocol's liquidation income paid into the insurance fund: the protocol fee of instant rules, the chop collected by Maker auctions",
    ),
  oevAuction: z
    .strictObject({
      protocolShare: fraction.describe(
        "share of each winning payment paid into the protocol's insurance fund (the rest goes to the auction operator)",
      ),
    })
    .optional()
    .describe(
      'under chain.feeMarket: sell the right to liquidate first in each block (after an oracle update) in a sealed-bid second-price auction among keepers, instead of a priority-fee race (oracle-extractable value recapture)',
    ),
  dynamicThreshold: z
    .strictObject({
      referenceVolatilityAnnual: z
        .number()
        .gt(0)
        .max(20)
        .describe('annual volatility at or below which thresholds are as set; also the estimate at block 0'),
      sensitivity: z
        .number()
        .min(0)
        .max(10)
        .default(0.05)
        .describe('cut of every threshold, as a fraction of it, per unit of σ/reference above 1'),
      minScale: z
        .number()
        .gt(0)
        .max(1)
        .default(0.9)
        .describe('thresholds are never cut below this share of their set value'),
      updateEveryBlocks: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(300)
        .describe('blocks between threshold updates; the scale holds in between'),
      halfLifeBlocks: z
        .number()
        .gt(0)
        .max(1e6)
        .default(300)
        .describe("half-life of the EWMA volatility estimate, blocks (a volatility-bonus rule's own setting wins)"),
    })
    .optional()
    .describe(
      'volatility-driven thresholds: every updateEveryBlocks, each liquidation threshold (tiers included) is scaled by clamp(1 − sensitivity·max(0, σ/reference − 1), minScale, 1), σ = EWMA realised volatility of the oracle price; none by default',
    ),
  riskOracle: riskOracleSpec
    .optional()
    .describe(
      'closed-loop risk oracle (docs/closed-loop.md): on a schedule and on triggers it computes a target liquidation threshold from what it observes (oracle price, realised volatility, venue depth, the book), publishes it under steward limits, and the threshold (tiers included, as a scale) takes effect updateDelayBlocks later; not with dynamicThreshold; none by default',
    ),
  circuitBreakers: z
    .strictObject({
      pauseOnOracleMovePct: z
        .number()
        .gt(0)
        .max(100)
        .optional()
        .describe('pause liquidations when the oracle price moves more than this % within windowBlocks'),
      windowBlocks: z
        .number()
        .int()
        .min(1)
        .max(100_000)
        .default(25)
        .describe('look-back window of the pause trigger, blocks'),
      pauseBlocks: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(25)
        .describe('how long a pause lasts, blocks; each pause is an event in the results'),
      maxLiquidatedUsdPerBlock: positive
        .optional()
        .describe('rate limit: most collateral value (at the oracle price) that may be seized in one block, USD'),
      maxInLiquidationUsd: positive
        .optional()
        .describe(
          'most collateral value (at the oracle price, USD) under liquidation at once: in auctions or held by the protocol for sale, or for instant liquidations seized this block (Maker Hole, for every mechanism)',
        ),
    })
    .optional()
    .describe('liquidation circuit breakers; none by default'),
  borrowers: z
    .union([borrowers.meta({ title: 'generated' }), lendingBookFile])
    .describe('the borrower population: generated (count, collateralUsd, healthFactor) or read from a file (file)'),
});
