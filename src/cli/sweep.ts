import type { Command } from 'commander';
import { baselineCell, gridCells, parseGrid } from '../analysis/batch/grid.js';
import { pairedComparison, riskSummary } from '../analysis/risk/index.js';
import { UsageError } from '../kernel/errors.js';
import { DEFAULT_MC_SCENARIO, defaultMcScenarioPath } from './default-scenario.js';
import { groupRandomness, randomnessText } from './batch/randomness.js';
import { collect } from './flags.js';
import { addBatchOptions, parseBatchFlags, type BatchFlags } from './batch/flags.js';
import { executeStoredBatch } from './batch/execute.js';
import { planBatch } from './batch/plan.js';
import { writeBatchOutputs } from './batch/outputs.js';
import { textTable } from './batch/risk-rows.js';
import { describeParameters, pairedCharts, pairedRows, sweepCharts, sweepRows } from './batch/sweep-report.js';
import { failureNote, failuresJson } from './batch/failures.js';

/** Most cells one sweep may have. */
const MAX_CELLS = 10_000;

/** Registers `cascade sweep [SCENARIO] --grid path=v1,v2,...`. */
export function registerSweep(program: Command): void {
  addBatchOptions(
    program
      .command('sweep')
      .description('sweep: run N paths for every combination of parameter values and report risk per cell')
      .argument(
        '[scenario]',
        `scenario file (default: the shipped scenarios/${DEFAULT_MC_SCENARIO}, a random crash size and price noise)`,
      )
      .option(
        '--grid <path=v1,v2,...>',
        'a scenario field and the values to try (repeatable; the first grid varies slowest)',
        collect,
        [],
      )
      .option(
        '--baseline <cell|path=value,...>',
        'the cell every other cell is compared with, path by path: a cell index or path=value pairs (default: the first cell)',
      ),
    '200',
  )
    .addHelpText(
      'after',
      '\nPath p of every cell runs with the same seed (common random numbers): the same price path and borrower book,\n' +
        'so cells differ only by their parameters. Each cell is compared with the baseline path by path: the mean\n' +
        'difference of bad debt, P(bad debt), liquidated collateral, oracle drawdown and amplification, with a 95% t interval.\n' +
        'Every path is a flat record carrying its cell parameters, seed and metrics (paths.csv with --out). Two grids\n' +
        'give heatmaps in the report, one grid gives lines with confidence bands.\n' +
        '\nExamples:\n  cascade sweep --grid protocols.0.liquidationBonus=0.02,0.05,0.1 --paths 200\n' +
        '  cascade sweep --grid venues.1.liquidityUsd=1e6,4e6,16e6 --grid protocols.0.liquidationThreshold=0.75,0.8,0.85 --out out/sweep\n' +
        '  cascade sweep --grid venues.1.liquidityUsd=1e6,4e6,16e6 --baseline venues.1.liquidityUsd=4e6 --paths 200',
    )
    .action(async (file: string | undefined, flags: BatchFlags & { grid: string[]; baseline?: string }) => {
      if (flags.grid.length === 0)
        throw new UsageError(
          '--grid: missing; give at least one --grid path=v1,v2,... (e.g. --grid protocols.0.liquidationBonus=0.02,0.05)',
        );
      const axes = parseGrid(flags.grid);
      const cells = gridCells(axes);
      if (cells.length > MAX_CELLS)
        throw new UsageError(`--grid: ${cells.length} cells; at most ${MAX_CELLS.toLocaleString('en-US')} per sweep`);
      const baseline = baselineCell(flags.baseline, cells);
      const { paths, workers, seed, queue } = parseBatchFlags(flags);
      const { plan, scenario, dir } = planBatch({
        kind: 'sweep',
        file: file ?? defaultMcScenarioPath(),
        sets: flags.set,
        seed,
        paths,
        cells,
        id: flags.id,
      });
      const executed = await executeStoredBatch(plan, {
        db: flags.db,
        workers,
        seriesPoints: 0,
        baseDir: dir,
        label: `sweep ${plan.id}`,
        sets: flags.set,
        queue,
      });
      const summary = riskSummary(executed.records);
      const hasBaseline = executed.records.some((r) => r.cell === baseline);
      const paired = cells.length > 1 && hasBaseline ? pairedComparison(executed.records, baseline) : null;
      const planned = paths * cells.length;
      const failed = {
        scenarioFile: plan.scenarioFile,
        sets: flags.set,
        planned,
        finished: executed.records.length,
        db: flags.db,
        batchId: plan.id,
      };
      const batch = {
        id: plan.id,
        scenario: plan.scenario,
        masterSeed: plan.masterSeed,
        cells: plan.cells,
        pathsPerCell: paths,
        paths: executed.records.length,
        failed: executed.failures.length,
        planned,
        complete: !executed.aborted,
        db: flags.db,
      };
      const randomness = groupRandomness(
        plan,
        plan.cells.map((c) => ({ key: c.cell, parameters: c.parameters })),
      );
      const randomnessJson = randomness.map((g) => ({ cells: g.members, ...g.randomness }));
      const json =
        JSON.stringify(
          {
            batch,
            randomness: randomnessJson,
            ...(executed.failures.length > 0 ? { failures: failuresJson(executed.failures, failed) } : {}),
            summary,
            pairedDifferences: paired,
          },
          null,
          2,
        ) + '\n';
      const { header, rows } = sweepRows(axes, summary);
      const pairedTable = paired
        ? pairedRows(
            axes,
            paired,
            summary.cells.some((c) => c.perp !== undefined),
          )
        : null;
      const pairedTitle = paired
        ? `Paired differences vs the baseline, cell ${baseline} (${describeParameters(axes, paired.baselineParameters)}): mean over paths of (cell − baseline), 95% t interval`
        : '';
      const title =
        `Sweep: ${plan.scenario} · batch ${plan.id} · seed ${plan.masterSeed} · ${cells.length} cells × ${paths} paths${executed.aborted ? ` (stopped at ${executed.records.length}/${planned})` : ''}\n` +
        `Path p of every cell has the same seed. ${randomnessText(randomness, 'cells')}\n` +
        failureNote(executed.failures, failed);
      if (flags.out && summary.cells.length > 0) {
        writeBatchOutputs(flags.out, {
          json,
          records: executed.records,
          title: `Sweep: ${plan.scenario}`,
          subtitle: `batch ${plan.id} · seed ${plan.masterSeed} · ${cells.length} cells × ${paths} paths${executed.failures.length > 0 ? ` (${executed.failures.length} failed and are left out)` : ''}`,
          description:
            `${scenario.description} Path p of every cell has the same seed. ${randomnessText(randomness, 'cells')}`.trim(),
          tables: [
            { title: 'Risk by cell', header, rows },
            ...(pairedTable ? [{ title: pairedTitle, ...pairedTable }] : []),
          ],
          charts: [...sweepCharts(axes, summary, executed.records), ...(paired ? pairedCharts(axes, paired) : [])],
          png: flags.png,
        });
      }
      const pairedText = pairedTable ? `\n${pairedTitle}\n\n${textTable(pairedTable.header, pairedTable.rows)}` : '';
      process.stdout.write(
        flags.json
          ? json
          : title +
              '\n' +
              textTable(header, rows) +
              pairedText +
              (flags.out
                ? `\nWrote summary.json, paths.csv and report.html${flags.png ? ' and PNG charts' : ''} to ${flags.out}\n`
                : ''),
      );
      if (executed.aborted) {
        process.stderr.write(
          `Stopped: ${executed.records.length} of ${planned} paths stored in ${flags.db}; run the same command again to resume batch ${plan.id}\n`,
        );
        process.exitCode = 130;
      }
    });
}
