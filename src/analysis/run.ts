import type { Scenario } from '../scenario/schema.js';
import type { LiquidationRiskReport, RunEvent, RunResult } from './result.js';
import { bookSize, computeMetrics, healthCounts, healthHistogram } from './metrics/metrics.js';
import { CapitalEfficiencyTracker, type CapitalEfficiency } from './metrics/capital-efficiency.js';
import { buildWorld, type BuildOptions } from '../world/build-world.js';
import type { World } from '../world/world.js';
import { stepBlock } from '../world/block-order.js';
import { Invariants } from './metrics/invariants.js';
import { chainReport } from './metrics/chain-metrics.js';
import { englishAuctionReports } from './metrics/auction-metrics.js';
import { contagionReport } from '../attribution/contagion.js';
import { attribution } from '../attribution/cascade-generations.js';
import { calibrationWarnings } from './metrics/calibration.js';
import { curveReports, curveWarnings } from './metrics/curve-calibration.js';
import { mechanismOverrides } from './designs/mechanism-overrides.js';
import { enginesOfKind } from '../protocol/engine-kinds.js';
import { snapshotHealthBuckets } from './metrics/health-buckets.js';
import { liquidationRiskReport } from './metrics/liquidation-risk.js';
import { uniswapV3Reports } from './metrics/uniswap-v3-report.js';

/** Options of {@link runScenario}. */
export interface RunOptions extends Omit<BuildOptions, 'attribution'> {
  /** Check the conservation laws after every block (O(accounts) per block); throws InvariantError on a breach. */
  checkInvariants?: boolean;
  /** Called after each block with the blocks done and the run's total (progress display only; never read by the model).
   * */
  onBlock?: (done: number, total: number) => void;
}

/**
 * Runs a scenario from block 0 to its last block and returns metrics, per-block series and the
 * health histogram. Same scenario and seed ⇒ identical result.
 *
 * @example
 * const result = runScenario(scenario, { seed: 7 });
 * result.metrics.amplification;
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const world = buildWorld(scenario, { ...options, attribution });
  const before = healthCounts(world);
  const initialBook = bookSize(world);
  const buckets = snapshotHealthBuckets(world);
  const capital = stepToEnd(world, options);
  const auctions = englishAuctionReports(world);
  const contagion = contagionReport(world);
  const overrides = mechanismOverrides(scenario);
  const curves = curveReports(world);
  const uniswapV3 = uniswapV3Reports(world);
  const result: RunResult = {
    scenario: world.scenarioName,
    seed: world.seed,
    blocks: world.blocks,
    blockTimeSeconds: world.clock.blockTimeSeconds,
    metrics: computeMetrics(world, initialBook, capital),
    series: world.recorder.series(),
    health: healthHistogram(before, healthCounts(world)),
    events: world.protocols
      .flatMap((p): RunEvent[] => [
        ...p.breaker.events.map((e) => ({ kind: 'liquidation-pause' as const, ...e })),
        ...p.fundDraws,
      ])
      .sort((a, b) => a.block - b.block || a.protocol.localeCompare(b.protocol)),
    ...(world.adversaries.length > 0 ? { adversaries: world.adversaries.map((a) => a.report()) } : {}),
    ...(world.chain.feeMarket ? { chain: chainReport(world) } : {}),
    ...(auctions.length > 0 ? { auctions } : {}),
    ...(enginesOfKind(world, 'perp').length > 0
      ? { perps: enginesOfKind(world, 'perp').map((perp) => perp.report()) }
      : {}),
    ...(contagion ? { contagion } : {}),
    ...(world.stablecoins.length > 0 ? { stablecoins: world.stablecoins.map((s) => s.summary()) } : {}),
    ...(world.protocolOwned.length > 0 ? { protocolOwned: world.protocolOwned.map((p) => p.summary()) } : {}),
    ...(uniswapV3.length > 0 ? { uniswapV3 } : {}),
    ...(overrides.length > 0 ? { overrides } : {}),
    ...(curves.length > 0 ? { curves } : {}),
    ...(world.books.length > 0 ? { books: [...world.books] } : {}),
    liquidationRisk: liquidationRiskReport(world, buckets, initialBook.debtUsd),
  };
  const warnings = [...calibrationWarnings(scenario, result), ...curveWarnings(curves, result.blockTimeSeconds)];
  result.metrics.calibrationWarnings = warnings.length;
  return warnings.length > 0 ? { ...result, warnings } : result;
}

/** What a Monte Carlo path keeps of a run: its metrics and the series they were computed from (prices, liquidated
 * volume). */
export type PathRun = Pick<RunResult, 'metrics' | 'series' | 'blockTimeSeconds'> & {
  liquidationRisk: LiquidationRiskReport;
};

/**
 * Runs a scenario as {@link runScenario} does, with the same metrics, but skips what only a single run's report shows
 * (health histogram, events, per-component reports, and every series but the prices and liquidated volume the metrics
 * read): the batch runner's path.
 *
 * @example
 * runForMetrics(scenario, { seed: 7 }).metrics.badDebtUsd; // === runScenario(scenario, { seed: 7 }).metrics.badDebtUsd
 */
export function runForMetrics(scenario: Scenario, options: RunOptions = {}): PathRun {
  const world = buildWorld(scenario, { ...options, attribution, series: 'metrics' });
  const initialBook = bookSize(world);
  const buckets = snapshotHealthBuckets(world);
  const capital = stepToEnd(world, options);
  const path = {
    metrics: computeMetrics(world, initialBook, capital),
    series: world.recorder.series(),
    blockTimeSeconds: world.clock.blockTimeSeconds,
    liquidationRisk: liquidationRiskReport(world, buckets, initialBook.debtUsd),
  };
  // The checks read only the price series a metrics-only recorder keeps, so a path counts the same warnings as a run.
  path.metrics.calibrationWarnings =
    calibrationWarnings(scenario, path).length + curveWarnings(curveReports(world), path.blockTimeSeconds).length;
  return path;
}

/**
 * Steps `world` through its blocks, checking the conservation laws after each when asked; returns the lending
 * protocols' capital efficiency over the blocks.
 */
function stepToEnd(world: World, options: RunOptions): CapitalEfficiency {
  const invariants = options.checkInvariants ? new Invariants(world) : undefined;
  const capital = new CapitalEfficiencyTracker();
  for (let b = 0; b < world.blocks; b++) {
    stepBlock(world);
    capital.observe(world.protocols);
    invariants?.check();
    options.onBlock?.(b + 1, world.blocks);
  }
  return capital.result();
}
