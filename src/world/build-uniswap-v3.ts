// Building a `type: uniswap-v3` venue: the pool, its positions and the liquidity providers that may withdraw them.
import type { UniswapV3VenueSpec } from '../scenario/schema-venue-uniswap-v3.js';
import { DEFAULT_TICK_SPACING } from '../scenario/schema-venue-uniswap-v3.js';
import { UniswapV3Pool } from '../market/venues/uniswap-v3.js';
import { generatedPositions, V3LiquidityProviders, type PositionRequest } from '../market/venues/v3-lps.js';

/**
 * The pool a spec describes, at `price` (quote per base), with its explicit positions then its generated population
 * minted at block 0 and their providers attached as the pool's behaviour.
 *
 * @example const pool = buildUniswapV3(spec, 2000); pool.depthUsdPer1Pct();
 */
export function buildUniswapV3(spec: UniswapV3VenueSpec, price: number): UniswapV3Pool {
  const pool = new UniswapV3Pool({
    id: spec.id,
    base: spec.base,
    quote: spec.quote,
    price,
    feePips: spec.feePips,
    tickSpacing: spec.tickSpacing ?? DEFAULT_TICK_SPACING[spec.feePips],
    observationCardinality: spec.observationCardinality,
  });
  const requests: PositionRequest[] = spec.positions.map((p) => ({
    range:
      p.fullRange === true
        ? 'full'
        : p.lowerTick !== undefined && p.upperTick !== undefined
          ? { lowerTick: p.lowerTick, upperTick: p.upperTick }
          : { lowerPrice: p.lowerPrice as number, upperPrice: p.upperPrice as number },
    ...(p.liquidity !== undefined ? { liquidity: p.liquidity } : { usd: p.liquidityUsd }),
    ...(p.withdraw
      ? {
          withdraw: {
            ...(p.withdraw.movePct !== undefined ? { move: p.withdraw.movePct / 100 } : {}),
            ...(p.withdraw.volatilityAnnual !== undefined ? { volatilityAnnual: p.withdraw.volatilityAnnual } : {}),
          },
        }
      : {}),
  }));
  const g = spec.generated;
  if (g)
    requests.push(
      ...generatedPositions({
        usd: g.liquidityUsd,
        count: g.count,
        minHalfWidth: g.minHalfWidthPct / 100,
        maxHalfWidth: g.maxHalfWidthPct / 100,
        price,
        ...(g.withdrawMovePct ? { move: { min: g.withdrawMovePct.min / 100, max: g.withdrawMovePct.max / 100 } } : {}),
        ...(g.withdrawVolatilityAnnual ? { volatilityAnnual: g.withdrawVolatilityAnnual } : {}),
      }),
    );
  // The providers mint the positions and attach themselves as the pool's behaviour.
  new V3LiquidityProviders(pool, requests, spec.lpWithdrawal);
  return pool;
}
