/**
 * What the stepped model takes from a scenario and its block-0 world: the venues with their resilience,
 * the oracles' specs, the keepers' limits and the exogenous path of each shock.
 */
import type { OracleSpec, Scenario } from '../../scenario/schema.js';
import { DEFAULT_TWAP_WINDOW_SECONDS } from '../../world/build-oracle.js';
import { DEFAULT_HOP_SECONDS } from '../../oracle/osm.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { InvariantError } from '../../kernel/errors.js';
import { RandomStream } from '../../kernel/random.js';
import { createShock } from '../../market/price/shock.js';
import type { PriceProcess } from '../../market/price/process.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import type { Venue } from '../../market/venues/venue.js';
import type { MemoryVenue } from './arbitraged-venues.js';
import type { MapTiming, MappedKeeper } from './types.js';
import type { LiquidationLadder } from './ladder.js';
import type { SteppedWorld } from './stepped.js';

/**
 * The timing of the map's shocks (a {@link MapTiming} before its horizon is known).
 *
 * @example
 * const timing: ShockTiming = { startMinute: 10, dropMinutes: 30, holdMinutes: 0, recoveryPct: 0, recoveryMinutes: 0, source: 'scenario' };
 */
export type ShockTiming = Omit<MapTiming, 'horizonMinutes'>;

/**
 * The timing the map gives every shock of `scenario` on `asset`: the asset's own shock model's, with its drop
 * size replaced by each shock and its noise left out; otherwise a gap at minute 0. `dropMinutes` overrides the
 * duration of the fall.
 *
 * @example
 * shockTiming(scenario, 'ETH').dropMinutes; // 30 on thin-pool-shock
 */
export function shockTiming(scenario: Scenario, asset: string, dropMinutes?: number): ShockTiming {
  const price = scenario.assets.find((a) => a.symbol === asset)?.price;
  const timing: ShockTiming =
    price?.model === 'shock'
      ? {
          startMinute: price.startMinute,
          dropMinutes: price.dropMinutes,
          holdMinutes: price.holdMinutes,
          recoveryPct: price.recoveryPct,
          recoveryMinutes: price.recoveryMinutes,
          source: 'scenario',
        }
      : { startMinute: 0, dropMinutes: 0, holdMinutes: 0, recoveryPct: 0, recoveryMinutes: 0, source: 'instant' };
  return dropMinutes === undefined ? timing : { ...timing, dropMinutes, source: 'flag' };
}

/**
 * The exogenous path of one shock: the scenario's shock script (src/market/price/shock.ts) from `initial`,
 * falling by `shock`, without noise.
 *
 * @example
 * shockPath(timing, 2000, 0.1).next(40 * 60, 12); // 1800 once the 30-minute fall from minute 10 is over
 */
export function shockPath(timing: ShockTiming, initial: number, shock: number): PriceProcess {
  const { startMinute, dropMinutes, holdMinutes, recoveryPct, recoveryMinutes } = timing;
  // Without noise the script never draws, so the stream is only there to satisfy the signature.
  return createShock(
    {
      initial,
      startMinute,
      dropPct: shock * 100,
      dropMinutes,
      holdMinutes,
      recoveryPct,
      recoveryMinutes,
      volatilityAnnual: 0,
    },
    new RandomStream(0, 'cascade-map'),
  );
}

/**
 * The stepped model's view of a world: `ladders` (one per protocol in `protocols`, whose collateral reaches
 * the market `saleDelaySeconds` after its liquidation), the venues of the collateral with their half-lives,
 * the protocols' oracles and every keeper's limits in the chain's order.
 *
 * @example
 * const world = steppedWorld(scenario, protocols, ladders, venues, timing, [0]);
 */
