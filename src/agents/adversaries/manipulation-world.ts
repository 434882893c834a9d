// What the oracle-manipulation adversaries look up in the world, with the checks their factories run: the target
// protocol, the venue they trade, fundamentals, the collateral market keepers sell on, and a spare account slot.
import type { World } from '../../kernel/world.js';
import { ScenarioError } from '../../kernel/errors.js';
import type { Venue } from '../../market/venues/venue.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { CollateralMarket } from '../../liquidation/mechanisms/mechanism.js';

/** Ids listed for an error message: `a, b, c`, or `none`. */
function listed(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : ids.join(', ');
}

/**
 * The lending protocol `protocolId` names; throws a {@link ScenarioError} naming the field and the allowed ids.
 *
 * @example const protocol = lendingProtocolNamed(world, 'fl', 'lend');
 */
export function lendingProtocolNamed(world: World, adversaryId: string, protocolId: string): LendingProtocol {
  const found = world.protocols.find((p) => p.id === protocolId);
  if (!found) {
    throw new ScenarioError(
      `adversary ${adversaryId}: protocol '${protocolId}' is not a lending protocol of the scenario (allowed: ${listed(world.protocols.map((p) => p.id))})`,
    );
  }
  return found;
}

/**
 * The venue `venueId` names, which must trade `collateral`; throws a {@link ScenarioError} naming `field` and the allowed ids.
 *
 * @example const pool = collateralVenueNamed(world, 'fl', 'pool', 'pool', 'ETH');
 */
export function collateralVenueNamed(world: World, adversaryId: string, field: string, venueId: string, collateral: string): Venue {
  const allowed = world.venues.filter((v) => v.base === collateral);
  const found = allowed.find((v) => v.id === venueId);
  if (!found) {
    throw new ScenarioError(
      `adversary ${adversaryId}: ${field} '${venueId}' is not a venue trading ${collateral} (allowed: ${listed(allowed.map((v) => v.id))})`,
    );
  }
  return found;
}

/**
 * Checks that the attack's blocks fit in the run; throws a {@link ScenarioError} naming `field` otherwise.
 *
 * @example checkBlocksFit(world, 'fl', 'atBlock', 10, 0);
 */
export function checkBlocksFit(world: World, adversaryId: string, field: string, firstBlock: number, extraBlocks: number): void {
  const last = firstBlock + extraBlocks;
  if (last > world.blocks) {
    throw new ScenarioError(`adversary ${adversaryId}: ${field} ${firstBlock} puts its last block at ${last}, after the run's last block ${world.blocks}`);
  }
}

/**
 * Current fundamental (exogenous) USD price of `symbol`.
 *
 * @example fundamentalOf(world, 'ETH'); // 2000
 */
export function fundamentalOf(world: World, symbol: string): number {
  const asset = world.assets.find((a) => a.symbol === symbol);
  if (!asset) throw new ScenarioError(`no asset ${symbol} in the scenario (allowed: ${listed(world.assets.map((a) => a.symbol))})`);
  return asset.fundamental;
}

/**
 * The protocol's collateral market as keepers see it (every venue trading the collateral, and its sales record).
 *
 * @example protocol.mechanism.act(turn, collateralMarketOf(world, protocol));
 */
export function collateralMarketOf(world: World, protocol: LendingProtocol): CollateralMarket {
  const market = world.keeperMarkets.find((m) => m.protocol === protocol);
  if (!market) throw new ScenarioError(`protocol ${protocol.id} is not a lending protocol of this world`);
  return market;
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
    if (book.collateral[i] === 0 && book.debt[i] === 0 && book.reserve[i] === 0 && book.everLiquidated[i] === 0) return i;
  }
  return -1;
}
