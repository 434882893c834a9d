import type { Command } from 'commander';
import { pathRandomness } from '../analysis/batch/randomness.js';
import { riskSummary, type CellRiskSummary } from '../analysis/risk/index.js';
import { DEFAULT_MC_SCENARIO, defaultMcScenarioPath } from './default-scenario.js';
import { addBatchOptions, parseBatchFlags, type BatchFlags } from './batch/flags.js';
import { executeStoredBatch } from './batch/execute.js';
import { planBatch } from './batch/plan.js';
import { writeBatchOutputs } from './batch/outputs.js';
import { calibrationNote, riskRows, textTable } from './batch/risk-rows.js';
import { cellCharts } from './batch/mc-report.js';
import { failureNote, failuresJson } from './batch/failures.js';
import { CURVE_HEADER, liquidationCurveRows, liquidationRiskRows } from './batch/liquidation-risk-rows.js';

/** Points kept per price series per path when a report is written (fan charts). */
export const FAN_POINTS = 121;

/** Registers `cascade mc [SCENARIO]`. */
export function registerMc(program: Command): void {
  addBatchOptions(
    program
      .command('mc')
      .description(
        'Monte Carlo: run N seeded paths of a scenario on worker threads and report bad-debt and liquidation risk with confidence intervals',
      )
      .argument(
        '[scenario]',
        `scenario file (default: the shipped scenarios/${DEFAULT_MC_SCENARIO}, a random crash size and price noise)`,
      ),
    '1000',
  )
    .addHelpText(
      'after',
      '\nEach path redraws what the scenario draws from its named random streams (price paths with randomness, borrower\n' +
        'and trader books); the output lists them. Paths are stored in the results store as they finish; Ctrl-C stops\n' +
        'after the paths under way and the same command resumes the batch. Same master seed, same per-path results,\n' +
        'whatever the worker count.\n' +
        '\nExamples:\n  cascade mc --paths 1000\n  cascade mc scenarios/gbm-day.yaml --paths 500 --workers 2 --out out/mc --png\n  cascade mc --paths 200 --json',
    )
    .action(async (file: string | undefined, flags: BatchFlags) => {
      const { paths, workers, seed, queue } = parseBatchFlags(flags);
      const { plan, scenario, dir } = planBatch({
        kind: 'mc',
        file: file ?? defaultMcScenarioPath(),
        sets: flags.set,
        seed,
        paths,
        cells: [{ cell: 0, parameters: {} }],
        id: flags.id,
      });
      const executed = await executeStoredBatch(plan, {
        db: flags.db,
        workers,
        seriesPoints: flags.out ? FAN_POINTS : 0,
        baseDir: dir,
        label: `mc ${plan.id}`,
        sets: flags.set,
        queue,
      });
      const summary = riskSummary(executed.records);
      const failed = {
        scenarioFile: plan.scenarioFile,
        sets: flags.set,
        planned: paths,
        finished: executed.records.length,
        db: flags.db,
        batchId: plan.id,
      };
      const batch = {
        id: plan.id,
        scenario: plan.scenario,
        masterSeed: plan.masterSeed,
        paths: executed.records.length,
        failed: executed.failures.length,
        planned: paths,
        complete: !executed.aborted,
        db: flags.db,
      };
      const randomness = pathRandomness(scenario);
      const json =
        JSON.stringify(
          {
            batch,
            randomness,
            ...(executed.failures.length > 0 ? { failures: failuresJson(executed.failures, failed) } : {}),
            summary,
          },
          null,
          2,
        ) + '\n';
      const cell = summary.cells[0];
      const header =
        `Monte Carlo: ${plan.scenario} · batch ${plan.id} · seed ${plan.masterSeed} · ${executed.records.length}/${paths} paths${executed.failures.length > 0 ? ` (${executed.failures.length} failed)` : ''}${executed.aborted ? ' (stopped)' : ''}\n` +
        `${randomness.summary}\n` +
        failureNote(executed.failures, failed);
      const rows = cell ? [...riskRows(cell), ...liquidationRiskRows(cell)] : [];
      const curveTables = cell ? curveTablesOf(cell) : [];
      const table = cell
        ? textTable(['Measure', 'Estimate', '95% CI'], rows) +
          curveTables.map((t) => `\n${t.title}\n\n${textTable(t.header, t.rows)}`).join('') +
          calibrationNote(cell)
        : '  no paths stored yet\n';
      if (flags.out && cell) {
        writeBatchOutputs(flags.out, {
          json,
          records: executed.records,
          title: `Monte Carlo: ${plan.scenario}`,
          subtitle: `batch ${plan.id} · seed ${plan.masterSeed} · ${executed.records.length} paths${executed.failures.length > 0 ? ` (${executed.failures.length} more failed and are left out)` : ''}`,
          description: `${scenario.description} ${randomness.summary}`.trim(),
          tables: [{ title: 'Risk measures', header: ['Measure', 'Estimate', '95% CI'], rows }, ...curveTables],
          charts: cellCharts(executed.records, cell, 'mc'),
          png: flags.png,
        });
      }
      process.stdout.write(
        flags.json
          ? json
          : header +
              '\n' +
              table +
              (flags.out
                ? `\nWrote summary.json, paths.csv and report.html${flags.png ? ' and PNG charts' : ''} to ${flags.out}\n`
                : ''),
      );
      if (executed.aborted) {
        process.stderr.write(
          `Stopped: ${executed.records.length} of ${paths} paths stored in ${flags.db}; run the same command again to resume batch ${plan.id}\n`,
        );
        process.exitCode = 130;
      }
    });
}

/** The cell's liquidation probability curves as titled tables (lending, then perp), each only when it has rows. */
function curveTablesOf(cell: CellRiskSummary): { title: string; header: string[]; rows: string[][] }[] {
  const tables = [
    {
      title: 'Liquidation probability by health factor at block 0 (lending; 95% CI over paths)',
      header: CURVE_HEADER,
      rows: liquidationCurveRows(cell, 'lending'),
    },
    {
      title: 'Liquidation probability by margin ratio at block 0 (perp; notional-weighted; 95% CI over paths)',
      header: CURVE_HEADER.map((h) => (h === 'Debt-weighted' ? 'Notional-weighted' : h)),
      rows: liquidationCurveRows(cell, 'perp'),
    },
  ];
  return tables.filter((t) => t.rows.length > 0);
}
