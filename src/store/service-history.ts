// The live service's history (docs/risk-oracle.md): every answer (cascade map, stress test, recorded query) and every
// recommendation, with a SHA-256 of its canonical JSON, in two DuckDB tables of the service's --db file.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { reason } from './store.js';

/** Answers other than recommendations. */
const ANSWERS = 'service_answers';
/** Recommendations, with their inputs. */
const RECOMMENDATIONS = 'service_recommendations';

const columns = `(
  id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  time_ms BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  hash VARCHAR NOT NULL,
  summary VARCHAR NOT NULL,
  payload VARCHAR NOT NULL,
  inputs VARCHAR
)`;

/**
 * JSON with object keys sorted at every level and no spaces: the same value always gives the same text (arrays
 * keep their order). Non-finite numbers are refused (they would be written as null and hash alike).
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 1, c: 0 }] }); // '{"a":[2,{"c":0,"d":1}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CascadeError(`canonical JSON: a number is ${value}; only finite numbers`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new CascadeError(`canonical JSON: cannot encode a ${typeof value}`);
}

/**
 * SHA-256 (hex) of {@link canonicalJson}(value).
 *
 * @example contentHash({ a: 1 }) === contentHash({ a: 1 }); // true
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** What is recorded. */
export interface AnswerEntry {
  /** `map`, `stress`, `unsafe`, `density`, … or `recommendation` (kept in its own table). */
  kind: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Sequence of the book the answer was computed on. */
  sequence: number;
  /** The answer itself; hashed. */
  payload: unknown;
  /** A small summary for listings (default: none). */
  summary?: unknown;
  /** Id reserved with {@link AnswerHistory.reserveId}; default: a new one. */
  id?: string;
  /** What the answer was computed from (recommendations: the replay inputs); not part of the hash. */
  inputs?: unknown;
}

/** One row of a listing. */
export interface AnswerListing {
  id: string;
  kind: string;
  time: number;
  sequence: number;
  /** SHA-256 of the canonical JSON of the payload. */
  hash: string;
  summary: unknown;
}

/** A stored answer in full. */
export interface StoredAnswer extends AnswerListing {
  payload: unknown;
  inputs: unknown;
}

/**
 * The history of a service: DuckDB tables `service_answers` and `service_recommendations` (id, kind, time,
 * sequence, hash, summary, payload, inputs). Calls run one at a time on one connection, in call order.
 *
 * @example
 * const history = await AnswerHistory.open('cascade-live.duckdb');
 * const { id, hash } = await history.record({ kind: 'map', time: Date.now(), sequence: 7, payload: map });
 * (await history.get(id))?.hash === hash; // true
 * await history.close();
 */
