import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../kernel/errors.js';
import { buyRouted, routePurchase, routeSale, sellRouted } from './routing.js';
import { ConstantProductPool } from './venues/cpamm.js';
import { OffchainMarket } from './venues/offchain.js';
import { OrderBook } from './venues/order-book.js';
import type { Venue } from './venues/venue.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
/** |ln 0.99|. */
const L = -Math.log(0.99);

const pool = (id: string, reserveBase: number, reserveQuote: number, feeBps: number) =>
  new ConstantProductPool({ id, base: 'ETH', quote: 'USDC', reserveBase, reserveQuote, feeBps });
const linearMarket = (id: string, fundamental: number, depthUsdPer1Pct: number, feeBps = 0) =>
  new OffchainMarket({
    id,
    base: 'ETH',
    quote: 'USD',
    fundamental,
    depthUsdPer1Pct,
    impact: 'linear',
    resilienceHalfLifeSeconds: 60,
    feeBps,
  });

/** Delegates to `inner`, counts quotes, and states marginal rates only when `withRates`. */
class Watched implements Venue {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  quotes = 0;
  marginalSellRate?: () => number;
  marginalBuyRate?: () => number;
  constructor(
    private readonly inner: Venue,
    withRates: boolean,
  ) {
    this.id = inner.id;
    this.base = inner.base;
    this.quote = inner.quote;
    if (withRates) {
      this.marginalSellRate = () => inner.marginalSellRate?.() ?? Number.NaN;
      this.marginalBuyRate = () => inner.marginalBuyRate?.() ?? Number.NaN;
    }
  }
  mid(): number {
    return this.inner.mid();
  }
  quoteSell(baseIn: number): number {
    this.quotes++;
    return this.inner.quoteSell(baseIn);
  }
  quoteBuy(quoteIn: number): number {
    this.quotes++;
    return this.inner.quoteBuy(quoteIn);
  }
  sell(baseIn: number): number {
    return this.inner.sell(baseIn);
  }
  buy(quoteIn: number): number {
    return this.inner.buy(quoteIn);
  }
  depthUsdPer1Pct(): number {
    return this.inner.depthUsdPer1Pct();
  }
}

