// What every route module of the server is given.
import type { LiveBook } from '../book/live-book.js';
import type { UpdateLog } from '../book/wal.js';
import type { EventHub } from '../events.js';
import type { IngestQueue } from './ingest-queue.js';
import type { ServiceMetrics } from './metrics.js';

/**
 * The analysis services behind the oracle routes (helper modules in src/service/oracle); each is optional and its
 * routes answer 503 while it is missing.
 */
export interface OracleServices {
  /** The cascade map at the live state (stored in the history). */
  cascadeMap?: (protocol: string | undefined) => Promise<unknown>;
  stress?: {
    start(options: { paths: number; seed: number }): string | Promise<string>;
    status(id: string): unknown;
  };
  history?: {
    list(options: { kind?: string; limit: number }): Promise<unknown[]>;
    get(id: string): Promise<unknown>;
    /** Stores an answer (e.g. an unsafe-accounts snapshot asked with `record=1`); resolves with its id and hash. */
    record(entry: { kind: string; sequence: number; payload: unknown; summary?: unknown }): Promise<{
      id: string;
      hash: string;
    }>;
  };
  recommendations?: {
    list(limit: number): Promise<unknown[]>;
    get(id: string): Promise<unknown>;
    run(): string | Promise<string>;
  };
  alerts?: {
    recent(limit: number): unknown[];
    /** Called after each applied request. */
    check(book: LiveBook): void;
  };
  /** Stops timers and workers, closes the history store. */
  close?: () => Promise<void>;
}

/** The server's shared state. */
export interface ServiceContext {
  book: LiveBook;
  log: UpdateLog;
  hub: EventHub;
  queue: IngestQueue;
  metrics: ServiceMetrics;
  oracle: OracleServices;
  /** Seconds since the epoch when the server started (for /health's uptime). */
  startedAt: number;
}
