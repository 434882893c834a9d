import { describe, expect, it } from 'vitest';
import { closeFactor, healthFactor, priceAtHealth } from './health.js';

describe('health maths (Aave v3 GenericLogic)', () => {
  it('health = collateral·price·LT / debt', () => {
    // 2 ETH at 2,000 with LT 0.825 against 3,000 USDC: 2·2000·0.825/3000 = 1.1
    expect(healthFactor(2, 2000, 0.825, 3000, 1)).toBeCloseTo(1.1, 12);
    expect(healthFactor(2, 2000, 0.825, 0, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('the price at health h gives back health h', () => {
    const price = priceAtHealth(1, 3000, 1, 2, 0.825); // 3000/(2·0.825) = 1818.18…
    expect(price).toBeCloseTo(3000 / 1.65, 9);
    expect(healthFactor(2, price, 0.825, 3000, 1)).toBeCloseTo(1, 12);
    expect(priceAtHealth(1.2, 3000, 1, 2, 0.825)).toBeCloseTo(1.2 * price, 9);
    expect(priceAtHealth(1, 0, 1, 2, 0.825)).toBe(0);
  });

  it('close factor is 0.5 above health 0.95 and 1 at or below it', () => {
    expect(closeFactor(0.99, 0.5, 0.95)).toBe(0.5);
    expect(closeFactor(0.9500001, 0.5, 0.95)).toBe(0.5);
    expect(closeFactor(0.95, 0.5, 0.95)).toBe(1);
    expect(closeFactor(0.5, 0.5, 0.95)).toBe(1);
  });
});
