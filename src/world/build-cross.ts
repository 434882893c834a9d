// Building the cross-asset pools of a world (protocols of type cross-lending) and what keepers see of them.
import type { CrossLendingSpec } from '../scenario/schema.js';
import type { Venue } from '../market/venues/venue.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';
import { StableSwapPool } from '../market/venues/stableswap.js';
import { InsuranceFund } from '../liquidation/insurance-fund.js';
import { CrossAccountBook } from '../protocol/cross/cross-account.js';
import { CrossLendingProtocol } from '../protocol/cross/cross-protocol.js';
import { generateCrossPopulation } from '../protocol/cross/cross-population.js';
import type { CrossReserve } from '../protocol/cross/reserves.js';
import type { CrossKeeperMarket } from '../agents/cross-liquidator.js';
import { InvariantError } from '../kernel/errors.js';
import { RandomStream } from '../kernel/random.js';
import type { AssetState } from './world.js';
import type { EngineContext } from './engine-context.js';

/**
 * A cross-asset pool at block 0: reserves from the spec (bonus 0.05-style, protocolFeeShare as Aave's
 * liquidationProtocolFee), book prices from the reserves' oracles' first answers (a reserve without an
 * oracle keeps its asset's constant price), borrowers drawn from the stream `borrowers:<id>`.
 *
 * @example const pool = buildCrossProtocol(spec, context);
 */
export function buildCrossProtocol(spec: CrossLendingSpec, context: EngineContext): CrossLendingProtocol {
  const { oracles, assets, seed } = context;
  const assetOf = (symbol: string): AssetState => {
    const found = assets.find((a) => a.symbol === symbol);
    if (!found) throw new InvariantError(`${spec.id}: unknown asset ${symbol}`);
    return found;
  };
  const feeds = spec.reserves.map((r) => {
    if (r.oracle === undefined) return undefined;
    const oracle = oracles.find((o) => o.id === r.oracle);
    if (!oracle) throw new InvariantError(`${spec.id}: unknown oracle ${r.oracle}`);
    return oracle;
  });
  const reserves: CrossReserve[] = spec.reserves.map((r) => ({
    name: r.asset,
    ltv: r.ltv,
    liquidationThreshold: r.liquidationThreshold,
    liquidationBonus: r.liquidationBonus,
    liquidationProtocolFee: r.protocolFeeShare,
  }));
  const symbols = spec.reserves.map((r) => r.asset);
  const prices = spec.reserves.map((r, asset) => feeds[asset]?.price ?? assetOf(r.asset).fundamental);
  const book = new CrossAccountBook(reserves, prices, spec.borrowers.count);
  generateCrossPopulation(book, symbols, spec.borrowers, new RandomStream(seed, `borrowers:${spec.id}`));
  const protocol = new CrossLendingProtocol(
    { id: spec.id, variant: spec.variant, symbols },
    {
      book,
      oracles: feeds,
      sales: symbols.map((s) => assetOf(s).sales),
      fund: new InsuranceFund(spec.insuranceFundUsd),
      attribution: context.attribution,
    },
  );
  protocol.start();
  return protocol;
}

/**
 * What keepers see of a pool: per reserve, the venues whose base is its asset, and its asset's sales record; and the
 * venues a keeper buys a debt asset on before repaying it: the on-chain pools of that asset when it has any (the
 * purchase and the repay share one transaction, as a flash-loan liquidation does), else every venue of it.
 *
 * @example const market = crossKeeperMarket(pool, world.venues, world.assets);
 */
export function crossKeeperMarket(
  protocol: CrossLendingProtocol,
  venues: readonly Venue[],
  assets: readonly AssetState[],
): CrossKeeperMarket {
  const { symbols } = protocol.settings;
  return {
    kind: 'cross-lending',
    protocol,
    venues: symbols.map((symbol) => venues.filter((v) => v.base === symbol)),
    debtVenues: symbols.map((symbol) => {
      const all = venues.filter((v) => v.base === symbol);
      const pools = all.filter((v) => v instanceof ConstantProductPool || v instanceof StableSwapPool);
      return pools.length > 0 ? pools : all;
    }),
    sales: symbols.map((symbol) => (assets.find((a) => a.symbol === symbol) as AssetState).sales),
  };
}
