import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backgroundDemand, GasMarket, nextBaseFee } from './gas-market.js';

const LIMIT = 30_000_000; // target = 15,000,000 with elasticity 2

describe('nextBaseFee (EIP-1559, go-ethereum CalcBaseFee)', () => {
  it('rises 12.5% after a full block, falls 12.5% after an empty one, holds after a half-full one', () => {
    // Full: delta = 100e9 wei · (30M − 15M)/15M / 8 = 12.5e9 wei → 112.5 gwei.
    expect(nextBaseFee(100, LIMIT, LIMIT)).toBe(112.5);
    // Empty: delta = 100e9 · 15M/15M / 8 = 12.5e9 → 87.5 gwei.
    expect(nextBaseFee(100, 0, LIMIT)).toBe(87.5);
    // Half full = target: unchanged.
    expect(nextBaseFee(100, LIMIT / 2, LIMIT)).toBe(100);
  });

  it('follows a sequence of blocks in integer wei, truncating each step', () => {
    // 100 → full → 112.5 (+12.5e9 wei).
    // 112.5 → full → +112.5e9/8 = 14.0625e9 → 126.5625.
    // 126.5625 → empty → −126.5625e9/8 = −15.8203125e9 (exact in wei) → 110.7421875.
    // 110.7421875 → 22.5M used: delta = ⌊⌊110742187500·7.5M/15M⌋/8⌋ = ⌊55371093750/8⌋ = ⌊6921386718.75⌋
    //   = 6921386718 wei → 117663574218 wei = 117.663574218 gwei (float would give 117.66357421875).
    const used = [LIMIT, LIMIT, 0, 22_500_000];
    const expected = [112.5, 126.5625, 110.7421875, 117.663574218];
    let fee = 100;
    used.forEach((gas, i) => {
      fee = nextBaseFee(fee, gas, LIMIT);
      expect(fee).toBe(expected[i]);
    });
    expect(nextBaseFee(110.7421875, 22_500_000, LIMIT, { rounding: 'float' })).toBeCloseTo(117.66357421875, 12);
  });

  it('steps up by at least 1 wei when the block is over target, as geth does', () => {
    // Base 7 wei, one gas over target: ⌊7·1/15M/8⌋ = 0 → raised to 1 wei → 8 wei.
    expect(nextBaseFee(7e-9, 15_000_001, LIMIT)).toBeCloseTo(8e-9, 18);
  });

  it('applies the optional minimum base fee floor', () => {
    // 10 gwei after an empty block is 8.75, floored at 9.
    expect(nextBaseFee(10, 0, LIMIT, { minBaseFeeGwei: 9 })).toBe(9);
  });
});

describe('backgroundDemand', () => {
  it('price response: demand scales as (B_ref / B)^ε, its boost capped at 4×', () => {
    const config = { baseGas: 10e6, price: { referenceBaseFeeGwei: 20, elasticity: 1 } };
    // At twice the reference fee, half the demand; at the reference, all of it; at a fiftieth, the 4× cap.
    expect(backgroundDemand(config, 1, 0, 40)).toBe(5e6);
    expect(backgroundDemand(config, 1, 0, 20)).toBe(10e6);
    expect(backgroundDemand(config, 1, 0, 0.4)).toBe(40e6);
    // ε = 2: at twice the reference, a quarter.
    expect(backgroundDemand({ baseGas: 10e6, price: { referenceBaseFeeGwei: 20, elasticity: 2 } }, 1, 0, 40)).toBe(
      2.5e6,
    );
  });

  it('is a constant level outside spikes and the level × multiplier inside (inclusive bounds)', () => {
    const config = { baseGas: 10_000_000, spikes: [{ startBlock: 5, endBlock: 9, multiplier: 3 }] };
    expect([4, 5, 9, 10].map((b) => backgroundDemand(config, b, 0))).toEqual([10e6, 30e6, 30e6, 10e6]);
  });

  it('scales by 1 + k·|r|/r_ref and composes with a spike', () => {
    const config = {
      baseGas: 10_000_000,
      spikes: [{ startBlock: 5, endBlock: 9, multiplier: 3 }],
      volatility: { k: 1, referenceReturn: 0.01 },
    };
    // |−2%| / 1% = 2 → ×3 → 30M outside the spike; inside, ×3 again → 90M.
    expect(backgroundDemand(config, 1, -0.02)).toBe(30_000_000);
    expect(backgroundDemand(config, 6, -0.02)).toBe(90_000_000);
    expect(backgroundDemand(config, 1, 0)).toBe(10_000_000);
  });
});

describe('GasMarket', () => {
  it('moves its base fee block by block in EIP-1559 mode', () => {
    const market = new GasMarket({ mode: 'eip1559', gasLimit: LIMIT, initialBaseFeeGwei: 100, demand: { baseGas: 0 } });
    expect(market.baseFeeGwei).toBe(100);
    expect(market.advance(LIMIT)).toBe(112.5);
    expect(market.advance(LIMIT / 2)).toBe(112.5);
    expect(market.baseFeeGwei).toBe(112.5);
  });

  it('has no base fee in first-price mode', () => {
    const market = new GasMarket({
      mode: 'first-price',
      gasLimit: LIMIT,
      initialBaseFeeGwei: 100,
      demand: { baseGas: 5e6 },
    });
    expect(market.baseFeeGwei).toBe(0);
    expect(market.advance(LIMIT)).toBe(0);
    expect(market.backgroundGas(3, 0)).toBe(5e6);
  });
});

describe('nextBaseFee properties', () => {
  it('moves at most 1/8 per block (plus the 1-wei minimum step) and never falls as gas used rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 10_000, noNaN: true }),
        fc.integer({ min: 0, max: LIMIT }),
        fc.integer({ min: 0, max: LIMIT }),
        (base, a, b) => {
          const next = nextBaseFee(base, a, LIMIT);
          expect(Math.abs(next - base)).toBeLessThanOrEqual(base / 8 + 2e-9);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(nextBaseFee(base, lo, LIMIT)).toBeLessThanOrEqual(nextBaseFee(base, hi, LIMIT));
        },
      ),
    );
  });
});
