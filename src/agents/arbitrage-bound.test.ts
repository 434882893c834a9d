import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Chain } from '../chain/chain.js';
import { Clock } from '../kernel/clock.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';
import { OffchainMarket } from '../market/venues/offchain.js';
import type { ImpactMode } from '../market/venues/offchain-math.js';
import type { Venue } from '../market/venues/venue.js';
import { arbitrageProfitBound, arbitrageTrade, bestArbitrage } from './arbitrage-math.js';
import { Arbitrageur, type ArbitrageurSettings } from './arbitrageur.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** Infinitely deep venue at a fixed price P (fee on the quote side) that states its marginal rates, without curvature.
 * */
class DeepVenue implements Venue {
  readonly base = 'ETH';
  readonly quote = 'USD';
  constructor(
    readonly id: string,
    private readonly price: number,
    private readonly feeBps = 0,
  ) {}
  mid(): number {
    return this.price;
  }
  quoteSell(baseIn: number): number {
    return baseIn * this.price * (1 - this.feeBps / 10_000);
  }
  quoteBuy(quoteIn: number): number {
    return (quoteIn * (1 - this.feeBps / 10_000)) / this.price;
  }
  sell(baseIn: number): number {
    return this.quoteSell(baseIn);
  }
  buy(quoteIn: number): number {
    return this.quoteBuy(quoteIn);
  }
  depthUsdPer1Pct(): number {
    return Infinity;
  }
  marginalSellRate(): number {
    return this.price * (1 - this.feeBps / 10_000);
  }
  marginalBuyRate(): number {
    return (1 - this.feeBps / 10_000) / this.price;
  }
}

const pool = (reserveBase: number, reserveQuote: number, feeBps: number) =>
  new ConstantProductPool({ id: 'pool', base: 'ETH', quote: 'USD', reserveBase, reserveQuote, feeBps });

/** An off-chain market at fundamental 2000 with `outstanding` USD of past net sales (negative: purchases). */
function market(depth: number, impact: ImpactMode, feeBps: number, outstanding: number): OffchainMarket {
  const m = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USD',
    fundamental: 2000,
    depthUsdPer1Pct: depth,
    impact,
    resilienceHalfLifeSeconds: 60,
    feeBps,
  });
  if (outstanding > 0) m.sell(outstanding / 2000);
  if (outstanding < 0) m.buy(-outstanding);
  return m;
}

