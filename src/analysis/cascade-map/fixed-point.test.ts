import { describe, expect, it } from 'vitest';
import { fixedBonusBands, wholeCollateralBands } from './bands.js';
import { ShockedDepth, type DepthVenue } from './depth.js';
import { cascadeFixedPoint, markCritical } from './fixed-point.js';
import { LiquidationLadder, type LadderBook } from './ladder.js';

const LAMBDA = -Math.log(0.99);
const P0 = 2000;
const LT = 0.825;
const AAVE = { bonus: 0.05, protocolFeeShare: 0.1, closeFactor: 0.5, fullCloseBelowHealth: 0.95, threshold: LT };
const SOLD_SHARE = 1 - 0.1 * (0.05 / 1.05);
const linear = (depthUsd: number): DepthVenue[] => [{ kind: 'offchain', impact: 'linear', depthUsd, fundamental: P0 }];

/** A book of accounts given by (collateral, liquidation price), LT 0.825, debt in a $1 stablecoin. */
function book(accounts: [number, number][]): LadderBook {
  return {
    collateral: accounts.map(([c]) => c),
    liquidationPrice: accounts.map(([, l]) => l),
    debt: accounts.map(([c, l]) => c * l * LT),
    debtPrice: 1,
  };
}

/** Principal branch of Lambert W on (−1/e, 0) by Halley's method: w·e^w = z. */
function lambertW0(z: number): number {
  let w = z;
  for (let k = 0; k < 50; k++) {
    const e = Math.exp(w);
    const f = w * e - z;
    w -= f / (e * (w + 1) - ((w + 2) * f) / (2 * w + 2));
  }
  return w;
}

describe('cascade fixed point, hand-derived', () => {
  it('one account emptied at once: P* = P1·0.99^(C·soldShare·P1/D), reached in one round', () => {
    // 100 ETH liquidatable below 1,900; a 20% shock puts it at health 1600/1900 = 0.842 < β = 0.866: all collateral
    // goes.
    const ladder = new LiquidationLadder(book([[100, 1900]]), {
      kind: 'bands',
      bands: fixedBonusBands(AAVE),
      threshold: LT,
    });
    const outcome = cascadeFixedPoint([ladder], new ShockedDepth(linear(1e6), 0.2), P0, 0.2);
    const expected = 1600 * Math.pow(0.99, (100 * SOLD_SHARE * 1600) / 1e6);
    expect(outcome.finalPrice).toBeCloseTo(expected, 9);
    expect(outcome.soldUnits).toBeCloseTo(100 * SOLD_SHARE, 12);
    expect(outcome.rounds).toBe(1);
    expect(outcome.converged).toBe(true);
    expect(outcome.totalMove).toBeCloseTo(1 - expected / P0, 12);
    expect(outcome.multiplier).toBeCloseTo((1 - expected / P0) / 0.2, 12);
  });

  it('one account fully closed: P = P1·e^(−c/P) with c = λ·A·P1/D, so P* = −c / W0(−c/P1)', () => {
    // At 1,800 the account (liquidation price 1,900) has health 0.947 ≤ 0.95 and ≥ β: all debt repaid for
    // debt·1.05/P units, of which soldShare is sold: U = A/P, A = debt·1.05·soldShare. On a linear venue of depth D,
    // P = 1800·0.99^(U·1800/D) = 1800·e^(−λ·A·1800/(D·P)).
    const debt = 100 * 1900 * LT;
    const ladder = new LiquidationLadder(book([[100, 1900]]), {
      kind: 'bands',
      bands: fixedBonusBands(AAVE),
      threshold: LT,
    });
    const outcome = cascadeFixedPoint([ladder], new ShockedDepth(linear(1e5), 0.1), P0, 0.1);
    const c = (LAMBDA * debt * 1.05 * SOLD_SHARE * 1800) / 1e5;
    const expected = -c / lambertW0(-c / 1800);
    expect(expected / 1900).toBeGreaterThan(1.05 * LT); // still a full close (not emptied) at the fixed point
    expect(outcome.finalPrice).toBeCloseTo(expected, 7);
    expect(outcome.soldUnits).toBeCloseTo((debt * 1.05 * SOLD_SHARE) / expected, 7);
    expect(outcome.rounds).toBe(1);
    expect(outcome.converged).toBe(true);
  });

  it('no account within reach: the price stops at P0·(1 − s) and the multiplier is 1', () => {
    const ladder = new LiquidationLadder(book([[100, 1500]]), {
      kind: 'bands',
      bands: fixedBonusBands(AAVE),
      threshold: LT,
    });
    const outcome = cascadeFixedPoint([ladder], new ShockedDepth(linear(1e6), 0.1), P0, 0.1);
    expect(outcome.finalPrice).toBeCloseTo(1800, 9);
    expect(outcome.multiplier).toBeCloseTo(1, 12);
    expect(outcome).toMatchObject({ rounds: 0, accounts: 0, soldUnits: 0, iterations: 1 });
  });

  it('two accounts: the first one’s sale triggers the second; the jump is marked critical at the first shock that reaches it', () => {
    // A: 10 ETH below 1,950; B: 100 ETH below 1,900; whole collateral sold; 5,000 USD per 1%.
    // s = 3%: 1,940 < 1,950, A sells 10 ETH → 1940·0.99^(10·1940/5000) = 1865.7 < 1,900, so B sells too:
    // P* = 1940·0.99^(110·1940/5000). At s = 1%, 2% nothing liquidates (1,980, 1,960 ≥ 1,950).
    const ladder = new LiquidationLadder(
      book([
        [10, 1950],
        [100, 1900],
      ]),
      { kind: 'bands', bands: wholeCollateralBands(), threshold: LT },
    );
    const shocks = [0.01, 0.02, 0.03, 0.04];
    const outcomes = markCritical(
      shocks.map((s) => cascadeFixedPoint([ladder], new ShockedDepth(linear(5000), s), P0, s)),
      3,
    );
    const finals = shocks.map((s) => {
      const p1 = P0 * (1 - s);
      return p1 >= 1950 ? p1 : p1 * Math.pow(0.99, (110 * p1) / 5000);
    });
    outcomes.forEach((o, k) => expect(o.finalPrice).toBeCloseTo(finals[k], 8));
    expect(outcomes.map((o) => o.rounds)).toEqual([0, 0, 2, 2]);
    // Marginal multipliers: 1, 1, (0.3684 − 0.02)/0.01 ≈ 35, (0.3721 − 0.3684)/0.01 ≈ 0.37.
    expect(outcomes.map((o) => o.critical)).toEqual([false, false, true, false]);
  });

  it('markCritical compares the first shock with no shock at all', () => {
    const base = {
      initialPrice: 0,
      finalPrice: 0,
      rounds: 0,
      iterations: 1,
      converged: true,
      soldUnits: 0,
      soldUsd: 0,
      accounts: 0,
      critical: false,
    };
    const marked = markCritical(
      [
        { ...base, shock: 0.01, totalMove: 0.05, multiplier: 5 },
        { ...base, shock: 0.02, totalMove: 0.06, multiplier: 3 },
        { ...base, shock: 0.03, totalMove: 0.2, multiplier: 6.67 },
      ],
      3,
    );
    // Slopes: 0.05/0.01 = 5, 0.01/0.01 = 1, 0.14/0.01 = 14.
    expect(marked.map((o) => o.critical)).toEqual([true, false, true]);
  });
});
