// Read-only queries on the live book: state, unsafe accounts, one account, density map, health distribution.
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from './context.js';
import { HttpError, notFound } from './errors.js';
import { choiceParam, intParam, numberParam, protocolParam, type Query } from './params.js';

/**
 * Registers GET /v1/state, /v1/unsafe (`record=1` also stores the answer in the history), one account
 * (/v1/accounts/:protocol/:account), /v1/density and /v1/health-distribution.
 *
 * @example bookRoutes(app, context);
 */
export function bookRoutes(app: FastifyInstance, { book, oracle }: ServiceContext): void {
  app.get('/v1/state', async () => book.summary());
  app.get('/v1/unsafe', async (request) => {
    const query = request.query as Query;
    const protocol = protocolParam(query, book);
    const unsafe = book.unsafe(protocol, intParam(query, 'limit', 100, 1, 10_000));
    if (choiceParam(query, 'record', ['0', '1']) !== '1') return unsafe;
    if (oracle.history === undefined)
      throw new HttpError(503, { error: 'not available', reason: 'the history service is not running in this server' });
    const summary = { protocol, accounts: unsafe.accounts, debtUsd: unsafe.debtUsd };
    const stored = await oracle.history.record({ kind: 'unsafe', sequence: book.sequence, payload: unsafe, summary });
    return { ...unsafe, id: stored.id, hash: stored.hash };
  });
  app.get('/v1/accounts/:protocol/:account', async (request) => {
    const params = request.params as { protocol: string; account: string };
    const protocol = protocolParam(params, book);
    const status = book.accountStatus(protocol, params.account);
    if (status === null) throw notFound('account', `no open account "${params.account}" in ${protocol}`);
    return { protocol, account: params.account, sequence: book.sequence, ...status };
  });
  app.get('/v1/density', async (request) => {
    const query = request.query as Query;
    const protocol = protocolParam(query, book);
    const buckets = intParam(query, 'buckets', 50, 1, 1000);
    const rangePct = numberParam(query, 'rangePct', 50, 0, 100);
    return book.density(protocol, { buckets, rangePct });
  });
  app.get('/v1/health-distribution', async (request) =>
    book.healthDistribution(protocolParam(request.query as Query, book)),
  );
}
