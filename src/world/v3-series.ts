// Per-block series of Uniswap v3 pools: liquidity withdrawn and still provided, depth, active liquidity.
import type { Venue } from '../market/venues/venue.js';
import { UniswapV3Pool } from '../market/venues/uniswap-v3.js';
import { V3LiquidityProviders } from '../market/venues/v3-lps.js';

/**
 * Adds four columns per uniswap-v3 venue through `add` and returns the writer of one block (none without such
 * venues): `v3:<id>:withdrawnUsd` (tokens withdrawn positions took out, at the current mid), `v3:<id>:providedUsd`
 * (positions still in the pool), `v3:<id>:depthUsdPer1Pct` and `v3:<id>:activeLiquidity` (L at the price).
 *
 * @example const write = uniswapV3Series(world.venues, add); write?.(block);
 */
export function uniswapV3Series(
  venues: readonly Venue[],
  add: (name: string, unit: string) => Float64Array,
): ((block: number) => void) | undefined {
  const pools = venues.filter((v): v is UniswapV3Pool => v instanceof UniswapV3Pool);
  if (pools.length === 0) return undefined;
  const columns = pools.map((pool) => ({
    pool,
    lps: pool.behaviour instanceof V3LiquidityProviders ? pool.behaviour : undefined,
    withdrawn: add(`v3:${pool.id}:withdrawnUsd`, 'usd'),
    provided: add(`v3:${pool.id}:providedUsd`, 'usd'),
    depth: add(`v3:${pool.id}:depthUsdPer1Pct`, 'usd'),
    active: add(`v3:${pool.id}:activeLiquidity`, 'liquidity'),
  }));
  return (block) => {
    for (const c of columns) {
      c.withdrawn[block] = c.lps ? c.lps.withdrawnUsd(c.pool) : 0;
      c.provided[block] = c.lps ? c.lps.providedUsd(c.pool) : 0;
      c.depth[block] = c.pool.depthUsdPer1Pct();
      c.active[block] = c.pool.activeLiquidity();
    }
  };
}
