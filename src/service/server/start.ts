// Starting and stopping the whole service: book, write-ahead log, oracle services, HTTP server, signals.
import pino, { type Level, type Logger } from 'pino';
import { UsageError } from '../../kernel/errors.js';
import { LiveBook } from '../book/live-book.js';
import { UpdateLog } from '../book/wal.js';
import type { ServiceConfig } from '../config.js';
import { EventHub } from '../events.js';
import { buildApp, type App } from './app.js';
import { startOracle } from './oracle-wiring.js';

/** A running service. */
export interface RunningService {
  /** `http://host:port` with the port actually bound. */
  url: string;
  port: number;
  app: App;
  logger: Logger;
  /** Updates replayed from the write-ahead log at start. */
  replayed: number;
  /** Graceful stop: finish queued requests, checkpoint the book, close the oracle services and the log. */
  stop(): Promise<void>;
}

/**
 * Opens the log (restoring the book from its checkpoint and the updates after it), builds the app and listens.
 *
 * @example
 * const service = await startService(await loadServiceConfig('scenarios/thin-pool-shock.yaml', { port: 0 }));
 * console.log(service.url);
 * await service.stop();
 */
export async function startService(config: ServiceConfig, options: { logLevel?: Level } = {}): Promise<RunningService> {
  const logger = pino({ level: options.logLevel ?? 'info', base: { service: 'cascade' } }, pino.destination(2));
  const { settings, loaded } = config;
  const book = LiveBook.fromScenario(loaded.scenario, { startEmpty: settings.startEmpty, baseDir: loaded.dir });
  const log = await UpdateLog.open(settings.db);
  const replayed = await log.restore(book);
  logger.info({ db: settings.db, sequence: book.sequence, replayed }, 'book restored');
  const hub = new EventHub();
  const oracle = await startOracle({ book, hub, settings, loaded, logger });
  const app = await buildApp({ book, log, hub, oracle, logger, checkpointEvery: settings.checkpointEvery });
  try {
    await app.app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    await app.close();
    await oracle.close?.();
    await log.close();
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? 'the port is in use (choose another with --port, or --port 0 for any free one)'
        : code === 'EACCES'
          ? 'permission denied (ports below 1024 need privileges)'
          : (error as Error).message;
    throw new UsageError(`cannot listen on ${settings.host}:${settings.port}: ${why}`);
  }
  const address = app.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : settings.port;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    logger,
    replayed,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await log.checkpoint(book);
        await oracle.close?.();
        await log.close();
        logger.info({ sequence: book.sequence }, 'stopped');
        logger.flush();
      })();
      return stopping;
    },
  };
}
