// The cascade map (src/analysis/cascade-map) at the live state: `cascade map`'s default grid on the live-state
// scenario, answered in the service's shape and stored in the history.
import type { CascadeMap, CascadeMapOptions } from '../../analysis/cascade-map/types.js';
import { UsageError } from '../../kernel/errors.js';
import { LiveScenarios, type OracleContext } from './context.js';
import { LIVE_MAP_OPTIONS } from './map-options.js';
import { IN_PROCESS } from './oracle-pool.js';

/** One shock of the live map. */
export interface LiveMapShock {
  shock: number;
  /** Lowest price the oracle shows after the shock and the liquidations it sets off, USD. */
  finalPrice: number;
  /** Oracle move / shock. */
  multiplier: number;
  soldUsd: number;
  /** Accounts liquidatable at finalPrice (from the map's price levels). */
  accounts: number;
  /** Liquidation calls of the stepped model. */
  liquidations: number;
  critical: boolean;
}

/** The cascade map answer (GET /v1/cascade-map). */
export interface LiveCascadeMap {
  /** History id. */
  id: string;
  /** SHA-256 of the answer's canonical JSON (the id, time and hash themselves left out). */
  hash: string;
  time: number;
  sequence: number;
  protocol: string;
  asset: string;
  /** Oracle price at the live state, USD. */
  price: number;
  /** Highest price level at which some account is liquidatable (the live price if some already are); null: none
   * within the mapped range. */
  firstLiquidationPrice: number | null;
  /** Smallest shock marked critical (fraction), null when none is. */
  criticalShock: number | null;
  shocks: LiveMapShock[];
  /** SHA-256 of the live-state scenario and of each book file it read. */
  scenarioSha256: string;
  books: { protocol: string; sha256: string; accounts: number }[];
}

/**
 * The service's answer from a {@link CascadeMap}: first liquidation price from the price levels (the map's price when
 * `alreadyUnsafe`: some account is liquidatable now), critical shock, and
 * per shock the final price, multiplier, USD sold and accounts liquidatable at the final price.
 *
 * @example const { firstLiquidationPrice, criticalShock, shocks } = mapAnswer(map);
 */
export function mapAnswer(
  map: CascadeMap,
  alreadyUnsafe = false,
): Pick<LiveCascadeMap, 'price' | 'firstLiquidationPrice' | 'criticalShock' | 'shocks'> {
  const levels = map.levels; // highest price first
  const firstLevel = levels.find((l) => l.accounts > 0);
  const accountsAt = (price: number) => {
    let accounts = 0;
    for (const level of levels) if (level.price >= price) accounts = level.accounts;
    return accounts;
  };
  return {
    price: map.initialPrice,
    firstLiquidationPrice: alreadyUnsafe ? map.initialPrice : (firstLevel?.price ?? null),
    criticalShock: map.shocks.find((s) => s.critical)?.shock ?? null,
    shocks: map.shocks.map((s) => ({
      shock: s.shock,
      finalPrice: s.lowestPrice,
      multiplier: s.multiplier,
      soldUsd: s.soldUsd,
      accounts: accountsAt(s.lowestPrice),
      liquidations: s.liquidations,
      critical: s.critical,
    })),
  };
}

/**
 * Maps the cascade of `protocol`'s collateral (default: the first lending protocol) at the live state, stores the
 * answer in the history as kind `cascade-map` and publishes it as an `answer` event.
 *
 * @example const map = await cascadeMapAt(context, 'lend'); map.criticalShock; // e.g. 0.12
 */
export async function cascadeMapAt(
  context: OracleContext,
  protocol?: string,
  options: CascadeMapOptions = LIVE_MAP_OPTIONS,
): Promise<LiveCascadeMap> {
  const lending = context.book.scenario.protocols.filter((p) => p.type === 'lending');
  const spec = protocol === undefined ? lending[0] : lending.find((p) => p.id === protocol);
  if (spec === undefined || spec.type !== 'lending')
    throw new UsageError(
      `protocol: ${protocol ?? '(none)'} is not a lending protocol of the served scenario; allowed: ${lending.map((p) => p.id).join(', ') || 'none'}`,
    );
  const live = await LiveScenarios.of(context);
  const map = await (context.runner ?? IN_PROCESS).map(live, options, spec.collateral);
  const unsafeNow = context.book
    .summary()
    .protocols.some((p) => p.collateral === spec.collateral && p.unsafeAccounts > 0);
  const body = {
    time: (context.now ?? Date.now)(),
    sequence: live.sequence,
    protocol: spec.id,
    asset: spec.collateral,
    ...mapAnswer(map, unsafeNow),
    scenarioSha256: live.sha256,
    books: live.books.map((b) => ({ protocol: b.protocol, sha256: b.sha256, accounts: b.accounts })),
  };
  const stored = await context.history.record({
    kind: 'cascade-map',
    time: body.time,
    sequence: body.sequence,
    payload: body,
    summary: { protocol: body.protocol, price: body.price, criticalShock: body.criticalShock },
  });
  const answer: LiveCascadeMap = { id: stored.id, hash: stored.hash, ...body };
  context.hub.publish('answer', { kind: 'cascade-map', id: stored.id, protocol: spec.id });
  return answer;
}
