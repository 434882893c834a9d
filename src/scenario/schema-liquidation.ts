import { z } from 'zod';
import { fraction, nonNegative, positive } from './schema-primitives.js';

// The liquidation mechanisms a lending protocol may use; every `describe` text becomes documentation
// in docs/scenario.md (`npx tsx scripts/gen-scenario-docs.ts`).

/** A lending protocol's liquidation mechanism (`protocols[].liquidationRule`). */
export const liquidationRule = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z
        .literal('aave-v3')
        .describe(
          'Aave v3: close factor, fixed bonus (liquidationBonus), protocol fee share; bad debt to the insurance fund',
        ),
    }),
    z.strictObject({
      type: z
        .literal('aave-v3.3')
        .describe(
          'Aave v3.3: as aave-v3, but the 0.5 close factor needs collateral and debt ≥ 2,000 USD, and no call may leave under 1,000 USD of debt or collateral unless it takes all of one',
        ),
    }),
    z.strictObject({
      type: z
        .literal('morpho-blue')
        .describe(
          'Morpho Blue: whole debt repayable, incentive LIF = min(1.15, 1/(1 − 0.3·(1 − LLTV))) with LLTV = liquidationThreshold, no fee; bad debt taken from suppliers',
        ),
    }),
    z.strictObject({
      type: z
        .literal('euler-v2')
        .describe(
          'Euler v2: whole debt repayable at a discount of 1 − max(health, 1 − maxDiscount), no fee; bad debt socialised to suppliers',
        ),
      maxDiscount: z
        .number()
        .gt(0)
        .max(1)
        .default(0.15)
        .describe('largest discount a liquidator can get (Euler maxLiquidationDiscount)'),
    }),
    z.strictObject({
      type: z
        .literal('volatility-bonus')
        .describe(
          'Aave v3 with a dynamic bonus: liquidationBonus·σ/referenceVolatilityAnnual clamped to [minBonus, maxBonus], σ = EWMA realised volatility of the oracle price',
        ),
      minBonus: z.number().min(0).max(1).describe('lowest bonus (fraction)'),
      maxBonus: z.number().min(0).max(1).describe('highest bonus (fraction)'),
      referenceVolatilityAnnual: z
        .number()
        .gt(0)
        .max(20)
        .describe('annual volatility at which the bonus equals liquidationBonus; also the estimate at block 0'),
      halfLifeBlocks: z
        .number()
        .gt(0)
        .max(1e6)
        .default(300)
        .describe('half-life of the EWMA volatility estimate, blocks'),
    }),
    z.strictObject({
      type: z
        .literal('maker-clip')
        .describe(
          'MakerDAO Liquidations 2.0: Dog.bark moves the vault (or the part Hole/hole allow) into a Clipper Dutch auction with tab = debt·chop; ' +
            'keepers take at the falling auction price and reset stale auctions (redo) for tip + chip·tab; liquidationThreshold = 1/mat',
        ),
      chop: z
        .number()
        .min(1)
        .max(2)
        .default(1.13)
        .describe('liquidation penalty multiplier: tab = debt·chop (1.13 = 13%)'),
      holeUsd: positive
        .default(1e12)
        .describe('Hole and ilk.hole: most auction debt (tab, USD) in auctions at once; bark takes only what fits'),
      dustUsd: nonNegative
        .default(0)
        .describe('ilk.dust: smallest vault debt, USD; a bark that would leave less takes the whole vault'),
      buf: z.number().min(1).max(10).default(1.2).describe('auction starting price = oracle price·buf'),
      tailSeconds: positive.default(8400).describe('an auction older than this needs a reset (redo), seconds'),
      cusp: fraction.default(0.4).describe('an auction whose price has fallen below cusp·starting price needs a reset'),
      chip: fraction.default(0.001).describe('keeper incentive on kick and redo: share of tab'),
      tipUsd: nonNegative.default(300).describe('keeper incentive on kick and redo: flat amount, USD'),
      curve: z
        .discriminatedUnion('kind', [
          z.strictObject({
            kind: z.literal('linear'),
            tauSeconds: positive.describe('seconds until the price reaches zero'),
          }),
          z.strictObject({
            kind: z.literal('stairstep'),
            cut: z.number().gt(0).lt(1).describe('multiplier per step'),
            stepSeconds: positive.describe('seconds per step'),
          }),
          z.strictObject({
            kind: z.literal('exponential'),
            cut: z.number().gt(0).lt(1).describe('multiplier per second'),
          }),
        ])
        .default({ kind: 'stairstep', cut: 0.99, stepSeconds: 90 })
        .describe(
          'abaci price curve: linear top·(tau − t)/tau, stairstep top·cut^floor(t/step), exponential top·cut^t',
        ),
    }),
    z.strictObject({
      type: z
        .literal('maker-flip')
        .describe(
          'MakerDAO Liquidations 1.2: Cat.bite moves up to dunk of debt into a Flipper English auction (tend raises the bid to tab, dent lowers the lot); ' +
            'the highest bid wins when no bid comes within ttl or at tau; liquidationThreshold = 1/mat',
        ),
      chop: z.number().min(1).max(2).default(1.13).describe('liquidation penalty multiplier: tab = debt·chop'),
      dunkUsd: positive.default(50_000).describe('Cat dunk: most tab (USD) one bite puts up for auction'),
      boxUsd: positive.default(1e12).describe('Cat box: most tab (USD) in auctions at once'),
      dustUsd: nonNegative.default(0).describe('ilk.dust: smallest vault debt, USD'),
      beg: z
        .number()
        .gt(1)
        .max(2)
        .default(1.05)
        .describe('minimum bid increment: each bid ≥ beg·previous bid, each lot ≤ previous lot/beg'),
      ttlSeconds: positive.default(10_800).describe('an auction ends this long after its last bid, seconds'),
      tauSeconds: positive.default(172_800).describe('an auction ends this long after it started, seconds'),
    }),
    z.strictObject({
      type: z
        .literal('compound-v3')
        .describe(
          'Compound v3 (Comet): absorb takes all collateral into the protocol, crediting collateral·price·liquidationFactor; reserves (the insurance fund) take any shortfall; ' +
            'keepers buy absorbed collateral at a discount of storeFrontPriceFactor·(1 − liquidationFactor) while reserves are below target; liquidationThreshold = liquidateCollateralFactor',
        ),
      liquidationFactor: fraction.default(0.93).describe('share of collateral value credited to the absorbed account'),
      storeFrontPriceFactor: fraction
        .default(0.5)
        .describe('share of (1 − liquidationFactor) given as discount to buyers'),
      targetReserves: nonNegative
        .default(5_000_000)
        .describe('collateral is for sale only while reserves (USD) are below this'),
    }),
    z.strictObject({
      type: z
        .literal('liquity-v1')
        .describe(
          'Liquity v1: troves below 110% collateral ratio are liquidated against the Stability Pool (debt burnt, collateral to depositors), the rest redistributed to other troves; ' +
            'recovery mode below 150% total ratio; gas compensation 200 USD + 0.5% of collateral; the monitor uses MCR (the threshold is 1/1.1)',
        ),
      stabilityPoolUsd: nonNegative.default(0).describe('stablecoin deposits in the Stability Pool at block 0, USD'),
      depositorsSellShare: fraction
        .default(1)
        .describe(
          'share of the collateral gains Stability Pool depositors sell at once on the best venue (0 = they hold it)',
        ),
    }),
  ])
  .describe(
    'the liquidation mechanism: how much debt one call may repay and what collateral it buys, or the auction or pool that does it',
  );
