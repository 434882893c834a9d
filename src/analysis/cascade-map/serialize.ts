/**
 * The cascade map as text: the terminal table, CSV of the shocks and of the price levels, JSON.
 * Every number is checked finite on the way out (the format helpers throw on NaN or ±Infinity).
 */
import { csvText } from '../../kernel/csv.js';
import { InvariantError } from '../../kernel/errors.js';
import { formatCount, formatFixed, formatPercent, formatUsd, plainDecimal } from '../../report/format.js';
import type { CascadeMap, PriceLevel } from './types.js';

/** Falls, as fractions of P0, at which the terminal summary prints the cumulative volume. */
const SUMMARY_DROPS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
/** Price levels listed as the densest in the terminal summary. */
const DENSEST_LEVELS = 5;

/**
 * The `--json` text of a map: the whole {@link CascadeMap}, two-space indented, ending with a newline.
 *
 * @example
 * JSON.parse(cascadeMapJson(map)).shocks[0].finalPrice;
 */
export function cascadeMapJson(map: CascadeMap): string {
  return JSON.stringify(map, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new InvariantError(`cascade map: non-finite number ${value}`);
    return value;
  }, 2) + '\n';
}

/**
 * The shock table as CSV, one row per shock.
 *
 * @example
 * cascadeMapCsv(map).split('\n')[0]; // 'shock,initial_price_usd,final_price_usd,total_move,multiplier,rounds,iterations,converged,sold_units,sold_usd,accounts,critical'
 */
export function cascadeMapCsv(map: CascadeMap): string {
  const header = ['shock', 'initial_price_usd', 'final_price_usd', 'total_move', 'multiplier', 'rounds', 'iterations', 'converged', 'sold_units', 'sold_usd', 'accounts', 'critical'];
  const rows = map.shocks.map((s) => [
    num(s.shock),
    num(s.initialPrice),
    num(s.finalPrice),
    num(s.totalMove),
    num(s.multiplier),
    String(s.rounds),
    String(s.iterations),
    String(s.converged),
    num(s.soldUnits),
    num(s.soldUsd),
    String(s.accounts),
    String(s.critical),
  ]);
  return csvText([header, ...rows]);
}

/**
 * The liquidation volume by price level as CSV, one row per level, highest price first.
 *
 * @example
 * levelsCsv(map).split('\n')[0]; // 'price_usd,drop,seized_units,sold_units,sold_usd,new_sold_units,new_sold_usd,accounts,emptied_accounts'
 */
export function levelsCsv(map: CascadeMap): string {
  const header = ['price_usd', 'drop', 'seized_units', 'sold_units', 'sold_usd', 'new_sold_units', 'new_sold_usd', 'accounts', 'emptied_accounts'];
  const rows = map.levels.map((l) => [num(l.price), num(l.drop), num(l.seizedUnits), num(l.soldUnits), num(l.soldUsd), num(l.newSoldUnits), num(l.newSoldUsd), String(l.accounts), String(l.emptiedAccounts)]);
  return csvText([header, ...rows]);
}

function num(value: number): string {
  return plainDecimal(value, 10);
}

/**
 * The terminal output: what was mapped, the heatmap summary and the shock table.
 *
 * @example
 * process.stdout.write(cascadeMapTable(map));
 */
export function cascadeMapTable(map: CascadeMap): string {
  const lines: string[] = [
    `Cascade map: ${map.scenario}`,
    `  Collateral ${map.asset}, oracle price at block 0 ${formatUsd(map.initialPrice)} USD, seed ${map.seed}`,
    ...map.protocols.map((p) => `  Protocol ${p.id}: ${p.mechanism} (${p.model}), ${formatCount(p.accounts)} accounts, debt ${formatUsd(p.debtUsd)} USD`),
    ...map.venues.map((v) => `  Venue ${v.id}: ${v.kind}, ${formatUsd(v.depthUsdPer1Pct)} USD per 1%`),
    '',
    ...heatmapSummary(map),
    '',
    'Cascade by initial shock (fixed point of liquidate → sell → reprice)',
    ...shockTable(map),
  ];
  const critical = map.shocks.filter((s) => s.critical).map((s) => formatPercent(s.shock));
  lines.push('', `Critical shocks (marginal multiplier ≥ ${formatFixed(map.settings.criticalSlope, 2)}): ${critical.length === 0 ? 'none' : critical.join(', ')}`);
  lines.push('', 'Approximations:', ...map.assumptions.map((a) => `  - ${a}`));
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

function heatmapSummary(map: CascadeMap): string[] {
  const lines = ['Liquidation volume by price level (sold by keepers, at that price)'];
  const first = map.levels.find((l) => l.accounts > 0);
  lines.push(first ? `  First liquidations at ${formatUsd(first.price)} USD (−${formatPercent(first.drop)})` : '  No liquidations down to the lowest level');
  const rows: string[][] = [];
  for (const drop of SUMMARY_DROPS) {
    const level = map.levels.find((l) => Math.abs(l.drop - drop) < 1e-9);
    if (level) rows.push([`−${formatPercent(level.drop)}`, formatUsd(level.price), formatCount(level.accounts), formatFixed(level.soldUnits, 2), formatUsd(level.soldUsd)]);
  }
  if (rows.length > 0) lines.push(...aligned(['Fall', 'Price [USD]', 'Accounts', `Sold [${map.asset}]`, 'Sold [USD]'], rows));
  const densest = [...map.levels].sort((a, b) => b.newSoldUsd - a.newSoldUsd || b.price - a.price).slice(0, DENSEST_LEVELS).filter((l) => l.newSoldUsd > 0);
  if (densest.length > 0) {
    lines.push(`  Densest levels (volume added within one ${formatPercent(map.settings.priceStep)} step):`);
    lines.push(...aligned(['Price [USD]', 'Fall', 'Added [USD]'], densest.map((l: PriceLevel) => [formatUsd(l.price), `−${formatPercent(l.drop)}`, formatUsd(l.newSoldUsd)])));
  }
  return lines;
}

function shockTable(map: CascadeMap): string[] {
  const head = ['Shock', 'Initial [USD]', 'Final [USD]', 'Total move', 'Multiplier', 'Rounds', `Sold [${map.asset}]`, 'Sold [USD]', 'Critical'];
  const rows = map.shocks.map((s) => [
    formatPercent(s.shock),
    formatUsd(s.initialPrice),
    formatUsd(s.finalPrice),
    formatPercent(s.totalMove),
    `${formatFixed(s.multiplier, 2)}×`,
    formatCount(s.rounds),
    formatFixed(s.soldUnits, 2),
    formatUsd(s.soldUsd),
    [s.critical ? '*' : '', s.converged ? '' : 'not converged'].filter((t) => t !== '').join(' '),
  ]);
  return aligned(head, rows);
}

/** Right-aligned columns (first column left-aligned), indented by two spaces. */
function aligned(head: string[], rows: string[][]): string[] {
  const width = (t: string) => [...t].length;
  const widths = head.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c]))));
  const cell = (t: string, c: number) => (c === 0 ? t + ' '.repeat(widths[c] - width(t)) : ' '.repeat(widths[c] - width(t)) + t);
  return [head, ...rows].map((r) => '  ' + r.map(cell).join('  '));
}
