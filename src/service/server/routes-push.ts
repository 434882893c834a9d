// Server-Sent Events (GET /v1/events) and the throttled `state` event published while the book changes.
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ServiceContext } from './context.js';

/** Shortest gap between two `state` events, ms. */
export const STATE_INTERVAL_MS = 500;

/**
 * Publishes the book's summary as a `state` event at most every {@link STATE_INTERVAL_MS} while the book changes:
 * `touch()` after each applied request; the first change after a quiet spell is published at once.
 *
 * @example
 * const ticker = new StateTicker(() => hub.publish('state', book.summary()));
 * ticker.touch();
 */
export class StateTicker {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private dirty = false;

  constructor(private readonly publish: () => void) {}

  /** The book changed. */
  touch(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.last + STATE_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Cancels a pending event. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.last = Date.now();
    this.publish();
  }
}

/**
 * Registers GET /v1/events: a Server-Sent Events stream of every published event (`event: KIND`, `data: JSON`),
 * starting with the current `state`; a comment line every 15 s keeps proxies from closing it. Streams are ended when
 * the app closes.
 *
 * @example pushRoutes(app, context);
 */
export function pushRoutes(app: FastifyInstance, context: ServiceContext): void {
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get('/v1/events', (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const write = (kind: string, data: unknown) => raw.write(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
    write('state', context.book.summary());
    const unsubscribe = context.hub.subscribe((event) => write(event.kind, event.data));
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    streams.add(raw);
    context.metrics.clients.inc({ transport: 'sse' });
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(raw);
      context.metrics.clients.dec({ transport: 'sse' });
    });
  });
}