describe('arbitrageProfitBound', () => {
  it('pool against a deep venue: the bound less its float allowance is the closed-form best profit', () => {
    // Buying on the pool (x base, y quote, γ = 1 − fee) and selling at P: out(q) = Pγx·q/(y + γq) = r·q/(1 + κq) with
    // r = Pγx/y, κ = γ/y, so the bound's hyperbola is the exact curve. By hand: q* = (√(Pγxy) − y)/γ and
    // profit* = Pγx·q*/(y + γq*) − q*.
    const [x, y, P] = [5000, 9.5e6, 2000];
    for (const feeBps of [0, 5, 30, 100]) {
      const gamma = 1 - feeBps / 10_000;
      const qStar = (Math.sqrt(P * gamma * x * y) - y) / gamma;
      const profitStar = (P * gamma * x * qStar) / (y + gamma * qStar) - qStar;
      const capital = 1e9;
      const allowance = 1e-9 * ((P * gamma * x) / y) * capital;
      const bound = arbitrageProfitBound(pool(x, y, feeBps), new DeepVenue('cex', P), capital);
      expect(relErr(bound - allowance, profitStar)).toBeLessThan(1e-9);
      expect(bestArbitrage(pool(x, y, feeBps), new DeepVenue('cex', P), capital).profit).toBeLessThanOrEqual(bound);
    }
  });

  it('caps at the capital: with the optimum beyond it, the bound is the hyperbola at the capital', () => {
    // Same curve, capital Q = 10,000 below q* ≈ 123k: r·Q/(1 + κQ) − Q by hand.
    const [x, y, P, Q] = [5000, 9.5e6, 2000, 10_000];
    const gamma = 0.997;
    const r = (P * gamma * x) / y;
    const atCapital = (r * Q) / (1 + (gamma / y) * Q) - Q;
    const bound = arbitrageProfitBound(pool(x, y, 30), new DeepVenue('cex', P), Q);
    expect(relErr(bound - 1e-9 * r * Q, atCapital)).toBeLessThan(1e-9);
  });

  it('is 0 plus the float allowance when the round trip loses at the margin, whatever the size', () => {
    // Pool mid 1995 < 2000 but 30 + 10 bps of fees: r = 0.997·0.999·2000/1995 < 1.
    const bound = arbitrageProfitBound(pool(5000, 1995 * 5000, 30), new DeepVenue('cex', 2000, 10), 1e7);
    expect(bound).toBeCloseTo(1e-9 * 1e7, 12);
  });

  it('is not finite without marginal rates or with an invalid capital, so callers search as before', () => {
    const rateless: Venue = {
      id: 'plain',
      base: 'ETH',
      quote: 'USD',
      mid: () => 2000,
      quoteSell: (b) => b * 2000,
      quoteBuy: (q) => q / 2000,
      sell: (b) => b * 2000,
      buy: (q) => q / 2000,
      depthUsdPer1Pct: () => Infinity,
    };
    expect(arbitrageProfitBound(pool(5000, 9e6, 30), rateless, 1e6)).toBe(Infinity);
    expect(arbitrageProfitBound(rateless, pool(5000, 11e6, 30), 1e6)).toBe(Infinity);
    expect(arbitrageProfitBound(pool(5000, 9e6, 30), new DeepVenue('cex', 2000), Infinity)).toBe(Infinity);
    expect(arbitrageProfitBound(pool(5000, 9e6, 30), new DeepVenue('cex', 2000), Number.NaN)).toBe(Infinity);
    expect(arbitrageProfitBound(pool(5000, 9e6, 30), new DeepVenue('cex', Number.NaN), 1e6)).toBeNaN();
  });

  it('is never below the profit of any round trip within the capital, nor below what the search finds (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1500, max: 2500, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 1e4, max: 1e9, noNaN: true }),
        fc.constantFrom<ImpactMode>('linear', 'sqrt', 'bounded'),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 1, max: 1e8, noNaN: true }),
        (poolMid, poolFee, marketFee, depth, impact, outstandingInDepths, capital) => {
          const p = pool(5000, 5000 * poolMid, poolFee);
          const m = market(depth, impact, marketFee, outstandingInDepths * depth);
          for (const [cheap, rich] of [
            [p, m],
            [m, p],
          ] as const) {
            const bound = arbitrageProfitBound(cheap, rich, capital);
            expect(bestArbitrage(cheap, rich, capital).profit).toBeLessThanOrEqual(bound);
            for (let i = 1; i <= 64; i++)
              expect(arbitrageTrade(cheap, rich, (capital * i) / 64).profit).toBeLessThanOrEqual(bound);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Arbitrageur cheap exit', () => {
  const settings: ArbitrageurSettings = {
    id: 'arb',
    capitalUsd: 5e6,
    gasUnits: 150_000,
    priorityFeeGwei: 5,
    minProfitUsd: 0,
  };

  /** The arbitrageur's loop as it was before the cheap exit: always search, then test profit against gas. */
  function referenceAct(chain: Chain, a: Venue, b: Venue): number {
    const [cheap, rich] = a.mid() <= b.mid() ? [a, b] : [b, a];
    const plan = bestArbitrage(cheap, rich, settings.capitalUsd);
    const gasUsd = chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
    if (plan.quoteIn <= 0 || plan.profit - gasUsd <= settings.minProfitUsd) return 0;
    rich.sell(cheap.buy(plan.quoteIn));
    return 1;
  }

  it('trades exactly when, and exactly as, the search alone would (property, around the fee band)', () => {
    // Gas: 150,000 units at (20 + 5) gwei and 2,000 USD per ETH = 7.5 USD. Pool mids within ±1% of the market
    // straddle the band where the best round trip pays about the gas, so both branches are exercised.
    const chain = new Chain(new Clock(12), 20, () => 2000);
    let skipped = 0;
    let traded = 0;
    fc.assert(
      fc.property(
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        fc.constantFrom(5, 30),
        fc.constantFrom(0, 5),
        fc.constantFrom<ImpactMode>('linear', 'sqrt', 'bounded'),
        fc.double({ min: 2e5, max: 4e6, noNaN: true }),
        (gap, poolFee, marketFee, impact, poolLiquidityUsd) => {
          const make = () => {
            const p = ConstantProductPool.fromLiquidity({
              id: 'pool',
              base: 'ETH',
              quote: 'USD',
              price: 2000 * (1 + gap),
              liquidityUsd: poolLiquidityUsd,
              feeBps: poolFee,
            });
            return { p, m: market(2e6, impact, marketFee, 0) };
          };
          const withExit = make();
          const reference = make();
          const arbitrageur = new Arbitrageur(settings, chain, [{ a: withExit.m, b: withExit.p }]);
          const cheap = withExit.m.mid() <= withExit.p.mid() ? withExit.m : withExit.p;
          const rich = cheap === withExit.m ? withExit.p : withExit.m;
          if (arbitrageProfitBound(cheap, rich, settings.capitalUsd) - 7.5 <= 0) skipped++;
          arbitrageur.act();
          const referenceTrades = referenceAct(chain, reference.m, reference.p);
          traded += referenceTrades;
          expect(arbitrageur.trades).toBe(referenceTrades);
          expect(withExit.p.mid()).toBe(reference.p.mid());
          expect(withExit.m.mid()).toBe(reference.m.mid());
        },
      ),
      { numRuns: 300 },
    );
    expect(skipped).toBeGreaterThan(0);
    expect(traded).toBeGreaterThan(0);
  });
});
