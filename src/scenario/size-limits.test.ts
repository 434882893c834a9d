import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { ScenarioError } from '../kernel/errors.js';
import { MAX_SCENARIO_BYTES, PROBLEMS_LISTED_PER_SCENARIO } from './limits.js';
import { loadScenario, parseScenario } from './load.js';
import { locateNode } from './paths.js';
import { ScenarioProblems } from './problems.js';
import { duplicateKeys } from './yaml-keys.js';

const shipped = readFileSync(new URL('../../scenarios/gbm-day.yaml', import.meta.url), 'utf8');

/** A shipped scenario followed by `n` unknown top-level keys `k0: 0` … : n problems, one per key. */
function withUnknownKeys(n: number): string {
  const extra: string[] = [];
  for (let i = 0; i < n; i++) extra.push(`k${i}: ${i}`);
  return `${shipped.trimEnd()}\n${extra.join('\n')}\n`;
}

function problemsOf(text: string): ScenarioProblems {
  try {
    parseScenario(text, 'big.yaml');
  } catch (error) {
    if (error instanceof ScenarioProblems) return error;
    throw error;
  }
  throw new Error('expected ScenarioProblems');
}

/**
 * The items of the document's top-level mapping behind a proxy that counts element reads: the work a function does
 * on the mapping, independent of the machine's speed.
 */
function countedTopLevel(text: string): {
  doc: ReturnType<typeof parseDocument>;
  lc: LineCounter;
  reads: () => number;
} {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  const map = doc.contents as YAMLMap;
  let reads = 0;
  map.items = new Proxy(map.items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { doc, lc, reads: () => reads };
}

describe('a scenario with many problems', () => {
  const n = 3000;
  const error = problemsOf(withUnknownKeys(n));

  it(`lists the first ${PROBLEMS_LISTED_PER_SCENARIO} in line order and counts the rest`, () => {
    expect(error.problems).toHaveLength(PROBLEMS_LISTED_PER_SCENARIO);
    // gbm-day.yaml has 59 lines (trailing newline trimmed), so k0 is on line 60.
    const lines = shipped.trimEnd().split('\n').length;
    expect(error.problems[0].text).toMatch(new RegExp(`^big\\.yaml:${lines + 1}:1: k0: unknown field`));
    expect(error.problems[PROBLEMS_LISTED_PER_SCENARIO - 1].field).toBe(`k${PROBLEMS_LISTED_PER_SCENARIO - 1}`);
    expect(error.omitted).toEqual([{ file: 'big.yaml', count: n - PROBLEMS_LISTED_PER_SCENARIO, listed: 100 }]);
    expect(error.message.split('\n')).toHaveLength(PROBLEMS_LISTED_PER_SCENARIO + 1);
    expect(error.message).toMatch(/big\.yaml: 2,900 more problems not shown \(the first 100 are listed\)$/);
  });
});

describe('work linear in the number of keys', () => {
  it('locating every key of a mapping reads each item a bounded number of times', () => {
    const readsFor = (n: number) => {
      const { doc, lc, reads } = countedTopLevel(withUnknownKeys(n));
      for (let i = 0; i < n; i++) locateNode(doc, lc, [`k${i}`]);
      return reads();
    };
    const small = readsFor(1000);
    const large = readsFor(2000);
    // One index of the mapping (each item read once or twice) serves every lookup: doubling the keys doubles the
    // reads (a scan per lookup would read n²/2 items, 4× for 2× the keys).
    expect(large).toBeLessThanOrEqual(2 * small + 200);
    expect(large).toBeLessThan(3 * 2000);
  });

  it('the duplicate-key check reads each item a bounded number of times', () => {
    const readsFor = (n: number) => {
      const { doc, reads } = countedTopLevel(withUnknownKeys(n));
      expect(duplicateKeys(doc)).toEqual([]);
      return reads();
    };
    const small = readsFor(1000);
    const large = readsFor(2000);
    expect(large).toBeLessThanOrEqual(2 * small + 200);
    expect(large).toBeLessThan(3 * 2000);
  });
});

describe('duplicate keys', () => {
  it('are found in nested mappings, compared as plain data would key them', () => {
    const doc = parseDocument('a: 1\nb:\n  c: 1\n  "c": 2\n1: x\n"1": y\n', { uniqueKeys: false });
    const found = duplicateKeys(doc).map(({ key }) => key);
    expect(found).toEqual(['c', '1']);
  });
});

describe('scenario size', () => {
  it(`refuses text over ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes before parsing it, with size and limit`, () => {
    const text = `name: x\ndescription: "${'a'.repeat(MAX_SCENARIO_BYTES)}"\n`;
    let caught: unknown;
    try {
      parseScenario(text, 'huge.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect(caught).not.toBeInstanceOf(ScenarioProblems);
    const bytes = (MAX_SCENARIO_BYTES + 24).toLocaleString('en-US');
    expect((caught as Error).message).toBe(
      `huge.yaml: the scenario is ${bytes} bytes (4.0 MiB); the limit is 4,194,304 bytes (4.0 MiB) ` +
        '(put price series and books in data files: a price CSV, a book CSV or Parquet file)',
    );
  });
});

describe('YAML alias bombs', () => {
  it('are refused with one error naming the file, not the yaml library exception', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ])
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    let caught: unknown;
    try {
      parseScenario(rows.join('\n'), 'bomb.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as Error).message).toMatch(/^bomb\.yaml: too many YAML alias expansions/);
  });

  it('in a --set value too, naming the argument', () => {
    const value =
      '[&a [x, x, x, x, x, x, x, x, x], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a], [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]]';
    expect(() => parseScenario(shipped, 'ok.yaml', [`description=${value}`])).toThrow(
      /--set description=.*too many YAML alias/,
    );
  });
});

describe('a scenario path that is no regular file', () => {
  it('is refused without reading (a link to /dev/zero would never end)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-zero-'));
    try {
      const file = join(dir, 'zero.yaml');
      symlinkSync('/dev/zero', file);
      expect(() => loadScenario(file)).toThrow(`${file}: not a regular file (a device, pipe or socket)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
