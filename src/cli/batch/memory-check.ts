/**
 * The memory a batch needs: every worker thread builds its own world, so the estimate of one world's generated
 * accounts (scenario/memory.ts) is multiplied by the threads that run at once, and a batch over the limit is refused
 * before any thread starts: by the submitting command for local threads, by `cascade worker` for its own.
 */
import { hostname, totalmem } from 'node:os';
import type { BatchPlan } from '../../analysis/batch/types.js';
import { CascadeError } from '../../kernel/errors.js';
import { formatCount } from '../../kernel/format.js';
import { formatBytes } from '../../scenario/limits.js';
import { BYTES_PER_ACCOUNT, generatedAccounts, MEMORY_SHARE } from '../../scenario/memory.js';
import type { Scenario } from '../../scenario/schema.js';

/** What the worlds of a batch are built from: its scenario and cells (a BatchPlan or a worker's PathRunContext). */
interface WorldSource {
  scenarioJson: string;
  cells: readonly BatchPlan['cells'][number][];
}

/** One world of the batch with the most generated accounts: its cell, the account total and its largest count. */
interface LargestWorld {
  cell: number;
  accounts: number;
  field: string;
  count: number;
}

/** The cell whose world has the most generated accounts (a sweep may set a count per cell). */
function largestWorld(plan: WorldSource): LargestWorld {
  const scenario = JSON.parse(plan.scenarioJson) as Scenario;
  const populations = generatedAccounts(scenario);
  let largest: LargestWorld = { cell: plan.cells[0]?.cell ?? 0, accounts: 0, field: '', count: 0 };
  for (const { cell, parameters } of plan.cells) {
    // A cell parameter with a count's path replaces that count in the cell's world.
    const counts = populations.map((p) => {
      const value = parameters[p.field];
      return { field: p.field, count: typeof value === 'number' ? value : p.count };
    });
    const accounts = counts.reduce((sum, p) => sum + p.count, 0);
    const top = counts.reduce((a, b) => (b.count > a.count ? b : a), { field: '', count: 0 });
    if (accounts > largest.accounts) largest = { cell, accounts, field: top.field, count: top.count };
  }
  return largest;
}

/**
 * Refuses a local batch whose worker threads would together need more than {@link MEMORY_SHARE} of `machineBytes`:
 * {@link BYTES_PER_ACCOUNT} per generated account of the largest cell's world, times the threads that run at once
 * (`workers`, at most one per path). The message gives the estimate per world and in all, the limit, and the most
 * threads that fit.
 *
 * @example checkBatchMemory(plan, 2); // throws when two worlds of the plan do not fit in half the machine's memory
 * @throws CascadeError (exit code 1) naming `--workers` and the largest count's field.
 */
export function checkBatchMemory(plan: BatchPlan, workers: number, machineBytes: number = totalmem()): void {
  const threads = Math.max(1, Math.min(workers, plan.paths * plan.cells.length));
  checkThreads(plan, threads, { flag: '--workers', value: workers, memory: "this machine's memory" }, machineBytes);
}

/**
 * Refuses, in `cascade worker`, a batch whose worlds would not fit on this machine at `concurrency` threads: the same
 * estimate and message as {@link checkBatchMemory}, naming `--concurrency`. The chunk then fails on this worker with
 * that message (and may run on a worker with more memory).
 *
 * @example checkWorkerMemory(context, 2); // throws when two worlds of the batch do not fit here
 * @throws CascadeError (exit code 1) naming `--concurrency` and the largest count's field.
 */
export function checkWorkerMemory(context: WorldSource, concurrency: number, machineBytes: number = totalmem()): void {
  const flag = {
    flag: 'cascade worker --concurrency',
    value: concurrency,
    memory: `the memory of this worker's machine (${hostname()})`,
  };
  checkThreads(context, concurrency, flag, machineBytes);
}

/** The option that sets the threads, its value, and whose memory counts, as the message names them. */
interface ThreadsOption {
  flag: string;
  value: number;
  memory: string;
}

function checkThreads(
  plan: WorldSource,
  threads: number,
  { flag, value, memory }: ThreadsOption,
  machineBytes: number,
): void {
  const world = largestWorld(plan);
  const perWorld = world.accounts * BYTES_PER_ACCOUNT;
  const limit = machineBytes * MEMORY_SHARE;
  if (perWorld * threads <= limit) return;
  const fit = Math.floor(limit / perWorld);
  const share = `${Math.round(MEMORY_SHARE * 100)}%`;
  const cell = plan.cells.length > 1 ? ` (cell ${world.cell})` : '';
  const remedy =
    fit >= 1
      ? `run with ${flag} ${fit} or fewer, or lower the account counts`
      : 'lower the account counts: one world alone does not fit';
  throw new CascadeError(
    `${flag} ${value}: each worker thread builds its own world of ${formatCount(world.accounts)} ` +
      `generated accounts${cell}, about ${formatBytes(perWorld)} (${BYTES_PER_ACCOUNT} bytes each); ` +
      `${threads} threads at once need about ${formatBytes(perWorld * threads)}, over the limit of ${share} of ` +
      `${memory}, ${formatBytes(limit)}: ${remedy} (the largest is ${world.field}: ` +
      `${formatCount(world.count)})`,
  );
}
