// Starts `cascade serve` as a child process (tsx, no build) on an ephemeral port, for the end-to-end tests.
/* eslint-disable @typescript-eslint/no-explicit-any -- the API's JSON bodies, checked field by field */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** A running server child. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the child ends. */
  exited: Promise<number | string>;
  stderr: () => string;
}

/** A fresh temp directory. */
export function tempDir(prefix = 'cascade-serve-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A service config in `dir` serving scenarios/thin-pool-shock.yaml (one lending protocol `lend`, ETH at 2000,
 * liquidation threshold 0.825). It starts empty unless `extra` says otherwise; the risk oracle's schedule and its
 * triggers are off.
 */
export function writeConfig(dir: string, extra = 'startEmpty: true'): string {
  const file = join(dir, 'service.yaml');
  const scenario = join(ROOT, 'scenarios', 'thin-pool-shock.yaml');
  // The risk oracle's schedule and triggers off: no Monte Carlo run competes with the tests for the CPU.
  const oracle = 'oracle: { everySeconds: 0, triggers: {} }';
  writeFileSync(file, `service:\n  scenario: ${scenario}\n  ${oracle}\n  ${extra}\n`);
  return file;
}

/** Spawns `cascade serve ARGS --port 0` and waits for its "listening on" line. */
export async function startServer(args: string[]): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'serve', ...args, '--port', '0', '--log-level', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((done) => child.on('exit', (code, signal) => done(code ?? signal ?? -1)));
  const url = await new Promise<string>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) done(match[1]);
    });
    void exited.then((code) => fail(new Error(`server exited (${code}) before listening:\n${err}`)));
  });
  return { url, child, exited, stderr: () => err };
}

/** POSTs NDJSON lines; returns status and parsed body. */
export async function postNdjson(url: string, lines: readonly unknown[]): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/v1/updates`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
  });
  return { status: response.status, body: await response.json() };
}

/** GETs a JSON path. */
export async function getJson(url: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: await response.json() };
}
