// Building a world's oracles from `scenario.oracles[]`: one class per `kind`, all behind the Oracle interface.
import type { OracleSpec } from '../scenario/schema.js';
import type { PriceSource } from '../oracle/spot.js';
import type { Oracle } from '../oracle/oracle.js';
import { PushOracle } from '../oracle/push-oracle.js';
import { SpotOracle } from '../oracle/spot.js';
import { TwapOracle } from '../oracle/twap.js';
import { UniswapV3Pool } from '../market/venues/uniswap-v3.js';
import { DEFAULT_HOP_SECONDS, OsmOracle } from '../oracle/osm.js';
import { StalePolicy, StalenessGuard } from '../oracle/staleness.js';
import { InvariantError } from '../kernel/errors.js';
import type { Chain } from '../chain/chain.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import { OracleUpdates } from '../oracle/oracle-updates.js';

/** Default TWAP window, seconds (30 minutes). */
export const DEFAULT_TWAP_WINDOW_SECONDS = 1800;

/**
 * Observations a TWAP needs for a full window with one observation per block: ceil(window / block time) + 1
 * (Uniswap v3: the oldest kept observation must be at least `window` old).
 *
 * @example defaultCardinality(1800, 12) // 151
 */
export function defaultCardinality(windowSeconds: number, blockTimeSeconds: number): number {
  // Uniswap v3 observe: a window W needs an observation at or before now − W; one per block of length Δt.
  return Math.ceil(windowSeconds / blockTimeSeconds) + 1;
}

/**
 * The oracle a spec describes, reading the given venues (in `spec.sources` order). An OSM reads the median of
 * its sources as a push oracle does: its source is a `PushOracle` used only as a median reader (`read()`, never
 * stepped or started), as Maker's OSM reads a medianizer.
 *
 * @example const oracle = buildOracle(scenario.oracles[0], [cex, pool], 12);
 */
export function buildOracle(
  spec: OracleSpec,
  sources: readonly PriceSource[],
  blockTimeSeconds: number,
  issuerOf?: (id: string) => LendingProtocol | undefined,
): Oracle {
  const single = (): PriceSource => {
    if (sources.length !== 1)
      throw new InvariantError(`oracle ${spec.id}: a ${spec.kind} oracle reads exactly one source`);
    return sources[0];
  };
  const settings = {
    id: spec.id,
    asset: spec.asset,
    deviation: spec.deviationPct / 100,
    heartbeatSeconds: spec.heartbeatSeconds,
    delayBlocks: spec.delayBlocks,
  };
  const push = () => new PushOracle(settings, sources);
  const scaledPush = (scale: () => number) => new PushOracle({ ...settings, scale }, sources);
  switch (spec.kind) {
    case 'push':
      return push();
    case 'redemption': {
      // Redemption value: the anchor's price (a push feed of its venues) times the redemption rate.
      const rate = spec.rate ?? 1;
      return scaledPush(() => rate);
    }
    case 'receipt':
      // A deposit receipt: the anchor's price times what a unit of supply is still worth after the issuer's losses.
      return scaledPush(() => receiptValue(spec.suppliedUsd ?? 0, issuerOf?.(spec.issuer ?? '')));
    case 'spot':
      return new SpotOracle({ id: spec.id, asset: spec.asset }, single());
    case 'twap': {
      const windowSeconds = spec.windowSeconds ?? DEFAULT_TWAP_WINDOW_SECONDS;
      const cardinality = spec.cardinality ?? defaultCardinality(windowSeconds, blockTimeSeconds);
      // A uniswap-v3 source keeps its own tick accumulator, which the TWAP reads (OracleLibrary.consult → observe).
      const source = single();
      const accumulator = source instanceof UniswapV3Pool ? source : undefined;
      return new TwapOracle({ id: spec.id, asset: spec.asset, windowSeconds, cardinality }, source, accumulator);
    }
    case 'osm': {
      const medianizer = push();
      return new OsmOracle(
        { id: spec.id, asset: spec.asset, hopSeconds: spec.hopSeconds ?? DEFAULT_HOP_SECONDS },
        { mid: () => medianizer.read() },
      );
    }
  }
}

/**
 * Under a fee market, makes a push oracle's answers and an OSM's pokes chain transactions (spot and TWAP oracles
 * are read by contracts from pool state: they send nothing).
 *
 * @example if (scenario.chain.feeMarket) sendUpdatesAsTransactions(oracle, spec, chain);
 */
export function sendUpdatesAsTransactions(oracle: Oracle, spec: OracleSpec, chain: Chain): void {
  const updates = () => new OracleUpdates(spec.id, chain, spec.updateTx);
  if (oracle instanceof PushOracle) oracle.sendThrough(updates());
  else if (oracle instanceof OsmOracle) oracle.sendThrough(updates(), chain.clock);
}

/**
 * What one unit of a lending protocol's supply is still worth: 1 − (bad debt charged to its suppliers) /
 * `suppliedUsd`, floored at 0 (Morpho Blue and Euler v2 socialise bad debt by lowering the supply share price). 1
 * before the issuer exists (at block 0).
 *
 * @example receiptValue(10e6, issuer) // 0.97 after 300,000 USD socialised
 */
export function receiptValue(suppliedUsd: number, issuer: LendingProtocol | undefined): number {
  if (!issuer || !(suppliedUsd > 0)) return 1;
  return Math.max(0, 1 - issuer.ledger.socialisedBadDebtUsd / suppliedUsd);
}

/**
 * Whether an oracle is stepped at the start of the block (a TWAP records the tick that held over the interval
 * just ended, before any trade of this block) rather than at step 4 with the others.
 *
 * @example stepsAtBlockStart(twap) // true
 */
export function stepsAtBlockStart(oracle: Oracle): boolean {
  return oracle instanceof TwapOracle;
}

/**
 * The freshness check a lending spec asks for, or undefined without `maxOracleAgeSeconds`.
 *
 * @example const guard = stalenessGuardFor({ maxOracleAgeSeconds: 600, stalePolicy: 'freeze' });
 */
export function stalenessGuardFor(spec: {
  maxOracleAgeSeconds?: number;
  stalePolicy: 'freeze' | 'last-good';
}): StalenessGuard | undefined {
  if (spec.maxOracleAgeSeconds === undefined) return undefined;
  const policy = spec.stalePolicy === 'freeze' ? StalePolicy.FreezeLiquidations : StalePolicy.UseLastGoodPrice;
  return new StalenessGuard({ maxAgeSeconds: spec.maxOracleAgeSeconds, policy });
}
