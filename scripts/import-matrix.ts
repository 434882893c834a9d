/**
 * Prints how many import statements (type-only ones included; tests excluded) each folder of src/ has into each
 * other folder, rows and columns in layer order (scripts/layers.cjs). A cell marked `!` points to a layer above (or
 * beside) the importing folder's own; the check that fails on them is `npm run layers`.
 * Usage: npx tsx scripts/import-matrix.ts
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');
const LAYERS = createRequire(import.meta.url)('./layers.cjs') as string[][];
const rank = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(name) && !/\.test(-helper)?\.ts$/.test(name) ? [path] : [];
  });
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const folderOf = (file: string) => relative(SRC, file).split('/')[0];

const counts = new Map<string, number>();
const present = new Set<string>();
for (const file of sourceFiles(SRC)) {
  present.add(folderOf(file));
  for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    const [from, to] = [folderOf(file), folderOf(target)];
    if (!target.startsWith(SRC) || from === to) continue;
    counts.set(`${from}>${to}`, (counts.get(`${from}>${to}`) ?? 0) + 1);
  }
}

const folders = [...present].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const width = Math.max(...folders.map((f) => f.length));
let upward = 0;
console.log(`${'from \\ to'.padEnd(width)} ${folders.map((f) => f.slice(0, 5).padStart(6)).join('')}`);
for (const from of folders) {
  const cells = folders.map((to) => {
    if (to === from) return '·'.padStart(6);
    const n = counts.get(`${from}>${to}`);
    if (!n) return ''.padStart(6);
    const up = rank(to) >= rank(from) || rank(to) < 0 || rank(from) < 0;
    if (up) upward += n;
    return `${n}${up ? '!' : ' '}`.padStart(6);
  });
  console.log(`${from.padEnd(width)} ${cells.join('')}`);
}
console.log(`\n${upward} import(s) into a layer above or beside their own (marked !).`);
