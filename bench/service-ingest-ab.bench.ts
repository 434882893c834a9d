// `CASCADE_BENCH_BASELINE=DIR npx tsx bench/service-ingest-ab.bench.ts`: parse + validate + log line + apply of NDJSON
// position updates (ingest without the I/O), this tree against a baseline tree DIR (e.g. `git archive 7f29cba | tar
// -x -C DIR`, node_modules linked), in one process on two 1,000,000-account books, batches of 10,000 alternating
// between the two (the order flipped every round), so both see the same machine load. Reports CPU µs per update of
// each and the ratio, for a mix with opens and closes and for changes only. The log text is what the write-ahead log
// is handed (lines joined, as UpdateLog does). Speed is reported, never asserted.
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { RandomStream } from '../src/kernel/random.js';
import { LiveBook } from '../src/service/book/live-book.js';
import { parseNdjson } from '../src/service/book/messages.js';
import { logTextOf } from '../src/service/book/ingest-hints.js';

const ACCOUNTS = Number(process.env.CASCADE_BENCH_ACCOUNTS ?? 1_000_000);
const BATCH = 10_000;
const BATCHES = 30;
const baselineDir = process.env.CASCADE_BENCH_BASELINE;
if (!baselineDir) {
  console.error('CASCADE_BENCH_BASELINE: required, the directory of the baseline tree');
  process.exit(1);
}

type Book = { apply(updates: unknown[]): void };
type Parse = (text: string, book: Book) => unknown[];
const baselineBook = (await import(path.resolve(baselineDir, 'src/service/book/live-book.ts'))) as {
  LiveBook: { fromScenario(s: unknown): Book };
};
const baselineMessages = (await import(path.resolve(baselineDir, 'src/service/book/messages.ts'))) as {
  parseNdjson: Parse;
};

/** The baseline's log lines from its parse, when it keeps them (ingest-hints.ts, from 5fc2c41 on). */
const baselineHints = (await import(path.resolve(baselineDir, 'src/service/book/ingest-hints.ts')).catch(
  () => undefined,
)) as { ingestHints?: (updates: unknown[]) => { lines?: string[] } | undefined } | undefined;

const { scenario } = loadScenario('scenarios/thin-pool-shock.yaml', [`protocols.0.borrowers.count=${ACCOUNTS}`]);
const trees = {
  baseline: { book: baselineBook.LiveBook.fromScenario(scenario), parse: baselineMessages.parseNdjson },
  current: { book: LiveBook.fromScenario(scenario) as unknown as Book, parse: parseNdjson as unknown as Parse },
};

/**
 * Batches of changes (debt or collateral) of random accounts; with `mix`, 5% opens of new accounts, 2% closes. Numbers
 * have fixed decimals (toFixed, so about one line in ten ends in a zero and no request is canonical), or with
 * `canonical` are written as String writes them (every line canonical: the log text is the request's own).
 */
function batches(rng: RandomStream, mix: boolean, prefix: string, canonical = false): string[] {
  const fixed = (x: number, digits: number) => (canonical ? String(Number(x.toFixed(digits))) : x.toFixed(digits));
  const texts: string[] = [];
  let fresh = 0;
  const opened: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const lines: string[] = [];
    for (let k = 0; k < BATCH; k++) {
      const r = rng.uniform();
      const account = `b${Math.floor(rng.uniform() * ACCOUNTS)}`;
      if (mix && r < 0.05) {
        opened.push(fresh);
        lines.push(
          `{"type":"position","op":"open","account":"${prefix}${fresh++}","collateral":${(1 + 20 * rng.uniform()).toFixed(6)},"debt":${(1000 + 20000 * rng.uniform()).toFixed(2)}}`,
        );
      } else if (mix && r < 0.07 && opened.length > 0)
        lines.push(`{"type":"position","op":"close","account":"${prefix}${opened.shift()}"}`);
      else if (r < 0.5)
        lines.push(
          `{"type":"position","op":"change","protocol":"lend","account":"${account}","debt":${fixed(1000 + 20000 * rng.uniform(), 2)}}`,
        );
      else
        lines.push(
          `{"type":"position","op":"change","protocol":"lend","account":"${account}","collateral":${fixed(1 + 20 * rng.uniform(), 6)}}`,
        );
    }
    texts.push(lines.join('\n'));
  }
  return texts;
}

for (const [mix, canonical] of [
  [true, false],
  [false, false],
  [false, true],
]) {
  const rounds = [0, 1].map((r) =>
    batches(new RandomStream(18 + r, 'bench:ingest-ab'), mix, `n${mix}${r}_`, canonical),
  );
  const cpu = { baseline: 0, current: 0 };
  for (let round = 0; round < rounds.length; round++)
    for (const text of rounds[round])
      for (const which of round % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const)) {
        const { book, parse } = trees[which];
        const started = process.cpuUsage();
        const updates = parse(text, book);
        // The write-ahead log text, as ingest makes it: the baseline stringifies each update and joins the lines, the
        // current tree builds it while parsing (kept in the ingest hints; the request's own text when canonical).
        const logText =
          which === 'current'
            ? logTextOf(updates as never)
            : `${(baselineHints?.ingestHints?.(updates)?.lines ?? updates.map((u) => JSON.stringify(u))).join('\n')}\n`;
        if (logText.length === 0) throw new Error('no log text');
        book.apply(updates);
        const used = process.cpuUsage(started);
        cpu[which] += used.user + used.system;
      }
  const n = rounds.length * BATCHES * BATCH;
  console.log(
    `${mix ? 'changes with 5% opens and 2% closes' : canonical ? 'changes only, canonical lines' : 'changes only'}: baseline ${(cpu.baseline / n).toFixed(2)} µs, current ${(cpu.current / n).toFixed(2)} µs CPU per update (parse + validate + log line + apply); baseline / current ${(cpu.baseline / cpu.current).toFixed(2)}`,
  );
}
