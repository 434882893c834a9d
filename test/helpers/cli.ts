import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (the CLI runs with this as its working directory). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const storeDir = mkdtempSync(path.join(os.tmpdir(), 'cascade-cli-store-'));
process.on('exit', () => rmSync(storeDir, { recursive: true, force: true }));
let stores = 0;

/** A results-store path no other CLI call of this test process uses. */
function freshStorePath(): string {
  stores += 1;
  return path.join(storeDir, `run-${stores}.duckdb`);
}

/** What one CLI invocation produced. */
export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `cascade ARGS...` as a real child process (`node --import tsx src/cli/main.ts ...`) from the
 * repository root and waits for it to end. Progress display is off (`CASCADE_PROGRESS=0`: whether a
 * command runs past the 1 s after which it shows progress depends on the machine's load) unless `env`
 * turns it on, e.g. `{ CASCADE_PROGRESS: '1' }`.
 *
 * @example runCli(['run', '--json', '--set', 'blocks=10'])
 */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    // Each call records into its own results store unless the test names one, so parallel runs never share a DuckDB
    // file.
    env: {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      CASCADE_DB: process.env.CASCADE_DB ?? freshStorePath(),
      CASCADE_PROGRESS: '0',
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** `--set` flags that shrink a shipped scenario to `blocks` blocks and `borrowers` accounts. */
export function shrink(blocks: number, borrowers: number): string[] {
  return ['--set', `blocks=${blocks}`, '--set', `protocols.0.borrowers.count=${borrowers}`];
}

/** Fresh temporary folders, created with {@link makeTempDir} and removed by {@link removeTempDirs}. */
const tempDirs: string[] = [];

/** Creates a fresh, empty temporary folder under the OS temp dir; remove it with {@link removeTempDirs}. */
export function makeTempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-cli-e2e-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder {@link makeTempDir} created. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Replaces the first line of `text` that equals `target` (after trimming the end) with `replacement`
 * (which may span several lines); returns the new text and the 1-based line number of the replacement's
 * first line. Throws if no line matches, so a changed shipped scenario cannot make a test vacuous.
 */
export function replaceLine(text: string, target: string, replacement: string): { text: string; line: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.trimEnd() === target);
  if (index < 0) throw new Error(`no line equal to ${JSON.stringify(target)}`);
  lines[index] = replacement;
  return { text: lines.join('\n'), line: index + 1 };
}

/** 1-based number of the only line of `text` that contains `needle`; throws unless exactly one does. */
export function lineNumberOf(text: string, needle: string): number {
  const hits = text
    .split('\n')
    .map((line, i) => (line.includes(needle) ? i + 1 : 0))
    .filter((n) => n > 0);
  if (hits.length !== 1)
    throw new Error(`expected exactly one line containing ${JSON.stringify(needle)}, found ${hits.length}`);
  return hits[0];
}
