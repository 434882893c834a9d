import type { Command } from 'commander';
import { loadScenarioWithBooks } from '../scenario/book-files.js';
import { UsageError } from '../kernel/errors.js';
import { cascadeMap, defaultShocks } from '../analysis/cascade-map/build.js';
import { cascadeMapCsv, cascadeMapJson, cascadeMapTable, levelsCsv } from '../analysis/cascade-map/serialize.js';
import type { CascadeMapOptions } from '../analysis/cascade-map/types.js';
import { cascadeMapHtml } from '../report/cascade-map-charts.js';
import { DEFAULT_SCENARIO, defaultScenarioPath } from './default-scenario.js';
import { checkOutputDir, writeFilesAtomically } from './output-files.js';
import { collect, parseSeed } from './flags.js';
import { withProgress } from './progress.js';
import { addAllowOutsideFilesOption } from './outside-files.js';

interface MapFlags {
  seed?: string;
  set: string[];
  asset?: string;
  shocks?: string;
  maxShock?: string;
  steps?: string;
  priceStep?: string;
  maxDrop?: string;
  criticalSlope?: string;
  dropMinutes?: string;
  json?: boolean;
  out?: string;
}

/** Default grid: shocks of 0.5% to 50% in 100 steps, levels every 0.5% down to −60%. */
const DEFAULTS = { maxShock: 0.5, steps: 100, priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 };

/** Parses a number flag and checks it lies in (min, max]. */
function fraction(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !(value > min && value <= max)) {
    throw new UsageError(`${flag}: must be a number greater than ${min} and at most ${max} (got "${text}")`);
  }
  return value;
}

/**
 * Parses `--shocks 0.01,0.02,…`: fractions in (0, 0.99], returned ascending without repeats.
 *
 * @example parseShocks('0.1,0.05,0.1'); // [0.05, 0.1]
 */
export function parseShocks(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    throw new UsageError(`--shocks: give comma-separated fractions in (0, 0.99], e.g. 0.01,0.05,0.1 (got "${text}")`);
  const shocks = parts.map((p) => fraction('--shocks', p, 0, 0.99));
  return [...new Set(shocks)].sort((a, b) => a - b);
}

/**
 * Checks every flag before any work and turns them into map options.
 *
 * @example mapOptions({ set: [], maxShock: '0.3', steps: '30' }).shocks.length; // 30
 */
export function mapOptions(flags: MapFlags): CascadeMapOptions {
  if (flags.shocks !== undefined && (flags.maxShock !== undefined || flags.steps !== undefined)) {
    throw new UsageError('--shocks: give either --shocks LIST or --max-shock/--steps, not both');
  }
  let shocks: number[];
  if (flags.shocks !== undefined) shocks = parseShocks(flags.shocks);
  else {
    const maxShock =
      flags.maxShock === undefined ? DEFAULTS.maxShock : fraction('--max-shock', flags.maxShock, 0, 0.99);
    const steps = flags.steps === undefined ? DEFAULTS.steps : Number(flags.steps);
    if (!/^\s*\d+\s*$/.test(flags.steps ?? '1') || steps < 1 || steps > 10_000) {
      throw new UsageError(`--steps: must be an integer from 1 to 10000 (got "${flags.steps}")`);
    }
    shocks = defaultShocks(maxShock, steps);
  }
  const maxDrop = flags.maxDrop === undefined ? DEFAULTS.maxDrop : fraction('--max-drop', flags.maxDrop, 0, 0.99);
  const priceStep =
    flags.priceStep === undefined ? DEFAULTS.priceStep : fraction('--price-step', flags.priceStep, 0, maxDrop);
  if (maxDrop / priceStep > 100_000)
    throw new UsageError(`--price-step: ${priceStep} gives more than 100000 levels down to --max-drop ${maxDrop}`);
  const criticalSlope =
    flags.criticalSlope === undefined
      ? DEFAULTS.criticalSlope
      : fraction('--critical-slope', flags.criticalSlope, 0, 1e6);
  if (flags.dropMinutes === undefined) return { shocks, priceStep, maxDrop, criticalSlope };
  const dropMinutes = Number(flags.dropMinutes);
  if (flags.dropMinutes.trim() === '' || !(dropMinutes >= 0 && dropMinutes <= 1e6)) {
    throw new UsageError(`--drop-minutes: must be a number of minutes ≥ 0 (got "${flags.dropMinutes}")`);
  }
  return { shocks, priceStep, maxDrop, criticalSlope, dropMinutes };
}

