import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { loadScenarioWithBooks } from '../scenario/book-files.js';
import { feedBlocks } from '../service/server/feed-source.js';
import { collect, parseSeed } from './flags.js';
import { addAllowOutsideFilesOption } from './outside-files.js';

interface FeedFlags {
  to: string;
  speed: string;
  seed?: string;
  set: string[];
  batch: string;
}

/** Totals of a feed, printed at the end. */
export interface FeedTotals {
  blocks: number;
  updates: number;
  requests: number;
  sequence: number;
}

/**
 * Parses `--speed`: a multiple of real time ≥ 0 (0 = as fast as the server takes them).
 *
 * @example parseSpeed('60'); // 60
 */
export function parseSpeed(text: string): number {
  const speed = Number(text);
  if (text.trim() === '' || !Number.isFinite(speed) || speed < 0)
    throw new UsageError(`--speed: must be a number ≥ 0 (a multiple of real time; 0 = no pacing), got "${text}"`);
  return speed;
}

/** POSTs `lines` as one NDJSON request; returns the server's sequence; throws CascadeError on a refusal. */
async function post(url: string, lines: string[]): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: lines.join('\n') + '\n',
    });
  } catch (error) {
    throw new CascadeError(`${url}: cannot reach the server (${(error as Error).cause ?? (error as Error).message})`);
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new CascadeError(`${url}: the server refused a batch (${response.status}): ${JSON.stringify(body)}`);
  return Number(body.sequence);
}

/**
 * Registers `cascade feed SCENARIO --to URL`.
 *
 * @example registerFeed(new Command('cascade'));
 */
export function registerFeed(program: Command): void {
  addAllowOutsideFilesOption(program.command('feed'))
    .description('play a simulated run into a running `cascade serve` as a live feed of NDJSON updates')
    .argument('<scenario>', 'scenario file (the server should serve the same scenario and seed)')
    .requiredOption('--to <url>', 'the server, e.g. http://127.0.0.1:8080')
    .option('--speed <x>', 'multiple of real time (block time / x between blocks); 0 = as fast as possible', '1')
    .option('--seed <n>', "master seed of the run (default: the scenario's)")
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .option('--batch <n>', 'most updates per request', '10000')
    .addHelpText(
      'after',
      '\nFed per block: the oracle price of each lending protocol’s collateral when it moves, and every account whose\n' +
        'collateral or debt moved (change, close, open). Not fed: perp books, venue depth, gas. See docs/service.md.\n' +
        '\nExample:\n  cascade feed scenarios/thin-pool-shock.yaml --to http://127.0.0.1:8080 --speed 60',
    )
    .action(async (file: string, flags: FeedFlags) => {
      const speed = parseSpeed(flags.speed);
      const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed);
      const batch = Number(flags.batch);
      if (!/^\d+$/.test(flags.batch) || batch < 1 || batch > 1_000_000)
        throw new UsageError(`--batch: must be an integer from 1 to 1000000, got "${flags.batch}"`);
      let base: URL;
      try {
        base = new URL(flags.to);
      } catch {
        throw new UsageError(`--to: must be a URL such as http://127.0.0.1:8080, got "${flags.to}"`);
      }
      const url = new URL('/v1/updates', base).toString();
      const loaded = await loadScenarioWithBooks(file, flags.set);
      const totals = await feed(feedBlocks(loaded.scenario, { seed, baseDir: loaded.dir }), url, speed, batch);
      process.stdout.write(
        `fed ${totals.updates} updates from ${totals.blocks} blocks in ${totals.requests} requests; server sequence ${totals.sequence}\n`,
      );
    });
}

/** Posts the blocks' lines in batches paced at `speed`× simulated time, printing progress to stderr. */
async function feed(
  blocks: Iterable<{ block: number; timeSeconds: number; lines: string[] }>,
  url: string,
  speed: number,
  batch: number,
): Promise<FeedTotals> {
  const totals: FeedTotals = { blocks: 0, updates: 0, requests: 0, sequence: 0 };
  const start = Date.now();
  let pending: string[] = [];
  let lastProgress = 0;
  const flush = async () => {
    while (pending.length > 0) {
      const chunk = pending.slice(0, batch);
      pending = pending.slice(chunk.length);
      totals.sequence = await post(url, chunk);
      totals.requests += 1;
      totals.updates += chunk.length;
    }
  };
  for (const block of blocks) {
    totals.blocks += 1;
    if (speed > 0) {
      // The block's updates leave at its simulated time over `speed`; those of earlier blocks go first.
      const wait = start + (block.timeSeconds * 1000) / speed - Date.now();
      if (wait > 0) {
        await flush();
        await sleep(wait);
      }
    }
    pending.push(...block.lines);
    if (pending.length >= batch) await flush();
    if (Date.now() - lastProgress > 1000) {
      lastProgress = Date.now();
      process.stderr.write(`feed: block ${block.block}, ${totals.updates} updates sent\n`);
    }
  }
  await flush();
  return totals;
}
