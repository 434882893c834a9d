/**
 * Builds the cascade map of a scenario from its world at block 0: the protocols' books become
 * liquidation ladders, and each shock of the grid is followed block by block on aggregates (the
 * stepped model: resilience, oracle cadence, keeper limits, the fall's duration) at the scenario's
 * resilience and at the two extremes, and iterated to its instantaneous permanent-impact fixed point.
 */
import type { LendingSpec, Scenario } from '../../scenario/schema.js';
import { buildWorld } from '../../world/build-world.js';
import { InvariantError, UsageError } from '../../kernel/errors.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import type { Venue } from '../../market/venues/venue.js';
import { seizureModel } from './seizure-models.js';
import { ShockedDepth, type DepthVenue } from './depth.js';
import { cascadeFixedPoint, markCritical } from './fixed-point.js';
import { LiquidationLadder, totalVolumeAt, type LadderSeizure } from './ladder.js';
import { steppedCascade, type SteppedWorld } from './stepped.js';
import { shockPath, shockTiming, steppedWorld, type ShockTiming } from './stepped-world.js';
import type { Resilience } from './arbitraged-venues.js';
import type { CascadeMap, CascadeMapOptions, MappedVenue, PriceLevel, ShockOutcome } from './types.js';
import { attribution } from '../../attribution/cascade-generations.js';

/**
 * The model's simplifications, printed with every map.
 *
 * @example
 * CASCADE_MAP_ASSUMPTIONS.length; // 12
 */
export const CASCADE_MAP_ASSUMPTIONS: readonly string[] = [
  'Central estimate (stepped model): block by block on aggregates, in the simulation’s order — the exogenous price follows the scenario’s shock script with the drop set to each shock (no noise), off-chain impact decays with each market’s resilience half-life, arbitrage levels the venues, the oracles publish with their own deviation, heartbeat, delay, TWAP window or OSM hop, and keepers liquidate what an oracle price newly reaches within their capital and calls per block and after their latency. Total move = the oracle’s largest fall from its peak (a run’s oracleDrawdown); market move = the venues’ (marketDrawdown).',
  'Checked against runs (test/cascade-map.e2e.test.ts): on the shipped thin- and deep-pool worlds at 5–20% shocks and on variants with fast, slow and no resilience, scarce keeper capital, a gap and Clipper auctions, a run’s oracle and market drawdowns lie within 1 point + 5% of the central estimate and inside the band. Other oracle kinds, mechanisms marked rough and anything else the scenario adds (adversaries, other collateral, circuit breakers) are outside that check.',
  'Band: the same model with every block’s impact gone by the next block (full recovery) and with impact that never decays (no recovery); it spans the central estimate. Worst case: the instantaneous permanent-impact fixed point (the whole shock at once, every liquidation at the final price, keepers without limits) — not a bound where a deep pool holds the price up.',
  'An account is liquidated first at the oracle price that first reaches it, call after call until safe or empty, from its block-0 state; accounts left in debt (a close factor) are followed as one aggregate per first-liquidation price and liquidated again, by the same rule, whenever the oracle falls below its liquidation price.',
  'Owners who top up are mapped with their whole reserve already added (their liquidation price falls by collateral/(collateral + reserve)): right when the fall is gradual, too kind when a gap takes them below 1 before they can act.',
  'Maker auctions (maker-clip, maker-flip) are approximated as selling collateral worth the tab (debt × chop) at the oracle price, the rest of the lot returned, once the auction has run (a Clipper’s fall from buf to the oracle price; a Flipper’s ttl); Hole, dunk and box are ignored. Absorption and stability pools (compound-v3, liquity-v1) are approximated as selling the whole collateral of each liquidatable account at once: an upper estimate, not checked against runs.',
  'Arbitrage holds every venue of the collateral at one common price (venue fees, gas and arbitrage capital ignored: in a run the venues stay apart by up to the fee band) and sales spread over all venues at once; a pool absorbs units for good, off-chain impact decays.',
  'Keepers repay the largest amount each call allows and sell at once; gas, minimum profit, the choice of a smaller repay when the sale’s impact eats the bonus, fee markets’ block space and OEV auctions are ignored. Work that waits for capital or calls is taken, oldest first, in later blocks.',
  'Rules that read volatility use the protocol’s block-0 estimate; thresholds are those of block 0. Circuit breakers, oracle staleness policies and adversaries are ignored.',
  'Liquidation volume by price level: every account liquidatable at that price liquidated there at once from its block-0 state, until safe or empty (no time, no decay).',
  'Multiplier = total move / shock. A shock is critical when its total move grows at least criticalSlope times faster than the shock since the previous grid point.',
  'Cross-asset (cross-lending) protocols are not mapped.',
];

/**
 * Where the map comes from besides its options.
 *
 * @example
 * const source: CascadeMapSource = { seed: 7, baseDir: 'scenarios', asset: 'ETH' };
 */
