// Alerts on the live book: unsafe debt over a threshold, the cascade map's critical shock nearer than X%, a live
// price move that would trip the scenario's circuit breaker. Each fires when its condition starts to hold (a
// crossing), not on every request, and is published on the event hub.
import type { AlertsConfig } from './config-schema.js';
import type { EventSink } from './context.js';
import type { LiveBookView } from './live-state.js';

/** Kinds of alert. */
export type AlertKind = 'unsafe-debt' | 'critical-shock-near' | 'circuit-breaker';

/** One alert (GET /v1/alerts). */
export interface Alert {
  /** ms since the epoch. */
  time: number;
  kind: AlertKind;
  protocol: string;
  message: string;
  value: number;
  threshold: number;
}

/** Alerts kept for {@link AlertWatcher.recent}. */
export const KEPT_ALERTS = 1000;

/** The part of a cascade map answer the watcher reads. */
export interface MapReference {
  protocol: string;
  /** Price the map started from and its smallest critical shock (fraction; null: none). */
  price: number;
  criticalShock: number | null;
}

const pct = (x: number) => `${Number(x.toPrecision(4))}%`;
const usd = (x: number) => `${Math.round(x).toLocaleString('en-US')} USD`;

/**
 * Watches the live book for alert conditions.
 *
 * @example
 * const alerts = new AlertWatcher(alertsConfig.parse({}), hub);
 * alerts.check(book); // after each applied request
 * alerts.recent(10);
 */
export class AlertWatcher {
  private readonly kept: Alert[] = [];
  /** Conditions holding at the last check, by `kind/protocol`. */
  private readonly holding = new Set<string>();
  private readonly maps = new Map<string, MapReference>();
  /** Recent live prices per asset (for the circuit breaker's window). */
  private readonly prices = new Map<string, { time: number; price: number }[]>();

  constructor(
    private readonly config: AlertsConfig,
    private readonly hub: EventSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes the latest cascade map of a protocol as the reference of the critical-shock alert. */
  noteMap(map: MapReference): void {
    this.maps.set(map.protocol, map);
  }

  /** Checks every lending protocol of `book`; publishes and keeps the alerts whose condition has just started. */
  check(book: LiveBookView): Alert[] {
    const time = this.now();
    const fired: Alert[] = [];
    const seen = new Set<string>();
    const raise = (
      kind: AlertKind,
      protocol: string,
      holds: boolean,
      alert: () => Omit<Alert, 'time' | 'kind' | 'protocol'>,
    ) => {
      const key = `${kind}/${protocol}`;
      if (!holds) return;
      seen.add(key);
      if (!this.holding.has(key)) fired.push({ time, kind, protocol, ...alert() });
    };
    for (const p of book.summary().protocols) {
      raise('unsafe-debt', p.id, p.unsafeDebtUsd > this.config.unsafeDebtUsd, () => ({
        message: `${p.id}: unsafe debt ${usd(p.unsafeDebtUsd)} (${p.unsafeAccounts} accounts) is over ${usd(this.config.unsafeDebtUsd)}`,
        value: p.unsafeDebtUsd,
        threshold: this.config.unsafeDebtUsd,
      }));
      const map = this.maps.get(p.id);
      if (map && map.criticalShock !== null && p.price > 0) {
        // The critical price stays where the map put it; the live price may have moved toward it since.
        const criticalPrice = map.price * (1 - map.criticalShock);
        const distancePct = ((p.price - criticalPrice) / p.price) * 100;
        raise('critical-shock-near', p.id, distancePct < this.config.criticalShockWithinPct, () => ({
          message: `${p.id}: a fall of ${pct(distancePct)} to ${criticalPrice.toPrecision(6)} reaches the critical shock of the cascade map (within ${pct(this.config.criticalShockWithinPct)})`,
          value: distancePct,
          threshold: this.config.criticalShockWithinPct,
        }));
      }
      const spec = book.scenario.protocols.find((s) => s.id === p.id);
      const breaker = spec?.type === 'lending' ? spec.circuitBreakers : undefined;
      const limitPct = breaker?.pauseOnOracleMovePct;
      if (this.config.circuitBreaker && breaker && limitPct !== undefined) {
        const windowMs = breaker.windowBlocks * book.scenario.chain.blockTimeSeconds * 1000;
        const move = this.windowMovePct(p.collateral, time, p.price, windowMs);
        raise('circuit-breaker', p.id, move > limitPct, () => ({
          message: `${p.id}: ${p.collateral} moved ${pct(move)} within ${breaker.windowBlocks} blocks; the circuit breaker pauses liquidations above ${pct(limitPct)}`,
          value: move,
          threshold: limitPct,
        }));
      }
    }
    this.holding.clear();
    for (const key of seen) this.holding.add(key);
    for (const alert of fired) {
      this.kept.push(alert);
      this.hub.publish('alert', alert);
    }
    if (this.kept.length > KEPT_ALERTS) this.kept.splice(0, this.kept.length - KEPT_ALERTS);
    return fired;
  }

  /** Largest |price / p − 1| over the prices seen within the window, %, after adding the live one. */
  private windowMovePct(asset: string, time: number, price: number, windowMs: number): number {
    let samples = this.prices.get(asset);
    if (!samples) this.prices.set(asset, (samples = []));
    samples.push({ time, price });
    while (samples.length > 0 && samples[0].time < time - windowMs) samples.shift();
    let move = 0;
    for (const s of samples) move = Math.max(move, Math.abs(price / s.price - 1) * 100);
    return move;
  }

  /** The latest `limit` alerts, newest first. */
  recent(limit = 100): Alert[] {
    return this.kept.slice(-Math.max(0, limit)).reverse();
  }
}
