/**
 * Generic view of a recommendation's evidence (whatever the oracle stored): scalars as a key/value list, arrays of
 * flat objects as tables (the evidence points), nested objects as nested lists. Long arrays show their first rows.
 */
import { num } from '../format.js';

/** Rows of an array shown before "… n more". */
export const MAX_EVIDENCE_ROWS = 40;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return `[${value.map(scalar).join(', ')}]`;
  if (typeof value === 'number') return num(value, 6);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Scalars and short arrays of scalars (an interval) fit in one table cell. */
const isScalar = (value: unknown): boolean =>
  Array.isArray(value) ? value.length <= 4 && value.every((v) => !isRecord(v) && !Array.isArray(v)) : !isRecord(value);

function ArrayTable({ rows }: { rows: unknown[] }) {
  if (!rows.every(isRecord)) {
    return <span class="mono">{rows.slice(0, MAX_EVIDENCE_ROWS).map(scalar).join(', ')}</span>;
  }
  // Records holding nested values read better one below the other than as table cells.
  if (!rows.every((r) => Object.values(r).every(isScalar))) {
    return (
      <ol class="evidence-items">
        {rows.slice(0, MAX_EVIDENCE_ROWS).map((r, i) => (
          <li key={i}>
            <Evidence value={r} />
          </li>
        ))}
      </ol>
    );
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
                  {scalar(r[c])}
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
  if (Array.isArray(value) && !isScalar(value)) return <ArrayTable rows={value} />;
  if (!isRecord(value) || Object.keys(value).length === 0) {
    return <span class="mono">{isRecord(value) ? '–' : scalar(value)}</span>;
  }
  return (
    <dl class="evidence">
      {Object.entries(value).map(([key, v]) => (
        <div key={key} class={isScalar(v) || (isRecord(v) && Object.keys(v).length === 0) ? 'pair' : 'nested'}>
          <dt>{key}</dt>
          <dd>
            <Evidence value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
