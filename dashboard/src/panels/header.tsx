/**
 * The page header: connection status, sequence, oracle prices, gas, the protocol the panels show, and that
 * protocol's book totals (accounts, debt, unsafe accounts and debt).
 */
import type { BookSummary } from '../api.js';
import { count, price, usd } from '../format.js';
import type { Connection } from '../store.js';

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
};

/** Props of {@link Header}. */
export interface HeaderProps {
  connection: Connection;
  summary: BookSummary | null;
  protocol: string | null;
  error: string | null;
  onProtocol: (id: string) => void;
}

/**
 * The header bar.
 *
 * @example
 * <Header connection="live" summary={summary} protocol="lend" error={null} onProtocol={select} />
 */
export function Header({ connection, summary, protocol, error, onProtocol }: HeaderProps) {
  const selected = summary?.protocols.find((p) => p.id === protocol);
  return (
    <header class="top">
      <div class="top-row">
        <h1>Cascade live risk</h1>
        <span class={`status ${connection}`} data-testid="connection" title="server push (Server-Sent Events)">
          <span class="dot" aria-hidden="true" />
          {CONNECTION_TEXT[connection]}
        </span>
        <span class="stat">
          sequence <b data-testid="sequence">{summary === null ? '–' : count(summary.sequence)}</b>
        </span>
        {summary !== null &&
          Object.entries(summary.prices).map(([asset, value]) => (
            <span class="stat" key={asset}>
              {asset} <b data-testid={`price-${asset}`}>{price(value)}</b>
            </span>
          ))}
        {summary !== null && (
          <span class="stat">
            gas <b>{price(summary.gasGwei)}</b> gwei
          </span>
        )}
        {summary !== null && summary.protocols.length > 1 && (
          <label class="stat">
            protocol{' '}
            <select value={protocol ?? ''} onChange={(e) => onProtocol((e.target as HTMLSelectElement).value)}>
              {summary.protocols.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {selected !== undefined && (
        <div class="top-row book" data-testid="book">
          <span class="stat">
            <b>{selected.id}</b> {selected.collateral}/{selected.debt} · LT {price(selected.liquidationThreshold)} ·
            bonus {price(selected.liquidationBonus)}
          </span>
          <span class="stat">
            accounts <b data-testid="accounts">{count(selected.accounts)}</b>
          </span>
          <span class="stat">
            debt <b>{usd(selected.debtUsd)}</b> USD
          </span>
          <span class={selected.unsafeAccounts > 0 ? 'stat danger' : 'stat'}>
            unsafe <b data-testid="unsafe-accounts">{count(selected.unsafeAccounts)}</b> accounts ·{' '}
            <b data-testid="unsafe-debt">{usd(selected.unsafeDebtUsd)}</b> USD debt
          </span>
        </div>
      )}
      {error !== null && (
        <div class="top-row error" role="alert">
          {error}
        </div>
      )}
    </header>
  );
}