export function steppedWorld(
  scenario: Scenario,
  protocols: readonly LendingProtocol[],
  ladders: readonly LiquidationLadder[],
  venues: readonly Venue[],
  timing: ShockTiming,
  saleDelaySeconds: readonly number[] = [],
): SteppedWorld & { keepers: MappedKeeper[] } {
  const oracleIds = [...new Set(protocols.map((p) => p.oracle.id))];
  const oracles = oracleIds.map((id) => {
    const spec = scenario.oracles.find((o) => o.id === id);
    if (!spec) throw new InvariantError(`oracle ${id} is not in the scenario`);
    return spec;
  });
  const feeMarket = scenario.chain.feeMarket !== undefined;
  // The chain runs transactions by priority fee, highest first (a stable sort keeps the file's order for ties).
  const keepers: MappedKeeper[] = [...scenario.keepers]
    .sort((a, b) => b.priorityFeeGwei - a.priorityFeeGwei)
    .map((k) => ({
      id: k.id,
      capitalUsd: k.capitalUsd,
      // Under a fee market one transaction carries as many calls as its gas cap holds (Keeper.submit).
      callsPerBlock: feeMarket
        ? Math.min(k.maxLiquidationsPerBlock, Math.max(1, Math.floor(k.maxTxGas / Math.max(1, k.gasUnits))))
        : k.maxLiquidationsPerBlock,
      latencyBlocks: k.latencyBlocks,
    }));
  const blockTimeSeconds = scenario.chain.blockTimeSeconds;
  const fallEnds = Math.ceil(((timing.startMinute + timing.dropMinutes) * 60) / blockTimeSeconds) + 1;
  const pathEnds = timing.startMinute + timing.dropMinutes + timing.holdMinutes + timing.recoveryMinutes;
  return {
    ladders: ladders.map((ladder, k) => ({
      ladder,
      oracle: oracleIds.indexOf(protocols[k].oracle.id),
      saleDelayBlocks: Math.ceil((saleDelaySeconds[k] ?? 0) / blockTimeSeconds),
    })),
    oracles,
    venues: venues.map(memoryVenue),
    keepers,
    blockTimeSeconds,
    blocks: Math.max(scenario.blocks, fallEnds),
    pathEndBlock: Math.ceil((pathEnds * 60) / blockTimeSeconds) + 1,
    firstBlock: firstBlock(oracles, (timing.startMinute * 60) / blockTimeSeconds, blockTimeSeconds),
    settle: oracles.map((o) => settleOf(o, blockTimeSeconds)),
  };
}

/**
 * The first block worth stepping: before the fall starts nothing moves, so blocks may be skipped as long as
 * no oracle would have done anything in them that matters later — a push feed's heartbeat (timed from
 * block 0), a TWAP's observations within its window of the start, an OSM's hops (never skipped).
 */
function firstBlock(oracles: readonly OracleSpec[], startBlock: number, blockTimeSeconds: number): number {
  let first = Math.max(1, Math.floor(startBlock));
  for (const spec of oracles) {
    if (spec.kind === 'osm') return 1;
    if (spec.kind === 'twap')
      first = Math.min(
        first,
        Math.floor(startBlock - (spec.windowSeconds ?? DEFAULT_TWAP_WINDOW_SECONDS) / blockTimeSeconds) - 2,
      );
    else if (spec.kind !== 'spot' && spec.heartbeatSeconds <= startBlock * blockTimeSeconds) return 1;
  }
  return Math.max(1, first);
}

/**
 * How long after the venues' last low oracle `spec` may still show a lower price: a push or spot feed publishes
 * readings (so only its pending answers, within its delay, can be lower than the venues now), a TWAP averages
 * its window, an OSM publishes every hop the reading of one hop earlier.
 */
function settleOf(spec: OracleSpec, blockTimeSeconds: number): { blocks: number; readsLive: boolean } {
  const blocks = (seconds: number) => Math.ceil(seconds / blockTimeSeconds);
  if (spec.kind === 'twap')
    return { blocks: blocks(spec.windowSeconds ?? DEFAULT_TWAP_WINDOW_SECONDS) + 2, readsLive: false };
  if (spec.kind === 'osm')
    return { blocks: blocks(2 * (spec.hopSeconds ?? DEFAULT_HOP_SECONDS)) + 2, readsLive: false };
  return { blocks: (spec.kind === 'spot' ? 0 : spec.delayBlocks) + 1, readsLive: true };
}

function memoryVenue(venue: Venue): MemoryVenue {
  if (venue instanceof OffchainMarket) {
    return {
      kind: 'offchain',
      impact: venue.impact,
      law: venue.law,
      depthUsd: venue.depthUsd,
      fundamental: venue.mid(),
      halfLifeSeconds: venue.resilienceHalfLifeSeconds,
    };
  }
  if (venue instanceof ConstantProductPool)
    return { kind: 'cpamm', reserveBase: venue.reserves().base, mid: venue.mid() };
  throw new InvariantError(`venue ${venue.id} is of a kind the cascade map does not model`);
}
