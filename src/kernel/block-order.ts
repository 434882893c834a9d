import type { World } from './world.js';
import { InvariantError } from './errors.js';
import { stepsAtBlockStart } from './build-oracle.js';

/**
 * Advances the world by one block, in the fixed order of DESIGN.md §3. This is the only place the
 * order lives; changing it changes results.
 *
 * 1. exogenous prices  2. off-chain venues (order books refill)  3. arbitrage  4. oracles  5. protocol checks (perp engines liquidate)
 * 6. agents' transactions, ordered by the chain (keepers, borrowers' top-ups, adversaries)  7. settlement
 * 7b. CDP stablecoin holders and redeemers  7c. protocol-owned liquidity  8. recorder
 *
 * TWAP oracles (kind twap) are stepped earlier, between 1 and 2: at the start of the block, before any venue
 * moves or trades, they write the observation of the interval just ended, whose tick is the source's price as
 * the last block left it (Uniswap v3 writes the observation in the block's first swap, with the tick from
 * before the swap), so this block's trades show in the TWAP from the next block. Push, spot and OSM oracles
 * read at step 4, after arbitrage.
 *
 * @example
 * for (let b = 0; b < world.blocks; b++) stepBlock(world);
 */
export function stepBlock(world: World): void {
  const { clock } = world;
  clock.advance();
  const dt = clock.blockTimeSeconds;

  // 1. Exogenous prices.
  for (const asset of world.assets) {
    asset.fundamental = asset.process.next(clock.timeSeconds, dt);
    asset.sales.decay(dt);
  }
  // 1b. TWAP oracles record the tick that held over the interval just ended, before anything moves.
  for (const oracle of world.oracles) {
    if (stepsAtBlockStart(oracle)) oracle.onBlock(clock.block, clock.timeSeconds, fundamentalOf(world, oracle.settings.asset));
  }
  // 2. Off-chain venues follow their asset's fundamental; past impact decays.
  for (const market of world.markets) market.advance(fundamentalOf(world, market.base), dt);
  for (const venue of world.venues) venue.onBlock?.(clock.timeSeconds, dt);
  // 3. Arbitrage between venues (back-runs at the top of the block).
  for (const arbitrageur of world.arbitrageurs) arbitrageur.act();
  // 3b. Cross-chain arbitrage: collect arrived transfers, send each chain its leg.
  for (const arbitrageur of world.bridgeArbitrageurs) arbitrageur.submit();
  // 4. Oracles (all but TWAPs) read their sources and publish.
  for (const oracle of world.oracles) {
    if (!stepsAtBlockStart(oracle)) oracle.onBlock(clock.block, clock.timeSeconds, fundamentalOf(world, oracle.settings.asset));
  }
  // 5. Protocols find unsafe accounts at their oracle price; auctions run their clocks.
  for (const protocol of world.protocols) {
    protocol.refresh(clock.block, clock.timeSeconds);
    protocol.mechanism.onBlock();
  }
  for (const protocol of world.crossProtocols) protocol.refresh(clock.block, clock.timeSeconds);
  // Perpetual exchanges read mark and index, settle funding, and their engines close accounts under maintenance.
  for (const perp of world.perps) {
    perp.refresh(clock.block, clock.timeSeconds);
    perp.liquidate(clock.block);
  }
  // 6–7. Agents submit; the chain orders by priority fee and executes; each transaction settles
  // (seizure, sale, bad-debt write-off) before the next one runs.
  for (const keeper of world.keepers) keeper.submit();
  for (const borrowers of world.borrowers) borrowers.submit();
  for (const traders of world.perpTraders) traders.submit();
  for (const adversary of world.adversaries) adversary.submit();
  world.chain.executePending();
  // Other chains build their block when one falls due (their block time is a multiple of the main chain's).
  for (const other of world.otherChains) {
    if (clock.block % other.every !== 0) continue;
    other.chain.clock.advance();
    other.chain.executePending();
  }
  // 7b. CDP stablecoins: holders run on a weak issuer, redeemers buy below par and redeem.
  for (const stablecoin of world.stablecoins) stablecoin.act(clock.timeSeconds, dt);
  // 7c. Protocols burn the liquidity they own to pay bad debt their funds could not cover.
  for (const position of world.protocolOwned) position.act();
  // 8. Recorder.
  world.recorder.record(clock.block);
}

function fundamentalOf(world: World, symbol: string): number {
  for (const asset of world.assets) if (asset.symbol === symbol) return asset.fundamental;
  throw new InvariantError(`unknown asset ${symbol}`);
}
