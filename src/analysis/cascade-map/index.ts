/**
 * The cascade map: liquidation volume by price level and the cascade's fixed point for a grid of
 * initial shocks, computed analytically from the block-0 book and the venues' depth.
 *
 * @example
 * import { cascadeMap, defaultShocks } from './analysis/cascade-map/index.js';
 * const map = cascadeMap(scenario, { shocks: defaultShocks(0.5, 100), priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 });
 */
export { cascadeMap, defaultShocks, CASCADE_MAP_ASSUMPTIONS, type CascadeMapSource } from './build.js';
export { cascadeFixedPoint, markCritical, PRICE_TOLERANCE, MAX_ITERATIONS } from './fixed-point.js';
export { ShockedDepth, absorbedUnits, type DepthVenue } from './depth.js';
export { LiquidationLadder, totalVolumeAt, type LadderBook, type LadderSeizure, type LiquidationVolume } from './ladder.js';
export { fixedBonusBands, eulerBands, wholeCollateralBands, type FixedBonusParameters, type HealthBand, type SeizureBands } from './bands.js';
export { seizeUntilSafe, type Seizure, type SeizureAccount } from './seizure.js';
export { cascadeMapJson, cascadeMapCsv, levelsCsv, cascadeMapTable } from './serialize.js';
export type { CascadeMap, CascadeMapOptions, MappedProtocol, MappedVenue, PriceLevel, SeizureModelName, ShockOutcome } from './types.js';