export class AnswerHistory {
  private queue: Promise<unknown> = Promise.resolve();
  private counter = 0;

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens (creating if missing) the history in `file` (`:memory:` for none on disk). Throws UsageError naming the
   * file when DuckDB cannot open it (locked by another process, not a DuckDB file).
   *
   * @example const history = await AnswerHistory.open(':memory:');
   */
  static async open(file: string): Promise<AnswerHistory> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (error) {
      const why = reason(error);
      const hint = /lock/i.test(why) ? ' (another process has it open; stop it first)' : '';
      throw new UsageError(`${file}: cannot open the service history${hint}: ${why}`);
    }
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TABLE IF NOT EXISTS ${ANSWERS} ${columns}`);
      await connection.run(`CREATE TABLE IF NOT EXISTS ${RECOMMENDATIONS} ${columns}`);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw new UsageError(`${file}: cannot create the service history tables: ${reason(error)}`);
    }
    const history = new AnswerHistory(file, instance, connection);
    const [{ n }] = (
      await connection.runAndReadAll(
        `SELECT (SELECT count(*) FROM ${ANSWERS}) + (SELECT count(*) FROM ${RECOMMENDATIONS}) AS n`,
      )
    ).getRowObjectsJS();
    history.counter = Number(n);
    return history;
  }

  /**
   * Opens an existing history read-only (for `cascade replay-recommendation`).
   *
   * @example const history = await AnswerHistory.openExisting('cascade-live.duckdb');
   */
  static async openExisting(file: string): Promise<AnswerHistory> {
    if (!existsSync(file)) throw new UsageError(`${file}: no service history there (cascade serve --db creates it)`);
    return AnswerHistory.open(file);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async rows(sql: string, values: (string | number)[] = []): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql, values)).getRowObjectsJS();
  }

  /**
   * Stores `entry` under a new id (`<kind>-<n>`, n counting every stored answer) with the SHA-256 of its payload's
   * canonical JSON; returns the listing row.
   *
   * @example const { id } = await history.record({ kind: 'stress', time: Date.now(), sequence: 3, payload: result });
   */
  record(entry: AnswerEntry): Promise<AnswerListing> {
    const hash = contentHash(entry.payload);
    const payload = canonicalJson(entry.payload);
    const summary = canonicalJson(entry.summary ?? null);
    const inputs = entry.inputs === undefined ? null : canonicalJson(entry.inputs);
    if (!Number.isFinite(entry.time) || !Number.isSafeInteger(entry.sequence))
      throw new CascadeError(
        `history: time and sequence must be finite integers, got ${entry.time}, ${entry.sequence}`,
      );
    return this.serial(async () => {
      const id = entry.id ?? this.nextId(entry.kind);
      const table = entry.kind === 'recommendation' ? RECOMMENDATIONS : ANSWERS;
      await this.connection.run(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        id,
        entry.kind,
        Math.round(entry.time),
        entry.sequence,
        hash,
        summary,
        payload,
        inputs,
      ]);
      return {
        id,
        kind: entry.kind,
        time: Math.round(entry.time),
        sequence: entry.sequence,
        hash,
        summary: entry.summary ?? null,
      };
    });
  }

  private nextId(kind: string): string {
    this.counter += 1;
    return `${kind}-${this.counter}`;
  }

  /**
   * A new id for an answer of `kind` to be recorded later (a run answers 202 with it before it finishes).
   *
   * @example const id = history.reserveId('recommendation'); // later: history.record({ id, kind: 'recommendation', … })
   */
  reserveId(kind: string): string {
    return this.nextId(kind);
  }

  /**
   * The latest answers, newest first: of one kind (`recommendation` reads the recommendations), or of every kind
   * (both tables).
   *
   * @example await history.list({ kind: 'map', limit: 10 });
   */
  list(options: { kind?: string; limit?: number } = {}): Promise<AnswerListing[]> {
    const limit = Math.max(1, Math.min(10_000, Math.floor(options.limit ?? 100)));
    return this.serial(async () => {
      const select = (table: string) => `SELECT id, kind, time_ms, sequence, hash, summary FROM ${table}`;
      const source =
        options.kind === undefined
          ? `(${select(ANSWERS)} UNION ALL ${select(RECOMMENDATIONS)})`
          : `(${select(options.kind === 'recommendation' ? RECOMMENDATIONS : ANSWERS)} WHERE kind = $1)`;
      const rows = await this.rows(
        `SELECT * FROM ${source} ORDER BY time_ms DESC, id DESC LIMIT ${limit}`,
        options.kind === undefined ? [] : [options.kind],
      );
      return rows.map(listing);
    });
  }

  /**
   * The answer stored under `id`, with its payload and inputs; null when there is none.
   *
   * @example (await history.get('map-1'))?.payload;
   */
  get(id: string): Promise<StoredAnswer | null> {
    return this.serial(async () => {
      for (const table of [ANSWERS, RECOMMENDATIONS]) {
        const [row] = await this.rows(`SELECT * FROM ${table} WHERE id = $1`, [id]);
        if (row === undefined) continue;
        return {
          ...listing(row),
          payload: JSON.parse(String(row.payload)) as unknown,
          inputs: row.inputs === null ? null : (JSON.parse(String(row.inputs)) as unknown),
        };
      }
      return null;
    });
  }

  /**
   * The latest recommendations in full (payload and inputs), newest first.
   *
   * @example (await history.recommendations(5))[0]?.payload;
   */
  async recommendations(limit = 20): Promise<StoredAnswer[]> {
    const listed = await this.list({ kind: 'recommendation', limit });
    const full = await Promise.all(listed.map((l) => this.get(l.id)));
    return full.filter((a): a is StoredAnswer => a !== null);
  }

  /** Waits for pending calls, then closes the file. */
  async close(): Promise<void> {
    await this.queue;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function listing(row: Record<string, unknown>): AnswerListing {
  return {
    id: String(row.id),
    kind: String(row.kind),
    time: Number(row.time_ms),
    sequence: Number(row.sequence),
    hash: String(row.hash),
    summary: JSON.parse(String(row.summary)) as unknown,
  };
}
