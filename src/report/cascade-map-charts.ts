/**
 * Charts and the self-contained page of a cascade map (`map.html`): liquidation volume by price level
 * as a heat-coloured bar chart with the cumulative volume, and the oracle's move against the initial
 * shock with its resilience band, the worst case, the multiplier and the critical shocks marked. Options only (no
 * functions), so they stay
 * JSON-serialisable; identical input gives a byte-identical page.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { CascadeMap } from '../analysis/cascade-map/types.js';
import { protocolText, shockNotes, timingText, venueText } from '../analysis/cascade-map/serialize.js';
import { CHART_WIDTH, COLORS, baseOption, chartHeight, valueAxis } from './chart-style.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatFixed, formatPercent, formatUsd } from '../kernel/format.js';
import { pageEnd, pageStart } from './html-page.js';
import { renderSvg } from './svg.js';

/**
 * Heat ramp of the liquidation bars, from a little volume (pale) to the most (dark).
 *
 * @example
 * HEAT_COLORS[0]; // '#f2c14e'
 */
export const HEAT_COLORS = COLORS.generations;

/**
 * Colour of a bar holding `value` when the largest bar holds `max`: the heat ramp, linearly.
 *
 * @example
 * heatColor(0, 10);  // '#f2c14e'
 * heatColor(10, 10); // '#1f0b2b'
 */
export function heatColor(value: number, max: number): string {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return HEAT_COLORS[Math.round(share * (HEAT_COLORS.length - 1))];
}

/**
 * Liquidation volume by price level: one bar per level with the USD that level adds (sold by keepers,
 * valued at the level's price), heat-coloured, and the cumulative USD at each level as a line on a
 * second axis. Levels run from the block-0 price (left) down to the lowest (right).
 *
 * @example
 * const option = liquidationLevelsChart(map);
 * (option.series as { name: string }[]).map((s) => s.name); // ['added at this level', 'cumulative']
 */
export function liquidationLevelsChart(map: CascadeMap): EChartsOption {
  const max = Math.max(0, ...map.levels.map((l) => l.newSoldUsd));
  const bars: BarSeriesOption = {
    type: 'bar',
    name: 'added at this level',
    data: map.levels.map((l) => ({ value: l.newSoldUsd, itemStyle: { color: heatColor(l.newSoldUsd, max) } })),
    itemStyle: { color: HEAT_COLORS[3] },
    barCategoryGap: '10%',
    emphasis: { disabled: true },
  };
  const cumulative: LineSeriesOption = {
    type: 'line',
    name: 'cumulative',
    yAxisIndex: 1,
    data: map.levels.map((l) => l.soldUsd),
    showSymbol: false,
    lineStyle: { width: 2, color: COLORS.fundamental[0] },
    itemStyle: { color: COLORS.fundamental[0] },
  };
  return {
    ...baseOption(['added at this level', 'cumulative']),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: `oracle price (USD per ${map.asset})`,
      nameLocation: 'middle',
      nameGap: 28,
      data: map.levels.map((l) => formatFixed(l.price, 2)),
    },
    yAxis: [
      valueAxis('USD sold, added at the level'),
      { ...valueAxis('USD sold, cumulative'), nameTextStyle: { align: 'right' }, splitLine: { show: false } },
    ],
    series: [bars, cumulative],
  };
}

/**
 * The oracle's total move against the initial shock, in %: the central estimate as a line, its resilience
 * band (full recovery between blocks … no recovery) as a shaded area, the instantaneous permanent-impact
 * worst case dashed; the multiplier (total move / shock) on the second axis, with the critical shocks
 * marked by red diamonds and a dashed line at 1×.
 *
 * @example
 * const option = shockMoveChart(map);
 * (option.series as { name: string }[]).map((s) => s.name); // ['band low', 'resilience band', 'total move', 'worst case', 'multiplier', 'critical shock']
 */
export function shockMoveChart(map: CascadeMap): EChartsOption {
  const pct = (value: number) => value * 100;
  const bandBase: LineSeriesOption = {
    type: 'line',
    name: 'band low',
    stack: 'band',
    data: map.shocks.map((s) => [pct(s.shock), pct(s.band.low)]),
    showSymbol: false,
    lineStyle: { opacity: 0 },
    itemStyle: { color: COLORS.venue[0] },
    silent: true,
  };
  // Stacked on the low edge: the area spans low … high.
  const band: LineSeriesOption = {
    type: 'line',
    name: 'resilience band',
    stack: 'band',
    data: map.shocks.map((s) => [pct(s.shock), pct(s.band.high - s.band.low)]),
    showSymbol: false,
    lineStyle: { opacity: 0 },
    areaStyle: { color: COLORS.venue[0], opacity: 0.15 },
    itemStyle: { color: COLORS.venue[0] },
    silent: true,
  };
  const move: LineSeriesOption = {
    type: 'line',
    name: 'total move',
    data: map.shocks.map((s) => [pct(s.shock), pct(s.totalMove)]),
    showSymbol: false,
    lineStyle: { width: 2.5, color: COLORS.venue[0] },
    itemStyle: { color: COLORS.venue[0] },
  };
  const worst: LineSeriesOption = {
    type: 'line',
    name: 'worst case',
    data: map.shocks.map((s) => [pct(s.shock), pct(s.worstCase.totalMove)]),
    showSymbol: false,
    lineStyle: { width: 1.5, type: 'dashed', color: COLORS.fundamental[1] },
    itemStyle: { color: COLORS.fundamental[1] },
  };
  const multiplier: LineSeriesOption = {
    type: 'line',
    name: 'multiplier',
    yAxisIndex: 1,
    data: map.shocks.map((s) => [pct(s.shock), s.multiplier]),
    showSymbol: false,
    lineStyle: { width: 1.5, type: 'dotted', color: COLORS.oracle[0] },
    itemStyle: { color: COLORS.oracle[0] },
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed', color: COLORS.oracle[0], opacity: 0.5 },
      label: { show: false },
      data: [{ yAxis: 1 }],
    },
  };
  const critical: ScatterSeriesOption = {
    type: 'scatter',
    name: 'critical shock',
    yAxisIndex: 1,
    data: map.shocks.filter((s) => s.critical).map((s) => [pct(s.shock), s.multiplier]),
    symbol: 'diamond',
    symbolSize: 12,
    itemStyle: { color: COLORS.threshold },
  };
  const legend = ['resilience band', 'total move', 'worst case', 'multiplier', 'critical shock'];
  const base = baseOption(legend);
  return {
    ...base,
    // The band's invisible base series stays out of the legend.
    legend: { ...(base.legend as object), data: legend },
    xAxis: {
      type: 'value',
      name: 'initial shock (%)',
      nameLocation: 'middle',
      nameGap: 28,
      min: 0,
      splitLine: { show: false },
    },
    yAxis: [
      { ...valueAxis('oracle move (%)'), min: 0 },
      { ...valueAxis('multiplier (×)'), nameTextStyle: { align: 'right' }, min: 0, splitLine: { show: false } },
    ],
    series: [bandBase, band, move, worst, multiplier, critical],
  };
}

