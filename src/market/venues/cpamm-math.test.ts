import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CascadeError, InvariantError } from '../../kernel/errors.js';
import { amountIn, amountOut, sellFractionFor1PctDrop } from './cpamm-math.js';
import { InsufficientLiquidityError } from './venue-errors.js';

/** Uniswap v2 UniswapV2Library.getAmountOut, integer arithmetic as on chain (fee in bps). */
function getAmountOutV2(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint): bigint {
  const amountInWithFee = amountIn * (10_000n - feeBps);
  return (amountInWithFee * reserveOut) / (reserveIn * 10_000n + amountInWithFee);
}

/** Uniswap v2 UniswapV2Library.getAmountIn, integer arithmetic as on chain (fee in bps). */
function getAmountInV2(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint): bigint {
  const numerator = reserveIn * amountOut * 10_000n;
  const denominator = (reserveOut - amountOut) * (10_000n - feeBps);
  return numerator / denominator + 1n;
}

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

// wei-scale reserves (1e20 to 1e24 smallest units, i.e. 100 to 1M tokens of 18 decimals)
const reserve = fc.bigInt({ min: 10n ** 20n, max: 10n ** 24n });
const fee = fc.constantFrom(0n, 1n, 5n, 30n, 100n);

describe('amountOut', () => {
  it('agrees with the integer Uniswap v2 getAmountOut within 1e-9 relative', () => {
    fc.assert(
      fc.property(reserve, reserve, fc.bigInt({ min: 10n ** 15n, max: 10n ** 23n }), fee, (rIn, rOut, x, f) => {
        const exact = getAmountOutV2(x, rIn, rOut, f);
        const float = amountOut(Number(x), Number(rIn), Number(rOut), Number(f));
        expect(relErr(float, Number(exact))).toBeLessThan(1e-9);
      }),
    );
  });

  it('matches v2 on a hand-picked 30 bps swap: 1 ETH into 1000 ETH / 2M USDC', () => {
    const wei = 10n ** 18n;
    const exact = getAmountOutV2(wei, 1000n * wei, 2_000_000n * wei, 30n);
    expect(relErr(amountOut(1e18, 1e21, 2e24, 30), Number(exact))).toBeLessThan(1e-12);
  });

  it('is zero for a zero input and rejects negative or NaN inputs', () => {
    expect(amountOut(0, 100, 100, 30)).toBe(0);
    expect(() => amountOut(-1, 100, 100, 30)).toThrow(InvariantError);
    expect(() => amountOut(Number.NaN, 100, 100, 30)).toThrow(InvariantError);
    expect(() => amountOut(1, 0, 100, 30)).toThrow(InvariantError);
    expect(() => amountOut(1, 100, 100, 10_000)).toThrow(InvariantError);
  });
});

describe('amountIn', () => {
  it('agrees with the integer Uniswap v2 getAmountIn within 1e-9 relative', () => {
    fc.assert(
      fc.property(reserve, reserve, fc.double({ min: 1e-6, max: 0.9, noNaN: true }), fee, (rIn, rOut, share, f) => {
        const out = (rOut * BigInt(Math.round(share * 1e9))) / 10n ** 9n;
        fc.pre(out > 0n);
        const exact = getAmountInV2(out, rIn, rOut, f);
        const float = amountIn(Number(out), Number(rIn), Number(rOut), Number(f));
        expect(relErr(float, Number(exact))).toBeLessThan(1e-9);
      }),
    );
  });

  it('inverts amountOut: amountIn(amountOut(x)) ≈ x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.integer({ min: 0, max: 300 }),
        (x, rIn, rOut, f) => {
          const out = amountOut(x, rIn, rOut, f);
          fc.pre(out < rOut * (1 - 1e-6)); // far enough from draining for the inverse to be well conditioned
          expect(relErr(amountIn(out, rIn, rOut, f), x)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it('throws a typed InsufficientLiquidityError when asking for the whole reserve or more', () => {
    expect(() => amountIn(100, 50, 100, 30)).toThrow(InsufficientLiquidityError);
    expect(() => amountIn(150, 50, 100, 30)).toThrow(InsufficientLiquidityError);
    expect(() => amountIn(150, 50, 100, 30)).toThrow(CascadeError);
  });
});

describe('sellFractionFor1PctDrop', () => {
  it('is 1/√0.99 − 1 without a fee (x·y = k)', () => {
    expect(relErr(sellFractionFor1PctDrop(0), 1 / Math.sqrt(0.99) - 1)).toBeLessThan(1e-14);
  });

  it('solves (1 + γt)(1 + t) = 1/0.99 for any fee', () => {
    for (const f of [0, 1, 5, 30, 100, 1000, 9999]) {
      const gamma = 1 - f / 10_000;
      const t = sellFractionFor1PctDrop(f);
      expect(relErr((1 + gamma * t) * (1 + t), 1 / 0.99)).toBeLessThan(1e-15);
    }
  });
});
