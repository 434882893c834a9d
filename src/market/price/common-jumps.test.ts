import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { CommonJumps, withCommonJumps } from './common-jumps.js';
import { createConstant } from './constant.js';
import { createGbm } from './gbm.js';
import { SECONDS_PER_YEAR } from './time.js';

const HOUR = 3600;

describe('CommonJumps', () => {
  const lambda = 500; // jumps per year
  const [m, s] = [-0.1, 0.03];
  const blocks = 50_000; // hourly blocks, ≈ 5.7 years
  const jumps = new CommonJumps(
    { jumpsPerYear: lambda, jumpMean: m, jumpStd: s },
    new RandomStream(2, 'common-jumps:crash'),
  );
  const eth = withCommonJumps(createConstant({ initial: 2000 }), [{ jumps, beta: 1, compensate: false }]);
  const wbtc = withCommonJumps(createConstant({ initial: 60000 }), [{ jumps, beta: 0.8, compensate: false }]);
  const returns: [number, number][] = [];
  let [pe, pw] = [eth.initial, wbtc.initial];
  for (let b = 1; b <= blocks; b++) {
    // WBTC asks first on odd blocks: the block's draw must not depend on who asks first.
    const ask = (process: typeof eth) => process.next(b * HOUR, HOUR);
    const w1 = b % 2 ? ask(wbtc) : 0;
    const e2 = ask(eth);
    const w2 = b % 2 ? w1 : ask(wbtc);
    returns.push([Math.log(e2 / pe), Math.log(w2 / pw)]);
    [pe, pw] = [e2, w2];
  }
  const jumpBlocks = returns.filter(([r]) => r !== 0);

  it('hits every asset in the same blocks, at a frequency 1 − e^{−λdt} within 5 binomial standard errors', () => {
    expect(returns.every(([e, w]) => (e === 0) === (w === 0))).toBe(true);
    const p = -Math.expm1((-lambda * HOUR) / SECONDS_PER_YEAR);
    expect(Math.abs(jumpBlocks.length / blocks - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / blocks));
  });

  it('moves each asset by its beta times the jump log size; the mean size per jump is m within 5 standard errors', () => {
    for (const [e, w] of jumpBlocks) expect(w).toBeCloseTo(0.8 * e, 12);
    const total = returns.reduce((a, [e]) => a + e, 0);
    // the sum of n log sizes is N(n·m, n·s²): its mean per jump has standard error s/√n
    expect(Math.abs(total / jumps.count - m)).toBeLessThan((5 * s) / Math.sqrt(jumps.count));
  });

  it('with compensation keeps E[S] on the drift: log price = β·n·m − λ(e^{βm} − 1)·t for fixed sizes', () => {
    const fixed = new CommonJumps(
      { jumpsPerYear: 50, jumpMean: -0.2, jumpStd: 0 },
      new RandomStream(5, 'common-jumps:x'),
    );
    const asset = withCommonJumps(createConstant({ initial: 100 }), [{ jumps: fixed, beta: 0.5, compensate: true }]);
    let price = 100;
    for (let b = 1; b <= 5000; b++) price = asset.next(b * HOUR, HOUR);
    const years = (5000 * HOUR) / SECONDS_PER_YEAR;
    const expected = 0.5 * fixed.count * -0.2 - 50 * (Math.exp(0.5 * -0.2) - 1) * years;
    expect(fixed.count).toBeGreaterThan(0);
    expect(Math.log(price / 100)).toBeCloseTo(expected, 9);
  });

  it("leaves the wrapped process's own draws alone: a gbm with jumps is the gbm times e^{β·J}", () => {
    const params = { initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 };
    const plain = createGbm(params, new RandomStream(8, 'price:ETH'));
    const crash = new CommonJumps(
      { jumpsPerYear: 1000, jumpMean: -0.1, jumpStd: 0.05 },
      new RandomStream(8, 'common-jumps:c'),
    );
    const jumped = withCommonJumps(createGbm(params, new RandomStream(8, 'price:ETH')), [
      { jumps: crash, beta: 1.5, compensate: false },
    ]);
    for (let b = 1; b <= 2000; b++) {
      const p = jumped.next(b * HOUR, HOUR);
      expect(Math.log(p / plain.next(b * HOUR, HOUR))).toBeCloseTo(1.5 * crash.sumAt(b * HOUR), 9);
    }
  });
});
