import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { CorrelatedNormals } from './correlated-normals.js';
import { createGbm } from './gbm.js';
import { createJumpDiffusion } from './jump-diffusion.js';

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

describe('correlated jump-diffusion', () => {
  it('correlates the diffusion at ρ (Fisher z, 5 SEs) while the idiosyncratic jumps stay independent', () => {
    const rho = 0.6;
    const blocks = 40_000;
    const streams = [new RandomStream(21, 'price:ETH'), new RandomStream(21, 'price:WBTC')];
    const group = new CorrelatedNormals(
      [
        [1, rho],
        [rho, 1],
      ],
      streams,
      'c',
    );
    // Fixed jump size −0.1 (jumpStd 0), 12 times a block's diffusive sd (0.8·√(1 h/yr) ≈ 0.0085): a block falling more
    // than 0.05 jumped (a diffusive move that far is a 6-sd event, P ≈ 1e-9).
    const params = {
      initial: 100,
      driftAnnual: 0,
      volatilityAnnual: 0.8,
      jumpsPerYear: 400,
      jumpMean: -0.1,
      jumpStd: 0,
    };
    const eth = createJumpDiffusion(params, streams[0], group.source(0));
    const wbtc = createJumpDiffusion(params, streams[1], group.source(1));
    const [x, y] = [[] as number[], [] as number[]];
    let [pe, pw, jumpsE, jumpsW, both] = [100, 100, 0, 0, 0];
    for (let b = 1; b <= blocks; b++) {
      const [e, w] = [eth.next(b * 3600, 3600), wbtc.next(b * 3600, 3600)];
      const [re, rw] = [Math.log(e / pe), Math.log(w / pw)];
      [pe, pw] = [e, w];
      const [je, jw] = [re < -0.05, rw < -0.05];
      jumpsE += Number(je);
      jumpsW += Number(jw);
      both += Number(je && jw);
      if (!je && !jw) {
        x.push(re);
        y.push(rw);
      }
    }
    expect(Math.abs(Math.atanh(sampleCorrelation(x, y)) - Math.atanh(rho))).toBeLessThan(5 / Math.sqrt(x.length - 3));
    // Independent jumps: P(both jump in a block) = p², p = P(a jump) ≈ 1 − e^{−λdt}; binomial bound on the count.
    const p = -Math.expm1((-400 * 3600) / (365 * 24 * 3600));
    expect(Math.abs(jumpsE / blocks - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / blocks));
    expect(Math.abs(jumpsW / blocks - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / blocks));
    expect(Math.abs(both - blocks * p * p)).toBeLessThan(5 * Math.sqrt(blocks * p * p) + 1);
  });
});
