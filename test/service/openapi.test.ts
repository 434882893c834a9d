// docs/openapi.yaml describes every route the app registers, and /openapi.json serves it.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/service/server/app.js';
import { LiveBook } from '../../src/service/book/live-book.js';
import type { UpdateLog } from '../../src/service/book/wal.js';
import { loadScenario } from '../../src/scenario/load.js';
import { ROOT } from './serve-process.js';

/** A log that keeps nothing: this test never ingests. */
const noLog = { append: async () => {}, checkpoint: async () => {}, close: async () => {} } as unknown as UpdateLog;

/** Fastify's `/v1/accounts/:protocol/:account` and `/dashboard/*` in OpenAPI's syntax. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\*$/, '{path}');
}

describe('OpenAPI document', () => {
  it('lists every registered route with its method, and nothing else', async () => {
    const { scenario } = loadScenario(join(ROOT, 'scenarios', 'thin-pool-shock.yaml'));
    const book = LiveBook.fromScenario(scenario, { startEmpty: true });
    const { app, routes } = await buildApp({ book, log: noLog });
    const doc = parse(readFileSync(join(ROOT, 'docs', 'openapi.yaml'), 'utf8'));
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const registered = routes.map((r) => `${r.method} ${openApiPath(r.url)}`);
    expect(registered.length).toBeGreaterThan(20);
    expect([...registered].sort()).toEqual([...documented].sort());

    const served = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(served.statusCode).toBe(200);
    expect(Object.keys(served.json().paths)).toEqual(Object.keys(doc.paths));
    await app.close();
  });

  it('answers 503 in the error shape for an oracle route whose service is missing', async () => {
    const { scenario } = loadScenario(join(ROOT, 'scenarios', 'thin-pool-shock.yaml'));
    const { app } = await buildApp({ book: LiveBook.fromScenario(scenario, { startEmpty: true }), log: noLog });
    const response = await app.inject({ method: 'GET', url: '/v1/recommendations?limit=5' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'not available' });
    await app.close();
  });

  it('serves the built dashboard with content types, refuses path traversal, 404 when not built', async () => {
    const { scenario } = loadScenario(join(ROOT, 'scenarios', 'thin-pool-shock.yaml'));
    const book = LiveBook.fromScenario(scenario, { startEmpty: true });
    const dir = mkdtempSync(join(tmpdir(), 'dash-'));
    mkdirSync(join(dir, 'site', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dir, 'site', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-CONTENT');
    const { app } = await buildApp({ book, log: noLog, dashboardDir: join(dir, 'site') });
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<title>x</title>');
    const script = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await app.inject({ method: 'GET', url: '/dashboard/assets/app.js' })).body).toBe('console.log(1)');
    for (const url of ['/dashboard/..%2fsecret.txt', '/dashboard/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('TOP-SECRET-CONTENT');
    }
    await app.close();
    const unbuilt = await buildApp({ book, log: noLog, dashboardDir: join(dir, 'missing') });
    const missing = await unbuilt.app.inject({ method: 'GET', url: '/' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('file not found');
    await unbuilt.app.close();
  });
});
