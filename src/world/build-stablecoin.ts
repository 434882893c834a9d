import type { Chain } from '../chain/chain.js';
import type { SalesByGeneration } from '../protocol/attribution-records.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { Venue } from '../market/venues/venue.js';
import type { Scenario } from '../scenario/schema.js';
import { StablecoinMarket } from '../agents/stablecoin.js';
import { ProtocolOwnedLiquidity, type WithdrawablePool } from '../agents/protocol-owned-liquidity.js';

/** What {@link buildStablecoins} and {@link buildProtocolOwnedLiquidity} look up in the world being built. */
export interface StablecoinWorld {
  protocols: readonly LendingProtocol[];
  venues: readonly Venue[];
  salesOf: (symbol: string) => SalesByGeneration;
  chain: Chain;
}

/**
 * The scenario's CDP stablecoins, each on its pool, with its issuer's collateral venues for redemption sales.
 *
 * @example
 * const stablecoins = buildStablecoins(scenario.stablecoins, { protocols, venues, salesOf, chain });
 */
export function buildStablecoins(specs: Scenario['stablecoins'], world: StablecoinWorld): StablecoinMarket[] {
  return specs.map((spec) => {
    const issuer = world.protocols.find((p) => p.id === spec.issuer) as LendingProtocol;
    const pool = world.venues.find((v) => v.id === spec.venue) as Venue;
    const collateralVenues = world.venues.filter((v) => v.base === issuer.settings.collateral);
    const redemption = spec.redemption && { ...spec.redemption, halfLifeSeconds: spec.redemption.halfLifeHours * 3600 };
    const sales = { stable: world.salesOf(spec.asset), collateral: world.salesOf(issuer.settings.collateral) };
    return new StablecoinMarket(
      { asset: spec.asset, issuer: spec.issuer, holders: spec.holders, redemption },
      issuer,
      pool,
      collateralVenues,
      sales,
      world.chain,
    );
  });
}

/**
 * The scenario's protocol-owned liquidity positions, each selling what it withdraws on the venues of the pool's base.
 *
 * @example
 * const positions = buildProtocolOwnedLiquidity(scenario.protocolOwnedLiquidity, { protocols, venues, salesOf, chain });
 */
export function buildProtocolOwnedLiquidity(
  specs: Scenario['protocolOwnedLiquidity'],
  world: StablecoinWorld,
): ProtocolOwnedLiquidity[] {
  return specs.map((spec) => {
    const protocol = world.protocols.find((p) => p.id === spec.protocol) as LendingProtocol;
    const pool = world.venues.find((v) => v.id === spec.venue) as WithdrawablePool;
    const saleVenues = world.venues.filter((v) => v.base === pool.base);
    return new ProtocolOwnedLiquidity(spec, protocol, pool, saleVenues, world.salesOf(pool.base));
  });
}
