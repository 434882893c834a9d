import { describe, expect, it } from 'vitest';
import { readCurveCsv } from './curve-csv.js';
import { readBookCsv } from './book-csv.js';

describe('curve CSV', () => {
  it('reads the wide form: average impacts become cumulative proceeds and costs', () => {
    const { value, problems } = readCurveCsv(
      'size_base,sell_impact_bps,buy_impact_bps\n100,100,100\n200,200,\n',
      'c.csv',
      'average',
    );
    expect(problems).toEqual([]);
    // 100·(1 − 0.01) = 99, 200·(1 − 0.02) = 196; purchases 100·1.01 = 101 (no second purchase row).
    expect(value?.sells.sizes).toEqual([100, 200]);
    expect(value?.sells.values[0]).toBeCloseTo(99, 12);
    expect(value?.sells.values[1]).toBeCloseTo(196, 12);
    expect(value?.buys.values).toEqual([101]);
    expect(value?.sizeUnit).toBe('base');
  });

  it('reads the long form and marginal impacts as a walk of levels', () => {
    const text = '# sweep\nside,size,impact_bps\nsell,100,100\nsell,200,300\nbuy,50,20\n';
    const { value } = readCurveCsv(text, 'c.csv', 'marginal');
    // Marginal: 100 at 0.99, then 100 more at 0.97: 99 + 97 = 196.
    expect(value?.sells.values[1]).toBeCloseTo(196, 12);
    expect(value?.sizeUnit).toBeUndefined();
  });

  it('rejects a row whose average impact implies a rising marginal price, naming line and column', () => {
    // 100 at 200 bps fetches 98; 200 at 150 bps fetches 197: the second 100 fill at 0.99 > 0.98.
    const { value, problems } = readCurveCsv(
      'size_usd,sell_impact_bps,buy_impact_bps\n100,200,10\n200,150,20\n',
      'c.csv',
      'average',
    );
    expect(value).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'c.csv', line: 3, column: 2, field: 'sell_impact_bps' });
    expect(problems[0].message).toMatch(/not monotone/);
  });

  it('lists bad cells, sizes out of order, falling marginal impacts and a missing side', () => {
    const text = 'side,size_usd,impact_bps\nsell,100,5\nsell,abc,6\nsell,50,7\nhold,10,1\nsell,300,-1\n';
    const { problems, problemCount } = readCurveCsv(text, 'c.csv', 'marginal');
    const at = problems.map((p) => `${p.line}:${p.field}`);
    // Whole-file problems sort first, then by line.
    expect(at).toEqual(['null:null', '3:size_usd', '4:size_usd', '5:side', '6:impact_bps']);
    expect(problemCount).toBe(5);
    expect(problems[0].message).toMatch(/no buy rows/);
    const falling = readCurveCsv('side,size_usd,impact_bps\nsell,100,9\nsell,200,8\nbuy,1,1\n', 'c.csv', 'marginal');
    expect(falling.problems[0]).toMatchObject({ line: 3, field: 'impact_bps' });
  });

  it('rejects an unknown header and a zero last impact when extrapolating', () => {
    expect(readCurveCsv('qty,impact\n1,2\n', 'c.csv', 'average').problems[0]).toMatchObject({ line: 1 });
    const flat = readCurveCsv('size_usd,sell_impact_bps,buy_impact_bps\n100,0,0\n', 'c.csv', 'average', true);
    expect(flat.problems.map((p) => p.message).join()).toMatch(/zero impact/);
  });
});

describe('order-book snapshot CSV', () => {
  it('sorts each side best first', () => {
    const { value, problems } = readBookCsv('side,price,size\nbid,98,2\nask,103,1\nbid,99,1\nask,101,3\n', 'b.csv');
    expect(problems).toEqual([]);
    expect(value?.bids).toEqual([
      { price: 99, size: 1 },
      { price: 98, size: 2 },
    ]);
    expect(value?.asks).toEqual([
      { price: 101, size: 3 },
      { price: 103, size: 1 },
    ]);
  });

  it('names file, line and column of every bad level: side, non-positive size, duplicate, crossed', () => {
    const text = 'side,price,size\nbid,99,1\nbid,99,2\nask,100,0\nlong,1,1\nask,98.5,1\nbid,97,1\n';
    const { problems } = readBookCsv(text, 'b.csv');
    expect(problems.map((p) => `${p.line}:${p.column}:${p.field}`)).toEqual(
      ['3:2:price', '4:3:size', '5:1:side', '2:2:price'].sort(
        (a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]),
      ),
    );
    expect(problems.find((p) => p.line === 2)?.message).toMatch(/crossed/);
  });

  it('needs both sides', () => {
    expect(readBookCsv('side,price,size\nbid,99,1\n', 'b.csv').problems[0].message).toMatch(/no ask levels/);
  });
});
