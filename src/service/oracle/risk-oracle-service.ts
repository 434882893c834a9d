// The live risk oracle: on a schedule and on triggers, at most one run at a time, it computes a recommendation for
// every lending protocol on the live state (recommend.ts), stores it with its inputs and content hash, publishes it,
// and applies the published thresholds to the live book only when the config says so.
import { oracleTriggers, scheduleDue, type FiredTrigger } from '../../liquidation/risk-oracle/triggers.js';
import type { OracleObservation } from '../../liquidation/risk-oracle/triggers.js';
import type { StoredAnswer } from '../../store/service-history.js';
import type { OracleConfig } from './config-schema.js';
import { LiveScenarios, type OracleContext } from './context.js';
import { depthUsdPer1Pct, observeMarket, VolatilityTracker } from './live-market.js';
import { IN_PROCESS } from './oracle-pool.js';
import {
  recommendationHash,
  type ProtocolInputs,
  type RecommendationInputs,
  type RecommendationPayload,
} from './recommend.js';

/** A stored recommendation as the API lists it. */
export interface RecommendationView {
  id: string;
  time: number;
  sequence: number;
  hash: string;
  trigger: unknown;
  parameters: RecommendationPayload['parameters'];
  evidence: RecommendationPayload['evidence'];
  inputs?: RecommendationInputs;
}

/** The state of the latest run. */
export interface OracleRunStatus {
  id: string;
  status: 'running' | 'done' | 'failed';
  trigger: unknown;
  error?: string;
}

function view(stored: StoredAnswer, withInputs: boolean): RecommendationView {
  const payload = stored.payload as RecommendationPayload;
  const inputs = stored.inputs as RecommendationInputs;
  return {
    id: stored.id,
    time: stored.time,
    sequence: stored.sequence,
    hash: stored.hash,
    trigger: inputs?.trigger ?? null,
    parameters: payload.parameters,
    evidence: payload.evidence,
    ...(withInputs ? { inputs } : {}),
  };
}

/**
 * The risk oracle of a live book.
 *
 * @example
 * const oracle = new RiskOracleService(context, oracleConfig.parse({ paths: 50 }));
 * await oracle.restore(); oracle.start(); // schedule + triggers
 * const id = oracle.run('manual'); await oracle.wait(id);
 * await oracle.close();
 */
export class RiskOracleService {
  private timer: NodeJS.Timeout | undefined;
  private current: { status: OracleRunStatus; done: Promise<void> } | undefined;
  private readonly runs = new Map<string, OracleRunStatus>();
  private readonly volatility = new Map<string, VolatilityTracker>();
  /** The observation each protocol's last run saw (trigger reference). */
  private lastObservation = new Map<string, OracleObservation>();
  private lastRunSeconds: number | null = null;
  /** Last published change per `asset/name`, seconds since the epoch, and the values in force. */
  private readonly lastChanges: Record<string, number> = {};
  private readonly inForce: Record<string, number> = {};
  private readonly abort = new AbortController();

  constructor(
    private readonly context: OracleContext,
    private readonly config: OracleConfig,
  ) {}

  private nowMs(): number {
    return (this.context.now ?? Date.now)();
  }

  /** Reads the steward state (last change times, values in force) from the latest stored recommendation. */
  async restore(): Promise<void> {
    const [latest] = await this.context.history.recommendations(1);
    if (!latest) return;
    const inputs = latest.inputs as RecommendationInputs;
    Object.assign(this.lastChanges, inputs.lastChanges);
    for (const p of (latest.payload as RecommendationPayload).parameters) {
      const key = `${p.asset}/${p.name}`;
      this.inForce[key] = p.published;
      if (p.published !== p.current) this.lastChanges[key] = inputs.time / 1000;
    }
    this.lastRunSeconds = inputs.time / 1000;
  }

  /** Starts checking the schedule and the triggers every `checkMs` milliseconds (the timer does not hold the process
   * open). */
  start(checkMs = 1000): void {
    this.timer ??= setInterval(() => this.tick(), checkMs);
    this.timer.unref();
  }

  /**
   * One check: samples the live prices (volatility), then starts a run when {@link RiskOracleService.due} says so and
   * no run is under way. Returns the id of the run started, if any.
   *
   * @example oracle.tick(); // called by the timer
   */
  tick(): string | undefined {
    const trigger = this.due();
    return trigger === null ? undefined : this.run(trigger);
  }

  /**
   * Samples the live prices (volatility) and says why a run is due now: `{ triggers }` when a trigger fired against
   * the observation of the last run, 'schedule' when the schedule is due, null when neither (or a run is under way).
   *
   * @example oracle.due(); // e.g. { triggers: [{ kind: 'priceMove', value: 6, threshold: 5, protocol: 'lend' }] }
   */
  due(): { triggers: (FiredTrigger & { protocol: string })[] } | 'schedule' | null {
    const nowSeconds = this.nowMs() / 1000;
    for (const p of this.context.book.summary().protocols) {
      let tracker = this.volatility.get(p.collateral);
      if (!tracker) this.volatility.set(p.collateral, (tracker = new VolatilityTracker()));
      tracker.observe(nowSeconds, p.price);
    }
    if (this.current?.status.status === 'running') return null;
    const observations = observeMarket(this.context.book, this.volatility);
    const fired: (FiredTrigger & { protocol: string })[] = [];
    for (const [protocol, observation] of observations) {
      const previous = this.lastObservation.get(protocol) ?? null;
      for (const f of oracleTriggers(previous, observation, this.config.triggers)) fired.push({ ...f, protocol });
    }
    if (fired.length > 0) return { triggers: fired };
    if (scheduleDue(this.lastRunSeconds, nowSeconds, this.config.everySeconds)) return 'schedule';
    return null;
  }

