/**
 * The cascade block by block, on aggregates only: the exogenous price follows the shock's path, the
 * venues keep (and forget, at their resilience) the impact of past sales, the oracles read the
 * venues' common price with their own cadence (deviation, heartbeat, delay, TWAP window), liquidation
 * work becomes due when an oracle price first reaches it, and keepers clear it within their capital,
 * calls per block and latency. Each block costs a few ladder look-ups and one or two price solves: no
 * account, keeper or trade is simulated one by one, so one pass over one shock costs about 1/200 of a simulation.
 *
 * The order within a block is the simulation's (src/world/block-order.ts): exogenous price, TWAP
 * observation, venues (impact decays), arbitrage, other oracles, liquidations and their sales.
 */
import type { OracleSpec } from '../../scenario/schema.js';
import { buildOracle, stepsAtBlockStart } from '../../world/build-oracle.js';
import type { Oracle } from '../../oracle/oracle.js';
import type { PriceProcess } from '../../market/price/process.js';
import { ArbitragedVenues, type MemoryVenue, type Resilience } from './arbitraged-venues.js';
import { KeeperQueue, type KeeperLimits } from './keeper-queue.js';
import type { LiquidationLadder } from './ladder.js';
import { LiquidationBook } from './cohorts.js';

/**
 * Everything the stepped model reads of a world, fixed across shocks.
 *
 * @example
 * const world: SteppedWorld = { ladders: [{ ladder, oracle: 0, saleDelayBlocks: 0 }], oracles: [spec], venues, keepers, blockTimeSeconds: 12, blocks: 900, pathEndBlock: 201, firstBlock: 49, settle: [{ blocks: 2, readsLive: true }] };
 */
export interface SteppedWorld {
  /**
   * Each protocol's ladder, the index in `oracles` of the oracle it reads (the first one's is the headline) and
   * the blocks between a liquidation and keepers selling its collateral (an auction's run).
   */
  ladders: readonly { ladder: LiquidationLadder; oracle: number; saleDelayBlocks: number }[];
  oracles: readonly OracleSpec[];
  venues: readonly MemoryVenue[];
  /** In the order the chain runs them (highest priority fee first). */
  keepers: readonly KeeperLimits[];
  blockTimeSeconds: number;
  /** Blocks stepped at most (the run's length, at least until the fall is over). */
  blocks: number;
  /** First block from which the exogenous price no longer moves. */
  pathEndBlock: number;
  /** First block stepped: the blocks before it are quiet and leave no trace (see stepped-world.ts). */
  firstBlock: number;
  /**
   * Per oracle: blocks it may still show a new low after the venues' last one — a push or spot feed only its
   * delay (it publishes readings, and once the venues stand above its lowest answer no later reading is lower),
   * a TWAP its window, an OSM two hops. Once the path has ended, no work waits and the venues only recover,
   * the model stops when every oracle is settled.
   */
  settle: readonly { blocks: number; readsLive: boolean }[];
}

/**
 * What one run of the stepped model found.
 *
 * @example
 * const o: SteppedOutcome = { oracleMove: 0.14, lowestOraclePrice: 1720, marketMove: 0.145, troughMinute: 41, soldUnits: 5000, soldUsd: 9e6, accounts: 700, limitedBlocks: 0 };
 */
export interface SteppedOutcome {
  /** Largest fall of the headline oracle from its running peak (the simulation's oracleDrawdown). */
  oracleMove: number;
  lowestOraclePrice: number;
  /** Largest fall of the venues' common price from its running peak, after each block's sales (marketDrawdown). */
  marketMove: number;
  /** Minute (from block 0) of the headline oracle's lowest price. */
  troughMinute: number;
  /** Collateral keepers sold, units. */
  soldUnits: number;
  /** soldUnits, each block's at the venues' price before its sales, USD. */
  soldUsd: number;
  /** Accounts liquidated (calls), counted in shares where a limit split them across blocks. */
  accounts: number;
  /** Blocks in which due work waited for keeper capital or calls. */
  limitedBlocks: number;
}

/**
 * One block of the stepped model, for a caller that follows the path.
 *
 * @example
 * const step: TraceStep = { block: 60, fundamental: 1960, oracle: 1950, market: 1948, soldUnits: 12, waitingUnits: 0 };
 */
export interface TraceStep {
  block: number;
  fundamental: number;
  /** Headline oracle price visible after the block. */
  oracle: number;
  /** The venues' common price after the block's sales. */
  market: number;
  /** Units keepers sold in the block. */
  soldUnits: number;
  /** Units due and not yet taken after the block. */
  waitingUnits: number;
}

