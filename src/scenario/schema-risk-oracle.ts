// Scenario schema: the risk oracle of a lending protocol (protocols[].riskOracle, docs/closed-loop.md); its steward,
// trigger and policy settings are shared with the live service (src/liquidation/risk-oracle re-exports them).
import { z } from 'zod';

/** Names of the risk parameters a risk oracle may recommend. */
export const RISK_PARAMETER_NAMES = [
  'liquidationThreshold',
  'liquidationBonus',
  'debtCapUsd',
  'circuitBreakerPct',
] as const;

const bounds = z
  .tuple([z.number().min(0), z.number().min(0)])
  .refine(([lo, hi]) => lo <= hi, { message: 'bounds must be [low, high] with low ≤ high' })
  .describe('[low, high]: published values are kept within (or moved toward) this range');

/**
 * Steward limits on published risk parameters (a risk steward contract's checks: size and frequency of each change,
 * hard bounds, assets the oracle must not touch). Parsing fills the defaults.
 *
 * @example stewardLimits.parse({ bounds: { liquidationThreshold: [0.6, 0.9] } }).maxRelativeChange; // 0.05
 */
export const stewardLimits = z.strictObject({
  maxRelativeChange: z
    .number()
    .gt(0)
    .max(1)
    .default(0.05)
    .describe('largest change of a parameter per update, as a fraction of its current value'),
  minSecondsBetween: z
    .number()
    .min(0)
    .max(1e9)
    .default(3600)
    .describe('least time between two changes of the same parameter of the same asset, seconds'),
  bounds: z
    .strictObject({
      liquidationThreshold: bounds.optional(),
      liquidationBonus: bounds.optional(),
      debtCapUsd: bounds.optional(),
      circuitBreakerPct: bounds.optional(),
    })
    .default({})
    .describe('per parameter name, the range published values must stay within'),
  excluded: z.array(z.string().min(1)).default([]).describe('assets whose parameters are never changed'),
});

/**
 * Trigger settings of a risk oracle: it runs between scheduled runs when the market moved enough since the
 * observation it last ran on. Each trigger is off when absent.
 *
 * @example oracleTriggerSettings.parse({ priceMovePct: 5 }); // { priceMovePct: 5 }
 */
export const oracleTriggerSettings = z.strictObject({
  priceMovePct: z
    .number()
    .gt(0)
    .max(100)
    .optional()
    .describe('run when the oracle price moved at least this % (either way) since the last run'),
  depthDropPct: z
    .number()
    .gt(0)
    .max(100)
    .optional()
    .describe('run when the observed venue depth fell at least this % since the last run'),
  volatilityJump: z
    .number()
    .gt(1)
    .max(1000)
    .optional()
    .describe('run when realised volatility is at least this multiple of its value at the last run'),
  utilisation: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('run when utilisation (debt over borrowing power) crosses up through this fraction'),
});

/**
 * Settings of the analytic risk-oracle policy (docs/closed-loop.md): the design shock and the impact bound.
 *
 * @example riskOraclePolicySettings.parse({}).shockSigmas; // 2
 */
export const riskOraclePolicySettings = z.strictObject({
  shockSigmas: z.number().gt(0).max(20).default(2).describe('k: the design shock is k·σ·√horizon'),
  horizonSeconds: z
    .number()
    .gt(0)
    .max(31_536_000)
    .default(86_400)
    .describe('horizon of the design shock, seconds (the time a large position may take to liquidate)'),
  minShock: z
    .number()
    .gt(0)
    .max(0.9)
    .default(0.02)
    .describe('smallest design shock, as a fraction of the price (when realised volatility is near 0)'),
  maxImpactShare: z
    .number()
    .gt(0)
    .max(100)
    .default(0.5)
    .describe(
      'first-round impact bound: liquidating the debt within the design shock may move the price by at most this share of the shock',
    ),
  maxImpact: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe(
      'also cap the first-round impact at this fraction of the price whatever the design shock (absent: the bound grows with σ, so after a crash a large impact counts as acceptable)',
    ),
  onConflict: z
    .enum(['impact', 'solvency'])
    .default('impact')
    .describe(
      'when the solvency cap lies below the impact floor: impact keeps the floor (no tightening into a cascade), solvency tightens anyway (procyclical)',
    ),
  tolerance: z.number().gt(0).max(0.1).default(1e-4).describe('bisection stops when the bracket is this narrow'),
});

/**
 * `protocols[].riskOracle`: a closed-loop risk oracle that sets the protocol's liquidation threshold during the run.
 *
 * @example riskOracleSpec.parse({}).everyBlocks; // 300
 */
export const riskOracleSpec = z.strictObject({
  everyBlocks: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(300)
    .describe('blocks between scheduled runs of the oracle (triggers may run it in between)'),
  updateDelayBlocks: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(25)
    .describe('blocks from a published decision to the threshold taking effect (governance/executor delay)'),
  triggers: oracleTriggerSettings.default({}).describe('unscheduled runs on market moves; none by default'),
  policy: riskOraclePolicySettings.prefault({}).describe('the analytic target (docs/closed-loop.md)'),
  steward: stewardLimits
    .prefault({})
    .describe('limits on each published threshold (block time converts blocks to seconds)'),
  minScale: z
    .number()
    .gt(0)
    .max(1)
    .default(0.8)
    .describe('the oracle never sets the threshold below this share of the set threshold'),
  maxScale: z.number().min(1).max(1.25).default(1).describe('nor above this share of it (1 = it may only tighten)'),
  referenceVolatilityAnnual: z
    .number()
    .gt(0)
    .max(20)
    .default(0.8)
    .describe("the volatility estimate at block 0 (a volatility-bonus rule's own setting wins)"),
  halfLifeBlocks: z
    .number()
    .gt(0)
    .max(1e6)
    .default(300)
    .describe("half-life of the EWMA volatility estimate, blocks (a volatility-bonus rule's own setting wins)"),
});
