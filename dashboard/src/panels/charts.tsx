/**
 * The chart panels: book health, liquidation density over time, and the cascade map at the live state.
 */
import { useMemo } from 'preact/hooks';
import type { CascadeMap, HealthDistribution, ProtocolSummary } from '../api.js';
import { Chart } from '../chart.js';
import { cascadeChart } from '../charts/cascade.js';
import { densityChart, type DensitySnapshot } from '../charts/density.js';
import { healthChart } from '../charts/health.js';
import { count, percent, price, usd } from '../format.js';
import { Panel } from './panel.js';

/**
 * Accounts and debt by health factor.
 *
 * @example
 * <HealthPanel health={distribution} />
 */
export function HealthPanel({ health }: { health: HealthDistribution | null }) {
  const option = useMemo(() => (health === null ? null : healthChart(health)), [health]);
  return (
    <Panel
      id="health"
      title="Book health"
      note="Accounts and debt by health factor; below 1 an account can be liquidated. Click a legend entry to hide it."
    >
      <Chart name="health" option={option} />
    </Panel>
  );
}

/**
 * Liquidation-density heatmap, one column per refresh of the book.
 *
 * @example
 * <DensityPanel snapshots={snapshots} protocol={summary.protocols[0]} />
 */
export function DensityPanel({
  snapshots,
  protocol,
}: {
  snapshots: DensitySnapshot[];
  protocol: ProtocolSummary | undefined;
}) {
  const asset = protocol?.collateral ?? 'collateral';
  const option = useMemo(() => (snapshots.length === 0 ? null : densityChart(snapshots, asset)), [snapshots, asset]);
  const latest = snapshots[snapshots.length - 1];
  return (
    <Panel
      id="density"
      title="Liquidation density by price"
      wide
      note={
        <>
          Debt whose liquidation price lies in each band, refreshed on every book change (darker = more debt).
          {latest !== undefined && (
            <>
              {' '}
              Now: price <b>{price(latest.price)}</b>, already unsafe{' '}
              <b data-testid="density-unsafe">{usd(latest.unsafeDebtUsd)}</b> USD, {count(snapshots.length)} refreshes
              kept. Drag the slider or scroll to zoom.
            </>
          )}
        </>
      }
    >
      <Chart name="density" option={option} height={380} />
    </Panel>
  );
}

/** Props of {@link CascadePanel}. */
export interface CascadePanelProps {
  map: CascadeMap | null;
  loading: boolean;
  /** Whether the map follows the live price by itself. */
  auto: boolean;
  onAuto: (auto: boolean) => void;
  onRefresh: () => void;
}

/**
 * The cascade map at the live state, recomputed on demand and (when `auto`) after the price moves.
 *
 * @example
 * <CascadePanel map={map} loading={false} auto onAuto={setAuto} onRefresh={refresh} />
 */
export function CascadePanel({ map, loading, auto, onAuto, onRefresh }: CascadePanelProps) {
  const option = useMemo(() => (map === null ? null : cascadeChart(map)), [map]);
  return (
    <Panel
      id="cascade"
      title="Cascade map"
      actions={
        <>
          <label title="recompute after a 1% price move, at most every 15 s">
            <input type="checkbox" checked={auto} onChange={(e) => onAuto((e.target as HTMLInputElement).checked)} />{' '}
            follow the price
          </label>
          <button type="button" onClick={onRefresh} disabled={loading}>
            {loading ? 'computing…' : 'recompute'}
          </button>
        </>
      }
      note={
        map === null ? (
          'How far the oracle price would fall for each initial shock, once liquidations have sold into the venues.'
        ) : (
          <>
            Multiplier = total move ÷ shock, at price {price(map.price)}. First liquidation at{' '}
            <b>{price(map.firstLiquidationPrice)}</b>; critical shock{' '}
            <b data-testid="critical-shock">{map.criticalShock === null ? 'none' : percent(map.criticalShock)}</b>.
          </>
        )
      }
    >
      <Chart name="cascade" option={option} empty={loading ? 'computing the cascade map…' : 'no map yet'} />
    </Panel>
  );
}
