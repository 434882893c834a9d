// The components of a world (everything but its recorder), apart from world.ts so the recorder can read them.
import type { Clock } from '../kernel/clock.js';
import type { Chain } from '../chain/chain.js';
import type { PriceProcess } from '../market/price/process.js';
import type { Venue } from '../market/venues/venue.js';
import type { OffchainMarket } from '../market/venues/offchain.js';
import type { Oracle } from '../oracle/oracle.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { MarginEngine } from '../protocol/engine.js';
import type { SalesByGeneration } from '../protocol/attribution-records.js';
import type { Keeper, KeeperMarket } from '../agents/keeper.js';
import type { Arbitrageur } from '../agents/arbitrageur.js';
import type { Borrowers } from '../agents/borrowers.js';
import type { Adversary } from '../agents/adversaries/adversary.js';
import type { BookReport } from './file-books.js';
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
  sales: SalesByGeneration;
}

/** A world's components, all but its recorder (what the recorder itself reads). */
export interface WorldParts {
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
  /**
   * Per entry of {@link oracles}, 1 when it steps at the start of the block (a TWAP, `stepsAtBlockStart`), 0 when at
   * step 4: fixed when the world is built, so a block reads a flag instead of testing each oracle's class twice.
   */
  readonly oracleStepsAtBlockStart: Uint8Array;
  /**
   * Every margin engine, in step-5 order: the lending protocols, then the cross-asset pools, then the perpetual
   * exchanges (src/world/engine-registry.ts; `enginesOfKind` picks one family).
   */
  readonly engines: readonly MarginEngine[];
  /** The lending (and CDP) engines, the first entries of {@link engines}: what borrowers, adversaries and most
   * metrics read. */
  readonly protocols: readonly LendingProtocol[];
  /** The perpetual exchanges' traders who add margin. */
  readonly perpTraders: readonly PerpTraders[];
  readonly arbitrageurs: readonly Arbitrageur[];
  readonly keepers: readonly Keeper[];
  /** Each lending protocol with the venues its collateral sells on (what keepers, and adversaries, liquidate through).
   * */
  readonly keeperMarkets: readonly KeeperMarket[];
  readonly borrowers: readonly Borrowers[];
  /** Attackers; they submit after keepers and borrowers each block (the chain orders by priority fee). */
  readonly adversaries: Adversary[];
  /** Books read from files (docs/books.md): what each held at block 0 and which accounts were unsafe then. */
  readonly books: readonly BookReport[];
}
