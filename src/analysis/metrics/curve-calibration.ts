/**
 * Curve venues past their measured tables: the per-venue report of the volume traded beyond the last row, and the
 * calibration warning `beyond-measured-curve` when any was (a table measures impact only up to its largest size;
 * past it the venue refused or extrapolated, and the figures that depend on those trades rest on that choice).
 */
import type { World } from '../../world/world.js';
import { CurveVenue, type CurveBeyondReport } from '../../market/venues/curve.js';
import type { RunWarning } from '../result.js';

/**
 * Every curve venue's report, in scenario order (empty when the world has none).
 *
 * @example
 * curveReports(world).map((r) => r.sellUsd); // [0] when every sale stayed within the table
 */
export function curveReports(world: Pick<World, 'venues'>): CurveBeyondReport[] {
  return world.venues.filter((v): v is CurveVenue => v instanceof CurveVenue).map((v) => v.beyondReport());
}

const usd = (x: number) => `${Math.round(x).toLocaleString('en-US')} USD`;
const units = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * A `beyond-measured-curve` warning for each curve venue that traded past its table: value = the deepest reach as a
 * multiple of the measured range (sale or purchase, whichever went further), limit 1.
 *
 * @example
 * curveWarnings(curveReports(world), 12).map((w) => w.subject); // ['agg']
 */
export function curveWarnings(reports: readonly CurveBeyondReport[], blockTimeSeconds: number): RunWarning[] {
  const warnings: RunWarning[] = [];
  for (const r of reports) {
    if (r.sellTrades + r.buyTrades === 0) continue;
    const reach = Math.max(r.peakSellReach, r.peakBuyReach);
    const what =
      r.beyond === 'refuse'
        ? 'the venue refused it (sales past the table fetched nothing, purchases past it got nothing)'
        : `the venue ${r.beyond === 'extrapolate-linear' ? 'extrapolated the last row linearly (average impact ∝ size)' : 'extrapolated the last row by the square-root law (average impact ∝ √size)'}`;
    const parts = [
      r.sellTrades > 0
        ? `${r.sellTrades} sale${r.sellTrades === 1 ? '' : 's'} (${units(r.sellBase)} base, ${usd(r.sellUsd)} at the reference price)`
        : '',
      r.buyTrades > 0
        ? `${r.buyTrades} purchase${r.buyTrades === 1 ? '' : 's'} (${units(r.buyBase)} base, ${usd(r.buyUsd)})`
        : '',
    ].filter((p) => p !== '');
    warnings.push({
      code: 'beyond-measured-curve',
      subject: r.venue,
      value: reach,
      limit: 1,
      block: Math.round((r.firstBeyondSeconds ?? 0) / blockTimeSeconds),
      message:
        `${r.venue}: ${parts.join(' and ')} went past the largest size its impact table measured, reaching ${reach.toFixed(2)}× it; ` +
        `${what}. Prices, proceeds and losses that depend on those trades come from that choice, not from measured liquidity: ` +
        `measure the table further out, or compare runs with beyond: refuse, extrapolate-linear and extrapolate-sqrt.`,
    });
  }
  return warnings;
}
