/**
 * Alerts as they arrive (newest first): unsafe debt over its threshold, a critical shock nearer than the configured
 * distance, a circuit breaker that would fire.
 */
import type { Alert } from '../api.js';
import { clock, num } from '../format.js';
import { Panel } from './panel.js';

/**
 * The alert list.
 *
 * @example
 * <AlertsPanel alerts={alerts} />
 */
export function AlertsPanel({ alerts }: { alerts: Alert[] }) {
  return (
    <Panel id="alerts" title="Alerts" note={`${alerts.length} received (newest first).`}>
      <ol class="alerts" data-testid="alerts">
        {alerts.length === 0 && <li class="muted">no alert</li>}
        {alerts.map((a, i) => (
          <li key={`${a.time}-${a.kind}-${i}`} class={`alert ${a.kind}`}>
            <span class="when">{clock(a.time)}</span>
            <span class="kind">{a.kind}</span>
            <span class="what">
              <b>{a.protocol}</b> {a.message}
              <span class="muted">
                {' '}
                (value {num(a.value, 4)}, threshold {num(a.threshold, 4)})
              </span>
            </span>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
