// The oracle's services wired together for the server (src/service/server/context.ts OracleServices): history,
// cascade map, stress runner, risk oracle and alerts on one live book.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnswerHistory } from '../../store/service-history.js';
import { AlertWatcher } from './alerts.js';
import { cascadeMapAt, type LiveCascadeMap } from './cascade-map-at.js';
import { alertsConfig, oracleConfig } from './config-schema.js';
import type { EventSink, OracleContext } from './context.js';
import type { LiveBookView } from './live-state.js';
import { OraclePool } from './oracle-pool.js';
import { RiskOracleService } from './risk-oracle-service.js';
import { StressRunner } from './stress.js';

/** What {@link createOracleServices} needs. */
export interface OracleServicesOptions {
  book: LiveBookView;
  hub: EventSink;
  /** The service's --db file (`:memory:` keeps no history on disk). */
  dbFile: string;
  /** Directory of the served scenario file. */
  baseDir: string;
  /** The config's `oracle:` and `alerts:` mappings as given (parsed here; defaults filled). */
  oracle?: unknown;
  alerts?: unknown;
  /** Folder of the live book files; default `<db>.books` beside the db (so replay finds them after a restart). */
  booksDir?: string;
  /** Start the oracle's schedule and triggers (default true). */
  schedule?: boolean;
  now?: () => number;
}

/** The services, in the shape the server's routes call. */
export interface LiveOracleServices {
  cascadeMap(protocol: string | undefined): Promise<LiveCascadeMap>;
  stress: StressRunner;
  history: AnswerHistory;
  recommendations: RiskOracleService;
  alerts: AlertWatcher;
  close(): Promise<void>;
}

/**
 * Opens the history in `dbFile` and starts the oracle's services on `book` (config parsed with the defaults of
 * docs/risk-oracle.md).
 *
 * @example
 * const oracle = await createOracleServices({ book, hub, dbFile: settings.db, baseDir: loaded.dir, oracle: settings.oracle });
 * // routes: oracle.cascadeMap('lend'), oracle.stress.start({ paths: 1000, seed: 1 }), oracle.alerts.check(book), …
 * await oracle.close();
 */
export async function createOracleServices(options: OracleServicesOptions): Promise<LiveOracleServices> {
  const config = oracleConfig.parse(options.oracle ?? {});
  const alertSettings = alertsConfig.parse(options.alerts ?? {});
  const history = await AnswerHistory.open(options.dbFile);
  const booksDir =
    options.booksDir ??
    (options.dbFile === ':memory:'
      ? path.join(os.tmpdir(), `cascade-live-books-${process.pid}`)
      : `${path.resolve(options.dbFile)}.books`);
  mkdirSync(booksDir, { recursive: true });
  const runner = new OraclePool(config.nice);
  const context: OracleContext = {
    runner,
    book: options.book,
    hub: options.hub,
    history,
    baseDir: options.baseDir,
    booksDir,
    now: options.now,
  };
  const alerts = new AlertWatcher(alertSettings, options.hub, options.now);
  const stress = new StressRunner(context, { workers: config.workers });
  const recommendations = new RiskOracleService(context, config);
  await recommendations.restore();
  if (options.schedule !== false) recommendations.start();
  return {
    async cascadeMap(protocol) {
      const map = await cascadeMapAt(context, protocol);
      alerts.noteMap(map);
      return map;
    },
    stress,
    history,
    recommendations,
    alerts,
    async close() {
      await recommendations.close();
      await stress.close();
      await runner.close();
      await history.close();
    },
  };
}
