// The service's in-process event bus: analysis modules publish, the WebSocket and SSE routes fan events out.

/** Kinds of event the service pushes to its clients. */
export type EventKind = 'alert' | 'recommendation' | 'stress' | 'state' | 'answer';

/** One published event. */
export interface ServiceEvent {
  kind: EventKind;
  data: unknown;
}

/** A subscriber: called synchronously for every event published after it subscribed. */
export type EventListener = (event: ServiceEvent) => void;

/**
 * Fan-out of service events to any number of subscribers. A subscriber that throws is dropped (its connection is
 * gone) and the others still receive the event.
 *
 * @example
 * const hub = new EventHub();
 * const stop = hub.subscribe((e) => console.log(e.kind));
 * hub.publish('alert', { message: 'unsafe debt over 1M' }); // logs "alert"
 * stop();
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  /** Events published since start, by kind (read by /metrics). */
  readonly published: Record<EventKind, number> = { alert: 0, recommendation: 0, stress: 0, state: 0, answer: 0 };

  /** Sends `data` as an event of `kind` to every subscriber. */
  publish(kind: EventKind, data: unknown): void {
    this.published[kind] += 1;
    for (const listener of [...this.listeners]) {
      try {
        listener({ kind, data });
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Subscribers now. */
  get size(): number {
    return this.listeners.size;
  }
}
