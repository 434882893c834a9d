// Operations: GET /health, GET /metrics (Prometheus text) and GET /openapi.json (docs/openapi.yaml as JSON).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import type { ServiceContext } from './context.js';
import { packageRoot } from './package-root.js';

/**
 * Reads docs/openapi.yaml (the API's description, shipped with the package) as a JSON object.
 *
 * @example loadOpenApi().openapi; // '3.1.0'
 */
export function loadOpenApi(file = join(packageRoot(), 'docs', 'openapi.yaml')): Record<string, unknown> {
  return parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * Registers GET /health, /metrics and /openapi.json; the OpenAPI document is read once, now.
 *
 * @example opsRoutes(app, context);
 */
export function opsRoutes(app: FastifyInstance, context: ServiceContext): void {
  const openApi = loadOpenApi();
  app.get('/health', async () => ({
    status: 'ok',
    sequence: context.book.sequence,
    uptimeSeconds: Math.round(Date.now() / 1000 - context.startedAt),
    queued: context.queue.depth,
  }));
  app.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', context.metrics.registry.contentType);
    return context.metrics.registry.metrics();
  });
  app.get('/openapi.json', async () => openApi);
}
