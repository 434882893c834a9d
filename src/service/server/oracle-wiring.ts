// Connects the oracle services (src/service/oracle) and the answer history (DuckDB) to the server's routes.
import type { Logger } from 'pino';
import type { LiveBook } from '../book/live-book.js';
import type { ServiceSettings } from '../config.js';
import type { EventHub } from '../events.js';
import type { LoadedScenario } from '../../scenario/load.js';
import { AnswerHistory } from '../../store/service-history.js';
import { AlertWatcher } from '../oracle/alerts.js';
import { cascadeMapAt } from '../oracle/cascade-map-at.js';
import type { OracleContext } from '../oracle/context.js';
import { RiskOracleService } from '../oracle/risk-oracle-service.js';
import { StressRunner } from '../oracle/stress.js';
import { OraclePool } from '../oracle/oracle-pool.js';
import type { OracleServices } from './context.js';

/** What the oracle services are built from. */
export interface OracleInputs {
  book: LiveBook;
  hub: EventHub;
  settings: ServiceSettings;
  loaded: LoadedScenario;
  logger: Logger;
}

/**
 * Opens the answer history in the `--db` DuckDB file and builds the services behind the oracle routes: cascade map
 * and stress test on the live state, the history, the alert watcher (checked after each applied request), and the
 * risk oracle (its schedule and triggers started when the
 * config turns them on). The live books the analyses write go to `DB.books/`.
 *
 * @example const oracle = await startOracle({ book, hub, settings, loaded, logger });
 */
export async function startOracle({ book, hub, settings, loaded, logger }: OracleInputs): Promise<OracleServices> {
  const history = await AnswerHistory.open(settings.db);
  // Maps and batches run on one worker thread (at a lower CPU priority on Linux), so the event loop keeps taking
  // updates meanwhile.
  const runner = new OraclePool(settings.oracle.nice);
  const context: OracleContext = {
    book,
    hub,
    history,
    baseDir: loaded.dir,
    booksDir: `${settings.db}.books`,
    runner,
  };
  const alerts = new AlertWatcher(settings.alerts, hub);
  const stress = new StressRunner(context, { workers: settings.oracle.workers });
  const risk = new RiskOracleService(context, settings.oracle);
  await risk.restore();
  const triggers = Object.values(settings.oracle.triggers ?? {}).some((value) => value !== undefined);
  if (settings.oracle.everySeconds > 0 || triggers) risk.start();
  logger.info({ history: settings.db, schedule: settings.oracle.everySeconds, triggers }, 'oracle services ready');
  return {
    async cascadeMap(protocol) {
      const map = await cascadeMapAt(context, protocol);
      alerts.noteMap(map);
      return map;
    },
    alerts: { recent: (limit) => alerts.recent(limit), check: (live) => void alerts.check(live) },
    stress: { start: (request) => stress.start(request), status: (id) => stress.status(id) },
    history: {
      list: (options) => history.list(options),
      get: (id) => history.get(id),
      record: (entry) => history.record({ ...entry, time: Date.now() }),
    },
    recommendations: {
      list: (limit) => risk.list(limit),
      get: (id) => risk.get(id),
      run: () => risk.run('manual'),
    },
    async close() {
      await risk.close();
      await stress.close();
      await runner.close();
      await history.close();
    },
  };
}
