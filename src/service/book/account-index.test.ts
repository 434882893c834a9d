import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { AccountIndex } from './account-index.js';

describe('AccountIndex', () => {
  it('finds numbered and other names alike, and forgets deleted ones', () => {
    const index = new AccountIndex();
    index.set('b0', 0);
    index.set('b17', 1);
    index.set('alice', 2);
    // A leading zero, another prefix, 10 digits: not numbered the b way, kept by name.
    index.set('b017', 3);
    index.set('c17', 4);
    index.set('b1234567890', 5);
    expect(['b0', 'b17', 'alice', 'b017', 'c17', 'b1234567890'].map((n) => index.get(n))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(index.size).toBe(6);
    expect(index.get('b1')).toBe(-1);
    expect(index.get('b')).toBe(-1);
    expect(index.delete('b17')).toBe(true);
    expect(index.delete('b17')).toBe(false);
    expect(index.get('b17')).toBe(-1);
    expect(index.get('b017')).toBe(3);
    // Setting a held name moves it: still one entry.
    index.set('b0', 9);
    expect(index.get('b0')).toBe(9);
    expect(index.size).toBe(5);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get('alice')).toBe(-1);
  });

  it('keeps a number far above the accounts by name, and agrees with a Map on random operations', () => {
    const index = new AccountIndex();
    const reference = new Map<string, number>();
    const rng = new RandomStream(5, 'test:account-index');
    // b999999999 is above max(2^21, 4 × accounts): held by name, found all the same.
    index.set('b999999999', 1);
    reference.set('b999999999', 1);
    for (let k = 0; k < 20_000; k++) {
      const r = rng.uniform();
      const name = r < 0.8 ? `b${Math.floor(rng.uniform() * 5000)}` : r < 0.9 ? `x${k % 300}` : `b0${k % 50}`;
      if (rng.uniform() < 0.6) {
        index.set(name, k);
        reference.set(name, k);
      } else expect(index.delete(name)).toBe(reference.delete(name));
      expect(index.get(name)).toBe(reference.get(name) ?? -1);
    }
    expect(index.size).toBe(reference.size);
    for (const [name, slot] of reference) expect(index.get(name)).toBe(slot);
  });
});
