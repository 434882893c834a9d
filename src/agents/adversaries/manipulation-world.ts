// What the oracle-manipulation adversaries look up in the world, with the checks their factories run: the target
// protocol, the venue they trade, fundamentals, the collateral market keepers sell on, and a spare account slot.
import type { AdversaryWorld } from './adversary-world.js';
import { ScenarioError } from '../../kernel/errors.js';
import type { Venue } from '../../market/venues/venue.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { StableSwapPool } from '../../market/venues/stableswap.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { CollateralMarket } from '../liquidators/turn.js';
import { enginesOfKind } from '../../protocol/engine-kinds.js';

/** Ids listed for an error message: `a, b, c`, or `none`. */
function listed(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : ids.join(', ');
}

/**
 * The lending protocol `protocolId` names; throws a {@link ScenarioError} naming the field and the allowed ids.
 *
 * @example const protocol = lendingProtocolNamed(world, 'fl', 'lend');
 */
export function lendingProtocolNamed(world: AdversaryWorld, adversaryId: string, protocolId: string): LendingProtocol {
  const found = world.protocols.find((p) => p.id === protocolId);
  if (!found) {
    throw new ScenarioError(
      `adversary ${adversaryId}: protocol '${protocolId}' is not a lending protocol of the scenario (allowed: ${listed(world.protocols.map((p) => p.id))})`,
    );
  }
  return found;
}

/**
 * Checks that the attack's blocks fit in the run; throws a {@link ScenarioError} naming `field` otherwise.
 *
 * @example checkBlocksFit(world, 'fl', 'atBlock', 10, 0);
 */
export function checkBlocksFit(
  world: AdversaryWorld,
  adversaryId: string,
  field: string,
  firstBlock: number,
  extraBlocks: number,
): void {
  const last = firstBlock + extraBlocks;
  if (last > world.blocks) {
    throw new ScenarioError(
      `adversary ${adversaryId}: ${field} ${firstBlock} puts its last block at ${last}, after the run's last block ${world.blocks}`,
    );
  }
}

/**
 * Current fundamental (exogenous) USD price of `symbol`.
 *
 * @example fundamentalOf(world, 'ETH'); // 2000
 */
export function fundamentalOf(world: AdversaryWorld, symbol: string): number {
  const asset = world.assets.find((a) => a.symbol === symbol);
  if (!asset)
    throw new ScenarioError(
      `no asset ${symbol} in the scenario (allowed: ${listed(world.assets.map((a) => a.symbol))})`,
    );
  return asset.fundamental;
}

/**
 * The protocol's collateral market as keepers see it (every venue trading the collateral, and its sales record).
 *
 * @example liquidatorFor({ ...collateralMarketOf(world, protocol), protocol }).act(turn);
 */
export function collateralMarketOf(world: AdversaryWorld, protocol: LendingProtocol): CollateralMarket {
  const market = world.keeperMarkets.find((m) => m.protocol === protocol);
  if (!market) throw new ScenarioError(`protocol ${protocol.id} is not a lending protocol of this world`);
  return market;
}

/**
 * Whether an atomic transaction on the protocols' chain can trade on `venue`: it is a spot pool whose contract holds
 * real reserves on that chain (a constant-product or StableSwap pool), not the off-chain market (a trade there is a
 * separate order, filled after the transaction lands), an order book or a perpetual market's virtual curve (neither
 * takes the asset itself). The world's keeper markets hold the venues of the protocols' chain only.
 *
 * @example isAtomicVenue(world, pool); // true for a cpamm of the main chain, false for the offchain market
 */
export function isAtomicVenue(world: AdversaryWorld, venue: Venue): boolean {
  if (!(venue instanceof ConstantProductPool) && !(venue instanceof StableSwapPool)) return false;
  return !enginesOfKind(world, 'perp').some((perp) => perp.markets.some((market) => market.venue === venue));
}

/**
 * The protocol's collateral market as an atomic transaction sees it: the same sales record and debt market, and only
 * the venues {@link isAtomicVenue} allows. A flash loan is repaid within its transaction, so whatever the transaction
 * sells (seized collateral) or buys (the debt asset, the units it owes back) must trade there. Throws a
 * {@link ScenarioError} when no such venue trades the collateral, or when the debt market (a CDP's stablecoin) has a
 * venue that is not one.
 *
 * @example const market = atomicCollateralMarket(world, protocol, 'fl'); // venues: [pool], not the cex
 */
export function atomicCollateralMarket(
  world: AdversaryWorld,
  protocol: LendingProtocol,
  adversaryId: string,
): CollateralMarket {
  const market = collateralMarketOf(world, protocol);
  const venues = market.venues.filter((v) => isAtomicVenue(world, v));
  if (venues.length === 0) {
    throw new ScenarioError(
      `adversary ${adversaryId}: no on-chain pool of the protocol's chain trades ${protocol.settings.collateral} (venues: ${listed(market.venues.map((v) => v.id))}); an atomic transaction can sell seized collateral only there`,
    );
  }
  const offchainDebt = market.debtMarket?.venues.filter((v) => !isAtomicVenue(world, v)) ?? [];
  if (offchainDebt.length > 0) {
    throw new ScenarioError(
      `adversary ${adversaryId}: the debt asset ${protocol.settings.debt} of protocol ${protocol.id} trades on ${listed(offchainDebt.map((v) => v.id))}, not an on-chain pool; an atomic transaction cannot buy it there to repay`,
    );
  }
  return { ...market, venues };
}

/**
 * The venue `venueId` names, which must be one of `allowed` (venues an atomic transaction may trade, described by
 * `what`); throws a {@link ScenarioError} naming `field` and the allowed ids.
 *
 * @example const pool = atomicVenueNamed('fl', 'pool', 'pool', pools, "constant-product pool of the protocol's chain trading ETH");
 */
export function atomicVenueNamed(
  adversaryId: string,
  field: string,
  venueId: string,
  allowed: readonly Venue[],
  what: string,
): Venue {
  const found = allowed.find((v) => v.id === venueId);
  if (!found) {
    throw new ScenarioError(
      `adversary ${adversaryId}: ${field} '${venueId}' is not an on-chain ${what}; an atomic transaction trades only there (allowed: ${listed(allowed.map((v) => v.id))})`,
    );
  }
  return found;
}

/**
 * Highest-index account slot that has never held anything (no collateral, debt or reserve, never liquidated): the spare
 * slots `buildWorld(…, { spareAccounts })` adds past the population. −1 when there is none.
 *
 * @example const slot = spareSlot(protocol); // protocol.book.count − 1 with spareAccounts ≥ 1
 */
export function spareSlot(protocol: LendingProtocol): number {
  const { book } = protocol;
  for (let i = book.count - 1; i >= 0; i--) {
    if (book.collateral[i] === 0 && book.debt[i] === 0 && book.reserve[i] === 0 && book.everLiquidated[i] === 0)
      return i;
  }
  return -1;
}
