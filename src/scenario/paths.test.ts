import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { describeValue, formatPath, getAtPath, hasAtPath, locateNode, parsePath, setAtPath } from './paths.js';

describe('paths', () => {
  it('parse and format dotted paths', () => {
    expect(parsePath('protocols.0.ltv')).toEqual(['protocols', '0', 'ltv']);
    expect(() => parsePath('a..b')).toThrow(/empty segment/);
    expect(formatPath(['protocols', 0, 'ltv'])).toBe('protocols.0.ltv');
    expect(formatPath([])).toBe('(top level)');
  });

  it('get values and tell missing from null', () => {
    const data = { a: [{ b: 1 }, { c: null }] };
    expect(getAtPath(data, ['a', '0', 'b'])).toBe(1);
    expect(getAtPath(data, ['a', 1, 'c'])).toBeNull();
    expect(hasAtPath(data, ['a', 1, 'c'])).toBe(true);
    expect(hasAtPath(data, ['a', 2])).toBe(false);
    expect(hasAtPath(data, ['a', 'x'])).toBe(false);
    expect(getAtPath(data, ['a', 0, 'b', 'deeper'])).toBeUndefined();
  });

  it('set values, creating mappings and lists on the way and appending to lists', () => {
    const data: Record<string, unknown> = { a: [{ b: 1 }] };
    setAtPath(data, ['a', '0', 'b'], 2);
    setAtPath(data, ['a', '1'], { b: 3 });
    setAtPath(data, ['x', 'y'], 'z');
    setAtPath(data, ['list', '0', 'k'], true);
    expect(data).toEqual({ a: [{ b: 2 }, { b: 3 }], x: { y: 'z' }, list: [{ k: true }] });
  });

  it('refuse paths through scalars, bad indices and prototype keys', () => {
    const data: Record<string, unknown> = { n: 5, a: [1] };
    expect(() => setAtPath(data, ['n', 'x'], 1)).toThrow('n is 5, not a mapping or list, so it has no "x"');
    expect(() => setAtPath(data, ['a', 'first'], 1)).toThrow(
      'a is a list and "first" is not an index (use 0 to 0, or 1 to append)',
    );
    expect(() => setAtPath(data, ['a', '3'], 1)).toThrow('index 3 is out of range');
    expect(() => setAtPath(data, ['__proto__', 'polluted'], 1)).toThrow('not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('describe values', () => {
    expect(describeValue('cubic')).toBe('"cubic"');
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('a list of 2 items');
    expect(describeValue({})).toBe('a mapping');
  });

  it('locate nodes, keys and the nearest existing ancestor', () => {
    const text = [
      'top:',
      '  list:',
      '    - a: 1',
      '      b: [x, y]',
      'other: &anchor',
      '  deep: 2',
      'alias: *anchor',
      '',
    ].join('\n');
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    expect(locateNode(doc, lineCounter, ['top', 'list', 0, 'b', 1])).toEqual({
      position: { line: 4, col: 14 },
      keyPosition: undefined,
      found: true,
    });
    expect(locateNode(doc, lineCounter, ['top', 'list', '0', 'a'])).toEqual({
      position: { line: 3, col: 10 },
      keyPosition: { line: 3, col: 7 },
      found: true,
    });
    expect(locateNode(doc, lineCounter, ['top', 'list', 0, 'missing'])).toEqual({
      position: { line: 3, col: 7 },
      found: false,
    });
    expect(locateNode(doc, lineCounter, ['alias', 'deep'])).toMatchObject({
      position: { line: 6, col: 9 },
      found: true,
    });
  });
});
