/** Exogenous price processes: one factory per model, all implementing {@link PriceProcess}. */
export type { PriceProcess } from './process.js';
export { SECONDS_PER_YEAR, SECONDS_PER_MINUTE } from './time.js';
export { createGbm, type GbmParams } from './gbm.js';
export { createJumpDiffusion, type JumpDiffusionParams } from './jump-diffusion.js';
export { createShock, type ShockParams } from './shock.js';
export { createBridge, type BridgeAnchor, type BridgeParams } from './bridge.js';
export { createCsvReplay, loadPriceCsv, parsePriceCsv, type CsvReplayOptions, type PriceSeries } from './csv-replay.js';
export { createConstant, type ConstantParams } from './constant.js';
export { PRICE_RANGE_FACTOR, withinPriceRange } from './bounded.js';
export { createOu, OuState, reversionPerYear, type OuParams } from './ou.js';
export { CommonJumps, withCommonJumps, type CommonJumpExposure, type CommonJumpParams } from './common-jumps.js';
export {
  createVolatility,
  createGarch,
  createRegime,
  type VarianceSource,
  type VolatilityParams,
} from './volatility.js';