export interface CascadeMapSource {
  /** Master seed (the borrower population); default the scenario's. */
  seed?: number;
  /** Directory relative paths in the scenario resolve against. */
  baseDir?: string;
  /** Collateral to shock; default the first lending protocol's. */
  asset?: string;
  /** Called after each shock is mapped with the shocks done and their total (progress display only). */
  onShock?: (done: number, total: number) => void;
}

/**
 * Evenly spaced shocks max·k/steps, k = 1..steps.
 *
 * @example
 * defaultShocks(0.5, 100); // [0.005, 0.01, …, 0.5]
 */
export function defaultShocks(maxShock: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, k) => (maxShock * (k + 1)) / steps);
}

/**
 * Builds the world of `scenario` at block 0 and maps its cascade for every shock of `options`.
 * Deterministic: the same scenario, seed and options give the same map.
 *
 * @example
 * const map = cascadeMap(loadScenario('scenarios/thin-pool-shock.yaml').scenario, { shocks: defaultShocks(0.5, 100), priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 });
 */
export function cascadeMap(scenario: Scenario, options: CascadeMapOptions, source: CascadeMapSource = {}): CascadeMap {
  checkOptions(options);
  const world = buildWorld(scenario, { seed: source.seed, baseDir: source.baseDir, attribution });
  const specs = scenario.protocols.filter((p): p is LendingSpec => p.type === 'lending');
  const assets = [...new Set(world.protocols.map((p) => p.settings.collateral))];
  const asset = source.asset ?? assets[0];
  if (asset === undefined) throw new UsageError('the scenario has no lending protocol to map');
  if (!assets.includes(asset))
    throw new UsageError(`--asset: no lending protocol takes ${asset} as collateral; allowed: ${assets.join(', ')}`);
  const protocols = world.protocols.filter((p) => p.settings.collateral === asset);
  const models = protocols.map((p) => seizureModel(p, specs.find((s) => s.id === p.id) as LendingSpec));
  const ladders = protocols.map((p, k) => ladderOf(p, models[k].seizure));
  const venues = world.venues.filter((v) => v.base === asset);
  if (venues.length === 0) throw new UsageError(`no venue trades ${asset}: the map needs at least one`);
  const depthVenues = venues.map(depthVenue);
  const initialPrice = protocols[0].oracle.price;
  const timing = shockTiming(scenario, asset, options.dropMinutes);
  const stepped = steppedWorld(
    scenario,
    protocols,
    ladders,
    venues,
    timing,
    models.map((m) => m.saleDelaySeconds),
  );
  const fundamental = world.assets.find((a) => a.symbol === asset)?.fundamental ?? initialPrice;

  const levels = priceLevels(ladders, initialPrice, options);
  const outcomes = options.shocks.map((shock, k) => {
    const worst = cascadeFixedPoint(ladders, new ShockedDepth(depthVenues, shock), initialPrice, shock);
    const outcome = shockOutcome(stepped, timing, fundamental, shock, worst);
    source.onShock?.(k + 1, options.shocks.length);
    return outcome;
  });
  return {
    scenario: scenario.name,
    seed: world.seed,
    timing: { ...timing, horizonMinutes: (stepped.blocks * stepped.blockTimeSeconds) / 60 },
    keepers: stepped.keepers,
    asset,
    initialPrice,
    settings: { ...options, shocks: [...options.shocks] },
    protocols: protocols.map((p, k) => ({
      id: p.id,
      mechanism: (specs.find((s) => s.id === p.id) as LendingSpec).liquidationRule.type,
      model: models[k].model,
      checkedAgainstRuns: models[k].checkedAgainstRuns,
      accounts: ladders[k].size,
      collateralUnits: ladders[k].totalCollateral,
      debtUsd: ladders[k].totalDebt * p.debtPrice,
    })),
    venues: venues.map((v, k) => mappedVenue(v, depthVenues[k], world.initialDepthUsdPer1Pct.get(v.id) ?? 0)),
    assumptions: [...CASCADE_MAP_ASSUMPTIONS],
    levels,
    shocks: markCritical(outcomes, options.criticalSlope),
  };
}

function checkOptions(o: CascadeMapOptions): void {
  const bad = (what: string) => {
    throw new InvariantError(`cascade map: ${what}`);
  };
  if (o.shocks.length === 0) bad('no shocks');
  o.shocks.forEach((s, k) => {
    if (!(s > 0 && s <= 0.99)) bad(`shock ${s} is not in (0, 0.99]`);
    if (k > 0 && !(s > o.shocks[k - 1])) bad('shocks must be strictly ascending');
  });
  if (!(o.maxDrop > 0 && o.maxDrop <= 0.99)) bad(`maxDrop ${o.maxDrop} is not in (0, 0.99]`);
  if (!(o.priceStep > 0 && o.priceStep <= o.maxDrop)) bad(`priceStep ${o.priceStep} is not in (0, maxDrop]`);
  if (!(o.criticalSlope > 0 && Number.isFinite(o.criticalSlope)))
    bad(`criticalSlope ${o.criticalSlope} is not a positive number`);
  if (o.dropMinutes !== undefined && !(o.dropMinutes >= 0 && Number.isFinite(o.dropMinutes)))
    bad(`dropMinutes ${o.dropMinutes} is not a number ≥ 0`);
}

