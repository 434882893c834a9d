import { z } from 'zod';
import { fraction, id, range, usdSize } from './schema-primitives.js';

// The cross-asset lending protocol (Aave v3 pool with several collateral and debt reserves); part of the
// scenario schema (schema.ts, `protocols[]` with `type: cross-lending`).

/** Tolerance on "shares sum to 1". */
const SHARE_SUM_TOLERANCE = 1e-9;

const reserve = z.strictObject({
  asset: id.describe('symbol of the asset of this reserve (supplied as collateral, borrowed as debt, or both)'),
  oracle: id
    .optional()
    .describe(
      "id of the oracle the protocol reads this asset's price from, USD per unit; leave out for a constant-priced asset (a $1 stablecoin), valued at its constant price",
    ),
  ltv: z
    .number()
    .min(0)
    .lt(1)
    .describe(
      'Aave LTV of the asset as collateral (borrowing power), must be ≤ liquidationThreshold; the generated population and liquidations do not use it',
    ),
  liquidationThreshold: z
    .number()
    .min(0)
    .lt(1)
    .describe(
      'Aave liquidationThreshold LT of the asset as collateral: health factor = Σ collateral·price·LT / Σ debt·price over all reserves of the account, liquidatable below 1; 0 = not collateral',
    ),
  liquidationBonus: z
    .number()
    .min(0)
    .max(1)
    .describe(
      'extra collateral a liquidator seizes when it takes this asset, 0.05-style: repaying debt worth R seizes this asset worth R·(1 + bonus) at the oracle (0.05 = 5%, Aave 10500); ' +
        '> 0 when liquidationThreshold > 0 (with LT·(1 + bonus) ≤ 1), 0 otherwise',
    ),
  protocolFeeShare: fraction
    .default(0.1)
    .describe(
      'Aave liquidationProtocolFee of the asset: share of the bonus part of a seizure sent to the treasury (not to the insurance fund)',
    ),
});

const shares = (what: string) =>
  z
    .record(id, z.number().gt(0).max(1))
    .refine((mix) => Math.abs(Object.values(mix).reduce((sum, share) => sum + share, 0) - 1) <= SHARE_SUM_TOLERANCE, {
      message: 'shares must sum to 1',
    })
    .describe(what);

const borrowers = z.strictObject({
  count: z
    .number()
    .int()
    .min(0)
    .max(5_000_000)
    .describe('number of borrower accounts generated at block 0, each holding several collateral and debt assets'),
  collateralUsd: z
    .strictObject({
      median: usdSize.describe('median total collateral value per account at block 0, USD'),
      sigma: z
        .number()
        .min(0)
        .max(5)
        .default(1)
        .describe('log-normal shape: σ of the natural log of collateral value (0 = every account the same)'),
    })
    .describe('log-normal distribution of the total collateral value per account'),
  collateralMix: shares(
    "asset symbol → share of each account's collateral value held in that asset at block 0 (e.g. { ETH: 0.6, WBTC: 0.4 }), shares > 0 summing to 1; " +
      'each asset is a reserve of the pool with liquidationThreshold > 0',
  ),
  debtMix: shares(
    "asset symbol → share of each account's debt value owed in that asset at block 0 (e.g. { USDC: 0.7, DAI: 0.3 }), shares > 0 summing to 1; " +
      'each asset is a reserve of the pool whose asset uses the constant price model (keepers pay debt at that price)',
  ),
  mixJitter: z
    .number()
    .min(0)
    .max(5)
    .default(0)
    .describe(
      'per-account variation of both mixes: each share is multiplied by exp(mixJitter·Z), Z standard normal drawn per account and asset, then the shares are rescaled to sum 1 ' +
        '(a logistic-normal draw, a simple stand-in for a Dirichlet); 0 = every account holds exactly the mix',
    ),
  healthFactor: range(
    "initial health factor of each account at the oracles' first answers, drawn uniformly between min and max; " +
      'total debt = Σ collateral value·liquidationThreshold / health factor, split by debtMix',
    1,
    100,
    'lowest initial health factor (1 = at the liquidation threshold)',
    'highest initial health factor',
  ),
});

/** An Aave v3 pool with several reserves; accounts hold several collateral and several debt assets. */
export const crossLendingSchema = z.strictObject({
  type: z
    .literal('cross-lending')
    .describe(
      'an Aave v3 pool with several reserves: each account supplies several collateral assets and borrows several debt assets under one health factor; ' +
        'each liquidationCall names one (collateral, debt) pair, chosen by the keeper for profit',
    ),
  id: id.describe('protocol id, used in reports'),
  variant: z
    .enum(['v3', 'v3.3'])
    .default('v3')
    .describe(
      'v3: close factor 0.5 of the chosen debt reserve while health > 0.95, else 1; debt left without collateral stays on the books. ' +
        "v3.3: close factor 0.5 of the account's total debt only when the chosen collateral and debt reserves are each worth ≥ 2,000 USD; no call may leave under 1,000 USD " +
        'of either unless it takes all of it; when the last collateral goes, the remaining debt is written off as a deficit (bad debt)',
    ),
  reserves: z.array(reserve).min(1).describe("the pool's reserves, one per asset, with their risk parameters"),
  insuranceFundUsd: z
    .number()
    .nonnegative()
    .default(0)
    .describe(
      'insurance fund at block 0, USD; pays v3.3 deficits (bad debt) first, what it cannot cover is recorded as uncovered',
    ),
  borrowers: borrowers.describe('the generated borrower population'),
});