describe('routeSale against hand-derived optima', () => {
  it('two identical pools: half each', () => {
    // x = 1000 ETH, y = 2e6 USDC, γ = 0.997. By symmetry and concavity the optimum is 50/50:
    // 2·γ·y·50/(x + 50γ) = 2·0.997·2e6·50/1049.85 ≈ 189,931.895, against 0.997·2e6·100/1099.7 ≈ 181,322.18 on one.
    const a = pool('a', 1000, 2e6, 30);
    const b = pool('b', 1000, 2e6, 30);
    const { routes, proceeds } = routeSale([a, b], 100);
    expect(routes).toEqual([
      { venue: a, amount: 50 },
      { venue: b, amount: 50 },
    ]);
    expect(relErr(proceeds, (2 * 0.997 * 2e6 * 50) / (1000 + 0.997 * 50))).toBeLessThan(1e-13);
    expect(relErr(proceeds, 189_931.895)).toBeLessThan(1e-8);
  });

  it('also half each when the venues state no marginal rate (the slicing alone)', () => {
    const a = new Watched(pool('a', 1000, 2e6, 30), false);
    const b = new Watched(pool('b', 1000, 2e6, 30), false);
    const { routes } = routeSale([a, b], 100);
    expect(routes).toEqual([
      { venue: a, amount: 50 },
      { venue: b, amount: 50 },
    ]);
  });

  // Pool (x = 1000, y = 2e6, no fee) and a linear market (F = 2000, D = 20,000, no fee).
  // Marginals: pool y·x/(x + b)² = 2000·(1000/(1000 + b))²; market F·0.99^(b·F/D) = 2000·0.99^(b/10).
  // Both equal 2000·0.99² = 1960.2 at b_pool = 1000/0.99 − 1000 = 1000/99 and b_market = 20, so A = 1000/99 + 20.
  // Proceeds: pool y·b/(x + b) = 2e6·(1000/99)/(1000·100/99) = 20,000; market D·(1 − 0.99²)/|ln 0.99| ≈ 39,600.6667.
  const bPool = 1000 / 99;
  const total = bPool + 20;
  const best = 20_000 + (20_000 * (1 - 0.99 * 0.99)) / L; // ≈ 59,600.6667
  const pair = () => [pool('pool', 1000, 2e6, 0), linearMarket('cex', 2000, 20_000)] as const;

  it('pool + linear market on a grid through the optimum: exact split', () => {
    // b_pool/A = (1000/99)/(2980/99) = 50/149, so with N = 4·149 = 596 slices the optimum is the grid point 200/396;
    // the grid optimum of a strictly concave split is then the continuous one.
    const [p, m] = pair();
    const { routes, proceeds } = routeSale([p, m], total, { maxSlices: 596 });
    expect(routes.map((r) => r.venue)).toEqual([p, m]);
    expect(relErr(routes[0].amount, bPool)).toBeLessThan(1e-12);
    expect(relErr(routes[1].amount, 20)).toBeLessThan(1e-12);
    expect(relErr(proceeds, best)).toBeLessThan(1e-12);
  });

  it('pool + linear market at the default grid: within one slice and the documented loss bound', () => {
    const [p, m] = pair();
    const { routes, proceeds } = routeSale([p, m], total);
    const h = total / 1000;
    expect(Math.abs(routes[0].amount - bPool)).toBeLessThanOrEqual(h);
    expect(Math.abs(routes[1].amount - 20)).toBeLessThanOrEqual(h);
    // Loss ≤ 2h²·Σ max|f''|: pool 2xy/(x + b)³ ≤ 2y/x² = 4; market F²·|ln 0.99|/D·0.99^(bF/D) ≤ 4e6·L/2e4 ≈ 2.01.
    const bound = 2 * h * h * (4 + (4e6 * L) / 2e4); // ≈ 0.0109 USD of 59,600
    expect(proceeds).toBeLessThanOrEqual(best * (1 + 1e-14));
    expect(best - proceeds).toBeLessThanOrEqual(bound);
  });

  it('ties go to the venue listed first', () => {
    // N = 3 on identical pools: slice 1 ties (to a), slice 2 goes to b (a's second slice pays less), slice 3 ties (to
    // a).
    const a = pool('a', 1000, 2e6, 30);
    const b = pool('b', 1000, 2e6, 30);
    expect(routeSale([a, b], 30, { maxSlices: 3 }).routes).toEqual([
      { venue: a, amount: 20 },
      { venue: b, amount: 10 },
    ]);
    expect(routeSale([b, a], 30, { maxSlices: 3 }).routes).toEqual([
      { venue: b, amount: 20 },
      { venue: a, amount: 10 },
    ]);
  });
});

describe('routePurchase against hand-derived optima', () => {
  it('two identical pools: half each', () => {
    // Base out of one pool for q quote: γ·x·q/(y + γq); two halves of 200k: 2·0.997·1000·1e5/(2e6 + 99,700) ≈ 94.966.
    const a = pool('a', 1000, 2e6, 30);
    const b = pool('b', 1000, 2e6, 30);
    const { routes, base } = routePurchase([a, b], 200_000);
    expect(routes).toEqual([
      { venue: a, quote: 100_000 },
      { venue: b, quote: 100_000 },
    ]);
    expect(relErr(base, (2 * 0.997 * 1000 * 1e5) / (2e6 + 0.997 * 1e5))).toBeLessThan(1e-13);
  });

  it('pool + linear market: within one slice and the documented loss bound', () => {
    // Base per quote: pool x·y/(y + q)² = (1/2000)·(y/(y + q))²; market 0.99^(W/D)/F after buying W USD of volume.
    // Both are 0.99²/2000 at q_pool = y/99 (10 ETH) and W = 2D = 40,000 (20 ETH), which costs
    // ∫_{−W}^{0} 0.99^(V/D) dV = D·(0.99^(−2) − 1)/|ln 0.99| ≈ 40,404.72. Base: 30.
    const qPool = 2e6 / 99;
    const quoteIn = qPool + (20_000 * (1 / (0.99 * 0.99) - 1)) / L; // ≈ 60,606.74
    const p = pool('pool', 1000, 2e6, 0);
    const m = linearMarket('cex', 2000, 20_000);
    const { routes, base } = routePurchase([p, m], quoteIn);
    const h = quoteIn / 1000;
    expect(routes.map((r) => r.venue)).toEqual([p, m]);
    expect(Math.abs(routes[0].quote - qPool)).toBeLessThanOrEqual(h);
    // Loss ≤ 2h²·Σ max|f''|: pool 2xy/(y + q)³ ≤ 2x/y² = 5e-10; market |ln 0.99|/(D·F) = L/4e7.
    const bound = 2 * h * h * (5e-10 + L / 4e7);
    expect(base).toBeLessThanOrEqual(30 * (1 + 1e-14));
    expect(30 - base).toBeLessThanOrEqual(bound);
    expect(30 - base).toBeLessThan(30 * 1e-6);
  });
});

