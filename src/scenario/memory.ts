import { totalmem } from 'node:os';
import { ScenarioError } from '../kernel/errors.js';
import { formatBytes } from './limits.js';
import { formatPath, type PathSegment } from './paths.js';
import type { Scenario } from './schema.js';

/**
 * Memory one generated account may take over a run, bytes. Measured here: a run's peak resident memory grows by 49
 * (lending), 67 (cross-lending) and 24 (perp) bytes per account between 20,000 and 1,000,000 accounts (20 blocks,
 * `/usr/bin/time`); the estimate allows about 2.5× that for the records of a cascade that liquidates the book.
 */
export const BYTES_PER_ACCOUNT = 160;

/** Share of the machine's memory a run's accounts may take: the rest is for Node, the venues and other work. */
export const MEMORY_SHARE = 0.5;

/** The generated accounts of one protocol: where the count is and how many. */
export interface GeneratedAccounts {
  /** Path of the count, `protocols.0.borrowers.count`. */
  field: string;
  count: number;
}

/** The generated populations of a scenario's protocols (books read from files are already in memory). */
export function generatedAccounts(scenario: Scenario): GeneratedAccounts[] {
  return scenario.protocols.flatMap((protocol, i) => {
    const [name, entry] = protocol.type === 'perp' ? ['traders', protocol.traders] : ['borrowers', protocol.borrowers];
    return 'count' in entry ? [{ field: `protocols.${i}.${name}.count`, count: entry.count }] : [];
  });
}

/**
 * Estimates the memory a run of `scenario` takes for its generated accounts ({@link BYTES_PER_ACCOUNT} each): a
 * problem at the largest count when the estimate exceeds {@link MEMORY_SHARE} of `machineBytes` (the machine's
 * memory by default), giving the estimate and the limit; `undefined` when it fits.
 */
export function accountMemoryProblem(
  scenario: Scenario,
  machineBytes: number = totalmem(),
): { path: PathSegment[]; message: string } | undefined {
  const populations = generatedAccounts(scenario);
  const accounts = populations.reduce((sum, p) => sum + p.count, 0);
  const estimate = accounts * BYTES_PER_ACCOUNT;
  const limit = machineBytes * MEMORY_SHARE;
  if (estimate <= limit) return undefined;
  const largest = populations.reduce((a, b) => (b.count > a.count ? b : a));
  const share = `${Math.round(MEMORY_SHARE * 100)}%`;
  const message =
    `${accounts.toLocaleString('en-US')} generated accounts in ${populations.length} protocol(s) need about ` +
    `${formatBytes(estimate)} (${BYTES_PER_ACCOUNT} bytes each); the limit is ${share} of this machine's memory, ` +
    `${formatBytes(limit)}: lower the account counts (this is the largest, ${largest.count.toLocaleString('en-US')})`;
  return { path: largest.field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), message };
}

/**
 * Refuses, before any account is allocated, a scenario whose accounts would not fit in memory (see
 * {@link accountMemoryProblem}); {@link loadScenario} reports the same problem at the field's line.
 *
 * @throws ScenarioError naming the field, the estimate and the limit.
 */
export function checkAccountMemory(scenario: Scenario, machineBytes: number = totalmem()): void {
  const problem = accountMemoryProblem(scenario, machineBytes);
  if (problem) throw new ScenarioError(`${formatPath(problem.path)}: ${problem.message}`, formatPath(problem.path));
}
