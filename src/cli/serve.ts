import type { Command } from 'commander';
import type { Level } from 'pino';
import { UsageError } from '../kernel/errors.js';
import { loadServiceConfig } from '../service/config.js';
import { collect } from './flags.js';

/** Log levels accepted by `--log-level`. */
export const LOG_LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

interface ServeFlags {
  port?: string;
  host?: string;
  db?: string;
  logLevel: string;
  set: string[];
}

/**
 * Parses `--port`: an integer from 0 (any free port) to 65535.
 *
 * @example parsePort('8080'); // 8080
 */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || port > 65_535)
    throw new UsageError(`--port: must be an integer from 0 to 65535 (0 = any free port), got "${text}"`);
  return port;
}

/**
 * Registers `cascade serve SCENARIO_OR_CONFIG`.
 *
 * @example registerServe(new Command('cascade'));
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the live risk service: ingest position and market updates over HTTP/WebSocket, answer risk queries, push alerts',
    )
    .argument('<scenario-or-config>', 'a scenario file, or a YAML file with a top-level service: mapping')
    .option('--port <n>', 'TCP port, 0 = any free port (default 8080, or the config file’s)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1, or the config file’s)')
    .option('--db <file>', 'store file; the write-ahead log and checkpoint sit beside it (default cascade-live.duckdb)')
    .option('--log-level <level>', `log level on stderr: ${LOG_LEVELS.join(', ')}`, 'info')
    .option(
      '--set <path=value>',
      'override a scenario field, e.g. --set protocols.0.borrowers.count=1000000',
      collect,
      [],
    )
    .addHelpText(
      'after',
      '\nPrints "listening on http://HOST:PORT" once ready. SIGTERM or Ctrl-C stops it gracefully: queued requests\n' +
        'finish, the book is checkpointed, exit code 0. Every acknowledged update was written to the log and fsynced\n' +
        'first; a restart (same --db) restores the book. API: docs/service.md, GET /openapi.json.\n' +
        '\nExamples:\n  cascade serve scenarios/thin-pool-shock.yaml --port 0 --db /tmp/live.duckdb\n' +
        '  cascade serve service.yaml --log-level warn',
    )
    .action(async (file: string, flags: ServeFlags) => {
      if (!LOG_LEVELS.includes(flags.logLevel as Level))
        throw new UsageError(`--log-level: must be one of ${LOG_LEVELS.join(', ')}, got "${flags.logLevel}"`);
      const port = flags.port === undefined ? undefined : parsePort(flags.port);
      const config = await loadServiceConfig(file, { port, host: flags.host, db: flags.db, set: flags.set });
      // Loaded on use: the other commands never pay for Fastify.
      const { startService } = await import('../service/server/start.js');
      const service = await startService(config, { logLevel: flags.logLevel as Level });
      process.stdout.write(`listening on ${service.url}\n`);
      await new Promise<void>((done) => {
        const stop = (signal: string) => {
          service.logger.info({ signal }, 'shutting down');
          service.stop().then(done, (error: unknown) => {
            service.logger.error({ err: error }, 'shutdown failed');
            process.exitCode = 1;
            done();
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
