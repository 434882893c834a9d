/**
 * Moved to src/kernel/statistics.ts (generic maths, below every layer). This re-export is kept only for
 * src/world/recorder.ts, which still imports it from here; remove it once that import points at the kernel.
 */
export { lowerQuantileRank, maxDrawdown, QUANTILE_DEFINITION, quantileSorted } from '../kernel/statistics.js';
