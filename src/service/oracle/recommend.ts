// One risk-oracle recommendation, computed from its inputs alone (so `cascade replay-recommendation` can recompute
// it): per lending protocol a frontier search of the liquidation threshold on the live-state scenario, each value a
// Monte Carlo batch judged by p99 bad debt ≤ target; the steward clamp of each target; a depth-based debt cap and a
// circuit-breaker level from the cascade map.
import { findFrontier, type FrontierResult } from '../../analysis/batch/frontier.js';
import { cascadeMap } from '../../analysis/cascade-map/build.js';
import { evaluateRiskTarget, parseRiskTarget } from '../../analysis/risk/index.js';
import { liquidationLadder, riskOraclePolicySettings, targetThreshold } from '../../liquidation/risk-oracle/policy.js';
import type { PolicyTarget } from '../../liquidation/risk-oracle/policy.js';
import { applySteward, type RiskParameterName, type StewardLimit } from '../../liquidation/risk-oracle/steward.js';
import { bookOf } from '../../scenario/book-files.js';
import type { LendingBookData } from '../../scenario/lending-book-file.js';
import type { LendingSpec } from '../../scenario/schema.js';
import { contentHash } from '../../store/service-history.js';
import { LIVE_MAP_OPTIONS } from './map-options.js';
import type { OracleConfig } from './config-schema.js';
import { ensureBooksLoaded } from './books-loaded.js';
import type { LiveScenario } from './live-scenario.js';
import { liveBatch } from './monte-carlo.js';

/** One protocol's state when the recommendation was made. */
export interface ProtocolInputs {
  protocol: string;
  asset: string;
  /** Live prices of the collateral and debt assets, USD. */
  price: number;
  debtPrice: number;
  liquidationThreshold: number;
  liquidationBonus: number;
  /** Live debt, USD. */
  debtUsd: number;
  /** Debt cap in force (the last published one), USD; null: none yet, the live debt stands for it. */
  debtCapUsd: number | null;
  /** Observed depth of the collateral's venues, USD per 1% move (cpamm: liquidity/400). */
  depthUsdPer1Pct: number;
  /** Realised volatility of the live price, annualised. */
  volatilityAnnual: number;
  /** Current circuit breaker (pauseOnOracleMovePct) if the scenario has one. */
  circuitBreakerPct: number | null;
}

/** Everything a recommendation is computed from (stored with it; replay reads it). */
export interface RecommendationInputs {
  /** ms since the epoch; the steward's clock. */
  time: number;
  sequence: number;
  /** What started the run: 'schedule', 'manual', or the fired triggers. */
  trigger: unknown;
  scenarioSha256: string;
  /** The live-state scenario as run (JSON) and as YAML for people. */
  scenarioJson: string;
  scenarioYaml: string;
  scenarioFile: string;
  baseDir: string;
  books: { protocol: string; file: string; sha256: string; accounts: number }[];
  config: OracleConfig;
  protocols: ProtocolInputs[];
  /** Seconds since the epoch of the last published change, per `asset/name`. */
  lastChanges: Record<string, number>;
}

/** One recommended parameter (the contract's shape). */
export interface RecommendedParameter {
  protocol: string;
  asset: string;
  name: RiskParameterName;
  current: number;
  target: number;
  published: number;
  limitedBy: StewardLimit;
}

/** The evidence of one protocol's threshold recommendation. */
export interface ProtocolEvidence {
  protocol: string;
  criterion: string;
  paths: number;
  seed: number;
  frontier: Pick<
    FrontierResult,
    'status' | 'value' | 'bracket' | 'converged' | 'steps' | 'points' | 'statement'
  > | null;
  /** The analytic policy's target on the same state (a cross-check; docs/closed-loop.md). */
  analytic: PolicyTarget;
  /** The cascade map's smallest critical shock at the live state (fraction), null when none. */
  criticalShock: number | null;
  /** How the debt cap was set. */
  debtCapRule: string;
}

/** What a recommendation says; its content hash is the SHA-256 of this object's canonical JSON. */
export interface RecommendationPayload {
  scenarioSha256: string;
  parameters: RecommendedParameter[];
  evidence: ProtocolEvidence[];
}

/** Frontier search range when the steward gives no bounds for the threshold. */
const DEFAULT_THRESHOLD_RANGE: [number, number] = [0.5, 0.95];

/**
 * The recommendation of `inputs` on the live-state scenario `live` (whose books must be the files the inputs name).
 * Deterministic: the same inputs give the same payload (seeded paths, seeded bootstrap, fixed evaluation order).
 *
 * @example const payload = await computeRecommendation(live, inputs); contentHash(payload);
 */
