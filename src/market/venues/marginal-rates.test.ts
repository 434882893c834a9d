import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../kernel/errors.js';
import { ConstantProductPool } from './cpamm.js';
import type { ImpactMode } from './offchain-math.js';
import { OffchainMarket } from './offchain.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

const market = (impact: ImpactMode, feeBps = 0, depthUsdPer1Pct = 2e6) =>
  new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USD',
    fundamental: 2000,
    depthUsdPer1Pct,
    impact,
    resilienceHalfLifeSeconds: 60,
    feeBps,
  });

describe('constant-product pool marginal rates', () => {
  const pool = () =>
    new ConstantProductPool({
      id: 'pool',
      base: 'ETH',
      quote: 'USDC',
      reserveBase: 5000,
      reserveQuote: 10e6,
      feeBps: 30,
    });

  it('are γ·y/x and γ·x/y with curvatures γ/x and γ/y (5000 ETH, 10M USDC, 30 bps)', () => {
    const p = pool();
    expect(p.marginalSellRate()).toBeCloseTo(0.997 * 2000, 9);
    expect(p.marginalBuyRate()).toBeCloseTo(0.997 / 2000, 15);
    expect(p.sellCurvature()).toBeCloseTo(0.997 / 5000, 15);
    expect(p.buyCurvature()).toBeCloseTo(0.997 / 10e6, 18);
  });

  it('describe getAmountOut exactly: quote(a) = rate·a/(1 + κa) for sales and purchases (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e8, noNaN: true }), (amount) => {
        const p = pool();
        const sale = (p.marginalSellRate() * amount) / (1 + p.sellCurvature() * amount);
        const purchase = (p.marginalBuyRate() * amount) / (1 + p.buyCurvature() * amount);
        expect(relErr(p.quoteSell(amount), sale)).toBeLessThan(1e-14);
        expect(relErr(p.quoteBuy(amount), purchase)).toBeLessThan(1e-14);
      }),
    );
  });
});

describe('off-chain market marginal rates', () => {
  it('are (1 − fee)·mid and (1 − fee)/mid; linear curvature |ln 0.99|·F/(2D)', () => {
    const m = market('linear', 10);
    expect(m.marginalSellRate()).toBeCloseTo(2000 * 0.999, 9);
    expect(m.marginalBuyRate()).toBeCloseTo(0.999 / 2000, 15);
    // |ln 0.99| = 0.0100503…; F/(2D) = 2000/4e6.
    expect(m.sellCurvature()).toBeCloseTo((0.01005033585350145 * 2000) / 4e6, 15);
    expect(market('sqrt').sellCurvature()).toBe(0);
  });

  it('are the slopes of the quotes at 0', () => {
    for (const impact of ['linear', 'sqrt', 'bounded'] as const) {
      const m = market(impact, 5);
      m.sell(300); // V = 600k: away from rest
      expect(relErr(m.quoteSell(1e-6) / 1e-6, m.marginalSellRate())).toBeLessThan(1e-9);
      expect(relErr(m.quoteBuy(1e-3) / 1e-3, m.marginalBuyRate())).toBeLessThan(1e-9);
    }
  });

  it('bound every quote: sale ≤ σb/(1 + κb), purchase ≤ βq, from any state (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ImpactMode>('linear', 'sqrt', 'bounded'),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e5, noNaN: true }),
        (impact, feeBps, outstandingInDepths, size) => {
          const m = market(impact, feeBps);
          if (outstandingInDepths > 0) m.sell((outstandingInDepths * 2e6) / 2000);
          if (outstandingInDepths < 0) m.buy(-outstandingInDepths * 2e6);
          const saleBound = (m.marginalSellRate() * size) / (1 + m.sellCurvature() * size);
          expect(m.quoteSell(size)).toBeLessThanOrEqual(saleBound * (1 + 1e-12));
          const spend = size * 2000;
          expect(m.quoteBuy(spend)).toBeLessThanOrEqual(m.marginalBuyRate() * spend * (1 + 1e-12));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('off-chain market memoised state', () => {
  it('mid() is fundamental·g(V) after every kind of state change', () => {
    const m = market('sqrt', 5);
    expect(m.mid()).toBe(2000 * m.impactFactor());
    m.sell(1000);
    expect(m.mid()).toBe(2000 * m.impactFactor());
    m.buy(5e5);
    expect(m.mid()).toBe(2000 * m.impactFactor());
    m.advance(1900, 12);
    expect(m.mid()).toBe(1900 * m.impactFactor());
    expect(m.mid()).toBeLessThan(1900); // net sales outstanding
  });

  it('advance decays V by 2^(−dt/halfLife) whether dt repeats or changes, and still rejects a bad dt', () => {
    const m = market('linear');
    m.sell(1000); // V = 2e6
    m.advance(2000, 12);
    m.advance(2000, 12);
    m.advance(2000, 6);
    expect(m.outstandingUsd()).toBe(2e6 * 2 ** (-12 / 60) * 2 ** (-12 / 60) * 2 ** (-6 / 60));
    expect(() => m.advance(2000, Number.NaN)).toThrow(InvariantError);
    expect(() => m.advance(2000, -1)).toThrow(InvariantError);
  });
});
