import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** The rule violations dependency-cruiser finds under `cwd`/src with the project's layer rules. */
function violations(cwd: string): Violation[] {
  const result = spawnSync(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('layers (docs/architecture.md)', () => {
  const probe = mkdtempSync(join(tmpdir(), 'cascade-layers-'));
  afterAll(() => rmSync(probe, { recursive: true, force: true }));

  it('no module of src/ imports from a layer above its own, and no module is part of a cycle', () => {
    const found = violations(ROOT).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual([]);
  }, 120_000);

  it('reports an upward import, a sibling import, a cycle and an unknown folder in a small tree', () => {
    const write = (path: string, text: string) => {
      mkdirSync(join(probe, path, '..'), { recursive: true });
      writeFileSync(join(probe, path), text);
    };
    write('src/kernel/floor.ts', "import { roof } from '../world/roof.js';\nexport const floor = roof + 1;\n");
    write('src/world/roof.ts', 'export const roof = 1;\n');
    write('src/oracle/feed.ts', "import { fee } from '../chain/fee.js';\nexport const feed = fee;\n");
    write('src/chain/fee.ts', "import { feed } from '../oracle/feed.js';\nexport const fee = () => feed;\n");
    write('src/misc/thing.ts', "import { floor } from '../kernel/floor.js';\nexport const thing = floor;\n");
    write('src/kernel/floor.test.ts', "import { roof } from '../world/roof.js';\nexport const t = roof;\n");
    const found = violations(probe).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toContain('layer-kernel: src/kernel/floor.ts → src/world/roof.ts');
    expect(found).toContain('layer-chain: src/chain/fee.ts → src/oracle/feed.ts');
    expect(found.some((f) => f.startsWith('no-cycles: src/chain/fee.ts'))).toBe(true);
    expect(found.some((f) => f.startsWith('unknown-folder: src/misc/thing.ts'))).toBe(true);
    // A test may build on higher layers to exercise one piece.
    expect(found.some((f) => f.includes('floor.test.ts'))).toBe(false);
  }, 120_000);
});
