import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { CorrelatedNormals } from './correlated-normals.js';
import { createGbm } from './gbm.js';

const N = 20_000;

function sampleCorrelation(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('CorrelatedNormals', () => {
  it('has the requested correlation, zero means and unit variances within 5 standard errors', () => {
    const rho = 0.8;
    const group = new CorrelatedNormals(
      [
        [1, rho],
        [rho, 1],
      ],
      [new RandomStream(7, 'price:ETH'), new RandomStream(7, 'price:WBTC')],
      'c',
    );
    const [a, b] = [group.source(0), group.source(1)];
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < N; i++) {
      x.push(a.normal());
      y.push(b.normal());
    }
    // Standard errors for n draws: the mean 1/√n; the variance √(2/n); Pearson's r (1 − ρ²)/√n (large-sample).
    for (const v of [x, y]) {
      const mean = v.reduce((s, t) => s + t, 0) / N;
      const variance = v.reduce((s, t) => s + (t - mean) ** 2, 0) / (N - 1);
      expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
      expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    }
    expect(Math.abs(sampleCorrelation(x, y) - rho)).toBeLessThan((5 * (1 - rho * rho)) / Math.sqrt(N));
  });

  it("gives the first asset exactly its own stream's normals, and the same values whatever order assets ask in", () => {
    const matrix = [
      [1, -0.3, 0.5],
      [-0.3, 1, 0.2],
      [0.5, 0.2, 1],
    ];
    const streams = () => ['A', 'B', 'C'].map((s) => new RandomStream(3, `price:${s}`));
    const inTurn = new CorrelatedNormals(matrix, streams(), 'c');
    const oneAfterAnother = new CorrelatedNormals(matrix, streams(), 'c');
    const turns = [0, 1, 2].map((k) => inTurn.source(k));
    const rows: number[][] = [[], [], []];
    for (let i = 0; i < 50; i++) for (let k = 0; k < 3; k++) rows[k].push(turns[k].normal());
    for (const k of [2, 0, 1]) {
      const source = oneAfterAnother.source(k);
      for (let i = 0; i < 50; i++) expect(source.normal()).toBe(rows[k][i]);
    }
    const own = new RandomStream(3, 'price:A');
    for (let i = 0; i < 50; i++) expect(rows[0][i]).toBe(own.normal());
  });

  it('drives correlated GBMs: log-returns of two assets at ρ = 0.5 correlate at 0.5 within 5 standard errors', () => {
    const rho = 0.5;
    const group = new CorrelatedNormals(
      [
        [1, rho],
        [rho, 1],
      ],
      [new RandomStream(11, 'price:ETH'), new RandomStream(11, 'price:BTC')],
      'c',
    );
    const eth = createGbm({ initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 }, group.source(0));
    const btc = createGbm({ initial: 60000, driftAnnual: 0.1, volatilityAnnual: 0.5 }, group.source(1));
    const x: number[] = [];
    const y: number[] = [];
    let [pe, pb] = [eth.initial, btc.initial];
    for (let i = 1; i <= N; i++) {
      const [e, b] = [eth.next(12 * i, 12), btc.next(12 * i, 12)];
      x.push(Math.log(e / pe));
      y.push(Math.log(b / pb));
      [pe, pb] = [e, b];
    }
    expect(Math.abs(sampleCorrelation(x, y) - rho)).toBeLessThan((5 * (1 - rho * rho)) / Math.sqrt(N));
  });
});
