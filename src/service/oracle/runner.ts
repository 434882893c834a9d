// Where the oracle's heavy work runs (oracle-pool.ts has the two runners).
import type { CascadeMap, CascadeMapOptions } from '../../analysis/cascade-map/types.js';
import type { LiveScenario } from './live-scenario.js';
import type { LiveBatchRequest, LiveBatchResult } from './monte-carlo.js';
import type { RecommendationInputs, RecommendationPayload } from './recommend.js';

/**
 * Runs the oracle's maps, batches and recommendations.
 *
 * @example const map = await runner.map(live, LIVE_MAP_OPTIONS, 'ETH');
 */
export interface OracleRunner {
  map(live: LiveScenario, options: CascadeMapOptions, asset: string): Promise<CascadeMap>;
  batch(live: LiveScenario, request: LiveBatchRequest): Promise<LiveBatchResult>;
  recommend(live: LiveScenario, inputs: RecommendationInputs, signal?: AbortSignal): Promise<RecommendationPayload>;
  close(): Promise<void>;
}
