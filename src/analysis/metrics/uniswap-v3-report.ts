// What a run did to its Uniswap v3 pools: liquidity providers' withdrawals, depth, fees.
import type { World } from '../../world/world.js';
import { UniswapV3Pool } from '../../market/venues/uniswap-v3.js';
import { V3LiquidityProviders } from '../../market/venues/v3-lps.js';

/**
 * One uniswap-v3 venue over a run. USD at the pool's mid of each block.
 *
 * @example result.uniswapV3?.[0].withdrawnPeakShare // 0.62: 62% of the provided value was out at the worst block
 */
export interface UniswapV3Report {
  venue: string;
  feePips: number;
  positions: number;
  /** Positions in the pool at the end. */
  activeAtEnd: number;
  withdrawals: number;
  returns: number;
  /** Value of all positions at block 0. */
  providedStartUsd: number;
  /** Largest value withdrawn at once, its block and its share of the value provided at that block plus itself. */
  withdrawnPeakUsd: number;
  withdrawnPeakBlock: number;
  withdrawnPeakShare: number;
  withdrawnEndUsd: number;
  depthStartUsd: number;
  depthMinUsd: number;
  depthMinBlock: number;
  depthEndUsd: number;
  /** Swap fees earned by liquidity providers. */
  lpFeesUsd: number;
  /** Input that found no liquidity (every position on that side withdrawn): base sold, quote spent. */
  unfilledBase: number;
  unfilledQuote: number;
}

/**
 * A report per uniswap-v3 venue, in venue order (empty without any), from the pools and their recorded series.
 *
 * @example uniswapV3Reports(world).map((r) => r.withdrawals)
 */
export function uniswapV3Reports(world: World): UniswapV3Report[] {
  const column = (name: string) => world.recorder.column(name) ?? new Float64Array(world.blocks + 1);
  return world.venues
    .filter((v): v is UniswapV3Pool => v instanceof UniswapV3Pool)
    .map((pool) => {
      const lps = pool.behaviour instanceof V3LiquidityProviders ? pool.behaviour : undefined;
      const withdrawn = column(`v3:${pool.id}:withdrawnUsd`);
      const provided = column(`v3:${pool.id}:providedUsd`);
      const depth = column(`v3:${pool.id}:depthUsdPer1Pct`);
      let peak = 0;
      let depthMin = 0;
      for (let b = 1; b < withdrawn.length; b++) {
        if (withdrawn[b] > withdrawn[peak]) peak = b;
        if (depth[b] < depth[depthMin]) depthMin = b;
      }
      const end = withdrawn.length - 1;
      const atPeak = withdrawn[peak] + provided[peak];
      const counts = lps?.counts() ?? { positions: 0, active: 0 };
      return {
        venue: pool.id,
        feePips: pool.feePips,
        positions: counts.positions,
        activeAtEnd: counts.active,
        withdrawals: lps?.withdrawals ?? 0,
        returns: lps?.returns ?? 0,
        providedStartUsd: provided[0],
        withdrawnPeakUsd: withdrawn[peak],
        withdrawnPeakBlock: peak,
        withdrawnPeakShare: atPeak > 0 ? withdrawn[peak] / atPeak : 0,
        withdrawnEndUsd: withdrawn[end],
        depthStartUsd: depth[0],
        depthMinUsd: depth[depthMin],
        depthMinBlock: depthMin,
        depthEndUsd: depth[end],
        lpFeesUsd: pool.fees.usd,
        unfilledBase: pool.unfilled.base,
        unfilledQuote: pool.unfilled.quote,
      };
    });
}
