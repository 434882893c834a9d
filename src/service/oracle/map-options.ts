// The cascade map grid the live service draws.
import { defaultShocks } from '../../analysis/cascade-map/build.js';
import type { CascadeMapOptions } from '../../analysis/cascade-map/types.js';

/**
 * `cascade map`'s grid with 50 shocks: 1% to 50%, levels every 0.5% down to −60%, critical slope 3.
 *
 * @example LIVE_MAP_OPTIONS.shocks.length; // 50
 */
export const LIVE_MAP_OPTIONS: CascadeMapOptions = {
  shocks: defaultShocks(0.5, 50),
  priceStep: 0.005,
  maxDrop: 0.6,
  criticalSlope: 3,
};