describe('shortcuts and edge cases', () => {
  it('one venue: the whole amount, one quote, no slicing', () => {
    const v = new Watched(pool('a', 1000, 2e6, 30), true);
    const { routes, proceeds } = routeSale([v], 100);
    expect(routes).toEqual([{ venue: v, amount: 100 }]);
    // γ·y·A/(x + γA) = 0.997·2e6·100/1099.7 ≈ 181,322.18
    expect(relErr(proceeds, (0.997 * 2e6 * 100) / (1000 + 0.997 * 100))).toBeLessThan(1e-13);
    expect(v.quotes).toBe(1);
  });

  it('a tiny sale on identical pools stays on the first venue without slicing', () => {
    // max σ·A − f(A) = σA·γA/(x + γA) ≈ σA·1e-12: below the 1e-10 negligible gain.
    const a = new Watched(pool('a', 1000, 2e6, 30), true);
    const b = new Watched(pool('b', 1000, 2e6, 30), true);
    const { routes, proceeds } = routeSale([a, b], 1e-9);
    expect(routes).toEqual([{ venue: a, amount: 1e-9 }]);
    expect(proceeds).toBe(pool('c', 1000, 2e6, 30).quoteSell(1e-9));
    expect(a.quotes + b.quotes).toBe(2);
  });

  it('a sale the cheaper-fee deep market absorbs better at the margin stays there without slicing', () => {
    // CEX F = 2000, D = 5e6, 5 bps: after 10 ETH its marginal is 2000·0.99^(20,000/5e6)·0.9995 ≈ 1998.92, above
    // the pool's marginal at 0, 1994 (mid 2000, 30 bps): no part can pay more on the pool.
    const cex = new Watched(linearMarket('cex', 2000, 5e6, 5), true);
    const uni = new Watched(
      ConstantProductPool.fromLiquidity({
        id: 'uni',
        base: 'ETH',
        quote: 'USDC',
        price: 2000,
        liquidityUsd: 20e6,
        feeBps: 30,
      }),
      true,
    );
    const { routes, proceeds } = routeSale([uni, cex], 10);
    expect(routes).toEqual([{ venue: cex, amount: 10 }]);
    expect(proceeds).toBe(linearMarket('x', 2000, 5e6, 5).quoteSell(10));
    expect(cex.quotes + uni.quotes).toBeLessThanOrEqual(4);
  });

  it('zero amount: no routes, nothing traded, even with no venue', () => {
    const a = pool('a', 1000, 2e6, 30);
    expect(routeSale([a], 0)).toEqual({ routes: [], proceeds: 0 });
    expect(routePurchase([], 0)).toEqual({ routes: [], base: 0 });
    expect(sellRouted([a], 0)).toBe(0);
    expect(buyRouted([a], 0)).toBe(0);
    expect(a.reserves()).toEqual({ base: 1000, quote: 2e6 });
  });

  it('rejects bad requests', () => {
    const a = pool('a', 1000, 2e6, 30);
    const btc = new ConstantProductPool({
      id: 'btc',
      base: 'BTC',
      quote: 'USDC',
      reserveBase: 10,
      reserveQuote: 1e6,
      feeBps: 30,
    });
    expect(() => routeSale([], 1)).toThrow(InvariantError);
    expect(() => routeSale([a], -1)).toThrow(InvariantError);
    expect(() => routeSale([a], Number.NaN)).toThrow(InvariantError);
    expect(() => routePurchase([a], Infinity)).toThrow(InvariantError);
    expect(() => routeSale([a, a], 1)).toThrow(InvariantError);
    expect(() => routeSale([a, btc], 1)).toThrow(InvariantError);
    expect(() => routeSale([a], 1, { maxSlices: 0 })).toThrow(InvariantError);
    expect(() => routeSale([a], 1, { maxSlices: 2.5 })).toThrow(InvariantError);
  });
});

/** A venue described by numbers, so that fresh copies of the same state can be built. */
type Spec =
  | { kind: 'pool'; reserveBase: number; price: number; feeBps: number }
  | { kind: 'market'; fundamental: number; depth: number; impact: 'linear' | 'sqrt'; feeBps: number }
  | {
      kind: 'book';
      mid: number;
      depth: number;
      halfSpreadBps: number;
      levelStepBps: number;
      levels: number;
      feeBps: number;
    };

