/**
 * The cascade map as text: the terminal table, CSV of the shocks and of the price levels, JSON.
 * Every number is checked finite on the way out (the format helpers throw on NaN or ±Infinity).
 */
import { csvText } from '../../kernel/csv.js';
import { InvariantError } from '../../kernel/errors.js';
import {
  formatCount,
  formatDuration,
  formatFixed,
  formatGrouped,
  formatPercent,
  formatUsd,
  plainDecimal,
} from '../../kernel/format.js';
import type { CascadeMap, MappedProtocol, MappedVenue, PriceLevel, ShockOutcome } from './types.js';

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
  return (
    JSON.stringify(
      map,
      (_key, value: unknown) => {
        if (typeof value === 'number' && !Number.isFinite(value))
          throw new InvariantError(`cascade map: non-finite number ${value}`);
        return value;
      },
      2,
    ) + '\n'
  );
}

/**
 * Columns of the shock CSV, in order.
 *
 * @example
 * SHOCK_CSV_COLUMNS[1]; // 'total_move'
 */
export const SHOCK_CSV_COLUMNS: readonly string[] = [
  'shock',
  'total_move',
  'lowest_oracle_price_usd',
  'market_move',
  'multiplier',
  'trough_minute',
  'sold_units',
  'sold_usd',
  'liquidations',
  'keeper_limited_blocks',
  'full_recovery_move',
  'no_recovery_move',
  'band_low',
  'band_high',
  'worst_case_initial_price_usd',
  'worst_case_final_price_usd',
  'worst_case_move',
  'worst_case_rounds',
  'worst_case_converged',
  'critical',
];

/**
 * The shock table as CSV, one row per shock: the central estimate, its resilience band and the
 * instantaneous worst case (columns {@link SHOCK_CSV_COLUMNS}).
 *
 * @example
 * cascadeMapCsv(map).split('\n')[0].startsWith('shock,total_move,'); // true
 */
export function cascadeMapCsv(map: CascadeMap): string {
  const rows = map.shocks.map((s) => [
    num(s.shock),
    num(s.totalMove),
    num(s.lowestPrice),
    num(s.marketMove),
    num(s.multiplier),
    num(s.troughMinute),
    num(s.soldUnits),
    num(s.soldUsd),
    num(s.liquidations),
    String(s.keeperLimitedBlocks),
    num(s.band.fullRecoveryMove),
    num(s.band.noRecoveryMove),
    num(s.band.low),
    num(s.band.high),
    num(s.worstCase.initialPrice),
    num(s.worstCase.finalPrice),
    num(s.worstCase.totalMove),
    String(s.worstCase.rounds),
    String(s.worstCase.converged),
    String(s.critical),
  ]);
  return csvText([SHOCK_CSV_COLUMNS, ...rows]);
}

/**
 * The liquidation volume by price level as CSV, one row per level, highest price first.
 *
 * @example
 * levelsCsv(map).split('\n')[0]; // 'price_usd,drop,seized_units,sold_units,sold_usd,new_sold_units,new_sold_usd,accounts,emptied_accounts'
 */
export function levelsCsv(map: CascadeMap): string {
  const header = [
    'price_usd',
    'drop',
    'seized_units',
    'sold_units',
    'sold_usd',
    'new_sold_units',
    'new_sold_usd',
    'accounts',
    'emptied_accounts',
  ];
  const rows = map.levels.map((l) => [
    num(l.price),
    num(l.drop),
    num(l.seizedUnits),
    num(l.soldUnits),
    num(l.soldUsd),
    num(l.newSoldUnits),
    num(l.newSoldUsd),
    String(l.accounts),
    String(l.emptiedAccounts),
  ]);
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
    ...map.protocols.map((p) => `  Protocol ${p.id}: ${protocolText(p)}, debt ${formatUsd(p.debtUsd)} USD`),
    ...map.venues.map((v) => `  Venue ${v.id}: ${venueText(v)}`),
    ...(map.keepers.length === 0
      ? ['  Keepers: none (nothing is liquidated)']
      : map.keepers.map(
          (k) =>
            `  Keeper ${k.id}: ${formatUsd(k.capitalUsd)} USD of debt and ${formatCount(k.callsPerBlock)} calls per block, latency ${formatCount(k.latencyBlocks)} blocks`,
        )),
    `  Shocks: ${timingText(map)}`,
    '',
    ...heatmapSummary(map),
    '',
    'Cascade by initial shock: central estimate (block by block, at the scenario’s resilience), its band',
    '(full recovery between blocks … no recovery) and the instantaneous permanent-impact worst case',
    ...shockTable(map),
  ];
  const critical = map.shocks.filter((s) => s.critical).map((s) => formatPercent(s.shock));
  lines.push(
    '',
    `Critical shocks (marginal multiplier ≥ ${formatFixed(map.settings.criticalSlope, 2)}): ${critical.length === 0 ? 'none' : critical.join(', ')}`,
  );
  lines.push('', 'Approximations:', ...map.assumptions.map((a) => `  - ${a}`));
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

/**
 * A protocol's mechanism, model and accounts in words, with a warning where the map is not checked against runs.
 *
 * @example
 * protocolText({ id: 'lend', mechanism: 'compound-v3', model: 'whole collateral sold', checkedAgainstRuns: false, accounts: 10, collateralUnits: 5, debtUsd: 1e4 });
 * // 'compound-v3 (whole collateral sold; rough: not checked against runs), 10 accounts'
 */
export function protocolText(p: MappedProtocol): string {
  return `${p.mechanism} (${p.model}${p.checkedAgainstRuns ? '' : '; rough: not checked against runs'}), ${formatCount(p.accounts)} accounts`;
}

