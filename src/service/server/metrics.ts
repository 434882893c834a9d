// Prometheus metrics of the service (GET /metrics), on a registry of its own so several apps can share a process.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LiveBook } from '../book/live-book.js';
import type { EventHub } from '../events.js';

/** The service's metrics; the route handlers count into them. */
export interface ServiceMetrics {
  registry: Registry;
  accepted: Counter;
  rejected: Counter;
  ingestSeconds: Histogram;
  /** Live push clients by transport (set by the WebSocket and SSE routes). */
  clients: Gauge<'transport'>;
}

/**
 * Creates the registry: update counters, ingest latency, the book's accounts and unsafe accounts per protocol (read
 * at scrape time), push clients, and events published by kind (recommendations, alerts).
 *
 * @example
 * const metrics = serviceMetrics(book, hub);
 * const text = await metrics.registry.metrics(); // Prometheus text format
 */
export function serviceMetrics(book: LiveBook, hub: EventHub): ServiceMetrics {
  const registry = new Registry();
  const accepted = new Counter({
    name: 'cascade_updates_accepted_total',
    help: 'Updates accepted (durable and applied)',
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'cascade_updates_rejected_total',
    help: 'Ingest requests rejected (invalid, too large, or refused during shutdown)',
    registers: [registry],
  });
  const ingestSeconds = new Histogram({
    name: 'cascade_ingest_seconds',
    help: 'Time from a request reaching the ingest queue to its acknowledgement',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const clients = new Gauge({
    name: 'cascade_push_clients',
    help: 'Connected push clients by transport (ws, sse)',
    labelNames: ['transport'],
    registers: [registry],
  });
  clients.set({ transport: 'ws' }, 0);
  clients.set({ transport: 'sse' }, 0);
  new Gauge({
    name: 'cascade_book_sequence',
    help: 'Sequence number of the last applied update',
    registers: [registry],
    collect() {
      this.set(book.sequence);
    },
  });
  new Gauge({
    name: 'cascade_book_accounts',
    help: 'Open accounts in the live book, by lending protocol',
    labelNames: ['protocol'],
    registers: [registry],
    collect() {
      for (const p of book.summary().protocols) this.set({ protocol: p.id }, p.accounts);
    },
  });
  new Gauge({
    name: 'cascade_book_unsafe_accounts',
    help: 'Accounts with health factor below 1, by lending protocol',
    labelNames: ['protocol'],
    registers: [registry],
    collect() {
      for (const p of book.summary().protocols) this.set({ protocol: p.id }, p.unsafeAccounts);
    },
  });
  new Gauge({
    name: 'cascade_events_published',
    help: 'Events published since start, by kind (recommendation, alert, stress, state, answer)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      for (const [kind, count] of Object.entries(hub.published)) this.set({ kind }, count);
    },
  });
  return { registry, accepted, rejected, ingestSeconds, clients };
}
