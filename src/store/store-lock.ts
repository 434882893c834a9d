/**
 * Opening a DuckDB file that another process may hold: DuckDB lets one process write a file (or several read it),
 * so an open that meets a lock is retried for a bounded time, then refused with a message naming the holder.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { commandOf } from './batch-owner.js';
import { processExists } from '../kernel/process-exists.js';

/** Default bound on waiting for a store another process holds, seconds (`CASCADE_STORE_WAIT_SECONDS` overrides). */
export const DEFAULT_STORE_WAIT_SECONDS = 30;

/** Pause between two attempts to open a held store, milliseconds. */
const RETRY_MS = 100;

/**
 * How long to wait for a held store: `CASCADE_STORE_WAIT_SECONDS` when it is a number ≥ 0, else the default.
 *
 * @example storeWaitMs(); // 30000
 */
export function storeWaitMs(): number {
  const text = process.env.CASCADE_STORE_WAIT_SECONDS;
  const seconds = text === undefined || text.trim() === '' ? NaN : Number(text);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_STORE_WAIT_SECONDS) * 1000;
}

/** A one-line reason from a DuckDB error (its messages can carry a stack trace after the first line). */
export function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** The holder named in a DuckDB lock error: `process 1234 (node … cascade mc …)`, or undefined. */
function holderOf(message: string): string | undefined {
  const match = /\(PID (\d+)\)/.exec(message);
  if (match === null) return undefined;
  const pid = Number(match[1]);
  const command = commandOf(pid);
  return `process ${pid}${command === undefined ? '' : ` (${command})`}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Suffix of the marker files (`FILE.wait-PID`) by which a process waiting for a held store asks it to yield. */
const WAIT_SUFFIX = '.wait-';

/**
 * Whether another live process is waiting to open `file` (it left a `FILE.wait-PID` marker); markers of dead
 * processes are removed. A shared store closes its file between calls only then.
 *
 * @example if (othersWaiting('cascade.duckdb')) connector.close();
 */
export function othersWaiting(file: string): boolean {
  const dir = path.dirname(file);
  const prefix = path.basename(file) + WAIT_SUFFIX;
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.startsWith(prefix));
  } catch {
    return false;
  }
  let waiting = false;
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (pid === process.pid) continue;
    if (Number.isInteger(pid) && processExists(pid)) waiting = true;
    else
      try {
        rmSync(path.join(dir, name), { force: true });
      } catch {
        // Not ours to remove (another user's folder): it only costs this holder a needless yield.
      }
  }
  return waiting;
}

/**
 * Opens `file` with DuckDB, retrying while another process holds a conflicting lock, for at most `waitMs`. Throws a
 * CascadeError naming the holder (pid and command) when the wait runs out, and a UsageError for any other failure.
 *
 * @example const instance = await openDuckDb('cascade.duckdb', false, storeWaitMs());
 */
export async function openDuckDb(file: string, readOnly: boolean, waitMs: number): Promise<DuckDBInstance> {
  const deadline = Date.now() + waitMs;
  const marker = `${file}${WAIT_SUFFIX}${process.pid}`;
  let marked = false;
  try {
    return await openRetrying();
  } finally {
    if (marked) rmSync(marker, { force: true });
  }

  async function openRetrying(): Promise<DuckDBInstance> {
    for (;;) {
      try {
        return await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
      } catch (error) {
        const why = reason(error);
        if (!/lock/i.test(why)) throw new UsageError(`${file}: cannot open the results store: ${why}`);
        if (!marked) {
          // Asks a shared holder to close the file after its current call (see othersWaiting); best effort.
          try {
            writeFileSync(marker, '');
            marked = true;
          } catch {
            // A folder we cannot write to: wait without asking.
          }
        }
        if (Date.now() >= deadline) {
          const holder = holderOf(why) ?? 'another process';
          throw new CascadeError(
            `${file}: the results store is held by ${holder}; waited ${Math.round(waitMs / 1000)} s for it ` +
              '(set CASCADE_STORE_WAIT_SECONDS to wait longer, or give another --db file)',
          );
        }
        await sleep(RETRY_MS);
      }
    }
  }
}
