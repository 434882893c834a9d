import type { Scenario, VenueSpec, LendingSpec } from '../scenario/schema.js';
import { Clock } from '../kernel/clock.js';
import { RandomStream } from '../kernel/random.js';
import type { AssetState, World, WorldParts } from './world.js';
import { Chain } from '../chain/chain.js';
import { priceBuilder } from './build-prices.js';
import { buildProtocolOwnedLiquidity, buildStablecoins } from './build-stablecoin.js';
import { venuePairs } from './venue-pairs.js';
import { dataVenue } from './build-venue.js';
import { InvariantError } from '../kernel/errors.js';
import { FeeMarket, type FeeMarketSettings } from '../chain/fee-market.js';
import type { FeeMarketSpec } from '../scenario/schema-chain.js';
import type { Venue } from '../market/venues/venue.js';
import { OffchainMarket } from '../market/venues/offchain.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';
import type { LendingProtocol, ScanMode } from '../protocol/lending/lending-protocol.js';
import { Recorder, type SeriesDetail } from './recorder.js';
import { Keeper, type KeeperMarket } from '../agents/keeper.js';
import { OevAuction } from '../liquidation/oev-auction.js';
import { Arbitrageur } from '../agents/arbitrageur.js';
import { Borrowers } from '../agents/borrowers.js';
import { buildAdversary } from '../agents/adversaries/index.js';
import { healthSample } from './health-sample.js';
import { crossKeeperMarket } from './build-cross.js';
import { buildEngines } from './engine-registry.js';
import { ofKind } from '../protocol/engine-kinds.js';
import type { AttributionFactory } from '../protocol/attribution-records.js';
import { PerpTraders } from '../agents/perp-traders.js';
import { Bridge } from '../chain/bridge.js';
import { BridgeArbitrageur } from '../agents/bridge-arbitrageur.js';
import { OrderBook } from '../market/venues/order-book.js';
import { RoutedVenue } from '../market/venues/routed-venue.js';
import { StableSwapPool } from '../market/venues/stableswap.js';
import { buildOracle, sendUpdatesAsTransactions, stepsAtBlockStart } from './build-oracle.js';
import { buildUniswapV3 } from './build-uniswap-v3.js';
import { generatedOf } from '../scenario/schema-books.js';
import type { BookReport } from './file-books.js';
import { checkAccountMemory } from '../scenario/memory.js';

/** Options of {@link buildWorld}. */
export interface BuildOptions {
  /** Master seed; defaults to the scenario's. */
  seed?: number;
  /** Directory that relative paths in the scenario (CSV files) are resolved against. */
  baseDir?: string;
  /** How protocols find unsafe accounts (the naive scan exists for benchmarks and cross-checks). */
  scan?: ScanMode;
  /** Empty account slots added to every lending protocol past its population, for adversaries to borrow in (default 0).
   * */
  spareAccounts?: number;
  /**
   * Makes the attribution records engines and agents write (sales by generation, classifiers, cause tallies):
   * src/attribution's `attribution`, handed down by the composition root (analysis/run.ts).
   */
  attribution: AttributionFactory;
  /** Which per-block series to record: every one (default), or only the prices and volume the metrics read ({@link
   * SeriesDetail}). */
  series?: SeriesDetail;
}

/** Impact half-life used for cascade attribution of an asset with no off-chain market. */
const DEFAULT_SALES_HALF_LIFE_SECONDS = 600;

/**
 * Builds a world at block 0 from a validated scenario: every component gets its own named random
 * stream derived from the master seed, oracles publish their first answer and block 0 is recorded.
 *
 * @example
 * const world = buildWorld(loadScenario('scenarios/thin-pool-shock.yaml').scenario, { attribution });
 */
