import type { World } from './world.js';
import { InvariantError } from '../kernel/errors.js';

/**
 * Advances the world by one block, in the fixed order of DESIGN.md §3. This is the only place the
 * order lives; changing it changes results.
 *
 * 1. exogenous prices  2. off-chain venues (order books refill)  3. arbitrage  4. oracles  5. margin engines: refresh
 * and step, one loop over world.engines (perp engines liquidate)
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
  // Indexed loops: the for…of loops here allocated an iterator each, about 6 MB per 7,200-block run.
  const { assets, oracles, markets, venues, engines, oracleStepsAtBlockStart: atStart } = world;

  // 1. Exogenous prices.
  for (let k = 0; k < assets.length; k++) {
    const asset = assets[k];
    asset.fundamental = asset.process.next(clock.timeSeconds, dt);
    asset.sales.decay(dt);
  }
  // 1b. TWAP oracles record the tick that held over the interval just ended, before anything moves.
  for (let k = 0; k < oracles.length; k++) {
    const oracle = oracles[k];
    if (atStart[k] === 1) oracle.onBlock(clock.block, clock.timeSeconds, fundamentalOf(world, oracle.settings.asset));
  }
  // 2. Off-chain venues follow their asset's fundamental; past impact decays.
  for (let k = 0; k < markets.length; k++) markets[k].advance(fundamentalOf(world, markets[k].base), dt);
  for (let k = 0; k < venues.length; k++) venues[k].onBlock?.(clock.timeSeconds, dt);
  // 3. Arbitrage between venues (back-runs at the top of the block).
  for (let k = 0; k < world.arbitrageurs.length; k++) world.arbitrageurs[k].act();
  // 3b. Cross-chain arbitrage: collect arrived transfers, send each chain its leg.
  for (let k = 0; k < world.bridgeArbitrageurs.length; k++) world.bridgeArbitrageurs[k].submit();
  // 4. Oracles (all but TWAPs) read their sources and publish.
  for (let k = 0; k < oracles.length; k++) {
    const oracle = oracles[k];
    if (atStart[k] === 0) oracle.onBlock(clock.block, clock.timeSeconds, fundamentalOf(world, oracle.settings.asset));
  }
  // 5. Margin engines (lending, then cross-asset, then perp: the world's engine order) find unsafe accounts at their
  // oracle prices; then their time-driven step: auctions run their clocks, perp engines close accounts under
  // maintenance (after reading mark and index and settling funding).
  for (let k = 0; k < engines.length; k++) {
    const engine = engines[k];
    engine.refresh(clock.block, clock.timeSeconds);
    engine.step(clock.block);
  }
  world.recorder.noteLiquidationDemand(clock.block);
  // 6–7. Agents submit; the chain orders by priority fee and executes; each transaction settles
  // (seizure, sale, bad-debt write-off) before the next one runs.
  for (let k = 0; k < world.keepers.length; k++) world.keepers[k].submit();
  for (let k = 0; k < world.borrowers.length; k++) world.borrowers[k].submit();
  for (let k = 0; k < world.perpTraders.length; k++) world.perpTraders[k].submit();
  for (let k = 0; k < world.adversaries.length; k++) world.adversaries[k].submit();
  world.chain.executePending();
  // Other chains build their block when one falls due (their block time is a multiple of the main chain's).
  for (let k = 0; k < world.otherChains.length; k++) {
    const other = world.otherChains[k];
    if (clock.block % other.every !== 0) continue;
    other.chain.clock.advance();
    other.chain.executePending();
  }
  // 7b. CDP stablecoins: holders run on a weak issuer, redeemers buy below par and redeem.
  for (let k = 0; k < world.stablecoins.length; k++) world.stablecoins[k].act(clock.timeSeconds, dt);
  // 7c. Protocols burn the liquidity they own to pay bad debt their funds could not cover.
  for (let k = 0; k < world.protocolOwned.length; k++) world.protocolOwned[k].act();
  // 8. Recorder.
  world.recorder.record(clock.block);
}

function fundamentalOf(world: World, symbol: string): number {
  const { assets } = world;
  for (let k = 0; k < assets.length; k++) if (assets[k].symbol === symbol) return assets[k].fundamental;
  throw new InvariantError(`unknown asset ${symbol}`);
}
