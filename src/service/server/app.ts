// The Fastify application of `cascade serve`: ingest, queries, push, oracle routes, operations and the dashboard.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { Logger } from 'pino';
import type { LiveBook } from '../book/live-book.js';
import type { UpdateLog } from '../book/wal.js';
import { EventHub } from '../events.js';
import type { OracleServices, ServiceContext } from './context.js';
import { MAX_BODY_BYTES, MAX_FRAME_BYTES } from '../book/messages.js';
import { installErrorHandlers } from './errors.js';
import { IngestQueue } from './ingest-queue.js';
import { serviceMetrics } from './metrics.js';
import { bookRoutes } from './routes-book.js';
import { ingestRoutes } from './routes-ingest.js';
import { opsRoutes } from './routes-ops.js';
import { oracleRoutes } from './routes-oracle.js';
import { pushRoutes, StateTicker } from './routes-push.js';
import { staticRoutes } from './routes-static.js';

/** What {@link buildApp} needs. */
export interface AppOptions {
  book: LiveBook;
  log: UpdateLog;
  hub?: EventHub;
  oracle?: OracleServices;
  /** A pino logger (requests and errors are logged through it); none = silent. */
  logger?: Logger;
  /** Directory of the built dashboard (default dist/dashboard of the package). */
  dashboardDir?: string;
  /** Checkpoint after this many updates (0 = only at shutdown). */
  checkpointEvery?: number;
}

/** The application and the state its routes share. */
export interface App {
  app: FastifyInstance;
  context: ServiceContext;
  /** Every route registered (HEAD routes Fastify adds for GET left out), as `{ method, url }` in Fastify's syntax. */
  routes: { method: string; url: string }[];
  /**
   * Graceful stop: refuse new connections, let queued requests finish (each durable and applied), end push streams.
   * The caller then checkpoints and closes the log.
   */
  close(): Promise<void>;
}

/**
 * Builds (does not start) the service's Fastify app around a live book and its write-ahead log.
 *
 * @example
 * const { app } = await buildApp({ book, log });
 * await app.listen({ host: '127.0.0.1', port: 0 });
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: MAX_BODY_BYTES,
    // Per-request lines would cost more than the ingest itself; refusals are logged by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
  }) as unknown as FastifyInstance;
  const hub = options.hub ?? new EventHub();
  const oracle = options.oracle ?? {};
  const metrics = serviceMetrics(options.book, hub);
  const ticker = new StateTicker(() => hub.publish('state', options.book.summary()));
  const queue = new IngestQueue(
    options.book,
    options.log,
    (updates) => {
      metrics.accepted.inc(updates.length);
      ticker.touch();
      try {
        oracle.alerts?.check(options.book);
      } catch (error) {
        app.log.error({ err: error }, 'alert check failed');
      }
    },
    options.checkpointEvery ?? 0,
  );
  const context: ServiceContext = {
    book: options.book,
    log: options.log,
    hub,
    queue,
    metrics,
    oracle,
    startedAt: Date.now() / 1000,
  };
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  installErrorHandlers(app);
  await app.register(websocket, { options: { maxPayload: 4 * MAX_FRAME_BYTES } });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400) request.log.info({ url: request.url, status: reply.statusCode }, 'request refused');
  });
  ingestRoutes(app, context);
  bookRoutes(app, context);
  pushRoutes(app, context);
  oracleRoutes(app, context);
  opsRoutes(app, context);
  staticRoutes(app, options.dashboardDir);
  app.addHook('onClose', async () => ticker.stop());
  return {
    app,
    context,
    routes,
    async close() {
      await app.close();
      await queue.drain();
      ticker.stop();
    },
  };
}