export async function computeRecommendation(
  live: LiveScenario,
  inputs: RecommendationInputs,
  signal?: AbortSignal,
): Promise<RecommendationPayload> {
  const { config } = inputs;
  const parameters: RecommendedParameter[] = [];
  const evidence: ProtocolEvidence[] = [];
  await ensureBooksLoaded(live);
  const nowSeconds = inputs.time / 1000;
  for (const state of inputs.protocols) {
    const index = live.scenario.protocols.findIndex((p) => p.id === state.protocol);
    const spec = live.scenario.protocols[index] as LendingSpec;
    const excluded = config.steward.excluded.includes(state.asset);
    const criterion = `badDebt[${state.protocol}].var99 <= ${config.badDebtTargetUsd}`;
    const target = parseRiskTarget(criterion);
    const range = config.steward.bounds.liquidationThreshold ?? DEFAULT_THRESHOLD_RANGE;
    let frontier: FrontierResult | null = null;
    if (!excluded) {
      frontier = await findFrontier({
        evaluate: async (value) => {
          const { summary } = await liveBatch(live, {
            paths: config.paths,
            seed: config.seed,
            workers: config.workers,
            signal,
            parameters: {
              [`protocols.${index}.liquidationThreshold`]: value,
              // Aave's rule LTV ≤ LT (the book is read from a file: LTV shapes no account here).
              [`protocols.${index}.ltv`]: Math.min(spec.ltv, value),
            },
          });
          const evaluation = evaluateRiskTarget(target, summary);
          const estimate = evaluation.value ?? 0;
          const ci = evaluation.ci95 ?? { lower: estimate, upper: estimate };
          return { meets: evaluation.satisfied, estimate, ci: [ci.lower, ci.upper] };
        },
        low: range[0],
        high: range[1],
        direction: 'largest',
        // maxSteps halvings of the range; the factor keeps rounding from calling the last bracket too wide.
        tolerance: ((range[1] - range[0]) / 2 ** config.maxSteps) * (1 + 1e-9),
        maxSteps: config.maxSteps,
        target: config.badDebtTargetUsd,
      });
    }
    // found / all-meet: the frontier value; none-meet or inverted: no safe value found, keep the current one.
    const thresholdTarget = frontier?.value ?? state.liquidationThreshold;
    const analytic = analyticTarget(live, state, range);
    const map = cascadeMap(live.scenario, LIVE_MAP_OPTIONS, { baseDir: live.baseDir, asset: state.asset });
    const criticalShock = map.shocks.find((s) => s.critical)?.shock ?? null;
    // Depth-based cap: the debt whose liquidation (with the bonus) sold into the observed depth would move the price
    // by the design shock: 100·depth·s/(1 + bonus) (linear impact, docs/risk-oracle.md).
    const debtCap = (100 * state.depthUsdPer1Pct * analytic.designShock) / (1 + state.liquidationBonus);
    const breaker = 100 * (criticalShock ?? LIVE_MAP_OPTIONS.shocks[LIVE_MAP_OPTIONS.shocks.length - 1]);
    const propose = (name: RiskParameterName, current: number, value: number) => {
      const last = inputs.lastChanges[`${state.asset}/${name}`];
      const decision = applySteward(
        { name, asset: state.asset, current, target: value, lastChangeSeconds: last ?? null, nowSeconds },
        config.steward,
      );
      // An excluded asset is not searched: every parameter keeps its value and says why.
      const kept = excluded ? { published: current, limitedBy: 'excluded' as const } : decision;
      parameters.push({ protocol: state.protocol, asset: state.asset, name, current, target: value, ...kept });
    };
    propose('liquidationThreshold', state.liquidationThreshold, thresholdTarget);
    propose('debtCapUsd', state.debtCapUsd ?? state.debtUsd, debtCap);
    propose('circuitBreakerPct', state.circuitBreakerPct ?? breaker, breaker);
    evidence.push({
      protocol: state.protocol,
      criterion,
      paths: config.paths,
      seed: config.seed,
      frontier: frontier && {
        status: frontier.status,
        value: frontier.value,
        bracket: frontier.bracket,
        converged: frontier.converged,
        steps: frontier.steps,
        points: frontier.points,
        statement: frontier.statement,
      },
      analytic,
      criticalShock,
      debtCapRule: `100 · depth ${round(state.depthUsdPer1Pct)} USD/1% · design shock ${round(analytic.designShock)} / (1 + bonus ${state.liquidationBonus})`,
    });
  }
  return { scenarioSha256: live.sha256, parameters, evidence };
}

const round = (x: number) => Number(x.toPrecision(6));

/** The closed loop's analytic threshold policy on the ladder of the live book file (as read for the runs). */
function analyticTarget(live: LiveScenario, state: ProtocolInputs, range: [number, number]): PolicyTarget {
  const file = live.books.find((b) => b.protocol === state.protocol)?.file;
  const data = file === undefined ? undefined : (bookOf(file, state.protocol) as LendingBookData);
  const ladder = data ? liquidationLadder(data.collateral, data.debt, state.debtPrice) : liquidationLadder([], [], 1);
  return targetThreshold(
    ladder,
    {
      price: state.price,
      depthUsdPer1Pct: state.depthUsdPer1Pct,
      volatilityAnnual: state.volatilityAnnual,
      bonus: state.liquidationBonus,
    },
    range,
    riskOraclePolicySettings.parse({}),
  );
}

/**
 * The content hash of a payload (what replay compares).
 *
 * @example recommendationHash(payload); // 64 hex digits
 */
export function recommendationHash(payload: RecommendationPayload): string {
  return contentHash(payload);
}
