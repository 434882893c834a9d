/**
 * The cascade map: liquidation volume by price level and, for a grid of initial shocks, the oracle's
 * largest fall followed block by block on aggregates (with a resilience band) and the instantaneous
 * permanent-impact fixed point, from the block-0 book, the venues, oracles and keepers.
 *
 * @example
 * import { cascadeMap, defaultShocks } from './analysis/cascade-map/index.js';
 * const map = cascadeMap(scenario, { shocks: defaultShocks(0.5, 100), priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 });
 */
export { cascadeMap, defaultShocks, CASCADE_MAP_ASSUMPTIONS, type CascadeMapSource } from './build.js';
export { cascadeFixedPoint, markCritical, PRICE_TOLERANCE, MAX_ITERATIONS } from './fixed-point.js';
export { ShockedDepth, absorbedUnits, type DepthVenue } from './depth.js';
export {
  LiquidationLadder,
  totalVolumeAt,
  type Cohort,
  type FirstLiquidations,
  type LadderBook,
  type LadderSeizure,
  type LiquidationVolume,
} from './ladder.js';
export { steppedCascade, type SteppedOutcome, type SteppedWorld, type TraceStep } from './stepped.js';
export { shockPath, shockTiming, steppedWorld, type ShockTiming } from './stepped-world.js';
export { ArbitragedVenues, type MemoryVenue, type Resilience } from './arbitraged-venues.js';
export { KeeperQueue, type KeeperLimits, type Work } from './keeper-queue.js';
export { LiquidationBook, cohortLiquidationPrice, liquidateCohort, type CohortStep } from './cohorts.js';
export { seizureModel, dutchAuctionDelay, type SeizureModel } from './seizure-models.js';
export {
  fixedBonusBands,
  eulerBands,
  wholeCollateralBands,
  type FixedBonusParameters,
  type HealthBand,
  type SeizureBands,
} from './bands.js';
export { seizeUntilSafe, type Seizure, type SeizureAccount } from './seizure.js';
export { cascadeMapJson, cascadeMapCsv, levelsCsv, cascadeMapTable, SHOCK_CSV_COLUMNS } from './serialize.js';
export type {
  CascadeMap,
  CascadeMapOptions,
  InstantFixedPoint,
  MapTiming,
  MappedKeeper,
  MappedProtocol,
  MappedVenue,
  PriceLevel,
  ResilienceBand,
  SeizureModelName,
  ShockOutcome,
} from './types.js';
