/**
 * Recommendation history (newest first) with a button to run the risk oracle now, and the details of the selected
 * recommendation: its parameters (current → target → published, and which steward limit held it back), trigger,
 * evidence and content hash.
 */
import { useMemo } from 'preact/hooks';
import type { Recommendation, RecommendedParameter } from '../api.js';
import { Chart } from '../chart.js';
import { frontierChart, type FrontierPoint } from '../charts/evidence.js';
import { count, dateTime, num, usd } from '../format.js';
import { Evidence } from './evidence.js';
import { Panel } from './panel.js';

/** Text of a recommendation's trigger (a name, or an object such as `{ kind, value }`). */
export function triggerText(trigger: Recommendation['trigger']): string {
  if (typeof trigger === 'string') return trigger;
  if (trigger === null || trigger === undefined) return '–';
  const kind = trigger.kind ?? trigger.type ?? trigger.name;
  return typeof kind === 'string' ? kind : JSON.stringify(trigger);
}

/** Parameters whose published value differs from the current one. */
export function changed(parameters: readonly RecommendedParameter[]): number {
  return parameters.filter((p) => p.published !== p.current).length;
}

/** Props of {@link RecommendationsPanel}. */
export interface RecommendationsPanelProps {
  recommendations: Recommendation[];
  selected: string | null;
  running: boolean;
  onSelect: (id: string) => void;
  onRun: () => void;
}

/**
 * The history table; a click (or Enter) on a row opens its details.
 *
 * @example
 * <RecommendationsPanel recommendations={list} selected={null} running={false} onSelect={open} onRun={run} />
 */