/**
 * A venue's kind, depth and resilience in words.
 *
 * @example
 * venueText({ id: 'cex', kind: 'offchain-linear', depthUsdPer1Pct: 2e6, resilienceHalfLifeSeconds: 1800 }); // 'offchain-linear, 2,000,000.00 USD per 1%, impact half-life 30 min'
 */
export function venueText(v: MappedVenue): string {
  const resilience =
    v.resilienceHalfLifeSeconds === undefined
      ? ''
      : `, impact half-life ${formatDuration(v.resilienceHalfLifeSeconds)}`;
  return `${v.kind}, ${formatUsd(v.depthUsdPer1Pct)} USD per 1%${resilience}`;
}

/**
 * When the map's shocks fall, in words.
 *
 * @example
 * timingText(map); // 'fall from minute 10 over 30 min (the scenario’s shock script, drop set to each shock); followed to minute 180'
 */
export function timingText(map: CascadeMap): string {
  const t = map.timing;
  const fall =
    t.dropMinutes === 0
      ? `a gap at minute ${formatGrouped(t.startMinute, 2)}`
      : `a fall from minute ${formatGrouped(t.startMinute, 2)} over ${formatDuration(t.dropMinutes * 60)}`;
  const source = {
    scenario: 'the scenario’s shock script, drop set to each shock',
    instant: 'the collateral’s price model is not a shock',
    flag: 'duration from --drop-minutes',
  }[t.source];
  const recovery = t.recoveryPct > 0 ? `, then ${formatGrouped(t.recoveryPct, 2)}% recovered` : '';
  return `${fall}${recovery} (${source}); followed to minute ${formatGrouped(t.horizonMinutes, 2)}`;
}

function heatmapSummary(map: CascadeMap): string[] {
  const lines = ['Liquidation volume by price level (sold by keepers, at that price, from the block-0 book)'];
  const first = map.levels.find((l) => l.accounts > 0);
  lines.push(
    first
      ? `  First liquidations at ${formatUsd(first.price)} USD (−${formatPercent(first.drop)})`
      : '  No liquidations down to the lowest level',
  );
  const rows: string[][] = [];
  for (const drop of SUMMARY_DROPS) {
    const level = map.levels.find((l) => Math.abs(l.drop - drop) < 1e-9);
    if (level)
      rows.push([
        `−${formatPercent(level.drop)}`,
        formatUsd(level.price),
        formatCount(level.accounts),
        formatFixed(level.soldUnits, 2),
        formatUsd(level.soldUsd),
      ]);
  }
  if (rows.length > 0)
    lines.push(...aligned(['Fall', 'Price [USD]', 'Accounts', `Sold [${map.asset}]`, 'Sold [USD]'], rows));
  const densest = [...map.levels]
    .sort((a, b) => b.newSoldUsd - a.newSoldUsd || b.price - a.price)
    .slice(0, DENSEST_LEVELS)
    .filter((l) => l.newSoldUsd > 0);
  if (densest.length > 0) {
    lines.push(`  Densest levels (volume added within one ${formatPercent(map.settings.priceStep)} step):`);
    lines.push(
      ...aligned(
        ['Price [USD]', 'Fall', 'Added [USD]'],
        densest.map((l: PriceLevel) => [formatUsd(l.price), `−${formatPercent(l.drop)}`, formatUsd(l.newSoldUsd)]),
      ),
    );
  }
  return lines;
}

/**
 * Flags of one shock's row: critical, keeper-limited, worst case not converged.
 *
 * @example
 * shockNotes({ ...outcome, critical: true, keeperLimitedBlocks: 3 }); // ['critical', 'keepers limited 3 blocks']
 */
export function shockNotes(s: ShockOutcome): string[] {
  const notes: string[] = [];
  if (s.critical) notes.push('critical');
  if (s.keeperLimitedBlocks > 0) notes.push(`keepers limited ${formatCount(s.keeperLimitedBlocks)} blocks`);
  if (!s.worstCase.converged) notes.push('worst case not converged');
  return notes;
}

function shockTable(map: CascadeMap): string[] {
  const head = [
    'Shock',
    'Oracle move',
    'Market move',
    'Multiplier',
    'Band',
    'Trough [min]',
    'Liquidations',
    `Sold [${map.asset}]`,
    'Sold [USD]',
    'Worst case',
    'Notes',
  ];
  const rows = map.shocks.map((s) => [
    formatPercent(s.shock),
    formatPercent(s.totalMove),
    formatPercent(s.marketMove),
    `${formatFixed(s.multiplier, 2)}×`,
    `${formatPercent(s.band.low)} – ${formatPercent(s.band.high)}`,
    formatFixed(s.troughMinute, 1),
    formatCount(s.liquidations),
    formatFixed(s.soldUnits, 2),
    formatUsd(s.soldUsd),
    formatPercent(s.worstCase.totalMove),
    shockNotes(s).join(', '),
  ]);
  return aligned(head, rows, true);
}

/** Right-aligned columns (the first, and the last when `textLast`, left-aligned), indented by two spaces. */
function aligned(head: string[], rows: string[][], textLast = false): string[] {
  const width = (t: string) => [...t].length;
  const widths = head.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c]))));
  const left = (c: number) => c === 0 || (textLast && c === head.length - 1);
  const cell = (t: string, c: number) =>
    left(c) ? t + ' '.repeat(widths[c] - width(t)) : ' '.repeat(widths[c] - width(t)) + t;
  return [head, ...rows].map((r) => '  ' + r.map(cell).join('  '));
}
