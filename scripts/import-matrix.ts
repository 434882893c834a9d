/**
 * Prints how many import statements each folder of src/ has into each other folder, and every
 * import that points to a layer above its own (the order lives in scripts/layers.ts).
 * Usage: npx tsx scripts/import-matrix.ts [--upward]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function folderOf(file: string): string {
  return relative(SRC, file).split('/')[0];
}

const counts = new Map<string, Map<string, number>>();
for (const file of sourceFiles(SRC)) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(SRC)) continue;
    const from = folderOf(file);
    const to = folderOf(target);
    if (from === to) continue;
    const row = counts.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + 1);
    counts.set(from, row);
  }
}

const folders = [...new Set([...counts.keys(), ...[...counts.values()].flatMap((r) => [...r.keys()])])].sort();
const width = Math.max(...folders.map((f) => f.length));
console.log(`${'from \\ to'.padEnd(width)} ${folders.map((f) => f.slice(0, 5).padStart(5)).join(' ')}`);
for (const from of folders) {
  const row = counts.get(from);
  const cells = folders.map((to) => String(row?.get(to) ?? (to === from ? '·' : '')).padStart(5));
  console.log(`${from.padEnd(width)} ${cells.join(' ')}`);
}