export function RecommendationsPanel({
  recommendations,
  selected,
  running,
  onSelect,
  onRun,
}: RecommendationsPanelProps) {
  return (
    <Panel
      id="recommendations"
      wide
      title="Recommendations"
      actions={
        <button type="button" onClick={onRun} disabled={running} data-testid="run-oracle">
          {running ? 'running the oracle…' : 'run the oracle now'}
        </button>
      }
      note="Parameters the risk oracle published under the steward's limits. Click a row for its evidence."
    >
      <div class="table-scroll tall">
        <table class="rows" data-testid="recommendations">
          <thead>
            <tr>
              <th scope="col">time (UTC)</th>
              <th scope="col">sequence</th>
              <th scope="col">trigger</th>
              <th scope="col">changed</th>
              <th scope="col">hash</th>
            </tr>
          </thead>
          <tbody>
            {recommendations.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">
                  no recommendation yet
                </td>
              </tr>
            )}
            {recommendations.map((r) => (
              <tr
                key={r.id}
                data-id={r.id}
                class={r.id === selected ? 'selected' : undefined}
                tabIndex={0}
                onClick={() => onSelect(r.id)}
                onKeyDown={(e) => e.key === 'Enter' && onSelect(r.id)}
              >
                <td>{dateTime(r.time)}</td>
                <td class="value">{count(r.sequence)}</td>
                <td>{triggerText(r.trigger)}</td>
                <td class="value">
                  {changed(r.parameters)}/{r.parameters.length}
                </td>
                <td class="mono">{r.hash.slice(0, 12)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

/** A frontier search found in the evidence of one protocol. */
interface FrontierEvidence {
  protocol: string;
  points: FrontierPoint[];
  statement?: string;
}

/** The frontier searches of a recommendation's evidence (an array of per-protocol evidence with `frontier.points`). */
export function frontierEvidence(evidence: unknown): FrontierEvidence[] {
  if (!Array.isArray(evidence)) return [];
  return evidence.flatMap((item) => {
    const frontier = (item as { frontier?: { points?: unknown; statement?: unknown } } | null)?.frontier;
    const points = frontier?.points;
    if (!Array.isArray(points) || points.length === 0) return [];
    const statement = typeof frontier?.statement === 'string' ? frontier.statement : undefined;
    return [
      {
        protocol: String((item as { protocol?: unknown }).protocol ?? ''),
        points: points as FrontierPoint[],
        statement,
      },
    ];
  });
}

function FrontierChart({ recommendation, evidence }: { recommendation: Recommendation; evidence: FrontierEvidence }) {
  const option = useMemo(() => {
    const threshold = recommendation.parameters.find(
      (p) => p.protocol === evidence.protocol && p.name === 'liquidationThreshold',
    );
    const config = (recommendation.inputs as { config?: { badDebtTargetUsd?: unknown } } | undefined)?.config;
    const target = typeof config?.badDebtTargetUsd === 'number' ? config.badDebtTargetUsd : undefined;
    return frontierChart(
      evidence.points,
      { target, current: threshold?.current, published: threshold?.published },
      'liquidation threshold',
    );
  }, [recommendation, evidence]);
  return (
    <>
      <h3>Frontier search, {evidence.protocol}</h3>
      {evidence.statement !== undefined && <p class="note">{evidence.statement}</p>}
      <Chart name={`evidence-${evidence.protocol}`} option={option} height={260} />
    </>
  );
}

/** The parts of a recommendation's stored inputs worth reading on screen (the scenario text stays out). */
export function inputsSummary(inputs: unknown): unknown {
  if (typeof inputs !== 'object' || inputs === null) return inputs;
  const { protocols, config, scenarioSha256, scenarioFile, lastChanges } = inputs as Record<string, unknown>;
  const steward = (config as { steward?: unknown } | undefined)?.steward;
  return { scenarioFile, scenarioSha256, protocols, steward, lastChanges };
}

/**
 * A parameter's value in its unit: USD amounts with 2 decimals, percentages with 2, fractions with 4.
 *
 * @example
 * parameterValue('debtCapUsd', 5671828.9421); // '5,671,828.94'
 * parameterValue('liquidationThreshold', 0.86625); // '0.8663'
 */
export function parameterValue(name: string, value: number): string {
  if (name.endsWith('Usd')) return usd(value);
  if (name.endsWith('Pct')) return num(value, 2);
  return num(value, 4);
}

const LIMIT_TEXT: Record<string, string> = {
  maxChange: 'max change per update',
  minInterval: 'min time between updates',
  bounds: 'bounds',
  excluded: 'excluded asset',
};

/**
 * Details of the selected recommendation (`detail` once fetched, else the row's summary).
 *
 * @example
 * <DetailsPanel recommendation={detail} />
 */
export function DetailsPanel({ recommendation }: { recommendation: Recommendation | null }) {
  return (
    <Panel id="details" title="Recommendation details" wide>
      {recommendation === null ? (
        <p class="muted">Select a recommendation in the table.</p>
      ) : (
        <div data-testid="details">
          <p>
            <code data-testid="details-id">{recommendation.id}</code> · {dateTime(recommendation.time)} UTC · sequence{' '}
            {count(recommendation.sequence)} · trigger {triggerText(recommendation.trigger)}
          </p>
          <p class="hash">
            sha256 <code data-testid="details-hash">{recommendation.hash}</code>
          </p>
          <div class="details-grid">
            <div>
              <div class="table-scroll">
                <table class="compact" data-testid="details-parameters">
                  <thead>
                    <tr>
                      <th scope="col">protocol</th>
                      <th scope="col">asset</th>
                      <th scope="col">parameter</th>
                      <th scope="col">current</th>
                      <th scope="col">target</th>
                      <th scope="col">published</th>
                      <th scope="col">limited by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {recommendation.parameters.map((p) => (
                      <tr key={`${p.protocol}/${p.name}`}>
                        <td>{p.protocol}</td>
                        <td>{p.asset}</td>
                        <td>{p.name}</td>
                        <td class="value">{parameterValue(p.name, p.current)}</td>
                        <td class="value">{parameterValue(p.name, p.target)}</td>
                        <td class={p.published !== p.current ? 'value changed' : 'value'}>
                          {parameterValue(p.name, p.published)}
                        </td>
                        <td>{p.limitedBy === null ? '–' : (LIMIT_TEXT[p.limitedBy] ?? p.limitedBy)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {frontierEvidence(recommendation.evidence).map((e) => (
                <FrontierChart key={e.protocol} recommendation={recommendation} evidence={e} />
              ))}
            </div>
            <div>
              <h3>Evidence</h3>
              <Evidence value={recommendation.evidence} />
              {recommendation.inputs !== undefined && (
                <>
                  <h3>Inputs</h3>
                  <Evidence value={inputsSummary(recommendation.inputs)} />
                </>
              )}
            </div>
          </div>
        </div>
      )}
    </Panel>
  );
}
