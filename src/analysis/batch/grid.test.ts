import { describe, expect, it } from 'vitest';
import { UsageError } from '../../kernel/errors.js';
import { baselineCell, gridCells, parseGrid } from './grid.js';

describe('parseGrid', () => {
  it('parses numbers, booleans and strings, in the order given', () => {
    expect(
      parseGrid([
        'protocols.0.liquidationBonus=0.05,0.1,1e-2',
        'venues.1.impact=linear, sqrt',
        'flag=true,false',
        'oracles.0.id="0.5",\'true\'',
      ]),
    ).toEqual([
      { path: 'protocols.0.liquidationBonus', values: [0.05, 0.1, 0.01] },
      { path: 'venues.1.impact', values: ['linear', 'sqrt'] },
      { path: 'flag', values: [true, false] },
      { path: 'oracles.0.id', values: ['0.5', 'true'] },
    ]);
    expect(parseGrid(['blocks=-3,+4,.5,7.'])[0].values).toEqual([-3, 4, 0.5, 7]);
    expect(parseGrid(['a=0x10,1e999x'])[0].values).toEqual(['0x10', '1e999x']);
  });

  it.each([
    ['blocks', /--grid blocks: expected path=v1,v2/],
    ['=1,2', /--grid =1,2: expected path=v1,v2/],
    ['protocols..ltv=1', /--grid protocols\.\.ltv=1: path "protocols\.\.ltv" has an empty segment/],
    ['0.ltv=1', /--grid 0\.ltv=1: path "0\.ltv" must start with a field name/],
    ['protocols.01.ltv=1', /segment "01" is neither a field name .* nor a list index/],
    ['a.__proto__.b=1', /"__proto__" is not allowed in a path/],
    ['a.b c=1', /segment "b c" is neither/],
    ['blocks=1,,2', /--grid blocks=1,,2: empty value/],
    ['blocks=', /--grid blocks=: empty value/],
    ['blocks=1e999', /value 1e999 is not a finite number/],
    ['blocks=1,2,1', /value 1 is listed twice/],
  ])('rejects %s with a UsageError naming --grid', (raw, message) => {
    expect(() => parseGrid([raw])).toThrow(UsageError);
    expect(() => parseGrid([raw])).toThrow(message);
  });

  it('rejects the same path in two --grid flags, and keeps 1 and "1" apart', () => {
    expect(() => parseGrid(['blocks=1', 'blocks=2'])).toThrow(
      /--grid blocks=2: path blocks is already swept by an earlier --grid/,
    );
    expect(parseGrid(['a=1,"1"'])[0].values).toEqual([1, '1']);
  });
});

describe('gridCells', () => {
  it('is the cartesian product with the first axis varying slowest, numbered from 0', () => {
    const cells = gridCells([
      { path: 'a', values: [1, 2] },
      { path: 'b', values: ['x', 'y', 'z'] },
      { path: 'c', values: [true, false] },
    ]);
    expect(cells).toHaveLength(12); // 2 · 3 · 2
    expect(cells.map((c) => c.cell)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(cells.slice(0, 4).map((c) => c.parameters)).toEqual([
      { a: 1, b: 'x', c: true },
      { a: 1, b: 'x', c: false },
      { a: 1, b: 'y', c: true },
      { a: 1, b: 'y', c: false },
    ]);
    // index = i_a·(3·2) + i_b·2 + i_c: a=2 (i 1), b='z' (i 2), c=false (i 1) → 6 + 4 + 1 = 11
    expect(cells[11].parameters).toEqual({ a: 2, b: 'z', c: false });
    expect(Object.keys(cells[7].parameters)).toEqual(['a', 'b', 'c']);
  });

  it('gives one empty cell for no axes (plain Monte Carlo) and works on parseGrid output', () => {
    expect(gridCells([])).toEqual([{ cell: 0, parameters: {} }]);
    expect(gridCells(parseGrid(['x=1,2', 'y=a'])).map((c) => c.parameters)).toEqual([
      { x: 1, y: 'a' },
      { x: 2, y: 'a' },
    ]);
  });
});

describe('baselineCell', () => {
  const cells = gridCells(parseGrid(['venues.1.liquidityUsd=2e6,4e6', 'protocols.0.liquidationBonus=0.05,0.1']));

  it('is the first cell by default, else the index or the one cell the path=value pairs pick', () => {
    expect(baselineCell(undefined, cells)).toBe(0);
    expect(baselineCell('3', cells)).toBe(3);
    // 4e6 reads as the number 4,000,000, as in --grid; cell = i_depth·2 + i_bonus = 1·2 + 0.
    expect(baselineCell('venues.1.liquidityUsd=4000000,protocols.0.liquidationBonus=0.05', cells)).toBe(2);
    expect(baselineCell('x=b', gridCells(parseGrid(['x=a,b'])))).toBe(1);
  });

  it('names --baseline and the problem: no such cell, an unswept path, no match or several', () => {
    expect(() => baselineCell('4', cells)).toThrow(/--baseline 4: no cell 4; the sweep has cells 0 to 3/);
    expect(() => baselineCell('blocks=10', cells)).toThrow(
      /blocks is not swept; the grid paths are venues.1.liquidityUsd, protocols.0.liquidationBonus/,
    );
    expect(() => baselineCell('venues.1.liquidityUsd=3e6', cells)).toThrow(/no cell has venues.1.liquidityUsd=3000000/);
    expect(() => baselineCell('venues.1.liquidityUsd=2e6', cells)).toThrow(
      /2 cells match; give a value for every grid path/,
    );
    expect(() => baselineCell('oops', cells)).toThrow(UsageError);
  });
});
