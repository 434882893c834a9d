import type { Clock } from '../kernel/clock.js';
import type { Chain } from '../chain/chain.js';
import type { PriceProcess } from '../market/price/process.js';
import type { Venue } from '../market/venues/venue.js';
import type { OffchainMarket } from '../market/venues/offchain.js';
import type { Oracle } from '../oracle/oracle.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { CrossLendingProtocol } from '../protocol/cross/cross-protocol.js';
import type { GenerationSales } from '../attribution/cascade-generations.js';
import type { Keeper, KeeperMarket } from '../agents/keeper.js';
import type { Arbitrageur } from '../agents/arbitrageur.js';
import type { Borrowers } from '../agents/borrowers.js';
import type { Recorder } from './recorder.js';
import type { Adversary } from '../agents/adversaries/adversary.js';
import type { PerpProtocol } from '../protocol/perp/perp-protocol.js';
import type { PerpTraders } from '../agents/perp-traders.js';
import type { Bridge } from '../chain/bridge.js';
import type { BridgeArbitrageur } from '../agents/bridge-arbitrageur.js';
import type { StablecoinMarket } from '../agents/stablecoin.js';
import type { ProtocolOwnedLiquidity } from '../agents/protocol-owned-liquidity.js';

/** One asset: its exogenous price process and the current fundamental price (USD). */
export interface AssetState {
  symbol: string;
  process: PriceProcess;
  fundamental: number;
  /** Liquidation sales of this asset by cascade generation. */
  sales: GenerationSales;
}

/**
 * One simulation instance. Everything the model touches hangs off the world; nothing is global,
 * so two worlds in one process never interfere. Built by `buildWorld` from a validated scenario.
 */
export interface World {
  readonly scenarioName: string;
  readonly seed: number;
  readonly blocks: number;
  readonly clock: Clock;
  readonly chain: Chain;
  /** Further chains; each builds a block every `every` main-chain blocks. */
  readonly otherChains: readonly { readonly id: string; readonly chain: Chain; readonly every: number }[];
  readonly bridges: readonly Bridge[];
  readonly bridgeArbitrageurs: readonly BridgeArbitrageur[];
  /** CDP stablecoins whose pool sets their price (holder runs and redemptions act after each block's transactions). */
  readonly stablecoins: readonly StablecoinMarket[];
  /** Liquidity protocols own in pools (burnt to pay uncovered bad debt after each block's transactions). */
  readonly protocolOwned: readonly ProtocolOwnedLiquidity[];
  readonly assets: readonly AssetState[];
  readonly venues: readonly Venue[];
  /** The off-chain venues, advanced with their asset's fundamental every block. */
  readonly markets: readonly OffchainMarket[];
  /** Each venue's depthUsdPer1Pct() at block 0, the yardstick of liquidation speed. */
  readonly initialDepthUsdPer1Pct: ReadonlyMap<string, number>;
  readonly oracles: readonly Oracle[];
  readonly protocols: readonly LendingProtocol[];
  /** Aave v3 pools whose accounts hold several collateral and debt assets (protocols of type cross-lending). */
  readonly crossProtocols: readonly CrossLendingProtocol[];
  /** Perpetual-futures exchanges (protocols of type perp). */
  readonly perps: readonly PerpProtocol[];
  /** Their traders who add margin. */
  readonly perpTraders: readonly PerpTraders[];
  readonly arbitrageurs: readonly Arbitrageur[];
  readonly keepers: readonly Keeper[];
  /** Each lending protocol with the venues its collateral sells on (what keepers, and adversaries, liquidate through).
   * */
  readonly keeperMarkets: readonly KeeperMarket[];
  readonly borrowers: readonly Borrowers[];
  /** Attackers; they submit after keepers and borrowers each block (the chain orders by priority fee). */
  readonly adversaries: Adversary[];
  readonly recorder: Recorder;
}
