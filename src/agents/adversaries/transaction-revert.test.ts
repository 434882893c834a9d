import { describe, expect, it } from 'vitest';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { captureState } from './transaction-revert.js';

describe('captureState', () => {
  it('puts fields, arrays, typed arrays, maps and sets back in place, keeping every identity', () => {
    const inner = { n: 1, list: [1, 2, 3] };
    const state = {
      x: 1,
      name: 'a',
      nan: Number.NaN,
      inner,
      typed: new Float64Array([1, 2]),
      map: new Map<string, { v: number }>([['k', { v: 1 }]]),
      set: new Set([1, 2]),
    } as Record<string, unknown> & {
      inner: typeof inner;
      typed: Float64Array;
      map: Map<string, { v: number }>;
      set: Set<number>;
    };
    const kept = state.map.get('k') as { v: number };
    const capture = captureState([state], new Set());

    state.x = 2;
    state.name = 'b';
    state.nan = 0;
    state.added = true;
    inner.n = 5;
    inner.list.push(4);
    inner.list[0] = 9;
    state.typed[1] = 7;
    kept.v = 3;
    state.map.set('other', { v: 0 });
    state.set.delete(1);
    state.inner = { n: 0, list: [] };
    capture.restore();

    expect(state.x).toBe(1);
    expect(state.name).toBe('a');
    expect(state.nan).toBeNaN();
    expect('added' in state).toBe(false);
    expect(state.inner).toBe(inner);
    expect(inner).toEqual({ n: 1, list: [1, 2, 3] });
    expect([...state.typed]).toEqual([1, 2]);
    expect([...state.map.keys()]).toEqual(['k']);
    expect(state.map.get('k')).toBe(kept);
    expect(kept.v).toBe(1);
    expect([...state.set]).toEqual([1, 2]);
  });

  it('leaves objects behind the boundary alone, and what only they reach', () => {
    const outside = { count: 0, deeper: { count: 0 } };
    const state = { outside, own: 0 };
    const capture = captureState([state], new Set([outside]));
    outside.count = 1;
    outside.deeper.count = 1;
    state.own = 1;
    capture.restore();
    expect(state.own).toBe(0);
    expect(outside).toEqual({ count: 1, deeper: { count: 1 } });
  });

  it('undoes a swap on a pool (class instance, private fields)', () => {
    const pool = ConstantProductPool.fromLiquidity({
      id: 'p',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      liquidityUsd: 20e6,
      feeBps: 30,
    });
    const capture = captureState([pool], new Set());
    pool.sell(500);
    expect(pool.mid()).toBeLessThan(2000);
    capture.restore();
    expect(pool.reserves()).toEqual({ base: 5000, quote: 10_000_000 });
    expect(pool.mid()).toBe(2000);
  });
});
