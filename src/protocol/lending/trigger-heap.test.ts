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

describe('trigger heap remove and update', () => {
  it('keeps exactly the remaining accounts with their new keys, popped highest first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.array(
          fc.record({
            account: fc.nat(),
            remove: fc.boolean(),
            key: fc.double({ min: 0, max: 1e4, noNaN: true }),
          }),
          { maxLength: 100 },
        ),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (initial, ops, price) => {
          const keys = [...initial];
          const heap = new TriggerHeap(keys.length);
          keys.forEach((k, i) => (heap.keys[i] = k));
          heap.buildAll(keys.length);
          const inHeap = new Set(keys.map((_, i) => i));
          for (const op of ops) {
            const i = op.account % keys.length;
            if (op.remove && inHeap.has(i)) {
              heap.remove(i);
              inHeap.delete(i);
            } else if (inHeap.has(i)) {
              keys[i] = op.key;
              heap.update(i, op.key);
            } else {
              keys[i] = op.key;
              heap.insert(i, op.key);
              inHeap.add(i);
            }
            expect(heap.size()).toBe(inHeap.size);
          }
          for (let i = 0; i < keys.length; i++) expect(heap.has(i)).toBe(inHeap.has(i));
          const popped = heap.popAbove(price);
          expect(new Set(popped)).toEqual(new Set([...inHeap].filter((i) => keys[i] > price)));
          for (let j = 1; j < popped.length; j++) expect(keys[popped[j - 1]]).toBeGreaterThanOrEqual(keys[popped[j]]);
        },
      ),
      { seed: 18 },
    );
  });

  it('removes the last slot and the top', () => {
    const heap = new TriggerHeap(3);
    heap.insert(0, 3);
    heap.insert(1, 2);
    heap.insert(2, 1);
    heap.remove(2); // the last heap slot
    heap.remove(0); // the top
    expect(heap.size()).toBe(1);
    expect(heap.peekKey()).toBe(2);
    heap.update(1, 7);
    expect(heap.popAbove(5)).toEqual([1]);
  });
});
