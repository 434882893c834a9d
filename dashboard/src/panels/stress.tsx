/**
 * The stress panel: start a Monte Carlo stress test on the live book with N paths, follow its progress, and show
 * the bad-debt statistics of the latest one as a chart and a table.
 */
import { useMemo, useState } from 'preact/hooks';
import type { StressStatus } from '../api.js';
import { Chart } from '../chart.js';
import { stressChart } from '../charts/stress.js';
import { count, num, percent, usd } from '../format.js';
import { Panel } from './panel.js';

/** Props of {@link StressPanel}. */
export interface StressPanelProps {
  stress: StressStatus | null;
  onStart: (paths: number, seed: number) => void;
}

/**
 * The stress panel.
 *
 * @example
 * <StressPanel stress={status} onStart={(paths, seed) => start(paths, seed)} />
 */
export function StressPanel({ stress, onStart }: StressPanelProps) {
  const [paths, setPaths] = useState(1000);
  const [seed, setSeed] = useState(1);
  const result = stress?.result;
  const option = useMemo(() => (result === undefined ? null : stressChart(result)), [result]);
  const running = stress?.status === 'running';
  const valid = Number.isInteger(paths) && paths >= 1 && Number.isInteger(seed);
  return (
    <Panel
      id="stress"
      title="Stress test"
      actions={
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) onStart(paths, seed);
          }}
        >
          <label>
            paths{' '}
            <input
              type="number"
              min={1}
              step={1}
              value={paths}
              data-testid="stress-paths"
              onInput={(e) => setPaths(Number((e.target as HTMLInputElement).value))}
            />
          </label>
          <label>
            seed{' '}
            <input
              type="number"
              step={1}
              value={seed}
              onInput={(e) => setSeed(Number((e.target as HTMLInputElement).value))}
            />
          </label>
          <button type="submit" disabled={running || !valid} data-testid="stress-start">
            {running ? 'running…' : 'run'}
          </button>
        </form>
      }
      note={
        stress === null ? (
          'Monte Carlo on the live book, run on the worker pool (ingest goes on meanwhile).'
        ) : (
          <>
            Test <code>{stress.id}</code>
            {stress.sequence !== undefined && ` at sequence ${count(stress.sequence)}`}:{' '}
            <span data-testid="stress-status">
              {stress.status} {count(stress.done)}/{count(stress.paths)} paths
            </span>
            {stress.error !== undefined && <span class="danger"> · {stress.error}</span>}
          </>
        )
      }
    >
      {running && <progress max={stress.paths} value={stress.done} />}
      {option === null ? (
        <p class="muted">{running ? 'running…' : 'No stress test yet.'}</p>
      ) : (
        <Chart name="stress" option={option} height={240} />
      )}
      {result !== undefined && (
        <table class="compact">
          <tbody>
            <tr>
              <th scope="row">bad debt (USD)</th>
              <td>
                mean {usd(result.badDebtUsd.mean)} (95% CI {usd(result.badDebtUsd.ci95[0])} –{' '}
                {usd(result.badDebtUsd.ci95[1])}) · p95 {usd(result.badDebtUsd.p95)} · p99 {usd(result.badDebtUsd.p99)}{' '}
                · CVaR 99% {usd(result.badDebtUsd.cvar99)}
              </td>
            </tr>
            <tr>
              <th scope="row">oracle move (%)</th>
              <td>
                mean {num(result.oracleMovePct.mean, 2)} · p99 {num(result.oracleMovePct.p99, 2)}
              </td>
            </tr>
            <tr>
              <th scope="row">amplification (×)</th>
              <td>
                mean {num(result.amplification.mean, 2)} · p99 {num(result.amplification.p99, 2)}
              </td>
            </tr>
            <tr>
              <th scope="row">liquidations</th>
              <td>mean {num(result.liquidations.mean, 1)}</td>
            </tr>
            {result.probabilityOfBadDebt !== undefined && (
              <tr>
                <th scope="row">P(bad debt)</th>
                <td>
                  {percent(result.probabilityOfBadDebt.value)} (95% CI {percent(result.probabilityOfBadDebt.ci95[0])} –{' '}
                  {percent(result.probabilityOfBadDebt.ci95[1])})
                  {result.failedPaths ? ` · ${count(result.failedPaths)} failed paths` : ''}
                </td>
              </tr>
            )}
            {stress?.distinctPaths !== undefined && stress.distinctPaths < stress.paths && (
              <tr class="warning" data-testid="stress-deterministic">
                <th scope="row">one distinct path</th>
                <td>
                  nothing in the live scenario is random (a fixed book and a scripted price path): the{' '}
                  {count(stress.paths)} paths are one run, so these figures are that run's, not a distribution
                </td>
              </tr>
            )}
            {Object.entries(stress?.sampling ?? {}).map(([protocol, s]) => (
              <tr class="warning" key={protocol} data-testid="stress-sampling">
                <th scope="row">merged book</th>
                <td>
                  {protocol}: {count(s.accounts)} accounts run as {count(s.groups)} groups of {count(s.perGroup)}; a
                  merged book understates bad debt (by 10–19% at 10 per group, docs/service.md)
                </td>
              </tr>
            ))}
            {result.outsideCalibration !== undefined && result.outsideCalibration.value > 0 && (
              <tr class="warning">
                <th scope="row">outside calibration</th>
                <td>
                  {percent(result.outsideCalibration.value)} of paths left the range the model is calibrated for: their
                  figures are extrapolations
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
