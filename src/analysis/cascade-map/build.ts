/**
 * Builds the cascade map of a scenario from its world at block 0: the protocols' books become
 * liquidation ladders, the venues one depth, and each shock of the grid is iterated to its fixed point.
 */
import type { LendingSpec, Scenario } from '../../scenario/schema.js';
import { buildWorld } from '../../kernel/build-world.js';
import { InvariantError, UsageError } from '../../kernel/errors.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { tieredThreshold } from '../../protocol/lending/threshold-tiers.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import type { Venue } from '../../market/venues/venue.js';
import { volatilityScaledBonus } from '../../liquidation/rules/volatility-bonus.js';
import { liquidationIncentiveFactor } from '../../liquidation/rules/morpho-blue.js';
import { eulerBands, fixedBonusBands, wholeCollateralBands, type FixedBonusParameters } from './bands.js';
import { ShockedDepth, type DepthVenue } from './depth.js';
import { cascadeFixedPoint, markCritical } from './fixed-point.js';
import { LiquidationLadder, totalVolumeAt, type LadderSeizure } from './ladder.js';
import type { CascadeMap, CascadeMapOptions, MappedVenue, PriceLevel, SeizureModelName } from './types.js';

/**
 * The model's simplifications, printed with every map.
 *
 * @example
 * CASCADE_MAP_ASSUMPTIONS.length; // 9
 */
