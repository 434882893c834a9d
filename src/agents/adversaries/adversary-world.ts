// What an adversary reads of the world it attacks: a view World satisfies structurally, so agents/ never imports
// world/.
import type { Clock } from '../../kernel/clock.js';
import type { Chain } from '../../chain/chain.js';
import type { Venue } from '../../market/venues/venue.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { MarginEngine } from '../../protocol/engine.js';
import type { KeeperMarket } from '../keeper-market.js';
import type { Adversary } from './adversary.js';

/**
 * The parts of a world adversaries read (src/world/world.ts's World has them all). The recorder and the adversary
 * list are read only as objects a transaction's state capture must not enter.
 *
 * @example const attacker = createCascadeHunter(spec, world); // any World is an AdversaryWorld
 */
export interface AdversaryWorld {
  readonly blocks: number;
  readonly clock: Clock;
  readonly chain: Chain;
  readonly otherChains: readonly { readonly chain: Chain }[];
  readonly assets: readonly { readonly symbol: string; readonly fundamental: number }[];
  readonly venues: readonly Venue[];
  /** Each venue's depthUsdPer1Pct() at block 0. */
  readonly initialDepthUsdPer1Pct: ReadonlyMap<string, number>;
  readonly protocols: readonly LendingProtocol[];
  readonly engines: readonly MarginEngine[];
  readonly keeperMarkets: readonly KeeperMarket[];
  readonly adversaries: readonly Adversary[];
  readonly recorder: object;
}
