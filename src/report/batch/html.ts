/**
 * The self-contained HTML page of a batch (Monte Carlo, sweep or frontier search): a title,
 * summary tables and charts as inline SVG, each with its caption. Same look as the run and
 * comparison reports; no scripts, fonts, images or links to other sites; identical input gives a
 * byte-identical page.
 */
import { InvariantError } from '../../kernel/errors.js';
import { escapeHtml } from '../escape.js';
import { pageEnd } from '../html-page.js';
import { REPORT_CSS } from '../html-style.js';

/**
 * A table of the page: column headers and rows of already formatted cells. Columns whose cells
 * all read as numbers (or `n/a`, or empty) are right-aligned.
 *
 * @example
 * const t: SummaryTable = { title: 'Bad debt by cell', header: ['cell', 'mean (USD)'], rows: [['base', '1,234.50']] };
 */
export interface SummaryTable {
  title: string;
  header: string[];
  rows: string[][];
}

/**
 * A chart of the page: its heading, a caption saying what it shows, and the SVG (from
 * `batchChartSvg`, whose ids are distinct per chart id).
 *
 * @example
 * const c: ChartFigure = { title: 'Bad debt across paths', caption: '…', svg: batchChartSvg(option, 'bad-debt') };
 */
export interface ChartFigure {
  title: string;
  caption: string;
  svg: string;
}

/**
 * Everything the batch page shows.
 *
 * @example
 * const report: BatchReport = { title: 'Monte Carlo: thin-pool-shock', subtitle: '1,000 paths · seed 42', summaryTables: [], charts: [] };
 */
export interface BatchReport {
  /** The page heading, e.g. `Monte Carlo: thin-pool-shock`. */
  title: string;
  /** One muted line under the title (batch id, paths, seed). */
  subtitle?: string;
  /** Free text under the subtitle, e.g. the scenario description; omitted when empty. */
  description?: string;
  summaryTables: SummaryTable[];
  charts: ChartFigure[];
  /** Footer text; default says the page is self-contained and reproducible. */
  footer?: string;
}

/**
 * Styles the batch page adds to the report's. Headers wrap (at spaces, and after the dots of a
 * parameter path such as `protocols.0.liquidationThreshold`), numbers do not; a table still too
 * wide for the page scrolls inside its box rather than pushing past it.
 */
const BATCH_CSS = `
.scroll { overflow-x: auto; max-width: 100%; }
table.batch { width: auto; min-width: 60%; font-size: 13.5px; }
table.batch thead th { vertical-align: bottom; border-bottom: 2px solid var(--ink); font-weight: 600; line-height: 1.25; white-space: normal; }
table.batch th.num, table.batch td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.batch td.num, table.batch tbody th { white-space: nowrap; }
table.batch tbody th { font-weight: 600; }
`;

/**
 * A header cell's text as HTML. A parameter path (a word with a dot) gets a line-break
 * opportunity after each dot and inside camel case, so `protocols.0.liquidationThreshold` can
 * wrap to three short lines; other words (`VaR99`) stay whole.
 *
 * @example
 * headerHtml('venues.1.liquidityUsd'); // 'venues.<wbr>1.<wbr>liquidity<wbr>Usd'
 */
export function headerHtml(text: string): string {
  return text
    .split(' ')
    .map((word) =>
      word.includes('.')
        ? escapeHtml(word)
            .replace(/\.(?=[A-Za-z0-9])/g, '.<wbr>')
            .replace(/([a-z])(?=[A-Z])/g, '$1<wbr>')
        : escapeHtml(word),
    )
    .join(' ');
}

/** A cell that reads as a number: optional sign, digits with `,` separators and a point, then an optional `%`, `×` or
 * `x`. */
const NUMERIC_CELL = /^[-+−]?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?(e[-+]?\d+)?\s?(%|×)?$/i;

function numericColumns(table: SummaryTable): boolean[] {
  return table.header.map((_, c) => {
    const cells = table.rows.map((r) => r[c].trim()).filter((v) => v !== '' && v !== 'n/a');
    return cells.length > 0 && cells.every((v) => NUMERIC_CELL.test(v));
  });
}

