/**
 * The self-contained HTML page of a comparison (`comparison.html`): the core-metric table, the
 * designs, and two charts as inline SVG. No scripts, fonts, images or links to other sites;
 * identical input gives a byte-identical page.
 */
import type { EChartsOption } from 'echarts';
import type { Comparison } from '../analysis/designs/compare.js';
import { CHART_WIDTH, chartHeight } from './chart-style.js';
import { lossesComparisonChart, oracleComparisonChart } from './comparison-charts.js';
import { comparisonColumns, comparisonRunLine, exogenousPathNote } from './comparison-table.js';
import { escapeHtml } from './escape.js';
import { pageEnd, pageStart } from './html-page.js';
import { renderSvg } from './svg.js';

/** Styles the comparison page adds to the report's: a wide table that scrolls rather than squeezes. */
const COMPARISON_CSS = `
main { max-width: 1280px; }
.scroll { overflow-x: auto; }
table.compare { width: auto; min-width: 100%; font-size: 12.5px; }
table.compare th, table.compare td { padding: 3px 4px; }
table.compare thead th { vertical-align: bottom; border-bottom: 2px solid var(--ink); font-weight: 600; line-height: 1.25; }
table.compare thead th.num { text-align: right; }
table.compare thead th .unit { display: block; color: var(--muted); font-weight: normal; font-size: 12px; }
table.compare tbody th { font-weight: 600; white-space: nowrap; }
.note { margin: 10px 0 0; padding: 8px 12px; background: var(--band); border-left: 3px solid var(--accent); max-width: 85ch; }
dl.designs { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 0; font-size: 14px; }
dl.designs dt { font-weight: 600; }
dl.designs dd { margin: 0; color: var(--muted); }
`;

interface Chart {
  id: string;
  title: string;
  description: string;
  option: EChartsOption;
}

function charts(comparison: Comparison): Chart[] {
  return [
    {
      id: 'oracle-prices',
      title: 'Oracle price by design',
      description:
        'The price each design’s protocol saw from its oracle (stepped: it holds between updates), one line per design, ' +
        'and the exogenous (fundamental) price, dashed. The gap below the dashed line is the price impact of that ' +
        'design’s liquidation sales; where the lines coincide, the designs sold alike.',
      option: oracleComparisonChart(comparison),
    },
    {
      id: 'losses',
      title: 'Losses by design',
      description:
        'Bad debt (debt left when the collateral ran out), borrower penalties (the liquidation bonus borrowers paid) ' +
        'and slippage (seized collateral valued at the oracle price minus what its sale fetched), in USD, for each design.',
      option: lossesComparisonChart(comparison),
    },
  ];
}

function chartSection(chart: Chart): string {
  return [
    `<section class="chart" id="${escapeHtml(chart.id)}">`,
    `<h2>${escapeHtml(chart.title)}</h2>`,
    `<p>${escapeHtml(chart.description)}</p>`,
    `<figure role="img" aria-label="${escapeHtml(chart.title)}">`,
    renderSvg(chart.option, CHART_WIDTH, chartHeight(chart.option), `svg-${chart.id}`),
    '</figure>',
    '</section>',
  ].join('\n');
}

function metricsTable(comparison: Comparison): string {
  const columns = comparisonColumns(comparison);
  const head = columns.map((c) => {
    return `<th scope="col" class="num">${escapeHtml(c.label)}<span class="unit">${escapeHtml(c.unit)}</span></th>`;
  });
  const rows = comparison.designs.map((d) => {
    const cells = columns.map((c) => `<td class="value">${escapeHtml(c.format(d.result.metrics))}</td>`);
    return `<tr><th scope="row">${escapeHtml(d.design)}</th>${cells.join('')}</tr>`;
  });
  return [
    '<div class="scroll">',
    '<table class="compare">',
    `<thead>\n<tr><th scope="col">Design</th>${head.join('')}</tr>\n</thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    '</div>',
  ].join('\n');
}

function designList(comparison: Comparison): string {
  const items = comparison.designs
    .filter((d) => d.description.trim() !== '')
    .map((d) => `<dt>${escapeHtml(d.design)}</dt><dd>${escapeHtml(d.description.trim())}</dd>`);
  return items.length === 0 ? '' : `<dl class="designs">\n${items.join('\n')}\n</dl>`;
}

/**
 * Renders the comparison as one self-contained HTML page.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('comparison.html', comparisonHtml(comparison));
 */
export function comparisonHtml(comparison: Comparison): string {
  const description = comparison.description.trim();
  const sections = charts(comparison);
  const designs = designList(comparison);
  return [
    ...pageStart({
      heading: 'Cascade comparison',
      scenario: comparison.scenario,
      description,
      meta: comparisonRunLine(comparison),
      sections: [{ id: 'metrics', title: 'Metrics by design' }, ...sections],
      extraCss: COMPARISON_CSS,
    }),
    `<p class="note">${escapeHtml(exogenousPathNote(comparison))}</p>`,
    '<section id="metrics">',
    '<h2>Metrics by design</h2>',
    '<p class="intro">Amplification is the oracle drawdown divided by the exogenous drawdown. USD values are in the ' +
      'numeraire; seized collateral is valued at the oracle price. Uncovered + socialised is the bad debt no insurance ' +
      'fund covered, whether left unpaid or taken from suppliers. Max liquidation speed is the largest USD liquidated in ' +
      'one block divided by the USD of selling that moves all venues by 1%.</p>',
    metricsTable(comparison),
    ...(designs === '' ? [] : ['<h2>Designs</h2>', designs]),
    '</section>',
    ...sections.map(chartSection),
    ...pageEnd(
      'Generated by Cascade compare from the runs. The page is self-contained: no scripts and no network ' +
        'access; the same comparison always produces the same file.',
    ),
  ].join('\n');
}
