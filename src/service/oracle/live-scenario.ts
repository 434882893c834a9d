// The live state as a scenario the simulator accepts: the served scenario with each lending protocol's borrowers
// replaced by a book file written from the live rows, prices, depths, gas and thresholds set to their live values.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { BATCH_SCENARIO_SETS } from '../../analysis/batch/run-batch.js';
import { parseScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/schema.js';
import { isMerged, writeBookRows, type BookWriteRequest, type LiveBookFile, type WrittenBook } from './book-writer.js';
import type { LiveBookView } from './live-state.js';
import type { BookSampling } from './sampled-book.js';

export type { LiveBookFile } from './book-writer.js';

/** The live state as a scenario, with what identifies it. */
export interface LiveScenario {
  scenario: Scenario;
  /** The scenario as run: JSON of the parsed scenario (a batch plan's `scenarioJson`). */
  json: string;
  /** The same scenario as YAML, for people (stored with recommendations). */
  yaml: string;
  /** SHA-256 of `json` (hex); it names the book files by their hashes, so it covers the books too. */
  sha256: string;
  books: LiveBookFile[];
  /** Sequence of the last update applied to the book it was built from. */
  sequence: number;
  /** Directory relative paths of the served scenario (price CSVs) resolve against. */
  baseDir: string;
  /** Name given to the scenario in messages (inside baseDir, so relative paths resolve). */
  scenarioFile: string;
  /** By protocol, how its book was merged when built with maxAccounts (absent: every account as it is). */
  sampling?: Record<string, BookSampling>;
}

/** Where to build the live scenario. */
export interface LiveScenarioOptions {
  /** Directory of the served scenario file. */
  baseDir: string;
  /** Folder the book files are written to (created if missing). */
  booksDir: string;
  /** Largest number of accounts per protocol: a larger book is merged down to it (sampled-book.ts mergeBook). */
  maxAccounts?: number;
  /** Merges and writes a book (default: in this thread; the server's OraclePool.writeBook: on the oracle's thread). */
  writeBook?: (request: BookWriteRequest) => Promise<WrittenBook>;
}

type Mutable = Record<string, unknown>;
type LendingSpec = Extract<Scenario['protocols'][number], { type: 'lending' }>;

/** The live state read at one instant: what the scenario is built from. */
export interface LiveSnapshot {
  scenario: Scenario;
  sequence: number;
  summary: ReturnType<LiveBookView['summary']>;
  gasGwei: number;
  depths: Record<string, { depthUsdPer1Pct?: number; liquidityUsd?: number }>;
  rows: Record<string, ReturnType<LiveBookView['rows']>>;
}

/**
 * Reads the book's summary, gas, venue depths and the rows of `protocols` in one synchronous step. The rows of a
 * protocol with more than `maxAccounts` accounts are read without their names (the book will be merged).
 *
 * @example const snap = snapshotOf(book, ['lend']); snap.rows.lend.account.length;
 */
export function snapshotOf(book: LiveBookView, protocols: readonly string[], maxAccounts?: number): LiveSnapshot {
  const depths: LiveSnapshot['depths'] = {};
  for (const venue of book.scenario.venues) depths[venue.id] = book.depth(venue.id);
  const summary = book.summary();
  const rows: LiveSnapshot['rows'] = {};
  for (const id of protocols) {
    const accounts = summary.protocols.find((p) => p.id === id)?.accounts ?? 0;
    rows[id] = book.rows(id, !isMerged(accounts, maxAccounts));
  }
  return { scenario: book.scenario, sequence: book.sequence, summary, gasGwei: book.gasGwei(), depths, rows };
}

/** Sets `initial` of an asset's price model to the live price (models without one, e.g. csv, are left as they are). */
function livePrice(asset: Mutable, price: number): void {
  const model = asset.price as Mutable | undefined;
  if (model && typeof model === 'object' && 'initial' in model && Number.isFinite(price) && price > 0)
    model.initial = price;
}

/**
 * The served scenario at the live state `snap`: every lending protocol's borrowers read from `files` (its book as now),
 * each asset's initial price the live price, each offchain venue's `depthUsdPer1Pct` and each cpamm's `liquidityUsd`
 * the live depth, the chain's gas price the live gas, each lending protocol's threshold and bonus the live ones.
 * Returns a plain object (not yet validated).
 *
 * @example const object = liveScenarioObject(snapshotOf(book, []), new Map([['lend', '/tmp/books/ab….csv']]));
 */
export function liveScenarioObject(snap: LiveSnapshot, files: ReadonlyMap<string, string>): Mutable {
  const scenario = structuredClone(snap.scenario) as unknown as Mutable;
  const summary = snap.summary;
  for (const asset of scenario.assets as Mutable[]) {
    const price = summary.prices[asset.symbol as string];
    if (price !== undefined) livePrice(asset, price);
  }
  for (const venue of scenario.venues as Mutable[]) {
    const depth = snap.depths[venue.id as string] ?? {};
    if (depth.depthUsdPer1Pct !== undefined && 'depthUsdPer1Pct' in venue)
      venue.depthUsdPer1Pct = depth.depthUsdPer1Pct;
    if (depth.liquidityUsd !== undefined && 'liquidityUsd' in venue) venue.liquidityUsd = depth.liquidityUsd;
  }
  (scenario.chain as Mutable).gasPriceGwei = snap.gasGwei;
  for (const protocol of scenario.protocols as Mutable[]) {
    const file = files.get(protocol.id as string);
    if (protocol.type !== 'lending' || file === undefined) continue;
    const live = summary.protocols.find((p) => p.id === protocol.id);
    if (live) {
      protocol.liquidationThreshold = live.liquidationThreshold;
      protocol.liquidationBonus = live.liquidationBonus;
      // Aave's rule LTV ≤ LT: keep the origination LTV below a lowered threshold.
      if (typeof protocol.ltv === 'number' && protocol.ltv > live.liquidationThreshold)
        protocol.ltv = live.liquidationThreshold;
    }
    protocol.borrowers = { file, unsafeAtStart: 'liquidate' };
  }
  return scenario;
}

/**
 * Builds the live-state scenario of `book`: writes each lending protocol's live rows as a content-addressed book
 * file, substitutes live prices, depths, gas and thresholds ({@link liveScenarioObject}), and validates the result
 * with the scenario schema (batch settings applied: no per-block health sampling).
 *
 * @example
 * const live = await liveScenario(book, { baseDir: loaded.dir, booksDir: '/tmp/cascade-books' });
 * live.books[0].sha256; // names the file the recommendation cites
 */
export async function liveScenario(book: LiveBookView, options: LiveScenarioOptions): Promise<LiveScenario> {
  const ids = book.protocolIds();
  const lending = book.scenario.protocols.filter((p): p is LendingSpec => p.type === 'lending' && ids.includes(p.id));
  // Everything is read in one synchronous step, so updates applied while the files are written do not mix in.
  const snap = snapshotOf(
    book,
    lending.map((p) => p.id),
    options.maxAccounts,
  );
  const { sequence } = snap;
  const write = options.writeBook ?? writeBookRows;
  const written = await Promise.all(
    lending.map((spec) =>
      write({
        protocol: spec.id,
        collateralAsset: spec.collateral,
        debtAsset: spec.debt,
        rows: snap.rows[spec.id],
        booksDir: options.booksDir,
        maxAccounts: options.maxAccounts,
      }),
    ),
  );
  const books = written.map((w) => w.book);
  const sampling: Record<string, BookSampling> = {};
  for (const w of written) if (w.sampling) sampling[w.book.protocol] = w.sampling;
  const object = liveScenarioObject(snap, new Map(books.map((b) => [b.protocol, b.file])));
  const scenarioFile = join(options.baseDir, `${book.scenario.name}.live.json`);
  const scenario = parseScenario(JSON.stringify(object), scenarioFile, [...BATCH_SCENARIO_SETS]);
  const json = JSON.stringify(scenario);
  return {
    scenario,
    json,
    yaml: stringify(scenario),
    sha256: createHash('sha256').update(json).digest('hex'),
    books,
    sequence,
    baseDir: options.baseDir,
    scenarioFile,
    ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
  };
}