/**
 * Registers `cascade map [SCENARIO]`.
 *
 * @example registerMap(new Command('cascade'));
 */
export function registerMap(program: Command): void {
  addAllowOutsideFilesOption(program.command('map'))
    .description(
      "map the cascade without a full simulation: liquidation volume by price level, and the oracle's largest fall, with a band, for a grid of initial shocks",
    )
    .argument('[scenario]', `scenario file (.yaml, .yml or .json); default: the shipped scenarios/${DEFAULT_SCENARIO}`)
    .option(
      '--seed <n>',
      "master seed of the borrower population, an integer from 0 to 4294967295 (default: the scenario's seed)",
    )
    .option(
      '--set <path=value>',
      'override a scenario field, e.g. --set protocols.0.closeFactor=1 (repeatable)',
      collect,
      [],
    )
    .option('--asset <symbol>', "collateral to shock (default: the first lending protocol's)")
    .option('--shocks <list>', 'initial shocks as comma-separated fractions in (0, 0.99], e.g. 0.01,0.05,0.1')
    .option('--max-shock <fraction>', `largest shock of an even grid, in (0, 0.99] (default ${DEFAULTS.maxShock})`)
    .option(
      '--steps <n>',
      `shocks in the even grid max·k/steps, k = 1..steps, an integer from 1 to 10000 (default ${DEFAULTS.steps})`,
    )
    .option(
      '--price-step <fraction>',
      `spacing of the price levels, a fraction of the block-0 price (default ${DEFAULTS.priceStep})`,
    )
    .option(
      '--max-drop <fraction>',
      `lowest price level, as a fall from the block-0 price, in (0, 0.99] (default ${DEFAULTS.maxDrop})`,
    )
    .option(
      '--critical-slope <x>',
      `mark a shock critical when the move grows at least x times as fast as the shock (default ${DEFAULTS.criticalSlope})`,
    )
    .option(
      '--drop-minutes <m>',
      "minutes each shock takes to fall, 0 for a gap (default: the collateral's shock model's dropMinutes, or a gap for any other price model)",
    )
    .option('--json', 'print the map as one JSON object instead of the table')
    .option('--out <dir>', 'also write map.json, map.csv (shocks), levels.csv (price levels) and map.html into DIR')
    .addHelpText(
      'after',
      '\nThe map simulates no account, keeper or trade one by one. For each shock it follows the fall block by block\n' +
        'on aggregates: the scenario’s shock script (drop set to the shock), the decay of off-chain impact, the\n' +
        'oracles’ cadence and delay, keeper capital, calls and latency; accounts are liquidated where the oracle\n' +
        'first reaches them. It prints that central estimate of the oracle’s largest fall, a band from full recovery\n' +
        'between blocks to no recovery, and the instantaneous permanent-impact worst case. A test holds the central\n' +
        'estimate to runs of the same shock on several worlds; the printed approximations list every simplification.\n' +
        '\nExamples:\n  cascade map\n  cascade map scenarios/deep-pool-shock.yaml --shocks 0.05,0.1,0.2 --json\n' +
        '  cascade map --max-shock 0.3 --steps 60 --out out/map',
    )
    .action(async (scenarioPath: string | undefined, flags: MapFlags) => {
      const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed);
      const options = mapOptions(flags);
      if (flags.out) checkOutputDir(flags.out);
      const loaded = await loadScenarioWithBooks(scenarioPath ?? defaultScenarioPath(), flags.set);
      const map = withProgress(`map ${loaded.scenario.name}`, 'shocks', (onShock) =>
        cascadeMap(loaded.scenario, options, { seed, baseDir: loaded.dir, asset: flags.asset, onShock }),
      );
      const json = cascadeMapJson(map);
      if (flags.out) {
        writeFilesAtomically(flags.out, {
          'map.json': json,
          'map.csv': cascadeMapCsv(map),
          'levels.csv': levelsCsv(map),
          'map.html': cascadeMapHtml(map, loaded.scenario.description),
        });
      }
      process.stdout.write(
        flags.json
          ? json
          : cascadeMapTable(map) +
              (flags.out ? `\nWrote map.json, map.csv, levels.csv and map.html to ${flags.out}\n` : ''),
      );
    });
}