/**
 * Runs the stepped model of `world` along the exogenous path `path` (its price relative to `path.initial`
 * drives every off-chain market), with impact decaying as `resilience` says.
 *
 * @example
 * const outcome = steppedCascade(world, createShock({ initial: 2000, startMinute: 10, dropPct: 10, dropMinutes: 30 }, rng), 'scenario');
 */
export function steppedCascade(
  world: SteppedWorld,
  path: PriceProcess,
  resilience: Resilience,
  trace?: (step: TraceStep) => void,
): SteppedOutcome {
  const dt = world.blockTimeSeconds;
  const venues = new ArbitragedVenues(world.venues, resilience);
  const source = { mid: () => venues.price };
  const oracles: Oracle[] = world.oracles.map((spec) =>
    buildOracle(spec, spec.sources.length === 0 ? [source] : spec.sources.map(() => source), dt),
  );
  for (const oracle of oracles) oracle.start(path.initial, 0);
  // TWAPs observe at the start of the block, before anything trades; the others read after arbitrage.
  const twap = oracles.map(stepsAtBlockStart);
  const queue = new KeeperQueue(world.keepers);
  const books = world.ladders.map(({ ladder }) => new LiquidationBook(ladder));
  const headline = world.ladders.length > 0 ? oracles[world.ladders[0].oracle] : oracles[0];
  const oracleDrawdown = new Drawdown(headline.price);
  const marketDrawdown = new Drawdown(venues.price);
  let troughBlock = 0;
  let lastMarketLow = 0;
  const lowestShown = oracles.map((o) => o.price);
  const settled = (sinceMarketLow: number) =>
    world.settle.every((s, k) => sinceMarketLow > s.blocks && (!s.readsLive || venues.price >= lowestShown[k]));
  const outcome = { soldUnits: 0, soldUsd: 0, accounts: 0 };

  for (let block = world.firstBlock; block <= world.blocks; block++) {
    const time = block * dt;
    const fundamental = path.next(time, dt);
    const before = venues.price;
    for (let k = 0; k < oracles.length; k++) if (twap[k]) oracles[k].onBlock(block, time, fundamental);
    venues.advance(fundamental / path.initial, dt);
    for (let k = 0; k < oracles.length; k++) if (!twap[k]) oracles[k].onBlock(block, time, fundamental);
    // Work becomes due where an oracle price first falls below all it has shown before (nothing that was safe
    // at a higher price can become liquidatable otherwise). While keepers are short of capital or calls, newly
    // liquidatable accounts wait unliquidated, as in a run, and are liquidated deeper once keepers catch up.
    if (!queue.backlogged) {
      for (let k = 0; k < books.length; k++) {
        const { oracle, saleDelayBlocks } = world.ladders[k];
        queue.add(block + saleDelayBlocks, books[k].fallTo(oracles[oracle].price));
      }
    }
    const taken = queue.take(block);
    if (taken.units > 0) {
      outcome.soldUnits += taken.units;
      outcome.soldUsd += taken.units * venues.price;
      outcome.accounts += taken.accounts;
      venues.sell(taken.units);
    }
    for (let k = 0; k < oracles.length; k++) lowestShown[k] = Math.min(lowestShown[k], oracles[k].price);
    if (oracleDrawdown.add(headline.price)) troughBlock = block;
    if (venues.price < marketDrawdown.lowest) lastMarketLow = block;
    marketDrawdown.add(venues.price);
    trace?.({
      block,
      fundamental,
      oracle: headline.price,
      market: venues.price,
      soldUnits: taken.units,
      waitingUnits: queue.waiting.units,
    });
    // Done when nothing can fall any more: the path is over, no work waits, the venues stand still or recover
    // towards the fundamental from below (impact only decays), and the oracles have had time to show the last low.
    const still = venues.price === before || venues.price <= fundamental;
    if (block >= world.pathEndBlock && taken.units === 0 && queue.isEmpty && still && settled(block - lastMarketLow))
      break;
  }
  return {
    oracleMove: oracleDrawdown.worst,
    lowestOraclePrice: oracleDrawdown.lowest,
    marketMove: marketDrawdown.worst,
    troughMinute: (troughBlock * dt) / 60,
    ...outcome,
    limitedBlocks: queue.limitedBlocks,
  };
}

/** Running maximum drawdown of a series, as `maxDrawdown` in src/kernel/statistics.ts computes it. */
class Drawdown {
  private peak: number;
  worst = 0;
  lowest: number;

  constructor(first: number) {
    this.peak = first;
    this.lowest = first;
  }

  /** Adds a value; true when it set a new worst drawdown. */
  add(value: number): boolean {
    this.lowest = Math.min(this.lowest, value);
    if (value > this.peak) {
      this.peak = value;
      return false;
    }
    const fall = (this.peak - value) / this.peak;
    if (fall > this.worst) {
      this.worst = fall;
      return true;
    }
    return false;
  }
}
