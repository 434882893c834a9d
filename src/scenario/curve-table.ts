/**
 * A curve venue's price-impact table: rows of (side, size, impact in basis points), read from a CSV file or from the
 * scenario's inline rows, checked row by row and normalised to cumulative value at each size (see
 * `market/venues/curve-math.ts`):
 * - `average` impact a at size s: selling s fetches s·(1 − a), buying s costs s·(1 + a) (in reference value);
 * - `marginal` impact m on a row: the size between the previous row and this one fills at 1 ∓ m (an order-book walk:
 *   level price, cumulative size), so the value at s_i is Σ (s_j − s_{j−1})·(1 ∓ m_j).
 * The table must give a marginal price that never improves with size: sales fetch less, purchases cost more, per unit,
 * the further they go. A row that breaks this is named with the two slopes it implies.
 */

/** One side of a normalised table: sizes strictly increasing and the cumulative value at each. */
export interface CurveTableSide {
  sizes: number[];
  values: number[];
}

/** A checked table: both sides normalised, and the size unit the file's header named (when it did). */
export interface CurveTable {
  sells: CurveTableSide;
  buys: CurveTableSide;
  sizeUnit?: 'usd' | 'base';
}

/** A row as read, before the checks: side, size and impact (bps), and where it came from. */
export interface CurveRow<Ref> {
  side: 'sell' | 'buy';
  size: number;
  impactBps: number;
  /** Where the row is, for the problem: a CSV line or an inline row's index. */
  ref: Ref;
}

/** Reports a problem with row `ref`'s `field` ('size' or 'impact'). */
export type CurveRowReport<Ref> = (ref: Ref, field: 'size' | 'impact' | null, message: string) => void;

/** Basis points in one unit. */
const BPS = 10_000;

/** Relative slack when comparing two slopes: float64 rounding of s·(1 − a) must not reject a straight table. */
const SLOPE_TOLERANCE = 1e-12;

/**
 * Checks the rows of one table and returns it normalised, or undefined when any row has a problem (each reported).
 * Rows of each side must have strictly increasing sizes; sale impacts lie in [0, 10000) bps, purchase impacts ≥ 0.
 *
 * @example
 * const table = checkCurveRows([{ side: 'sell', size: 100, impactBps: 100, ref: 2 }], 'average', report);
 */
export function checkCurveRows<Ref>(
  rows: readonly CurveRow<Ref>[],
  impact: 'average' | 'marginal',
  report: CurveRowReport<Ref>,
  whole: (message: string) => void,
  extrapolates = false,
): CurveTable | undefined {
  let ok = true;
  const bad: CurveRowReport<Ref> = (ref, field, message) => {
    ok = false;
    report(ref, field, message);
  };
  const sides = { sell: checkSide(rows, 'sell', impact, bad), buy: checkSide(rows, 'buy', impact, bad) };
  for (const side of ['sell', 'buy'] as const) {
    if (!rows.some((r) => r.side === side)) {
      ok = false;
      whole(`the table has no ${side} rows; it needs at least one for sales and one for purchases`);
    }
    const values = sides[side].values;
    const sizes = sides[side].sizes;
    const n = values.length;
    // An extrapolated law is fitted to the last row's average impact: with none, the tail would never move the price.
    if (extrapolates && n > 0 && values[n - 1] === sizes[n - 1]) {
      ok = false;
      whole(
        `the last ${side} row has zero impact: beyond: extrapolate-… needs an impact to extrapolate (or use refuse)`,
      );
    }
  }
  return ok ? { sells: sides.sell, buys: sides.buy } : undefined;
}

/** The rows of one side, checked and turned into cumulative values (proceeds for sales, costs for purchases). */
function checkSide<Ref>(
  all: readonly CurveRow<Ref>[],
  side: 'sell' | 'buy',
  impact: 'average' | 'marginal',
  report: CurveRowReport<Ref>,
): CurveTableSide {
  const sign = side === 'sell' ? -1 : 1;
  const sizes: number[] = [];
  const values: number[] = [];
  let slopeBefore = side === 'sell' ? Infinity : 0;
  let prev: { size: number; value: number; impactBps: number } = { size: 0, value: 0, impactBps: 0 };
  for (const row of all) {
    if (row.side !== side) continue;
    if (!(row.size > 0 && Number.isFinite(row.size))) {
      report(row.ref, 'size', `expected a positive size, got ${row.size}`);
      continue;
    }
    const maxBps = side === 'sell' ? 'below 10000 (a positive sale price)' : 'finite';
    if (!(row.impactBps >= 0) || (side === 'sell' ? !(row.impactBps < BPS) : !Number.isFinite(row.impactBps))) {
      report(row.ref, 'impact', `expected an impact ≥ 0 bps and ${maxBps}, got ${row.impactBps}`);
      continue;
    }
    if (!(row.size > prev.size)) {
      report(row.ref, 'size', `${side} sizes must increase row by row: ${row.size} is not above ${prev.size}`);
      continue;
    }
    if (impact === 'marginal' && row.impactBps < prev.impactBps) {
      report(
        row.ref,
        'impact',
        `marginal ${side} impact must not fall as size grows: ${row.impactBps} bps after ${prev.impactBps} bps`,
      );
      continue;
    }
    const factor = 1 + (sign * row.impactBps) / BPS;
    // Average impact: value = s·(1 ∓ a); marginal (a walk of levels): the step since the last row fills at 1 ∓ m.
    const value = impact === 'average' ? row.size * factor : prev.value + (row.size - prev.size) * factor;
    const slope = (value - prev.value) / (row.size - prev.size);
    const worse =
      side === 'sell' ? slope > slopeBefore * (1 + SLOPE_TOLERANCE) : slope < slopeBefore * (1 - SLOPE_TOLERANCE);
    if (!(slope > 0) || worse) {
      report(
        row.ref,
        'impact',
        !(slope > 0)
          ? `not monotone: ${side === 'sell' ? 'selling' : 'buying'} from size ${prev.size} to ${row.size} would ${side === 'sell' ? 'fetch' : 'cost'} nothing (average impact too large for this size)`
          : `not monotone: ${side === 'sell' ? 'selling' : 'buying'} from size ${prev.size} to ${row.size} would fill at ` +
              `${bpsFrom(slope)}, ${side === 'sell' ? 'better' : 'cheaper'} than the ${bpsFrom(slopeBefore)} up to ` +
              `${prev.size}; the marginal price must not improve with size (so ${impact} impact may not fall this fast)`,
      );
      continue;
    }
    sizes.push(row.size);
    values.push(value);
    slopeBefore = slope;
    prev = { size: row.size, value, impactBps: row.impactBps };
  }
  return { sizes, values };
}

/** A slope (value per unit of size) as "N bps below/above the reference". */
function bpsFrom(slope: number): string {
  const bps = (slope - 1) * BPS;
  if (!Number.isFinite(bps)) return 'no limit';
  return `${Math.abs(bps).toFixed(2)} bps ${bps < 0 ? 'below' : 'above'} the reference`;
}