export function buildWorld(scenario: Scenario, options: BuildOptions): World {
  checkAccountMemory(scenario); // refuse before allocating a book the machine cannot hold
  const seed = options.seed ?? scenario.seed;
  const { attribution } = options;
  const baseDir = options.baseDir ?? process.cwd();
  const clock = new Clock(scenario.chain.blockTimeSeconds);

  const halfLifeOf = (symbol: string) => {
    const market = scenario.venues.find((v) => v.type === 'offchain' && v.base === symbol);
    return market?.type === 'offchain' ? market.resilienceHalfLifeSeconds : DEFAULT_SALES_HALF_LIFE_SECONDS;
  };
  const assets: AssetState[] = [];
  const asset = (symbol: string) => assets.find((a) => a.symbol === symbol) as AssetState;
  const priceOf = priceBuilder(scenario, seed, baseDir);
  for (const spec of scenario.assets) {
    // A pegged asset reads its anchor, declared (and so stepped) before it.
    const process = priceOf(spec, (symbol) => asset(symbol).fundamental);
    assets.push({
      symbol: spec.symbol,
      process,
      fundamental: process.initial,
      sales: attribution.sales(halfLifeOf(spec.symbol)),
    });
  }
  const native = asset(scenario.chain.nativeAsset);
  const nativePrice = () => native.fundamental;
  const feeMarketSpec = scenario.chain.feeMarket;
  const chain = new Chain(
    clock,
    scenario.chain.gasPriceGwei,
    nativePrice,
    feeMarketSpec && new FeeMarket(feeMarketSettings(feeMarketSpec), nativePrice),
  );

  const venuePrice = (spec: VenueSpec) => asset(spec.base).fundamental / asset(spec.quote).fundamental;
  const venues: Venue[] = scenario.venues.map(
    (spec) => dataVenue(spec, venuePrice(spec), () => venuePrice(spec), baseDir) ?? venue(spec, venuePrice(spec)),
  );
  const markets = venues.filter((v): v is OffchainMarket => v instanceof OffchainMarket);
  const venueById = (id: string) => venues.find((v) => v.id === id) as Venue;

  // Receipt oracles read their issuer's losses; the issuers are built below, so they are looked up lazily.
  const built: LendingProtocol[] = [];
  const issuerOf = (id: string) => built.find((p) => p.id === id);
  // A receipt with no sources reads its (constant-priced) anchor's price.
  const sourcesOf = (spec: Scenario['oracles'][number]) =>
    spec.sources.length === 0 && spec.anchor
      ? [{ mid: () => asset(spec.anchor as string).fundamental }]
      : spec.sources.map(venueById);
  const oracles = scenario.oracles.map((spec) =>
    buildOracle(spec, sourcesOf(spec), scenario.chain.blockTimeSeconds, issuerOf),
  );
  if (feeMarketSpec) scenario.oracles.forEach((spec, k) => sendUpdatesAsTransactions(oracles[k], spec, chain));
  for (const oracle of oracles) oracle.start(asset(oracle.settings.asset).fundamental, 0);

  const lendingSpecs = scenario.protocols.filter((spec): spec is LendingSpec => spec.type === 'lending');
  // Every margin engine, family by family in step-5 order (lending, cross-asset, perp): engine-registry.ts.
  const books: BookReport[] = [];
  const engines = buildEngines(scenario, {
    scenario,
    seed,
    options,
    assets,
    assetOf: asset,
    oracles,
    venues,
    attribution,
    baseDir,
    books,
  });
  const protocols = ofKind(engines, 'lending');
  built.push(...protocols);
  const lookups = { protocols, venues, salesOf: (symbol: string) => asset(symbol).sales, chain };
  const stablecoins = buildStablecoins(scenario.stablecoins, lookups);
  const protocolOwned = buildProtocolOwnedLiquidity(scenario.protocolOwnedLiquidity, lookups);
  // Protocols live on the main chain: their keepers sell what they seize there (other chains are a bridge away).
  const mainChainVenues = venues.filter((_, k) => (scenario.venues[k].chain ?? 'main') === 'main');
  const keeperMarkets = protocols.map((protocol, p): KeeperMarket => {
    const oev = lendingSpecs[p].oevAuction;
    const debtMarket = stablecoins.find((s) => s.settings.issuer === protocol.id)?.debtMarket;
    return {
      protocol,
      venues: mainChainVenues.filter((v) => v.base === protocol.settings.collateral),
      sales: asset(protocol.settings.collateral).sales,
      ...(debtMarket ? { debtMarket } : {}),
      ...(feeMarketSpec && oev ? { oev: new OevAuction(oev.protocolShare, protocol.fund) } : {}),
    };
  });
  const crossMarkets = ofKind(engines, 'cross-lending').map((protocol) =>
    crossKeeperMarket(protocol, mainChainVenues, assets),
  );
  const perpTraders = ofKind(engines, 'perp').map((perp) => new PerpTraders(perp, chain));
  // A routing keeper sees each collateral market as one venue that splits its orders across all of them.
  const routed = keeperMarkets.map((m): KeeperMarket => ({
    ...m,
    venues: m.venues.length > 1 ? [new RoutedVenue(`routed:${m.protocol.id}`, m.venues)] : m.venues,
  }));
  const keepers = scenario.keepers.map(
    (spec) =>
      new Keeper(spec, chain, [...(spec.routing === 'split' ? routed : keeperMarkets), ...crossMarkets], nativePrice),
  );
  // Arbitrageurs pair venues of one asset on one chain; across chains only bridge arbitrageurs trade.
  const chainOfVenue = (k: number) => scenario.venues[k].chain ?? 'main';
  const otherChains = scenario.chains.map((spec) => ({
    id: spec.id,
    chain: new Chain(
      new Clock(spec.blockTimeSeconds),
      spec.gasPriceGwei,
      nativePrice,
      spec.feeMarket && new FeeMarket(feeMarketSettings(spec.feeMarket), nativePrice),
    ),
    every: Math.round(spec.blockTimeSeconds / scenario.chain.blockTimeSeconds),
  }));
  const chainById = (id: string) => (id === 'main' ? chain : (otherChains.find((c) => c.id === id)?.chain as Chain));
  const bridges = scenario.bridges.map((spec) => new Bridge(spec));
  const bridgeArbitrageurs = scenario.bridgeArbitrageurs.map((spec) => {
    const k = scenario.bridges.findIndex((b) => b.id === spec.bridge);
    const { from, to } = scenario.bridges[k];
    return new BridgeArbitrageur(
      spec,
      bridges[k],
      { chain: chainById(from), venue: venueById(spec.buyVenue) },
      { chain: chainById(to), venue: venueById(spec.sellVenue) },
    );
  });
  const arbitrageurs = scenario.arbitrageurs.map(
    (spec) => new Arbitrageur(spec, chain, venuePairs(venues, chainOfVenue, spec.routing)),
  );
  const borrowers = lendingSpecs.flatMap((spec, p) =>
    spec.borrowers.topUp ? [new Borrowers(protocols[p], spec.borrowers.topUp, chain)] : [],
  );

  const samples = protocols.map((protocol, p) =>
    healthSample(
      generatedOf(lendingSpecs[p].borrowers)?.count ?? books.find((b) => b.protocol === protocol.id)?.accounts ?? 0,
      scenario.record.healthSample,
      new RandomStream(seed, `record:health-sample:${protocol.id}`),
    ),
  );
  const components: WorldParts = {
    scenarioName: scenario.name,
    seed,
    blocks: scenario.blocks,
    clock,
    chain,
    otherChains,
    bridges,
    bridgeArbitrageurs,
    stablecoins,
    protocolOwned,
    assets,
    venues,
    markets,
    initialDepthUsdPer1Pct: new Map(venues.map((v) => [v.id, v.depthUsdPer1Pct()])),
    oracles,
    oracleStepsAtBlockStart: Uint8Array.from(oracles, (oracle) => (stepsAtBlockStart(oracle) ? 1 : 0)),
    engines,
    protocols,
    perpTraders,
    arbitrageurs,
    keepers,
    keeperMarkets,
    borrowers,
    adversaries: [],
    books,
  };
  // Adding the recorder to the same object (not spreading it into a new one) gives every world the same hidden class: a
  // spread's generic path made a new map per world, and code optimised for one world's map deoptimised on the next.
  const world: World = Object.assign(components, { recorder: new Recorder(components, samples, options.series) });
  world.adversaries.push(...scenario.adversaries.map((spec) => buildAdversary(spec, world)));
  world.recorder.record(0);
  return world;
}

