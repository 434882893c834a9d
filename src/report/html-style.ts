/**
 * Inline stylesheet of the HTML report: system fonts only, no external resources.
 *
 * @example
 * const head = `<style>${REPORT_CSS}</style>`;
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #dde1e8; --band: #f5f7fa; --accent: #d1495b; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 40px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { margin: 0; font-size: 26px; }
h1 .scenario { color: var(--accent); }
.description { margin: 6px 0 0; max-width: 75ch; }
.meta { margin: 6px 0 0; color: var(--muted); }
.intro { color: var(--muted); max-width: 75ch; }
h2 { font-size: 19px; margin: 32px 0 6px; }
nav ul { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
nav a { color: var(--muted); }
.groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); gap: 14px 28px; align-items: start; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; border-bottom: 2px solid var(--ink); }
th, td { padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: baseline; }
th { text-align: left; font-weight: normal; }
td.value { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.unit { color: var(--muted); font-size: 12px; white-space: nowrap; }
tr.sub th { padding-left: 20px; color: var(--muted); }
tbody tr:nth-child(even) { background: var(--band); }
section.chart p { margin: 0 0 8px; max-width: 80ch; color: var(--muted); }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
figure svg { display: block; width: 100%; height: auto; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
`;