/** One shock: the stepped model at the scenario's resilience and at both extremes, and the instantaneous worst case. */
function shockOutcome(
  world: SteppedWorld,
  timing: ShockTiming,
  fundamental: number,
  shock: number,
  worst: ReturnType<typeof cascadeFixedPoint>,
): ShockOutcome {
  const run = (resilience: Resilience) => steppedCascade(world, shockPath(timing, fundamental, shock), resilience);
  const central = run('scenario');
  const fullRecoveryMove = run('full').oracleMove;
  const noRecoveryMove = run('none').oracleMove;
  const moves = [central.oracleMove, fullRecoveryMove, noRecoveryMove];
  return {
    shock,
    totalMove: central.oracleMove,
    lowestPrice: central.lowestOraclePrice,
    marketMove: central.marketMove,
    multiplier: central.oracleMove / shock,
    troughMinute: central.troughMinute,
    soldUnits: central.soldUnits,
    soldUsd: central.soldUsd,
    liquidations: central.accounts,
    keeperLimitedBlocks: central.limitedBlocks,
    band: { fullRecoveryMove, noRecoveryMove, low: Math.min(...moves), high: Math.max(...moves) },
    worstCase: {
      initialPrice: worst.initialPrice,
      finalPrice: worst.finalPrice,
      totalMove: worst.totalMove,
      rounds: worst.rounds,
      iterations: worst.iterations,
      converged: worst.converged,
      soldUnits: worst.soldUnits,
      accounts: worst.accounts,
    },
    critical: false,
  };
}

/** The liquidation volume at P0·(1 − k·step) for k = 1 … ⌊maxDrop/step⌋. */
function priceLevels(ladders: readonly LiquidationLadder[], initialPrice: number, o: CascadeMapOptions): PriceLevel[] {
  const count = Math.floor(o.maxDrop / o.priceStep + 1e-9);
  const levels: PriceLevel[] = [];
  let previousUnits = 0;
  for (let k = 1; k <= count; k++) {
    const drop = k * o.priceStep;
    const price = initialPrice * (1 - drop);
    const v = totalVolumeAt(ladders, price);
    const newSoldUnits = v.soldUnits - previousUnits;
    levels.push({
      price,
      drop,
      seizedUnits: v.seizedUnits,
      soldUnits: v.soldUnits,
      soldUsd: v.soldUnits * price,
      newSoldUnits,
      newSoldUsd: newSoldUnits * price,
      accounts: v.accounts,
      emptiedAccounts: v.emptiedAccounts,
    });
    previousUnits = v.soldUnits;
  }
  return levels;
}

/**
 * The protocol's ladder, with each topping-up owner's whole reserve added to the collateral: an owner adds
 * collateral while health is below the top-up level and reserve is left, so the account reaches health 1 only
 * once the reserve is spent, at liquidation price L·C/(C + R).
 */
function ladderOf(protocol: LendingProtocol, seizure: LadderSeizure): LiquidationLadder {
  const { book } = protocol;
  const collateral = Float64Array.from({ length: book.count }, (_, i) => book.collateral[i] + book.reserve[i]);
  const liquidationPrice = Float64Array.from({ length: book.count }, (_, i) =>
    book.reserve[i] > 0
      ? (protocol.liquidationPrice(i) * book.collateral[i]) / collateral[i]
      : protocol.liquidationPrice(i),
  );
  return new LiquidationLadder(
    { liquidationPrice, collateral, debt: book.debt, debtPrice: protocol.debtPrice },
    seizure,
  );
}

function depthVenue(venue: Venue): DepthVenue {
  if (venue instanceof OffchainMarket)
    return {
      kind: 'offchain',
      impact: venue.impact,
      depthUsd: venue.depthUsd,
      fundamental: venue.mid(),
      law: venue.law,
    };
  if (venue instanceof ConstantProductPool)
    return { kind: 'cpamm', reserveBase: venue.reserves().base, mid: venue.mid() };
  throw new InvariantError(`venue ${venue.id} is of a kind the cascade map does not model`);
}

function mappedVenue(venue: Venue, d: DepthVenue, depthUsdPer1Pct: number): MappedVenue {
  if (d.kind === 'cpamm') return { id: venue.id, kind: 'cpamm', depthUsdPer1Pct };
  const kind = `offchain-${d.impact}` as const;
  return {
    id: venue.id,
    kind,
    depthUsdPer1Pct,
    resilienceHalfLifeSeconds: (venue as OffchainMarket).resilienceHalfLifeSeconds,
  };
}
