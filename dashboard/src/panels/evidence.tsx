/**
 * Generic view of a recommendation's evidence (whatever the oracle stored): scalars as a key/value list, arrays of
 * objects as tables (the evidence points), nested objects as nested lists. Long arrays show their first rows.
 */
import { num } from '../format.js';

/** Rows of an array shown before "… n more". */
export const MAX_EVIDENCE_ROWS = 40;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return num(value, 6);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function ArrayTable({ rows }: { rows: unknown[] }) {
  if (!rows.every(isRecord)) {
    return <span class="mono">{rows.slice(0, MAX_EVIDENCE_ROWS).map(scalar).join(', ')}</span>;
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div class="table-scroll">
      <table class="compact">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_EVIDENCE_ROWS).map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} class={typeof r[c] === 'number' ? 'value' : undefined}>
                  {isRecord(r[c]) || Array.isArray(r[c]) ? JSON.stringify(r[c]) : scalar(r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > MAX_EVIDENCE_ROWS && <p class="note">… {rows.length - MAX_EVIDENCE_ROWS} more</p>}
    </div>
  );
}

/**
 * The evidence tree.
 *
 * @example
 * <Evidence value={{ paths: 200, points: [{ threshold: 0.8, p99: 1200 }] }} />
 */
export function Evidence({ value }: { value: unknown }) {
  if (Array.isArray(value)) return <ArrayTable rows={value} />;
  if (!isRecord(value)) return <span class="mono">{scalar(value)}</span>;
  return (
    <dl class="evidence">
      {Object.entries(value).map(([key, v]) => (
        <div key={key} class={isRecord(v) || Array.isArray(v) ? 'nested' : 'pair'}>
          <dt>{key}</dt>
          <dd>
            <Evidence value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
