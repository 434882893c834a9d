import type { Command } from 'commander';
import { DEFAULT_DB } from '../service/config.js';
import { replayRecommendation } from '../service/oracle/replay.js';
import { AnswerHistory } from '../store/service-history.js';

/**
 * Replays recommendation `id` of the service history in `db`: recomputes it from its stored inputs and writes
 * whether the content hash matches (returns exit code 0) or not (1, with each differing field).
 *
 * @example const code = await replayRecommendationCommand('recommendation-3', 'cascade-live.duckdb', (s) => process.stdout.write(s));
 */
export async function replayRecommendationCommand(
  id: string,
  db: string,
  write: (text: string) => void,
): Promise<number> {
  const history = await AnswerHistory.openExisting(db);
  try {
    const outcome = await replayRecommendation(history, id);
    if (outcome.matches) {
      write(`${id}: replayed; the result and its hash match (sha256 ${outcome.storedHash})\n`);
      return 0;
    }
    write(
      `${id}: replayed; the result differs\n  stored   sha256 ${outcome.storedHash}\n  replayed sha256 ${outcome.replayedHash}\n` +
        (outcome.differences.length > 0
          ? `Differing fields (stored → replayed):\n${outcome.differences.map((d) => `  ${d}`).join('\n')}\n`
          : ''),
    );
    return 1;
  } finally {
    await history.close();
  }
}

/**
 * Registers `cascade replay-recommendation ID [--db FILE]`.
 *
 * @example registerReplayRecommendation(new Command('cascade'));
 */
export function registerReplayRecommendation(program: Command): void {
  program
    .command('replay-recommendation')
    .description(
      're-run a stored risk-oracle recommendation from its inputs (live-state scenario, book files, seed, config, time) and check its content hash',
    )
    .argument('<id>', 'recommendation id, e.g. recommendation-12 (GET /v1/recommendations lists them)')
    .option('--db <file>', `the service's history file (cascade serve --db)`, DEFAULT_DB)
    .addHelpText(
      'after',
      '\nExit code 0 when the replayed result has the stored hash, 1 when it differs (the differing fields are listed).\n' +
        'The server must be stopped (DuckDB lets one process open the file), and the book files it wrote beside the\n' +
        'db (FILE.books/) must still be there.\n' +
        '\nExamples:\n  cascade replay-recommendation recommendation-12\n  cascade replay-recommendation recommendation-3 --db live/cascade-live.duckdb',
    )
    .action(async (id: string, flags: { db: string }) => {
      process.exitCode = await replayRecommendationCommand(id, flags.db, (text) => process.stdout.write(text));
    });
}
