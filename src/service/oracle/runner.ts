// Where the oracle's heavy work runs (oracle-pool.ts has the two runners).
import type { CascadeMap, CascadeMapOptions } from '../../analysis/cascade-map/types.js';
import type { BookWriteRequest, WrittenBook } from './book-writer.js';
import type { LiveScenario } from './live-scenario.js';
import type { LiveBatchRequest, LiveBatchResult } from './monte-carlo.js';
import type { RecommendationInputs, RecommendationPayload } from './recommend.js';

/**
 * Runs the oracle's maps, batches, recommendations and the writing of live books.
 *
 * @example const map = await runner.map(live, LIVE_MAP_OPTIONS, 'ETH');
 */
export interface OracleRunner {
  map(live: LiveScenario, options: CascadeMapOptions, asset: string): Promise<CascadeMap>;
  batch(live: LiveScenario, request: LiveBatchRequest): Promise<LiveBatchResult>;
  recommend(live: LiveScenario, inputs: RecommendationInputs, signal?: AbortSignal): Promise<RecommendationPayload>;
  /** Merges (when larger than asked) and writes one live book file; the request's rows are the runner's to keep. */
  writeBook(request: BookWriteRequest): Promise<WrittenBook>;
  close(): Promise<void>;
}