export const CASCADE_MAP_ASSUMPTIONS: readonly string[] = [
  'Volume at a price: every account liquidatable there is liquidated at that price, from its block-0 state, call after call (close factor first, then again while still unsafe) until it is safe or its collateral is gone; keepers repay the largest amount each call allows.',
  'A cascade re-prices every liquidation at the fixed point: it does not carry state from round to round, so an account liquidated at a higher price on the way down is counted as if liquidated at the final one (more units for the same debt, and a full close where a real fall may liquidate it in halves).',
  'Auctions, absorption and stability pools (maker-clip, maker-flip, compound-v3, liquity-v1) are approximated as selling the whole collateral of each liquidatable account at once.',
  'Arbitrage holds every venue of the collateral at one common price; the oracle (a median of those venues) reads that price. Venue fees and arbitrage capital are ignored.',
  'The shock moves the off-chain markets’ fundamental by s; pools follow through arbitrage and absorb part of it, so with a pool the price before any liquidation (the initial price) sits above P0·(1 − s).',
  'Off-chain price impact is permanent (no resilience decay) and the exogenous shock is instantaneous; oracle delay and deviation thresholds, keeper capital, latency, gas and minimum profit, top-ups and circuit breakers are ignored.',
  'Rules that read volatility use the protocol’s block-0 estimate; thresholds are those of block 0.',
  'Multiplier = (1 − final price/P0) / shock. A shock is critical when its final move grows at least criticalSlope times faster than the shock since the previous grid point.',
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
  const world = buildWorld(scenario, { seed: source.seed, baseDir: source.baseDir });
  const specs = scenario.protocols.filter((p): p is LendingSpec => p.type === 'lending');
  const assets = [...new Set(world.protocols.map((p) => p.settings.collateral))];
  const asset = source.asset ?? assets[0];
  if (asset === undefined) throw new UsageError('the scenario has no lending protocol to map');
  if (!assets.includes(asset)) throw new UsageError(`--asset: no lending protocol takes ${asset} as collateral; allowed: ${assets.join(', ')}`);
  const protocols = world.protocols.filter((p) => p.settings.collateral === asset);
  const models = protocols.map((p) => seizureOf(p, specs.find((s) => s.id === p.id) as LendingSpec));
  const ladders = protocols.map((p, k) => ladderOf(p, models[k].seizure));
  const venues = world.venues.filter((v) => v.base === asset);
  if (venues.length === 0) throw new UsageError(`no venue trades ${asset}: the map needs at least one`);
  const depthVenues = venues.map(depthVenue);
  const initialPrice = protocols[0].oracle.price;

  const levels = priceLevels(ladders, initialPrice, options);
  const outcomes = options.shocks.map((shock, k) => {
    const outcome = cascadeFixedPoint(ladders, new ShockedDepth(depthVenues, shock), initialPrice, shock);
    source.onShock?.(k + 1, options.shocks.length);
    return outcome;
  });
  return {
    scenario: scenario.name,
    seed: world.seed,
    asset,
    initialPrice,
    settings: { ...options, shocks: [...options.shocks] },
    protocols: protocols.map((p, k) => ({
      id: p.id,
      mechanism: (specs.find((s) => s.id === p.id) as LendingSpec).liquidationRule.type,
      model: models[k].model,
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
  if (!(o.criticalSlope > 0 && Number.isFinite(o.criticalSlope))) bad(`criticalSlope ${o.criticalSlope} is not a positive number`);
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

/** The seizure model of one protocol: closed-form bands where they apply, else its rule per account or the whole collateral. */
function seizureOf(protocol: LendingProtocol, spec: LendingSpec): { model: SeizureModelName; seizure: LadderSeizure } {
  const rule = protocol.settings.rule;
  if (!rule) return { model: 'whole collateral sold', seizure: { kind: 'bands', bands: wholeCollateralBands() } };
  const threshold = protocol.book.count > 0 ? protocol.thresholdOf(0) : spec.liquidationThreshold;
  const banded = (p: Omit<FixedBonusParameters, 'threshold'>) => ({
    model: 'health bands' as const,
    seizure: { kind: 'bands' as const, bands: fixedBonusBands({ ...p, threshold }) },
  });
  const r = spec.liquidationRule;
  const aave = { bonus: spec.liquidationBonus, protocolFeeShare: spec.protocolFeeShare, closeFactor: spec.closeFactor, fullCloseBelowHealth: spec.fullCloseBelowHealth };
  if (spec.thresholdTiers.length === 0 && r.type === 'aave-v3') return banded(aave);
  if (spec.thresholdTiers.length === 0 && r.type === 'volatility-bonus') {
    const sigma = protocol.volatility.annual();
    return banded({ ...aave, bonus: volatilityScaledBonus(spec.liquidationBonus, sigma, r.referenceVolatilityAnnual, r.minBonus, r.maxBonus) });
  }
  if (spec.thresholdTiers.length === 0 && r.type === 'morpho-blue') {
    // morphoBlueRule(LLTV = liquidationThreshold): repay the whole debt at bonus LIF − 1, no fee.
    return banded({ bonus: liquidationIncentiveFactor(spec.liquidationThreshold) - 1, protocolFeeShare: 0, closeFactor: 1, fullCloseBelowHealth: 1 });
  }
  if (spec.thresholdTiers.length === 0 && r.type === 'euler-v2') {
    return { model: 'health bands', seizure: { kind: 'bands', bands: eulerBands(r.maxDiscount, threshold) } };
  }
  const { book, debtPrice } = protocol;
  const base = protocol.settings.liquidationThreshold;
  const tiers = protocol.settings.thresholdTiers;
  // Tiers key the threshold on the debt left; any other scaling of block 0 is kept as a ratio.
  const scale = (i: number) => protocol.thresholdOf(i) / tieredThreshold(book.debt[i] * debtPrice, base, tiers);
  const fixed = Float64Array.from({ length: book.count }, (_, i) => protocol.thresholdOf(i));
  const thresholdFor = tiers.length === 0 ? (i: number) => fixed[i] : (i: number, debt: number) => tieredThreshold(debt * debtPrice, base, tiers) * scale(i);
  return { model: 'rule per account', seizure: { kind: 'rule', rule, threshold: thresholdFor, volatilityAnnual: protocol.volatility.annual() } };
}

function ladderOf(protocol: LendingProtocol, seizure: LadderSeizure): LiquidationLadder {
  const { book } = protocol;
  const liquidationPrice = Float64Array.from({ length: book.count }, (_, i) => protocol.liquidationPrice(i));
  return new LiquidationLadder({ liquidationPrice, collateral: book.collateral, debt: book.debt, debtPrice: protocol.debtPrice }, seizure);
}

function depthVenue(venue: Venue): DepthVenue {
  if (venue instanceof OffchainMarket) return { kind: 'offchain', impact: venue.impact, depthUsd: venue.depthUsd, fundamental: venue.mid() };
  if (venue instanceof ConstantProductPool) return { kind: 'cpamm', reserveBase: venue.reserves().base, mid: venue.mid() };
  throw new InvariantError(`venue ${venue.id} is of a kind the cascade map does not model`);
}

function mappedVenue(venue: Venue, d: DepthVenue, depthUsdPer1Pct: number): MappedVenue {
  const kind = d.kind === 'cpamm' ? 'cpamm' : d.impact === 'linear' ? 'offchain-linear' : 'offchain-sqrt';
  return { id: venue.id, kind, depthUsdPer1Pct };
}
