// What every oracle analysis is given: the live book, the event hub, the history, and where the live scenario's
// files go; plus the cache of the live-state scenario (one per book state).
import type { AnswerHistory } from '../../store/service-history.js';
import type { EventKind } from '../events.js';
import type { LiveBookView } from './live-state.js';
import { liveScenario, type LiveScenario } from './live-scenario.js';
import type { OracleRunner } from './runner.js';

/** Where events go (an EventHub). */
export interface EventSink {
  publish(kind: EventKind, data: unknown): void;
}

/** The oracle's surroundings. */
export interface OracleContext {
  book: LiveBookView;
  hub: EventSink;
  history: AnswerHistory;
  /** Directory of the served scenario file (its relative paths resolve against it). */
  baseDir: string;
  /** Folder for the live books (content-addressed CSV files). */
  booksDir: string;
  /** Wall clock, ms since the epoch (tests pass a fixed one). */
  now?: () => number;
  /** Where maps, batches and recommendations run (default: this thread; the server uses an OraclePool). */
  runner?: OracleRunner;
}

/** A key of the book state a live scenario was built from: sequence plus each protocol's threshold and bonus. */
function stateKey(book: LiveBookView): string {
  const params = book
    .summary()
    .protocols.map((p) => `${p.id}:${p.liquidationThreshold}:${p.liquidationBonus}`)
    .join('|');
  return `${book.sequence}|${params}`;
}

/**
 * The live-state scenario of `context.book`, rebuilt only when the book has changed since the last call (new
 * sequence, or new thresholds). Concurrent callers share one build.
 *
 * @example const live = await LiveScenarios.of(context);
 */
export class LiveScenarios {
  /** The last build of each book, by the account limit it was built with (0: every account). */
  private static readonly last = new WeakMap<object, Map<number, { key: string; live: Promise<LiveScenario> }>>();

  /** The live scenario of the context's book now; `maxAccounts` > 0 merges larger books (see mergeBook). */
  static of(context: OracleContext, maxAccounts = 0): Promise<LiveScenario> {
    const key = stateKey(context.book);
    let builds = LiveScenarios.last.get(context.book);
    if (builds === undefined) LiveScenarios.last.set(context.book, (builds = new Map()));
    const cached = builds.get(maxAccounts);
    if (cached && cached.key === key) return cached.live;
    const live = liveScenario(context.book, {
      baseDir: context.baseDir,
      booksDir: context.booksDir,
      maxAccounts: maxAccounts > 0 ? maxAccounts : undefined,
      writeBook: context.runner ? (request) => context.runner!.writeBook(request) : undefined,
    });
    const entries = builds;
    entries.set(maxAccounts, { key, live });
    live.catch(() => entries.delete(maxAccounts));
    return live;
  }
}
