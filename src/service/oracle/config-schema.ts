// The `oracle:` and `alerts:` sub-schemas of a service config file (docs/risk-oracle.md); src/service/config.ts
// places them under `service:`.
import { z } from 'zod';
import { stewardLimits } from '../../liquidation/risk-oracle/steward.js';
import { oracleTriggerSettings } from '../../liquidation/risk-oracle/triggers.js';

const positive = z.number().gt(0);

/** Default steward limits of the live oracle: the contract's bounds on threshold and bonus. */
const DEFAULT_STEWARD = {
  maxRelativeChange: 0.05,
  minSecondsBetween: 3600,
  bounds: { liquidationThreshold: [0.6, 0.9] as [number, number], liquidationBonus: [0.02, 0.15] as [number, number] },
  excluded: [] as string[],
};

/** What starts an oracle run besides the schedule (the closed loop's trigger settings; an absent trigger is off). */
const triggers = oracleTriggerSettings.default({
  priceMovePct: 5,
  depthDropPct: 30,
  volatilityJump: 1.5,
  utilisation: 0.9,
});

/**
 * The risk oracle's settings (docs/risk-oracle.md). Parsing fills every default.
 *
 * @example oracleConfig.parse({}).paths; // 200
 */
export const oracleConfig = z.strictObject({
  everySeconds: z.number().min(0).max(1e7).default(300).describe('seconds between scheduled runs (0 = off)'),
  triggers,
  paths: z.int().min(2).max(100_000).default(200).describe('Monte Carlo paths per frontier evaluation'),
  badDebtTargetUsd: z.number().min(0).default(100_000).describe('criterion: p99 (VaR 99%) of bad debt ≤ this, USD'),
  seed: z.int().min(0).max(4_294_967_295).default(1).describe('master seed of every Monte Carlo batch'),
  workers: z.int().min(1).max(64).default(2).describe('worker threads of each batch'),
  nice: z
    .int()
    .min(0)
    .max(19)
    .default(10)
    .describe('Linux nice value of the oracle and path threads (0 = as the server; 19 = the smallest share)'),
  maxSteps: z.int().min(0).max(30).default(5).describe('bisection steps of the threshold search'),
  apply: z.boolean().default(false).describe('apply published parameters to the live book (default: advisory)'),
  steward: stewardLimits.default(DEFAULT_STEWARD),
});

/** Parsed oracle settings. */
export type OracleConfig = z.output<typeof oracleConfig>;

/**
 * Alert thresholds (docs/risk-oracle.md). Parsing fills every default.
 *
 * @example alertsConfig.parse({}).criticalShockWithinPct; // 15
 */
export const alertsConfig = z.strictObject({
  unsafeDebtUsd: z.number().min(0).default(1_000_000).describe('alert when a protocol’s unsafe debt exceeds this, USD'),
  criticalShockWithinPct: positive
    .max(100)
    .default(15)
    .describe("alert when the latest cascade map's critical shock is nearer than this %"),
  circuitBreaker: z
    .boolean()
    .default(true)
    .describe("alert when the live price move would trip the scenario's circuit breaker"),
});

/** Parsed alert settings. */
export type AlertsConfig = z.output<typeof alertsConfig>;
