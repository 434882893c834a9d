import { describe, it, expect } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { RandomStream } from '../../kernel/random.js';
import { createBridge, type BridgeAnchor } from './bridge.js';
import { SECONDS_PER_YEAR } from './time.js';

/** Runs the bridge in `block`-second blocks up to `lastSecond`; returns [time, price] pairs including t = 0. */
function run(anchors: BridgeAnchor[], sigma: number, block: number, lastSecond: number, seed = 1): [number, number][] {
  const process = createBridge({ anchors, volatilityAnnual: sigma }, new RandomStream(seed, 'bridge'));
  const out: [number, number][] = [[0, process.initial]];
  for (let t = block; t <= lastSecond; t += block) out.push([t, process.next(t, block)]);
  return out;
}

/** Hand formula: log-price interpolated linearly between the anchors around t (seconds); flat after the last. */
function logLinear(anchors: BridgeAnchor[], t: number): number {
  const minute = t / 60;
  const last = anchors[anchors.length - 1];
  if (minute >= last.minute) return last.price;
  let i = 0;
  while (anchors[i + 1].minute <= minute) i += 1;
  const a = anchors[i];
  const b = anchors[i + 1];
  const w = (minute - a.minute) / (b.minute - a.minute);
  return Math.exp((1 - w) * Math.log(a.price) + w * Math.log(b.price));
}

const anchors: BridgeAnchor[] = [
  { minute: 0, price: 2000 },
  { minute: 30, price: 1500 },
  { minute: 45, price: 1800 },
  { minute: 90, price: 1700 },
];

describe('createBridge', () => {
  it('passes exactly through every anchor on a block boundary while being noisy in between', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const path = run(anchors, 1.5, 12, 120 * 60, seed);
      const byTime = new Map(path);
      for (const anchor of anchors) {
        const price = byTime.get(anchor.minute * 60) as number;
        expect(Math.abs(price / anchor.price - 1)).toBeLessThan(1e-12);
      }
      const maxDeviation = Math.max(...path.map(([t, p]) => Math.abs(p / logLinear(anchors, t) - 1)));
      expect(maxDeviation).toBeGreaterThan(1e-4);
      for (const [t, p] of path) if (t >= 90 * 60) expect(p).toBe(1700); // flat after the last anchor
    }
  });

  it('with zero volatility equals linear interpolation in log-price', () => {
    // 7-second blocks: most anchors fall between blocks, so this also covers stepping over an anchor
    for (const [t, p] of run(anchors, 0, 7, 100 * 60)) {
      expect(Math.abs(p / logLinear(anchors, t) - 1)).toBeLessThan(1e-12);
    }
  });

  it('steps over an anchor between blocks and still hits later anchors exactly', () => {
    // 7-minute blocks skip the anchor at minute 30 (28 → 35) but land on minute 63 = 9·7
    const skip: BridgeAnchor[] = [
      { minute: 0, price: 100 },
      { minute: 30, price: 80 },
      { minute: 63, price: 90 },
    ];
    for (let seed = 1; seed <= 10; seed++) {
      const path = run(skip, 3, 7 * 60, 70 * 60, seed);
      const at63 = new Map(path).get(63 * 60) as number;
      expect(Math.abs(at63 / 90 - 1)).toBeLessThan(1e-12);
      for (const [, p] of path) expect(Number.isFinite(p) && p > 0).toBe(true);
    }
  });

  it('has Brownian-bridge variance σ²(t − s)(T − t)/(T − s) inside a segment', () => {
    const sigma = 1;
    const day = 86_400;
    const segment: BridgeAnchor[] = [
      { minute: 0, price: 100 },
      { minute: 10 * 24 * 60, price: 120 },
    ];
    const paths = 20_000;
    for (const days of [2, 5]) {
      const t = days * day;
      const logs = new Float64Array(paths);
      for (let p = 0; p < paths; p++) {
        const path = run(segment, sigma, day, t, 1000 + p); // coarse blocks: the step must be exact, not just small-dt
        logs[p] = Math.log(path[path.length - 1][1] / logLinear(segment, t));
      }
      // bridge from 0 (at s = 0) to 0 (at T = 10 days): mean 0, variance σ²·t(T − t)/T in years
      const expected = (sigma ** 2 * ((days * (10 - days)) / 10) * day) / SECONDS_PER_YEAR;
      let sum = 0;
      for (const x of logs) sum += x;
      const mean = sum / paths;
      let squares = 0;
      for (const x of logs) squares += (x - mean) ** 2;
      const variance = squares / (paths - 1);
      expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(expected / paths));
      expect(Math.abs(variance - expected)).toBeLessThan(4 * expected * Math.sqrt(2 / (paths - 1)));
    }
  });

  it('is flat with a single anchor and repeats with the same seed', () => {
    for (const [, p] of run([{ minute: 0, price: 42 }], 2, 12, 600)) expect(p).toBe(42);
    expect(run(anchors, 1, 12, 3600, 5)).toEqual(run(anchors, 1, 12, 3600, 5));
  });

  it('rejects invalid anchors', () => {
    const rng = new RandomStream(1, 'x');
    const make = (list: BridgeAnchor[]) => () => createBridge({ anchors: list, volatilityAnnual: 0.5 }, rng);
    expect(make([])).toThrow(ScenarioError);
    expect(make([{ minute: 5, price: 1 }])).toThrow(/anchors\[0\]\.minute must be 0/);
    expect(
      make([
        { minute: 0, price: 1 },
        { minute: 0, price: 2 },
      ]),
    ).toThrow(/anchors\[1\]\.minute/);
    expect(
      make([
        { minute: 0, price: 1 },
        { minute: 10, price: 0 },
      ]),
    ).toThrow(/anchors\[1\]\.price/);
    expect(() => createBridge({ anchors, volatilityAnnual: -1 }, rng)).toThrow(/volatilityAnnual/);
  });
});
