import type { Command } from 'commander';
import { parseGrid } from '../analysis/batch/grid.js';
import { PROTOCOL_TARGET_METRICS, TARGET_STATISTICS, parseRiskTarget } from '../analysis/risk/index.js';
import { UsageError } from '../kernel/errors.js';
import { formatGrouped } from '../kernel/format.js';
import { frontierChart, sweepLineChart } from '../report/index.js';
import { DEFAULT_MC_SCENARIO, defaultMcScenarioPath } from './default-scenario.js';
import { addBatchOptions, parseBatchFlags, parseIntegerFlag, type BatchFlags } from './batch/flags.js';
import { writeBatchOutputs, type BatchChart } from './batch/outputs.js';
import { textTable } from './batch/risk-rows.js';
import { searchFrontier, type FrontierOutcome } from './batch/frontier-search.js';

interface FrontierFlags extends BatchFlags {
  param?: string;
  range?: string;
  target?: string;
  direction: string;
  tolerance?: string;
  maxSteps: string;
  integer?: boolean;
  across?: string;
}

/** Parses `--range low:high`. */
function parseRange(value: string | undefined): { low: number; high: number } {
  const match = value === undefined ? null : /^\s*([^:]+):([^:]+)\s*$/.exec(value);
  const low = Number(match?.[1]);
  const high = Number(match?.[2]);
  if (!match || !Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    throw new UsageError(
      `--range: give low:high with finite numbers, low < high, e.g. --range 0.5:0.9 (got "${value ?? ''}")`,
    );
  }
  return { low, high };
}

const outcomeRows = (outcomes: readonly FrontierOutcome[]) =>
  outcomes.flatMap((o) =>
    o.evaluations.map((e) => [
      ...(o.across ? [String(o.across.value)] : []),
      formatGrouped(e.value, 6),
      String(e.paths),
      e.evaluation.value === null ? 'n/a' : formatGrouped(e.evaluation.value, 6),
      e.evaluation.ci95
        ? `${formatGrouped(e.evaluation.ci95.lower, 6)} – ${formatGrouped(e.evaluation.ci95.upper, 6)}`
        : '',
      e.evaluation.verdict,
    ]),
  );

