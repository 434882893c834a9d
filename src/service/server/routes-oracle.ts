// Analysis on the live state, delegated to the oracle services: cascade map, stress, history, recommendations, alerts.
import type { FastifyInstance } from 'fastify';
import type { OracleServices, ServiceContext } from './context.js';
import { badParam, HttpError, notFound } from './errors.js';
import { choiceParam, intParam, protocolParam, type Query } from './params.js';

/** Kinds of stored answer (GET /v1/history?kind=). */
export const HISTORY_KINDS = ['cascade-map', 'stress', 'unsafe', 'recommendation'] as const;

/** The service `name` or a 503 saying it is not running. */
function need<K extends keyof OracleServices>(oracle: OracleServices, name: K): NonNullable<OracleServices[K]> {
  const service = oracle[name];
  if (service === undefined)
    throw new HttpError(503, { error: 'not available', reason: `the ${name} service is not running in this server` });
  return service as NonNullable<OracleServices[K]>;
}

/** A body field that must be an integer from min to max when present. */
function intField(body: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const value = body[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw badParam(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Registers the oracle routes: GET /v1/cascade-map, POST /v1/stress, GET /v1/stress/:id, GET /v1/history(/:id),
 * GET /v1/recommendations(/:id), POST /v1/recommendations/run and GET /v1/alerts. Each answers 503 while its
 * service is not running.
 *
 * @example oracleRoutes(app, context);
 */
export function oracleRoutes(app: FastifyInstance, { book, oracle }: ServiceContext): void {
  app.get('/v1/cascade-map', async (request) => {
    const query = request.query as Query;
    const protocol = query.protocol === undefined ? undefined : protocolParam(query, book);
    return need(oracle, 'cascadeMap')(protocol);
  });
  app.post('/v1/stress', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw badParam('body', 'must be a JSON object');
    for (const key of Object.keys(body))
      if (key !== 'paths' && key !== 'seed') throw badParam(key, 'unknown field; allowed fields: paths, seed');
    const paths = intField(body, 'paths', 1000, 1, 100_000);
    const seed = intField(body, 'seed', 1, 0, 2 ** 32 - 1);
    const id = await need(oracle, 'stress').start({ paths, seed });
    return reply.status(202).send({ id });
  });
  app.get('/v1/stress/:id', async (request) => {
    const { id } = request.params as { id: string };
    const status = need(oracle, 'stress').status(id);
    if (status === undefined || status === null) throw notFound('stress test', `no stress test "${id}"`);
    return status;
  });
  app.get('/v1/history', async (request) => {
    const query = request.query as Query;
    const kind = choiceParam(query, 'kind', HISTORY_KINDS);
    return need(oracle, 'history').list({ kind, limit: intParam(query, 'limit', 100, 1, 10_000) });
  });
  app.get('/v1/history/:id', async (request) => {
    const { id } = request.params as { id: string };
    const answer = await need(oracle, 'history').get(id);
    if (answer === undefined || answer === null) throw notFound('answer', `no stored answer "${id}"`);
    return answer;
  });
  app.get('/v1/recommendations', async (request) =>
    need(oracle, 'recommendations').list(intParam(request.query as Query, 'limit', 100, 1, 10_000)),
  );
  app.get('/v1/recommendations/:id', async (request) => {
    const { id } = request.params as { id: string };
    const recommendation = await need(oracle, 'recommendations').get(id);
    if (recommendation === undefined || recommendation === null)
      throw notFound('recommendation', `no recommendation "${id}"`);
    return recommendation;
  });
  app.post('/v1/recommendations/run', async (_request, reply) => {
    const id = await need(oracle, 'recommendations').run();
    return reply.status(202).send({ id });
  });
  app.get('/v1/alerts', async (request) =>
    need(oracle, 'alerts').recent(intParam(request.query as Query, 'limit', 100, 1, 10_000)),
  );
}
