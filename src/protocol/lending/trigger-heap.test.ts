import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TriggerHeap } from './trigger-heap.js';

describe('trigger heap', () => {
  it('pops exactly the accounts whose key is above the price, highest first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 10 }),
        (keys, prices) => {
          const heap = new TriggerHeap(keys.length);
          keys.forEach((k, i) => (heap.keys[i] = k));
          heap.buildAll(keys.length);
          const inHeap = new Set(keys.map((_, i) => i));
          for (const price of prices) {
            const popped = heap.popAbove(price);
            const expected = [...inHeap].filter((i) => keys[i] > price);
            expect(new Set(popped)).toEqual(new Set(expected));
            for (let j = 1; j < popped.length; j++) expect(keys[popped[j - 1]]).toBeGreaterThanOrEqual(keys[popped[j]]);
            for (const i of popped) inHeap.delete(i);
            expect(heap.size()).toBe(inHeap.size);
            // Re-insert half of them with new keys, as the protocol does after a liquidation.
            popped.slice(0, popped.length >> 1).forEach((i) => {
              keys[i] = keys[i] / 2;
              heap.insert(i, keys[i]);
              inHeap.add(i);
            });
          }
          for (const i of inHeap) expect(heap.has(i)).toBe(true);
        },
      ),
    );
  });

  it('reports an empty heap', () => {
    const heap = new TriggerHeap(2);
    expect(heap.peekKey()).toBe(Number.NEGATIVE_INFINITY);
    heap.insert(1, 5);
    expect(heap.peekKey()).toBe(5);
    expect(heap.popAbove(4)).toEqual([1]);
    expect(heap.has(1)).toBe(false);
  });
});
