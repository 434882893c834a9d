import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImpactMode } from './offchain-math.js';
import { OffchainMarket } from './offchain.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

const F = 2000;
const D = 5e6;
const modes: ImpactMode[] = ['linear', 'sqrt'];

const market = (impact: ImpactMode, feeBps = 0, resilienceHalfLifeSeconds = 60) =>
  new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USD',
    fundamental: F,
    depthUsdPer1Pct: D,
    impact,
    resilienceHalfLifeSeconds,
    feeBps,
  });

/** Marginal price after `v` USD sold, written out independently of the implementation. */
const marginal = (v: number, mode: ImpactMode) =>
  F * (mode === 'linear' ? 0.99 ** (v / D) : 0.99 ** (Math.sign(v) * Math.sqrt(Math.abs(v) / D)));

/** Composite Simpson rule with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/** Quote received for selling `a` base from outstanding `v0`: ∫_0^a marginal(v0 + F·b) db, split at V = 0. */
function numericProceeds(v0: number, a: number, mode: ImpactMode): number {
  const price = (b: number) => marginal(v0 + F * b, mode);
  const zeroAt = -v0 / F; // base sold when V crosses 0
  if (zeroAt > 0 && zeroAt < a) return simpson(price, 0, zeroAt) + simpson(price, zeroAt, a);
  return simpson(price, 0, a);
}

describe('OffchainMarket', () => {
  for (const mode of modes) {
    it(`selling D from rest moves the mid exactly −1% (${mode})`, () => {
      const m = market(mode);
      m.sell(D / F);
      expect(relErr(m.mid(), 0.99 * F)).toBeLessThan(1e-14);
      expect(m.outstandingUsd()).toBe(D);
      expect(relErr(m.impactFactor(), 0.99)).toBeLessThan(1e-14);
    });

    it(`proceeds equal the integral of the marginal price, fee deducted (${mode})`, () => {
      for (const a of [0.01, 700, 2500, 40_000]) {
        const m = market(mode, 7);
        m.sell(1300); // start away from rest
        const v0 = m.outstandingUsd();
        const tol = mode === 'sqrt' ? 1e-9 : 1e-11;
        const quoted = m.quoteSell(a);
        expect(relErr(quoted, numericProceeds(v0, a, mode) * (1 - 7 / 10_000))).toBeLessThan(tol);
        expect(m.sell(a)).toBe(quoted);
        expect(m.outstandingUsd()).toBe(v0 + a * F);
      }
    });

    it(`a sale crossing V = 0 after purchases matches the piecewise integral (${mode})`, () => {
      const m = market(mode);
      m.buy(6e6); // V < 0: price above the fundamental
      const v0 = m.outstandingUsd();
      expect(v0).toBeLessThan(0);
      expect(m.mid()).toBeGreaterThan(F);
      const a = (-v0 + 2e6) / F; // ends 2M USD past rest
      // Simpson converges like h^1.5 at the sqrt kink, hence the looser tolerance there
      expect(relErr(m.quoteSell(a), numericProceeds(v0, a, mode))).toBeLessThan(mode === 'sqrt' ? 1e-8 : 1e-11);
      m.sell(a);
      expect(relErr(m.outstandingUsd(), 2e6)).toBeLessThan(1e-12);
    });

    it(`selling never gets better than the mid, buying never better than 1/mid (${mode})`, () => {
      fc.assert(
        fc.property(
          fc.double({ min: -20 * D, max: 20 * D, noNaN: true }),
          fc.double({ min: 1e-6, max: 1e5, noNaN: true }),
          (v0, size) => {
            const m = market(mode);
            if (v0 > 0) m.sell(v0 / F);
            else m.buy(-v0); // any state, reached by trading
            expect(m.quoteSell(size)).toBeLessThan(size * m.mid());
            expect(m.quoteBuy(size * F)).toBeLessThan((size * F) / m.mid());
          },
        ),
      );
    });

    it(`a buy then a sale of what it bought returns the spend less two fees (${mode})`, () => {
      fc.assert(
        fc.property(
          fc.double({ min: -10 * D, max: 10 * D, noNaN: true }),
          fc.double({ min: 1, max: 3e7, noNaN: true }),
          fc.integer({ min: 0, max: 50 }),
          (v0, spend, feeBps) => {
            const m = market(mode, feeBps);
            if (v0 > 0) m.sell(v0 / F);
            else m.buy(-v0);
            const start = m.outstandingUsd();
            const quoted = m.quoteBuy(spend);
            expect(m.outstandingUsd()).toBe(start); // quotes leave the state alone
            const base = m.buy(spend);
            expect(base).toBe(quoted);
            const back = m.sell(base);
            // the sale walks back exactly the curve the buy walked up
            expect(relErr(back, spend * (1 - feeBps / 10_000) ** 2)).toBeLessThan(1e-12);
            expect(Math.abs(m.outstandingUsd() - start)).toBeLessThan(1e-12 * Math.max(Math.abs(start), spend));
          },
        ),
      );
    });

    it(`decay: one half-life halves V; halfLife 0 recovers at once (${mode})`, () => {
      const m = market(mode, 0, 60);
      m.sell(5000);
      const v = m.outstandingUsd();
      m.advance(2100, 60);
      expect(m.outstandingUsd()).toBe(v / 2);
      expect(relErr(m.mid(), marginal(v / 2, mode) * (2100 / F))).toBeLessThan(1e-14);
      m.advance(2100, 120);
      expect(m.outstandingUsd()).toBe(v / 8);

      const instant = market(mode, 0, 0);
      instant.buy(1e7);
      instant.advance(1900, 12);
      expect(instant.outstandingUsd()).toBe(0);
      expect(instant.mid()).toBe(1900);
    });
  }

  it('at rest the mid is the fundamental and zero-size trades are free', () => {
    const m = market('sqrt');
    expect(m.mid()).toBe(F);
    expect(m.quoteSell(0)).toBe(0);
    expect(m.quoteBuy(0)).toBe(0);
    expect(m.impactFactor()).toBe(1);
  });
  it('bounded law: a repeated sell quote, and one asked after a fork traded, equal a fresh market in that state', () => {
    const bounded = () => market('bounded', 10);
    const m = bounded();
    m.sell(3000);
    const first = m.quoteSell(700);
    // The same state, reached by a market that never quoted: its answer is the reference.
    const fresh = bounded();
    fresh.sell(3000);
    expect(m.quoteSell(700)).toBe(first);
    expect(first).toBe(fresh.quoteSell(700));
    // A fork's sale moves only the fork; its quotes never become the original's answers.
    const copy = m.fork();
    copy.sell(5000);
    const forkQuote = copy.quoteSell(700);
    expect(forkQuote).toBeLessThan(first);
    expect(m.quoteSell(700)).toBe(first);
    // A sale and a new block change the state: the quote is then the fresh market's after the same steps.
    m.sell(100);
    fresh.sell(100);
    expect(m.quoteSell(700)).toBe(fresh.quoteSell(700));
    expect(m.quoteSell(700)).toBeLessThan(first);
    m.advance(1990, 12);
    fresh.advance(1990, 12);
    expect(m.quoteSell(700)).toBe(fresh.quoteSell(700));
  });
});