function chartSection(id: string, title: string, description: string, option: EChartsOption): string {
  return [
    `<section class="chart" id="${id}">`,
    `<h2>${escapeHtml(title)}</h2>`,
    `<p>${escapeHtml(description)}</p>`,
    `<figure role="img" aria-label="${escapeHtml(title)}">`,
    renderSvg(option, CHART_WIDTH, chartHeight(option), `svg-${id}`),
    '</figure>',
    '</section>',
  ].join('\n');
}

function shockTable(map: CascadeMap): string {
  const head = [
    'Shock',
    'Oracle move',
    'Market move',
    'Multiplier',
    'Band (full … no recovery)',
    'Trough [min]',
    'Liquidations',
    `Sold [${map.asset}]`,
    'Sold [USD]',
    'Worst case',
    'Notes',
  ];
  const rows = map.shocks.map((s) => {
    const cells = [
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
    ];
    return `<tr><th scope="row">${formatPercent(s.shock)}</th>${cells.map((c) => `<td class="value">${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return [
    '<table>',
    `<thead>\n<tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>\n</thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

function mappedLine(map: CascadeMap): string {
  const protocols = map.protocols.map((p) => `${p.id}: ${protocolText(p)}`);
  const venues = map.venues.map((v) => `${v.id}: ${venueText(v)}`);
  const keepers =
    map.keepers.length === 0
      ? 'none'
      : map.keepers
          .map(
            (k) => `${k.id}: ${formatUsd(k.capitalUsd)} USD per block, latency ${formatCount(k.latencyBlocks)} blocks`,
          )
          .join('; ');
  return `Protocols ${protocols.join('; ')}. Venues ${venues.join('; ')}. Keepers ${keepers}. Shocks: ${timingText(map)}.`;
}

/**
 * Renders the map as one self-contained HTML page: the two charts, the shock table and the model's
 * approximations.
 *
 * @example
 * writeFileSync('map.html', cascadeMapHtml(map, scenario.description));
 */
export function cascadeMapHtml(map: CascadeMap, description = ''): string {
  const critical = map.shocks.filter((s) => s.critical).map((s) => formatPercent(s.shock));
  return [
    ...pageStart({
      heading: 'Cascade map',
      scenario: map.scenario,
      description: description.trim(),
      meta: `Seed ${map.seed} · collateral ${map.asset} · oracle price at block 0 ${formatUsd(map.initialPrice)} USD · ${map.shocks.length} shocks · ${map.levels.length} price levels`,
      sections: [
        { id: 'levels', title: 'Liquidation volume by price' },
        { id: 'multiplier', title: 'Move by shock' },
        { id: 'shocks', title: 'Shock table' },
        { id: 'approximations', title: 'Approximations' },
      ],
    }),
    `<p class="intro">${escapeHtml(mappedLine(map))}</p>`,
    chartSection(
      'levels',
      'Liquidation volume by price',
      `What keepers would sell if the oracle price fell to each level (every ${formatPercent(map.settings.priceStep)} of the block-0 price), ` +
        'with every account liquidatable there liquidated until safe or empty: the bars are the USD each level adds, darker for more; the line is the total.',
      liquidationLevelsChart(map),
    ),
    chartSection(
      'multiplier',
      'Oracle move by initial shock',
      'The largest fall of the oracle price, followed block by block at the scenario’s resilience (line), between full recovery of every block’s ' +
        'impact by the next block and no recovery at all (shaded band), and at the instantaneous permanent-impact fixed point (dashed). ' +
        `Dotted, on the right axis: the multiplier (move ÷ shock); red diamonds mark critical shocks (the move grows at least ${formatFixed(map.settings.criticalSlope, 2)} ` +
        `times as fast as the shock): ${critical.length === 0 ? 'none' : critical.join(', ')}.`,
      shockMoveChart(map),
    ),
    '<section id="shocks">',
    '<h2>Shock table</h2>',
    shockTable(map),
    '</section>',
    '<section id="approximations">',
    '<h2>Approximations</h2>',
    `<ul>\n${map.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join('\n')}\n</ul>`,
    '</section>',
    ...pageEnd(
      'Generated by Cascade map from the scenario’s block-0 state and a block-by-block model on aggregates, without simulating accounts, keepers or trades one by one. The page is self-contained; the same map always produces the same file.',
    ),
  ].join('\n');
}