  /**
   * Starts a run now (unless one is under way: its id is returned). The id is the recommendation's history id.
   *
   * @example const id = oracle.run('manual');
   */
  run(trigger: unknown = 'manual'): string {
    if (this.current?.status.status === 'running') return this.current.status.id;
    const id = this.context.history.reserveId('recommendation');
    const status: OracleRunStatus = { id, status: 'running', trigger };
    this.runs.set(id, status);
    const done = this.execute(status).catch((error: unknown) => {
      status.status = 'failed';
      status.error = error instanceof Error ? error.message : String(error);
    });
    this.current = { status, done };
    return id;
  }

  /** Waits for run `id` (or the current run) and returns its status. */
  async wait(id?: string): Promise<OracleRunStatus | undefined> {
    if (this.current && (id === undefined || this.current.status.id === id)) await this.current.done;
    return id === undefined ? this.current?.status : this.runs.get(id);
  }

  /** The inputs of a run on the live book now. */
  private inputsNow(trigger: unknown, live: Awaited<ReturnType<typeof LiveScenarios.of>>): RecommendationInputs {
    const { book } = this.context;
    const summary = book.summary();
    const observations = observeMarket(book, this.volatility);
    const protocols: ProtocolInputs[] = [];
    for (const p of summary.protocols) {
      const spec = book.scenario.protocols.find((s) => s.id === p.id);
      if (spec?.type !== 'lending') continue;
      const breaker = spec.circuitBreakers?.pauseOnOracleMovePct;
      protocols.push({
        protocol: p.id,
        asset: p.collateral,
        price: p.price,
        debtPrice: summary.prices[p.debt] ?? 1,
        liquidationThreshold: p.liquidationThreshold,
        liquidationBonus: p.liquidationBonus,
        debtUsd: p.debtUsd,
        debtCapUsd: this.inForce[`${p.collateral}/debtCapUsd`] ?? null,
        depthUsdPer1Pct: depthUsdPer1Pct(book, p.collateral),
        volatilityAnnual: observations.get(p.id)?.volatilityAnnual ?? 0,
        circuitBreakerPct: this.inForce[`${p.collateral}/circuitBreakerPct`] ?? breaker ?? null,
      });
    }
    return {
      time: this.nowMs(),
      sequence: live.sequence,
      trigger,
      scenarioSha256: live.sha256,
      scenarioJson: live.json,
      scenarioYaml: live.yaml,
      scenarioFile: live.scenarioFile,
      baseDir: live.baseDir,
      books: live.books.map((b) => ({ ...b })),
      config: this.config,
      protocols,
      lastChanges: { ...this.lastChanges },
    };
  }

  private async execute(status: OracleRunStatus): Promise<void> {
    const live = await LiveScenarios.of(this.context);
    const inputs = this.inputsNow(status.trigger, live);
    this.lastRunSeconds = inputs.time / 1000;
    this.lastObservation = observeMarket(this.context.book, this.volatility);
    const payload = await (this.context.runner ?? IN_PROCESS).recommend(live, inputs, this.abort.signal);
    const stored = await this.context.history.record({
      id: status.id,
      kind: 'recommendation',
      time: inputs.time,
      sequence: inputs.sequence,
      payload,
      summary: {
        trigger: inputs.trigger,
        parameters: payload.parameters.map((p) => ({ protocol: p.protocol, name: p.name, published: p.published })),
      },
      inputs,
    });
    for (const p of payload.parameters) {
      const key = `${p.asset}/${p.name}`;
      if (p.published !== p.current) this.lastChanges[key] = inputs.time / 1000;
      this.inForce[key] = p.published;
    }
    if (this.config.apply) {
      for (const p of payload.parameters)
        if (p.name === 'liquidationThreshold' && p.published !== p.current)
          this.context.book.setThreshold(p.protocol, p.published);
    }
    status.status = 'done';
    this.context.hub.publish('recommendation', {
      id: stored.id,
      time: inputs.time,
      sequence: inputs.sequence,
      hash: recommendationHash(payload),
      trigger: inputs.trigger,
      parameters: payload.parameters,
      applied: this.config.apply,
    });
  }

  /** The latest recommendations, newest first (without inputs). */
  async list(limit = 20): Promise<RecommendationView[]> {
    return (await this.context.history.recommendations(limit)).map((r) => view(r, false));
  }

  /** Recommendation `id` with its inputs; null when there is none. */
  async get(id: string): Promise<RecommendationView | null> {
    const stored = await this.context.history.get(id);
    return stored && stored.kind === 'recommendation' ? view(stored, true) : null;
  }

  /** Stops the timer and the run under way (its batches stop sending paths). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.current?.done;
  }
}