/** Registers `cascade frontier [SCENARIO] --param PATH --range LOW:HIGH --target "metric.stat <= X"`. */
export function registerFrontier(program: Command): void {
  addBatchOptions(
    program
      .command('frontier')
      .description(
        'safe-parameter frontier: the largest (or smallest) value of a parameter whose Monte Carlo risk meets a target, by bisection',
      )
      .argument(
        '[scenario]',
        `scenario file (default: the shipped scenarios/${DEFAULT_MC_SCENARIO}, a random crash size and price noise)`,
      )
      .option('--param <path>', 'the scenario field searched, e.g. protocols.0.borrowers.healthFactor.min')
      .option('--range <low:high>', 'search interval of the parameter')
      .option(
        '--target <expr>',
        `risk target, e.g. "badDebt.var99 <= 1e6", "fundExhausted.probability < 0.01" or, for one margin engine, "adlNotional[perp-dex].var99 <= 5e7" (metrics: ${Object.keys(TARGET_STATISTICS).join(', ')}; per engine: ${PROTOCOL_TARGET_METRICS.join(', ')})`,
      )
      .option(
        '--direction <d>',
        "'largest' (values below the frontier meet the target) or 'smallest' (values above it do)",
        'largest',
      )
      .option('--tolerance <x>', 'stop when the bracket is this narrow (default: 1% of the range)')
      .option('--max-steps <k>', 'most bisection steps after the two ends, 0 to 50', '8')
      .option('--integer', 'search integers only (block or account counts)')
      .option(
        '--across <path=v1,v2,...>',
        'repeat the search for each value of another field, e.g. pool depths: the boundary of safe leverage by depth',
      ),
    '200',
  )
    .addHelpText(
      'after',
      '\nEach value tried is a stored batch of --paths paths, all with the same seeds (common random numbers).\n' +
        'The answer is the tried value nearest the frontier that meets the target; its uncertainty is the bracket\n' +
        'width and whether the 95% interval at the answer straddles the target.\n' +
        '\nExamples:\n  cascade frontier --param protocols.0.borrowers.healthFactor.min --range 1.01:1.5 --direction smallest --target "badDebt.var99 <= 0" --paths 100\n' +
        '  cascade frontier --param protocols.0.liquidationThreshold --range 0.6:0.9 --target "badDebt.mean <= 1e5" --across venues.1.liquidityUsd=1e6,4e6,16e6',
    )
    .action(async (file: string | undefined, flags: FrontierFlags) => {
      if (!flags.param)
        throw new UsageError(
          '--param: missing; give the scenario field to search, e.g. --param protocols.0.liquidationThreshold',
        );
      if (!flags.target)
        throw new UsageError('--target: missing; give a risk target, e.g. --target "badDebt.var99 <= 1e6"');
      const target = parseRiskTarget(flags.target);
      const { low, high } = parseRange(flags.range);
      if (flags.direction !== 'largest' && flags.direction !== 'smallest')
        throw new UsageError(`--direction: largest or smallest (got "${flags.direction}")`);
      const tolerance = flags.tolerance === undefined ? (high - low) / 100 : Number(flags.tolerance);
      if (!(tolerance > 0) || !Number.isFinite(tolerance))
        throw new UsageError(`--tolerance: a number > 0 (got "${flags.tolerance}")`);
      const maxSteps = parseIntegerFlag('--max-steps', flags.maxSteps, 0, 50);
      const across = flags.across === undefined ? undefined : parseGrid([flags.across])[0];
      const { paths, workers, seed, queue } = parseBatchFlags(flags);
      const base = {
        file: file ?? defaultMcScenarioPath(),
        sets: flags.set,
        seed,
        paths,
        param: flags.param,
        low,
        high,
        direction: flags.direction,
        tolerance,
        maxSteps,
        integer: !!flags.integer,
        target,
        db: flags.db,
        workers,
        queue,
      } as const;
      const outcomes: FrontierOutcome[] = [];
      for (const value of across?.values ?? [undefined]) {
        const idPrefix =
          flags.id === undefined ? undefined : value === undefined ? flags.id : `${flags.id}-${String(value)}`;
        const outcome = await searchFrontier({
          ...base,
          idPrefix,
          across: value === undefined || !across ? undefined : { path: across.path, value },
        });
        outcomes.push(outcome);
        if (outcome.aborted) break;
      }
      const frontiers = outcomes.map(({ records: _records, failureNotes: _notes, ...outcome }) => outcome);
      const json =
        JSON.stringify(
          { param: flags.param, target: target.text, direction: flags.direction, paths, frontiers },
          null,
          2,
        ) + '\n';
      const header = [
        ...(across ? [across.path] : []),
        flags.param,
        'paths',
        target.text.split(/[<>]/)[0].trim(),
        '95% CI',
        'verdict',
      ];
      const rows = outcomeRows(outcomes);
      const answers = outcomes
        .map((o) => `${o.across ? `${o.across.path}=${String(o.across.value)}: ` : ''}${o.result.statement}`)
        .join('\n');
      const drawn = outcomes.flatMap((o) => o.randomness);
      const distinct = [...new Set(drawn.map((g) => g.summary))];
      const randomnessText =
        distinct.length <= 1
          ? `${distinct[0] ?? ''}\n`
          : drawn
              .map(
                (g) =>
                  `${flags.param} = ${g.values.map((v) => String(Number(v.toPrecision(6)))).join(', ')}: ${g.summary}`,
              )
              .join('\n') + '\n';
      if (flags.out) {
        const charts: BatchChart[] = outcomes.map((o, k) => ({
          id: `frontier-${k}`,
          title: o.across ? `Frontier at ${o.across.path} = ${String(o.across.value)}` : 'Frontier',
          caption: o.result.statement,
          option: frontierChart({
            param: flags.param!,
            target: target.threshold,
            answer: o.result.value,
            metricLabel: target.text.split(/[<>]/)[0].trim(),
            points: o.result.points.map((p) => ({
              value: p.value,
              estimate: p.estimate,
              ciLow: p.ci[0],
              ciHigh: p.ci[1],
              meets: p.meets,
            })),
          }),
        }));
        if (across && outcomes.length > 1) {
          charts.unshift({
            id: 'frontier-across',
            title: `Safe ${flags.param} by ${across.path}`,
            caption: 'The answer of each search (bars: its bisection bracket).',
            option: sweepLineChart({
              param: across.path,
              metricLabel: flags.param!,
              ciLabel: 'bracket',
              points: outcomes.map((o) => ({
                value: o.across!.value,
                mean: o.result.value,
                ciLow: o.result.bracket ? Math.min(o.result.bracket.meets, o.result.bracket.fails) : o.result.value,
                ciHigh: o.result.bracket ? Math.max(o.result.bracket.meets, o.result.bracket.fails) : o.result.value,
              })),
            }),
          });
        }
        writeBatchOutputs(flags.out, {
          json,
          records: outcomes.flatMap((o) => o.records),
          title: `Frontier: ${flags.param}`,
          subtitle: `${target.text} · ${paths} paths per value`,
          description: randomnessText.trim(),
          tables: [{ title: 'Evaluations', header, rows }],
          charts,
          png: flags.png,
        });
      }
      const failures = outcomes.flatMap((o) => o.failureNotes).join('');
      process.stdout.write(
        flags.json
          ? json
          : `Frontier of ${flags.param} for ${target.text} (${flags.direction}), ${paths} paths per value, the same seeds at every value\n${randomnessText}\n${textTable(header, rows)}\n${answers}\n${failures ? `\n${failures}` : ''}`,
      );
      if (outcomes.some((o) => o.aborted)) process.exitCode = 130;
    });
}
