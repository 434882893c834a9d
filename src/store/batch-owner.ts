/**
 * Who is writing a batch: the owner process (pid, host, start time, command) recorded in the `batch_owners` table,
 * its heartbeat, and whether it is still alive, so a batch whose writer died reads as 'interrupted', not 'running'.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { processExists } from '../kernel/process-exists.js';

/** How often a process writing a batch refreshes its heartbeat, milliseconds. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * Age after which the heartbeat of an owner on another host counts as stale (six missed beats), milliseconds. An
 * owner on this host is checked directly (its pid and start time) instead.
 */
export const STALE_HEARTBEAT_MS = 60_000;

/** Longest command line kept in an owner row, characters. */
const COMMAND_CHARS = 300;

/** Name of the table of batch owners. */
export const BATCH_OWNERS_TABLE = 'batch_owners';

/**
 * DDL of `batch_owners`: one row per batch, replaced each time a process begins or resumes the batch. No CHECK
 * constraints, so later versions may alter it (see ./schema.ts on function CHECKs).
 */
export const BATCH_OWNERS_CREATE = `CREATE TABLE IF NOT EXISTS ${BATCH_OWNERS_TABLE} (
      batch_id VARCHAR PRIMARY KEY,
      pid INTEGER NOT NULL,
      host VARCHAR NOT NULL,
      process_start VARCHAR,
      command VARCHAR NOT NULL,
      started_at VARCHAR NOT NULL,
      heartbeat_at VARCHAR NOT NULL
    )`;

/**
 * The process that began (or last resumed) a batch and its latest heartbeat.
 *
 * @example `${owner.pid} on ${owner.host}: ${owner.command}`;
 */
export interface BatchOwner {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux /proc/PID/stat field 22), null where unknown. */
  processStart: string | null;
  /** Its command line (truncated). */
  command: string;
  /** ISO time it began or resumed the batch. */
  startedAt: string;
  /** ISO time of its latest heartbeat. */
  heartbeatAt: string;
}

/**
 * Start time of process `pid` in clock ticks since boot (field 22 of /proc/PID/stat), or undefined when the process
 * does not exist or /proc cannot be read. With the pid, it names a process even after its pid is reused.
 *
 * @example processStartTicks(process.pid); // e.g. '1234567'
 */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses) start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * The command line of process `pid` on this host (from /proc/PID/cmdline), or undefined when unknown.
 *
 * @example commandOf(process.pid); // 'node … cascade mc …'
 */
export function commandOf(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return text === '' ? undefined : text.slice(0, COMMAND_CHARS);
  } catch {
    return undefined;
  }
}

/**
 * This process as a batch owner, with `now` as its start and heartbeat time.
 *
 * @example const owner = currentOwner(new Date().toISOString());
 */
export function currentOwner(now: string): BatchOwner {
  return {
    pid: process.pid,
    host: os.hostname(),
    processStart: processStartTicks(process.pid) ?? null,
    command: process.argv.join(' ').slice(0, COMMAND_CHARS),
    startedAt: now,
    heartbeatAt: now,
  };
}

/**
 * Whether `owner` is still alive at `nowMs`: on this host, its pid exists with the recorded start time (a reused pid
 * does not count); on another host, its heartbeat is at most {@link STALE_HEARTBEAT_MS} old.
 *
 * @example ownerAlive(currentOwner(new Date().toISOString()), Date.now()); // true
 */
export function ownerAlive(owner: BatchOwner, nowMs: number): boolean {
  if (owner.host === os.hostname()) {
    if (owner.processStart !== null) {
      const start = processStartTicks(owner.pid);
      if (start !== undefined || existsProcRoot()) return start === owner.processStart;
    }
    return processExists(owner.pid);
  }
  return nowMs - Date.parse(owner.heartbeatAt) <= STALE_HEARTBEAT_MS;
}

/** Whether /proc can be read on this host (where it cannot, pids are checked with signal 0). */
function existsProcRoot(): boolean {
  return processStartTicks(process.pid) !== undefined;
}

/**
 * An owner from a `batch_owners` row as read with getRowObjectsJS.
 *
 * @example ownerFromRow(row).pid;
 */
export function ownerFromRow(row: Record<string, unknown>): BatchOwner {
  return {
    pid: Number(row.pid),
    host: String(row.host),
    processStart: row.process_start === null || row.process_start === undefined ? null : String(row.process_start),
    command: String(row.command),
    startedAt: String(row.started_at),
    heartbeatAt: String(row.heartbeat_at),
  };
}

/**
 * The owner as one phrase for messages: `process 1234 on host-a (node … cascade mc …), heartbeat 2026-…`.
 *
 * @example throw new CascadeError(`batch is being written by ${ownerText(owner)}`);
 */
export function ownerText(owner: BatchOwner): string {
  return `process ${owner.pid} on ${owner.host} (${owner.command}), started ${owner.startedAt}, last heartbeat ${owner.heartbeatAt}`;
}

/**
 * The status a reader should see: a stored 'running' batch whose owner is dead (or was never recorded, by an older
 * Cascade) is 'interrupted'.
 *
 * @example liveStatus('running', undefined, Date.now()); // 'interrupted'
 */
export function liveStatus(
  stored: 'running' | 'complete',
  owner: BatchOwner | undefined,
  nowMs: number,
): 'running' | 'complete' | 'interrupted' {
  if (stored === 'complete') return 'complete';
  return owner !== undefined && ownerAlive(owner, nowMs) ? 'running' : 'interrupted';
}