const build = (spec: Spec, i: number): Venue => {
  const id = `${spec.kind}${i}`;
  if (spec.kind === 'pool') return pool(id, spec.reserveBase, spec.reserveBase * spec.price, spec.feeBps);
  if (spec.kind === 'market') {
    return new OffchainMarket({
      id,
      base: 'ETH',
      quote: 'USD',
      fundamental: spec.fundamental,
      depthUsdPer1Pct: spec.depth,
      impact: spec.impact,
      resilienceHalfLifeSeconds: 60,
      feeBps: spec.feeBps,
    });
  }
  return new OrderBook({
    id,
    base: 'ETH',
    quote: 'USD',
    mid: spec.mid,
    depthUsdPer1Pct: spec.depth,
    halfSpreadBps: spec.halfSpreadBps,
    levelStepBps: spec.levelStepBps,
    levels: spec.levels,
    refillHalfLifeSeconds: 30,
    feeBps: spec.feeBps,
  });
};
const buildAll = (specs: readonly Spec[]) => specs.map(build);

const price = fc.double({ min: 1800, max: 2200, noNaN: true });
const fee = fc.integer({ min: 0, max: 100 });
const poolSpec = fc.record({
  kind: fc.constant('pool' as const),
  reserveBase: fc.double({ min: 10, max: 1e5, noNaN: true }),
  price,
  feeBps: fee,
});
const spec: fc.Arbitrary<Spec> = fc.oneof(
  poolSpec,
  fc.record({
    kind: fc.constant('market' as const),
    fundamental: price,
    depth: fc.double({ min: 1e4, max: 1e7, noNaN: true }),
    impact: fc.constantFrom('linear' as const, 'sqrt' as const),
    feeBps: fee,
  }),
  fc.record({
    kind: fc.constant('book' as const),
    mid: price,
    depth: fc.double({ min: 1e4, max: 1e7, noNaN: true }),
    halfSpreadBps: fc.integer({ min: 0, max: 50 }),
    levelStepBps: fc.integer({ min: 1, max: 50 }),
    levels: fc.integer({ min: 1, max: 40 }),
    feeBps: fee,
  }),
);
const specs = fc.array(spec, { minLength: 1, maxLength: 4 });
const baseAmount = fc.double({ min: 1e-6, max: 5e3, noNaN: true });
const quoteAmount = fc.double({ min: 1e-3, max: 1e7, noNaN: true });
const slices = fc.constantFrom(undefined, 1, 2, 7, 100);

