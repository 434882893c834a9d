import { describe, expect, it } from 'vitest';
import { StalePolicy, StalenessGuard, checkStaleness } from './staleness.js';

describe('staleness check', () => {
  it('passes an answer exactly maxAge old and rejects one a second older', () => {
    expect(checkStaleness({ price: 2000, updatedAt: 100 }, 3700, 3600)).toEqual({
      price: 2000,
      stale: false,
      ageSeconds: 3600,
    });
    expect(checkStaleness({ price: 2000, updatedAt: 100 }, 3701, 3600)).toEqual({
      price: 2000,
      stale: true,
      ageSeconds: 3601,
    });
  });

  it('treats a non-positive or NaN answer as stale and refuses an answer from the future', () => {
    expect(checkStaleness({ price: 0, updatedAt: 0 }, 0, 3600).stale).toBe(true);
    expect(checkStaleness({ price: Number.NaN, updatedAt: 0 }, 0, 3600).stale).toBe(true);
    expect(() => checkStaleness({ price: 2000, updatedAt: 10 }, 9, 3600)).toThrow(RangeError);
  });
});

describe('staleness guard policies', () => {
  it('freezes liquidations on a stale answer', () => {
    const guard = new StalenessGuard({ maxAgeSeconds: 3600, policy: StalePolicy.FreezeLiquidations });
    expect(guard.read({ price: 2000, updatedAt: 0 }, 3600)).toMatchObject({
      usablePrice: 2000,
      liquidationsAllowed: true,
    });
    const stale = guard.read({ price: 2000, updatedAt: 0 }, 3601);
    expect(stale).toMatchObject({ stale: true, liquidationsAllowed: false });
    expect(stale.usablePrice).toBeNaN();
  });

  it('keeps using the last good price on a stale answer, and freezes when there was none', () => {
    const guard = new StalenessGuard({ maxAgeSeconds: 60, policy: StalePolicy.UseLastGoodPrice });
    expect(guard.read({ price: 0, updatedAt: 0 }, 0)).toMatchObject({ stale: true, liquidationsAllowed: false });
    guard.read({ price: 1900, updatedAt: 0 }, 30);
    expect(guard.lastGoodPrice).toBe(1900);
    // The feed then returns a bad answer: the protocol carries on at 1900.
    expect(guard.read({ price: -1, updatedAt: 100 }, 100)).toMatchObject({
      stale: true,
      usablePrice: 1900,
      liquidationsAllowed: true,
    });
    // A fresh answer replaces the last good price.
    expect(guard.read({ price: 1700, updatedAt: 150 }, 200)).toMatchObject({ stale: false, usablePrice: 1700 });
    expect(guard.lastGoodPrice).toBe(1700);
  });
});
