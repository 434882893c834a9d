import type { z } from 'zod';
import type { riskOracleSpec } from '../../scenario/schema-risk-oracle.js';
import { liquidationLadder, targetThreshold, type PolicyTarget } from './policy.js';
import { applySteward, type StewardLimit } from './steward.js';
import { oracleTriggers, type FiredTrigger, type OracleObservation } from './triggers.js';
import type { ThresholdScale } from './threshold-scale.js';

/** Parsed `protocols[].riskOracle` settings. */
export type RiskOracleSettings = z.output<typeof riskOracleSpec>;

/** What the in-simulation risk oracle observes of its protocol and market: only what it would see live. */
export interface RiskOracleView {
  /** Collateral asset (the steward's `excluded` list names assets). */
  readonly asset: string;
  /** The protocol's accounts (collateral and debt, live arrays). */
  readonly collateral: Float64Array;
  readonly debt: Float64Array;
  /** USD price of the debt asset. */
  readonly debtPrice: number;
  /** The protocol's set (base) liquidation threshold; the oracle publishes thresholds and applies them as a scale. */
  readonly setThreshold: number;
  /** Liquidation bonus used by the policy's solvency cap and impact. */
  readonly bonus: number;
  /** Depth the venues trading the collateral report now, USD per 1%. */
  depthUsdPer1Pct(): number;
}

/** One run of the oracle, kept for inspection (never part of the run's outputs). */
export interface RiskOracleDecision {
  block: number;
  /** 'schedule' or the fired triggers. */
  reason: 'schedule' | FiredTrigger[];
  target: PolicyTarget;
  current: number;
  published: number;
  limitedBy: StewardLimit;
  /** Block the published threshold takes effect (absent when nothing was published). */
  effectiveBlock?: number;
}

/**
 * A closed-loop risk oracle inside a run: at its first block, then every `everyBlocks` blocks, and on triggers in
 * between, it computes the
 * analytic target threshold (policy.ts) from the protocol's oracle price, its realised volatility, the observed
 * venue depth and the book, passes it through the steward (block time → seconds) and schedules the published
 * threshold to take effect `updateDelayBlocks` later; the protocol applies it as a scale of its set thresholds.
 *
 * @example
 * const oracle = new RiskOracleThreshold(settings, view);
 * if (oracle.update(block, volatility.annual(), price, timeSeconds)) protocol.reindex();
 */
export class RiskOracleThreshold implements ThresholdScale {
  scale = 1;
  changes = 0;
  readonly decisions: RiskOracleDecision[] = [];
  private published: number;
  private lastChangeSeconds: number | null = null;
  private reference: OracleObservation | null = null;
  private readonly pending: { block: number; threshold: number }[] = [];
  private readonly triggersOn: boolean;

  constructor(
    readonly settings: RiskOracleSettings,
    private readonly view: RiskOracleView,
  ) {
    this.published = view.setThreshold;
    const t = settings.triggers;
    this.triggersOn = Object.values(t).some((v) => v !== undefined);
  }

  /** Runs the oracle when due or triggered, then applies every published threshold whose delay has passed. */
  update(block: number, volatilityAnnual: number, price: number, timeSeconds: number): boolean {
    // Scheduled: at the first block it sees, then every everyBlocks blocks.
    const due = this.reference === null || block % this.settings.everyBlocks === 0;
    if (due || this.triggersOn) {
      const observation = this.observe(price, volatilityAnnual);
      const fired = due ? [] : oracleTriggers(this.reference, observation, this.settings.triggers);
      if (due || fired.length > 0) {
        this.decide(block, timeSeconds, observation, due ? 'schedule' : fired);
        this.reference = observation;
      }
    }
    let changed = false;
    while (this.pending.length > 0 && this.pending[0].block <= block) {
      const next = (this.pending.shift() as { threshold: number }).threshold / this.view.setThreshold;
      if (next !== this.scale) {
        this.scale = next;
        this.changes += 1;
        changed = true;
      }
    }
    return changed;
  }

  private observe(price: number, volatilityAnnual: number): OracleObservation {
    const { view } = this;
    let utilisation = 0;
    if (this.settings.triggers.utilisation !== undefined) {
      // Utilisation = Σ debt / Σ borrowing power at the threshold in force.
      let debt = 0;
      let power = 0;
      for (let i = 0; i < view.debt.length; i++) {
        debt += view.debt[i];
        power += view.collateral[i];
      }
      const threshold = view.setThreshold * this.scale;
      utilisation = power > 0 ? (debt * view.debtPrice) / (power * price * threshold) : 0;
    }
    return { price, depthUsd: view.depthUsdPer1Pct(), volatilityAnnual, utilisation };
  }

  private decide(
    block: number,
    nowSeconds: number,
    seen: OracleObservation,
    reason: RiskOracleDecision['reason'],
  ): void {
    const { view, settings } = this;
    const ladder = liquidationLadder(view.collateral, view.debt, view.debtPrice);
    const range = [settings.minScale * view.setThreshold, settings.maxScale * view.setThreshold] as const;
    const market = {
      price: seen.price,
      depthUsdPer1Pct: seen.depthUsd,
      volatilityAnnual: seen.volatilityAnnual,
      bonus: view.bonus,
    };
    const target = targetThreshold(ladder, market, range, settings.policy);
    const current = this.published;
    const request = {
      name: 'liquidationThreshold' as const,
      asset: view.asset,
      current,
      target: target.threshold,
      lastChangeSeconds: this.lastChangeSeconds,
      nowSeconds,
    };
    const { published, limitedBy } = applySteward(request, settings.steward);
    const decision: RiskOracleDecision = { block, reason, target, current, published, limitedBy };
    if (published !== current) {
      this.published = published;
      this.lastChangeSeconds = nowSeconds;
      decision.effectiveBlock = block + settings.updateDelayBlocks;
      this.pending.push({ block: decision.effectiveBlock, threshold: published });
    }
    this.decisions.push(decision);
  }
}
