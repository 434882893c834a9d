import { existsSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../kernel/errors.js';
import { loadScenarioWithBooks } from '../scenario/book-files.js';
import { writeBookTable } from '../scenario/book-table.js';
import type { Scenario } from '../scenario/schema.js';
import { buildWorld } from '../world/build-world.js';
import { lendingBookColumns, perpBookColumns } from '../world/book-export.js';
import { attribution } from '../attribution/cascade-generations.js';
import type { PerpProtocol } from '../protocol/perp/perp-protocol.js';
import { collect, parseSeed } from './flags.js';
import { addAllowOutsideFilesOption } from './outside-files.js';

interface ExportBookOptions {
  out?: string;
  seed?: string;
  set: string[];
  protocol?: string;
}

/** Checks `--out` before anything runs: given, a book file ending, not a directory, in a directory that exists. */
function outTarget(out: string | undefined): string {
  if (out === undefined || out === '')
    throw new UsageError('--out: missing; give --out FILE (.csv, .json or .parquet)');
  if (!['.csv', '.json', '.parquet'].includes(extname(out).toLowerCase()))
    throw new UsageError(`--out ${out}: must end with .csv, .json or .parquet (the ending chooses the format)`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${out}: is a directory; give a file`);
  if (!existsSync(dirname(out) || '.')) throw new UsageError(`--out ${out}: directory ${dirname(out)} does not exist`);
  return out;
}

/** The lending or perp protocol to export: `--protocol`, else the scenario's only one. */
function chosenProtocol(scenario: Scenario, wanted: string | undefined): Scenario['protocols'][number] {
  const books = scenario.protocols.filter((p) => p.type === 'lending' || p.type === 'perp');
  const ids = books.map((p) => p.id).join(', ') || 'none';
  if (wanted !== undefined) {
    const found = books.find((p) => p.id === wanted);
    if (!found) throw new UsageError(`--protocol ${wanted}: no lending or perp protocol of that id; allowed: ${ids}`);
    return found;
  }
  if (books.length !== 1)
    throw new UsageError(
      books.length === 0
        ? 'the scenario has no lending or perp protocol whose book could be exported (cross-lending books are not)'
        : `the scenario has ${books.length} protocols with books (${ids}); choose one with --protocol ID`,
    );
  return books[0];
}

/** The scenario lines that read the exported file back, keeping the book's behaviour settings. */
function snippet(spec: Scenario['protocols'][number], file: string): string {
  if (spec.type === 'perp') {
    const addMargin = spec.traders.addMargin;
    const behaviour = addMargin
      ? `, addMargin: { belowMarginRatio: ${addMargin.belowMarginRatio}, targetMarginRatio: ${addMargin.targetMarginRatio}, gasUnits: ${addMargin.gasUnits}, priorityFeeGwei: ${addMargin.priorityFeeGwei} }`
      : '';
    return `traders: { file: ${file}${behaviour} }`;
  }
  const topUp = spec.type === 'lending' ? spec.borrowers.topUp : undefined;
  const fee = topUp?.maxFeeGwei === undefined ? '' : `, maxFeeGwei: ${topUp.maxFeeGwei}`;
  const behaviour = topUp
    ? `, topUp: { belowHealth: ${topUp.belowHealth}, targetHealth: ${topUp.targetHealth}, priorityFeeGwei: ${topUp.priorityFeeGwei}, gasUnits: ${topUp.gasUnits}${fee} }`
    : '';
  return `borrowers: { file: ${file}${behaviour} }`;
}

/** Registers `cascade export-book SCENARIO --out FILE`. */
export function registerExportBook(program: Command): void {
  addAllowOutsideFilesOption(program.command('export-book'))
    .description(
      'write the position book a scenario starts with (block 0) to a .csv, .json or .parquet file in the layout of docs/books.md',
    )
    .argument('<scenario>', 'scenario file (.yaml, .yml or .json)')
    .option('--out <file>', 'book file to write; the ending chooses the format (replaced atomically if it exists)')
    .option('--seed <n>', "master seed, an integer from 0 to 4294967295 (default: the scenario's seed)")
    .option('--protocol <id>', 'the lending or perp protocol whose book to write (default: the only one)')
    .option('--set <path=value>', 'override a scenario field before building (repeatable)', collect, [])
    .addHelpText(
      'after',
      '\nExamples:\n  cascade export-book scenarios/thin-pool-shock.yaml --out books/thin-pool.parquet\n  cascade export-book scenarios/perp-long-crash.yaml --out perp.csv --seed 3',
    )
    .action(async (scenarioPath: string, options: ExportBookOptions) => {
      const out = outTarget(options.out);
      const seed = options.seed === undefined ? undefined : parseSeed(options.seed);
      const loaded = await loadScenarioWithBooks(scenarioPath, options.set);
      const spec = chosenProtocol(loaded.scenario, options.protocol);
      const world = buildWorld(loaded.scenario, { seed, baseDir: loaded.dir, attribution });
      const engine = world.engines.find((e) => e.id === spec.id && e.kind === spec.type);
      const lending = world.protocols.find((p) => p.id === spec.id);
      const columns =
        spec.type === 'perp'
          ? perpBookColumns(engine as PerpProtocol)
          : lendingBookColumns(
              lending as NonNullable<typeof lending>,
              'file' in spec.borrowers
                ? (world.books.find((b) => b.protocol === spec.id)?.accounts ?? 0)
                : spec.borrowers.count,
            );
      await writeBookTable(out, columns);
      const rows = columns[0].values.length;
      process.stdout.write(
        `Wrote ${rows.toLocaleString('en-US')} rows of ${spec.id} (seed ${world.seed}) to ${out}\n` +
          `Read it back with, in protocols[] entry ${spec.id}: ${snippet(spec, '<path relative to the scenario>')}\n`,
      );
    });
}
