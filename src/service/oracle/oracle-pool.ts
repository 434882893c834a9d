// Where the oracle's heavy work runs: in this thread (the replay command), or on one worker thread (the server), so
// cascade maps, the merging and writing of live books and the main-thread part of Monte Carlo batches (reading the
// book, parsing the scenario) never hold the server's event loop.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { cascadeMap } from '../../analysis/cascade-map/build.js';
import type { CascadeMap, CascadeMapOptions } from '../../analysis/cascade-map/types.js';
import { writeBookRows, type BookWriteRequest, type WrittenBook } from './book-writer.js';
import { ensureBooksLoaded } from './books-loaded.js';
import type { LiveScenario } from './live-scenario.js';
import { liveBatch, type LiveBatchRequest, type LiveBatchResult } from './monte-carlo.js';
import type { OracleTask, SentScenario } from './oracle-worker.js';
import { compileNicedThreadsOnTheirOwn } from './thread-priority.js';
import { computeRecommendation, type RecommendationInputs, type RecommendationPayload } from './recommend.js';

import type { OracleRunner } from './runner.js';

/**
 * Runs maps and batches in this thread (the batches' paths still run on worker threads).
 *
 * @example const map = await IN_PROCESS.map(live, LIVE_MAP_OPTIONS, 'ETH');
 */
export const IN_PROCESS: OracleRunner = {
  async map(live, options, asset) {
    await ensureBooksLoaded(live);
    return cascadeMap(live.scenario, options, { baseDir: live.baseDir, asset });
  },
  batch: liveBatch,
  recommend: computeRecommendation,
  writeBook: writeBookRows,
  close: async () => {},
};

const sent = ({ scenario: _scenario, ...rest }: LiveScenario): SentScenario => rest;

/**
 * One worker thread for maps and batches (up to 4 tasks at once; a batch mostly waits for its path workers). The
 * thread starts on first use and keeps the book files it has read. On Linux it and the path threads it starts run at
 * the nice value `nice` (0 = the server's own priority), so they take the cores only when the event loop leaves them.
 *
 * @example const runner = new OraclePool(10); await runner.map(live, LIVE_MAP_OPTIONS, 'ETH'); await runner.close();
 */
export class OraclePool implements OracleRunner {
  private pool: Piscina | undefined;

  constructor(private readonly nice = 0) {}

  private piscina(): Piscina {
    const here = fileURLToPath(import.meta.url);
    const fromSource = path.extname(here) === '.ts';
    if (this.pool === undefined) compileNicedThreadsOnTheirOwn(this.nice);
    this.pool ??= new Piscina({
      filename: path.join(path.dirname(here), fromSource ? 'oracle-worker-source.mjs' : 'oracle-worker.js'),
      execArgv: fromSource ? [] : undefined,
      minThreads: 1,
      maxThreads: 1,
      concurrentTasksPerWorker: 4,
      idleTimeout: 2 ** 31 - 1,
    });
    return this.pool;
  }

  /** Maps `live` for `asset` on the worker thread. */
  async map(live: LiveScenario, options: CascadeMapOptions, asset: string): Promise<CascadeMap> {
    const task: OracleTask = { nice: this.nice, kind: 'map', live: sent(live), options, asset };
    return (await this.piscina().run(task)) as CascadeMap;
  }

  /** Runs a batch from the worker thread; progress comes back over a message port, `signal` stops it. */
  async batch(live: LiveScenario, request: LiveBatchRequest): Promise<LiveBatchResult> {
    const { signal, onProgress, ...plain } = request;
    const channel = new MessageChannel();
    channel.port1.on('message', ([done, total]: [number, number]) => onProgress?.(done, total));
    const task: OracleTask = {
      nice: this.nice,
      kind: 'batch',
      live: sent(live),
      request: plain,
      progress: channel.port2,
    };
    try {
      return (await this.piscina().run(task, { transferList: [channel.port2], signal })) as LiveBatchResult;
    } finally {
      channel.port1.close();
    }
  }

  /** Computes a recommendation on the worker thread; `signal` abandons it. */
  async recommend(
    live: LiveScenario,
    inputs: RecommendationInputs,
    signal?: AbortSignal,
  ): Promise<RecommendationPayload> {
    const task: OracleTask = { nice: this.nice, kind: 'recommend', live: sent(live), inputs };
    return (await this.piscina().run(task, { signal })) as RecommendationPayload;
  }

  /** Merges and writes a live book on the worker thread; the rows' arrays are moved there (transferred), not copied. */
  async writeBook(request: BookWriteRequest): Promise<WrittenBook> {
    const task: OracleTask = { nice: this.nice, kind: 'book', request };
    const buffers = new Set([request.rows.collateral.buffer, request.rows.debt.buffer]);
    const transferList = [...buffers].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    return (await this.piscina().run(task, { transferList })) as WrittenBook;
  }

  /** Stops the thread (a task under way is abandoned). */
  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}