function tableSection(table: SummaryTable, id: string): string {
  table.rows.forEach((row, r) => {
    if (row.length !== table.header.length) {
      throw new InvariantError(
        `table '${table.title}': row ${r} has ${row.length} cells for ${table.header.length} columns`,
      );
    }
  });
  const numeric = numericColumns(table);
  const cls = (c: number): string => (numeric[c] ? ' class="num"' : '');
  const head = table.header.map((h, c) => `<th scope="col"${cls(c)}>${headerHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = row.map((v, c) =>
      c === 0 ? `<th scope="row"${cls(c)}>${escapeHtml(v)}</th>` : `<td${cls(c)}>${escapeHtml(v)}</td>`,
    );
    return `<tr>${cells.join('')}</tr>`;
  });
  return [
    `<section id="${id}">`,
    `<h2>${escapeHtml(table.title)}</h2>`,
    '<div class="scroll">',
    '<table class="batch">',
    `<thead>\n<tr>${head}</tr>\n</thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    '</div>',
    '</section>',
  ].join('\n');
}

/** Throws unless `svg` is one inline SVG document without scripts. */
function checkSvg(svg: string, title: string): string {
  const text = svg.trim();
  if (!text.startsWith('<svg') || (text.match(/<svg\b/g) ?? []).length !== 1 || /<script|<foreignObject/i.test(text)) {
    throw new InvariantError(`chart '${title}': expected one SVG document without scripts`);
  }
  return text;
}

function chartSection(chart: ChartFigure, id: string): string {
  return [
    `<section class="chart" id="${id}">`,
    `<h2>${escapeHtml(chart.title)}</h2>`,
    ...(chart.caption.trim() === '' ? [] : [`<p>${escapeHtml(chart.caption.trim())}</p>`]),
    `<figure role="img" aria-label="${escapeHtml(chart.title)}">`,
    checkSvg(chart.svg, chart.title),
    '</figure>',
    '</section>',
  ].join('\n');
}

/** Throws when two charts' SVGs use the same id (they would clash in one page). */
function checkDistinctIds(charts: readonly ChartFigure[]): void {
  const owner = new Map<string, number>();
  charts.forEach((chart, i) => {
    for (const [, id] of chart.svg.matchAll(/\bid="([^"]+)"/g)) {
      const other = owner.get(id);
      if (other !== undefined && other !== i) {
        throw new InvariantError(
          `charts '${charts[other].title}' and '${chart.title}' share the SVG id '${id}': render them with distinct chart ids`,
        );
      }
      owner.set(id, i);
    }
  });
}

/**
 * Renders a batch report as one self-contained HTML page: heading, subtitle, a table of
 * contents, the summary tables, then each chart under its heading and caption. Section ids are
 * `table-<n>` and `chart-<n>` (1-based, in order).
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('report.html', batchReportHtml({ title: 'Monte Carlo: thin-pool-shock', summaryTables: [table], charts: [figure] }));
 */
export function batchReportHtml(report: BatchReport): string {
  checkDistinctIds(report.charts);
  const tables = report.summaryTables.map((t, i) => ({ id: `table-${i + 1}`, title: t.title }));
  const charts = report.charts.map((c, i) => ({ id: `chart-${i + 1}`, title: c.title }));
  const nav = [...tables, ...charts].map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  const subtitle = report.subtitle?.trim() ?? '';
  const description = report.description?.trim() ?? '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${REPORT_CSS}${BATCH_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${escapeHtml(report.title)}</h1>`,
    ...(subtitle === '' ? [] : [`<p class="meta">${escapeHtml(subtitle)}</p>`]),
    ...(description === '' ? [] : [`<p class="description">${escapeHtml(description)}</p>`]),
    `<nav><ul>${nav}</ul></nav>`,
    '</header>',
    ...report.summaryTables.map((t, i) => tableSection(t, tables[i].id)),
    ...report.charts.map((c, i) => chartSection(c, charts[i].id)),
    ...pageEnd(
      report.footer ??
        'Generated by Cascade from the batch results. The page is self-contained: no scripts and no network ' +
          'access; the same results always produce the same file.',
    ),
  ].join('\n');
}