/** The fee market's settings from its scenario entry. */
function feeMarketSettings(spec: FeeMarketSpec): FeeMarketSettings {
  const { mode, gasLimit, initialBaseFeeGwei, elasticity, denominator, backgroundGas, spikes, volatilityDemand } = spec;
  const price = { referenceBaseFeeGwei: initialBaseFeeGwei, elasticity: spec.backgroundPriceElasticity };
  return {
    gas: {
      mode,
      gasLimit,
      initialBaseFeeGwei,
      elasticity,
      denominator,
      demand: { baseGas: backgroundGas, spikes, volatility: volatilityDemand, price },
    },
    mempool: {
      ttlBlocks: spec.ttlBlocks,
      priceBumpPercent: spec.priceBumpPercent,
      backgroundTipGwei: spec.backgroundTipGwei,
    },
    rebidAfterBlocks: spec.rebidAfterBlocks,
  };
}

function venue(spec: VenueSpec, price: number): Venue {
  if (spec.type === 'curve') throw new InvariantError(`venue ${spec.id}: a curve venue is built from its table`);
  if (spec.type === 'offchain') return new OffchainMarket({ ...spec, fundamental: price });
  if (spec.type === 'orderbook') return new OrderBook({ ...spec, snapshot: undefined, mid: price });
  if (spec.type === 'uniswap-v3') return buildUniswapV3(spec, price);
  // Curve contracts report A·n^(n−1) = 2A for two coins; the pool takes the A of the invariant.
  if (spec.type === 'stableswap')
    return new StableSwapPool({ ...spec, amplification: spec.amplification / 2, pegPrice: spec.pegPrice ?? price });
  // A vAMM is a constant-product curve on virtual reserves: the same maths as a pool.
  return ConstantProductPool.fromLiquidity({
    id: spec.id,
    base: spec.base,
    quote: spec.quote,
    price,
    liquidityUsd: spec.liquidityUsd,
    feeBps: spec.feeBps,
  });
}
