// The one error shape of every response: { error, line?, field?, reason? }.
import type { FastifyError, FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES, PayloadTooLargeError, UpdateError } from '../book/messages.js';
import { QueueClosedError } from './ingest-queue.js';
import { UsageError } from '../../kernel/errors.js';

/** The body of every error response. */
export interface ErrorBody {
  error: string;
  line?: number;
  field?: string;
  reason?: string;
}

/** A request the server refuses with `status` and `body` (thrown by route handlers). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.reason ?? body.error);
  }
}

/**
 * A 400 naming a bad query or path parameter.
 *
 * @example throw badParam('limit', 'must be an integer from 1 to 10000, got "x"');
 */
export function badParam(field: string, reason: string): HttpError {
  return new HttpError(400, { error: 'invalid parameter', field, reason });
}

/** A 404 for a resource that does not exist. */
export function notFound(what: string, reason: string): HttpError {
  return new HttpError(404, { error: `${what} not found`, reason });
}

/**
 * Converts a thrown value to a status and error body: an invalid update → 400 with line, field and reason; a body
 * over the limit → 413; a request during shutdown → 503; Fastify's own errors keep their status.
 *
 * @example errorResponse(new HttpError(404, { error: 'x' })); // { status: 404, body: { error: 'x' } }
 */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) return { status: error.status, body: error.body };
  if (error instanceof UpdateError) {
    return {
      status: 400,
      body: { error: 'invalid update', line: error.line, field: error.field, reason: error.reason },
    };
  }
  if (error instanceof PayloadTooLargeError) {
    const line = /^line (\d+)$/.exec(error.what);
    return {
      status: 413,
      body: { error: 'too large', ...(line ? { line: Number(line[1]) } : {}), reason: error.message },
    };
  }
  if (error instanceof UsageError) return { status: 400, body: { error: 'invalid parameter', reason: error.message } };
  if (error instanceof QueueClosedError) return { status: 503, body: { error: 'shutting down' } };
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return {
      status: 413,
      body: { error: 'too large', reason: `a request body may hold at most ${MAX_BODY_BYTES} bytes` },
    };
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return { status: 400, body: { error: 'invalid update', line: 1, field: '', reason: fastifyError.message } };
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status: 415,
      body: { error: 'unsupported media type', reason: 'send application/json or application/x-ndjson' },
    };
  const status =
    typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 ? fastifyError.statusCode : 500;
  return {
    status,
    body: {
      error: status === 500 ? 'internal error' : fastifyError.message,
      reason: String(fastifyError.message ?? error),
    },
  };
}

/** Installs {@link errorResponse} as the app's error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: 'not found', reason: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
