// Ingest: POST /v1/updates (JSON object, JSON array or NDJSON) and the WebSocket /v1/ws, both through one queue.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { MAX_BODY_BYTES, MAX_FRAME_BYTES, PayloadTooLargeError, parseNdjson, parseUpdates } from '../book/messages.js';
import type { LiveBook } from '../book/live-book.js';
import type { Update } from '../book/messages.js';
import type { ServiceContext } from './context.js';
import type { Ack } from './ingest-queue.js';
import { errorResponse } from './errors.js';

/** Runs one request through the queue and counts it in the metrics. */
async function submit(context: ServiceContext, parse: (book: LiveBook) => Update[]): Promise<Ack> {
  const started = process.hrtime.bigint();
  try {
    const ack = await context.queue.submit(parse);
    context.metrics.ingestSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return ack;
  } catch (error) {
    context.metrics.rejected.inc();
    throw error;
  }
}

/**
 * Registers the NDJSON body parser (the body is accumulated up to {@link MAX_BODY_BYTES}; larger → 413), then
 * POST /v1/updates and GET /v1/ws.
 *
 * @example ingestRoutes(app, context);
 */
export function ingestRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.addContentTypeParser(
    ['application/x-ndjson', 'application/ndjson', 'application/jsonl'],
    { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.post('/v1/updates', { bodyLimit: MAX_BODY_BYTES, onRequest: refuseDeclaredOversize }, async (request) => {
    const body = request.body;
    if (typeof body === 'string') return submit(context, (book) => parseNdjson(body, book));
    const raw = Array.isArray(body) ? body : [body];
    return submit(context, (book) => parseUpdates(raw, book));
  });

  app.get('/v1/ws', { websocket: true }, (socket: WebSocket) => {
    context.metrics.clients.inc({ transport: 'ws' });
    const send = (message: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const unsubscribe = context.hub.subscribe((event) => send({ event: event.kind, data: event.data }));
    socket.on('close', () => {
      unsubscribe();
      context.metrics.clients.dec({ transport: 'ws' });
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      void handleFrame(context, data, isBinary).then(send);
    });
  });
}

/**
 * A body whose declared Content-Length is over the limit is refused before it is read. Answering from this hook
 * (rather than from the body parser, which adds `Connection: close`) keeps the connection open while Node reads and
 * discards the rest of the body, so the client, still sending, gets the 413 instead of a broken pipe.
 */
async function refuseDeclaredOversize(request: FastifyRequest): Promise<void> {
  if (Number(request.headers['content-length']) > MAX_BODY_BYTES)
    throw new PayloadTooLargeError('the request body', MAX_BODY_BYTES);
}

/** One WebSocket frame → its reply: an ack, or the error body with the request's `ack` id. */
async function handleFrame(context: ServiceContext, data: Buffer, isBinary: boolean): Promise<unknown> {
  if (isBinary) return { ack: null, error: 'invalid update', reason: 'send text frames of JSON' };
  if (data.length > MAX_FRAME_BYTES)
    return { ack: null, error: 'too large', reason: `a frame may hold at most ${MAX_FRAME_BYTES} bytes` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (error) {
    return { ack: null, error: 'invalid update', line: 1, field: '', reason: `not JSON: ${(error as Error).message}` };
  }
  let id: unknown = null;
  let raw: unknown[];
  if (isWrapper(parsed)) {
    id = parsed.id ?? null;
    const extra = Object.keys(parsed).find((key) => key !== 'id' && key !== 'updates');
    if (extra !== undefined)
      return { ack: id, error: 'invalid update', line: 1, field: extra, reason: 'unknown field; allowed: id, updates' };
    raw = Array.isArray(parsed.updates) ? parsed.updates : [parsed.updates];
  } else raw = Array.isArray(parsed) ? parsed : [parsed];
  try {
    const ack = await submit(context, (book) => parseUpdates(raw, book));
    return { ack: id, ...ack };
  } catch (error) {
    return { ack: id, ...errorResponse(error).body };
  }
}

function isWrapper(value: unknown): value is { id?: unknown; updates: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'updates' in value;
}
