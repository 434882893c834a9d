import { describe, expect, it } from 'vitest';
import { metricNumbers } from './helpers/metric-numbers.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadScenarioWithBooks } from '../src/scenario/book-files.js';
import { runForMetrics, runScenario } from '../src/analysis/run.js';

const dir = path.resolve('scenarios');
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('shipped scenarios', () => {
  it('include the three the README promises', () => {
    expect(files).toEqual(expect.arrayContaining(['thin-pool-shock.yaml', 'deep-pool-shock.yaml', 'gbm-day.yaml']));
  });

  it.each(files)('%s validates and runs with every conservation law holding at every block', async (file) => {
    const { scenario, dir: baseDir } = await loadScenarioWithBooks(path.join(dir, file));
    const result = runScenario(scenario, { baseDir, checkInvariants: true });
    expect(result.scenario).toBe(scenario.name);
    for (const [key, value] of metricNumbers(result.metrics)) expect(Number.isFinite(value), key).toBe(true);
  });

  it.each(files)('%s gives the batch path (runForMetrics) the metrics and price series of a full run', async (file) => {
    const { scenario, dir: baseDir } = await loadScenarioWithBooks(path.join(dir, file));
    const full = runScenario(scenario, { baseDir, seed: 11 });
    const batchPath = runForMetrics(scenario, { baseDir, seed: 11 });
    expect(batchPath.metrics).toEqual(full.metrics);
    // The path keeps the price series, the liquidated volume and the lending pressure series (recovery, saturation),
    // as the full run recorded them, and so gets the same liquidation-risk report.
    const kept = full.series.filter(
      ({ name }) => /^(fundamental|venue|oracle|lending):/.test(name) || name === 'liquidatedUsd',
    );
    expect(batchPath.liquidationRisk).toEqual(full.liquidationRisk);
    expect(batchPath.series).toEqual(kept);
    expect(batchPath.blockTimeSeconds).toBe(full.blockTimeSeconds);
  });
});
