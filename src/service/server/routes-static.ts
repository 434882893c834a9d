// The built dashboard (dist/dashboard, made by vite) at / and /dashboard/*: known types, no path traversal, 404.
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from './errors.js';
import { packageRoot } from './package-root.js';

/** Content types of the files a vite build emits. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The file under `root` that `relative` (URL-decoded, from the request path) names, or undefined when it escapes
 * `root`, holds a NUL, or names no regular file. A directory resolves to its index.html.
 *
 * @example resolveStatic('/srv/dash', '../etc/passwd'); // undefined
 */
export function resolveStatic(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  let file = resolve(base, '.' + sep + decoded);
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers GET / (index.html), /dashboard/* and /assets/* serving files of `root` (default dist/dashboard of the
 * package); a missing file, or a dashboard never built, is a 404 in the service's error shape.
 *
 * @example staticRoutes(app);
 */
export function staticRoutes(app: FastifyInstance, root = join(packageRoot(), 'dist', 'dashboard')): void {
  const send = (reply: FastifyReply, relative: string) => {
    const file = resolveStatic(root, relative);
    if (file === undefined)
      throw notFound('file', `no dashboard file "${relative}" (build it with the dashboard's vite build into ${root})`);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return reply.type(type).header('cache-control', 'no-cache').send(createReadStream(file));
  };
  app.get('/', async (_request, reply) => send(reply, 'index.html'));
  app.get('/dashboard', async (_request, reply) => send(reply, 'index.html'));
  app.get('/dashboard/*', async (request, reply) =>
    send(reply, (request.params as { '*': string })['*'] || 'index.html'),
  );
  app.get('/assets/*', async (request, reply) => send(reply, 'assets/' + (request.params as { '*': string })['*']));
}