describe('routing laws (fast-check)', () => {
  it('a routed sale pays at least the best single venue; parts are positive, ordered and add up to the amount', () => {
    fc.assert(
      fc.property(specs, baseAmount, slices, (list, amount, maxSlices) => {
        const venues = buildAll(list);
        const mids = venues.map((v) => v.mid());
        const { routes, proceeds } = routeSale(venues, amount, { maxSlices });
        const bestSingle = Math.max(...venues.map((v) => v.quoteSell(amount)));
        expect(proceeds).toBeGreaterThanOrEqual(bestSingle);
        expect(routes.every((r) => r.amount > 0)).toBe(true);
        const order = routes.map((r) => venues.indexOf(r.venue));
        expect(order).toEqual([...order].sort((x, y) => x - y));
        expect(
          relErr(
            routes.reduce((s, r) => s + r.amount, 0),
            amount,
          ),
        ).toBeLessThan(1e-12);
        expect(venues.map((v) => v.mid())).toEqual(mids); // quotes only
        expect(routeSale(venues, amount, { maxSlices })).toEqual({ routes, proceeds }); // deterministic
      }),
      { numRuns: 150 },
    );
  });

  it('a routed purchase gets at least the best single venue; parts add up to the quote spent', () => {
    fc.assert(
      fc.property(specs, quoteAmount, slices, (list, quoteIn, maxSlices) => {
        const venues = buildAll(list);
        const { routes, base } = routePurchase(venues, quoteIn, { maxSlices });
        expect(base).toBeGreaterThanOrEqual(Math.max(...venues.map((v) => v.quoteBuy(quoteIn))));
        expect(routes.every((r) => r.quote > 0)).toBe(true);
        expect(
          relErr(
            routes.reduce((s, r) => s + r.quote, 0),
            quoteIn,
          ),
        ).toBeLessThan(1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('sellRouted / buyRouted receive exactly the routed amount and execute exactly the route (fresh copies)', () => {
    fc.assert(
      fc.property(specs, baseAmount, quoteAmount, (list, amount, quoteIn) => {
        const quoted = buildAll(list);
        const planned = routeSale(quoted, amount);
        const executed = buildAll(list);
        expect(sellRouted(executed, amount)).toBe(planned.proceeds);
        const byHand = buildAll(list);
        for (const r of planned.routes) byHand[quoted.indexOf(r.venue)].sell(r.amount);
        expect(executed.map((v) => v.mid())).toEqual(byHand.map((v) => v.mid()));

        const plannedBuy = routePurchase(buildAll(list), quoteIn);
        expect(buyRouted(buildAll(list), quoteIn)).toBe(plannedBuy.base);
      }),
      { numRuns: 100 },
    );
  });

  it('constant-product pools only: within the documented bound of the closed-form optimum, never above it', () => {
    // Reference: a common marginal λ; pool i sells b_i(λ) = max(0, (√(γxy/λ) − x)/γ) (γxy/(x + γb)² = λ) and buys
    // with q_i(λ) = max(0, (√(γxy/λ) − y)/γ) (γxy/(y + γq)² = λ); bisection on λ until Σ = amount.
    const optimum = (pools: { x: number; y: number; g: number }[], amount: number, buy: boolean) => {
      const input = (p: (typeof pools)[number], lambda: number) =>
        Math.max(0, (Math.sqrt((p.g * p.x * p.y) / lambda) - (buy ? p.y : p.x)) / p.g);
      let lo = 0;
      let hi = Math.max(...pools.map((p) => (buy ? (p.g * p.x) / p.y : (p.g * p.y) / p.x)));
      for (let k = 0; k < 300; k++) {
        const mid = (lo + hi) / 2;
        if (pools.reduce((s, p) => s + input(p, mid), 0) > amount) lo = mid;
        else hi = mid;
      }
      // The split is ill-conditioned near λ (√ of a number close to 1) but the total is flat in it: give the
      // residual amount − Σ to the pool trading most (its marginal is λ) so the reference trades exactly `amount`.
      const inputs = pools.map((p) => input(p, hi));
      const largest = inputs.indexOf(Math.max(...inputs));
      inputs[largest] += amount - inputs.reduce((s, q) => s + q, 0);
      return pools.reduce((s, p, i) => {
        const q = inputs[i];
        return s + (buy ? (p.g * p.x * q) / (p.y + p.g * q) : (p.g * p.y * q) / (p.x + p.g * q));
      }, 0);
    };
    fc.assert(
      fc.property(
        fc.array(poolSpec, { minLength: 2, maxLength: 4 }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (list, alpha) => {
          const venues = buildAll(list);
          const params = list.map((p) => ({ x: p.reserveBase, y: p.reserveBase * p.price, g: 1 - p.feeBps / 10_000 }));
          // Sale of α·(smallest reserve); loss ≤ 2h²·Σ 2γ²·mid/x (|f''| ≤ 2γ²y/x² for a pool) plus the 1e-10 shortcut.
          const amount = alpha * Math.min(...params.map((p) => p.x));
          const best = optimum(params, amount, false);
          const h = amount / 1000;
          const bound = 2 * h * h * params.reduce((s, p) => s + (2 * p.g * p.g * p.y) / (p.x * p.x), 0) + 1e-10 * best;
          const { proceeds } = routeSale(venues, amount);
          expect(proceeds).toBeLessThanOrEqual(best * (1 + 1e-12));
          expect(best - proceeds).toBeLessThanOrEqual(bound + 1e-12 * best);
          // Purchase of α·(smallest quote reserve): |f''| ≤ 2γ²x/y².
          const quoteIn = alpha * Math.min(...params.map((p) => p.y));
          const most = optimum(params, quoteIn, true);
          const hq = quoteIn / 1000;
          const boundQ =
            2 * hq * hq * params.reduce((s, p) => s + (2 * p.g * p.g * p.x) / (p.y * p.y), 0) + 1e-10 * most;
          const { base } = routePurchase(venues, quoteIn);
          expect(base).toBeLessThanOrEqual(most * (1 + 1e-12));
          expect(most - base).toBeLessThanOrEqual(boundQ + 1e-12 * most);
        },
      ),
      { numRuns: 150 },
    );
  });
});
