import { describe, expect, it } from 'vitest';
import { ChunkSizer, CHUNK_TARGET_MS, MAX_CHUNK_PATHS, PathDelivery } from './scheduling.js';
import type { PathRecord } from './types.js';

describe('ChunkSizer', () => {
  it('starts with one path, then aims at CHUNK_TARGET_MS of work by the latest chunk, capped and shared fairly at the end', () => {
    const sizer = new ChunkSizer(undefined, 2);
    expect(sizer.next(1000)).toBe(1);
    sizer.observe(1, 3000); // a worker's start-up: 3 s for one path
    expect(sizer.next(1000)).toBe(1);
    sizer.observe(2, 40); // 20 ms per path: start-up no longer counts
    expect(sizer.next(1000)).toBe(CHUNK_TARGET_MS / 20);
    expect(sizer.next(9)).toBe(4); // ⌊9 / 2 workers⌋
    sizer.observe(10, 0); // under a microsecond per path: capped
    expect(sizer.next(10_000)).toBe(MAX_CHUNK_PATHS);
    sizer.observe(0, 50); // an empty chunk (a failure) says nothing about speed
    expect(sizer.next(10_000)).toBe(MAX_CHUNK_PATHS);
  });

  it('uses a fixed size when given one, never beyond what remains', () => {
    const sizer = new ChunkSizer(3, 4);
    expect([sizer.next(100), sizer.next(2)]).toEqual([3, 2]);
  });
});

const record = (path: number) => ({ cell: 0, path }) as PathRecord;

describe('PathDelivery', () => {
  it('delivers in batches of everyPaths, one call at a time, and the rest on close', async () => {
    const calls: number[][] = [];
    let running = 0;
    let overlapped = false;
    const delivery = new PathDelivery(
      async (records) => {
        overlapped ||= running > 0;
        running += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        calls.push(records.map((r) => r.path));
        running -= 1;
      },
      3,
      60_000,
    );
    delivery.add([record(0), record(1)]);
    delivery.add([record(2), record(3)]);
    delivery.add([record(4), record(5), record(6)]);
    delivery.add([record(7)]);
    await delivery.close();
    expect(calls).toEqual([[0, 1, 2, 3], [4, 5, 6], [7]]);
    expect(overlapped).toBe(false);
    expect(delivery.delivered).toBe(8);
  });

  it('stops delivering after onPaths fails and keeps the error', async () => {
    const seen: number[] = [];
    const delivery = new PathDelivery(
      (records) => {
        seen.push(records.length);
        throw new Error('disk full');
      },
      1,
      60_000,
    );
    delivery.add([record(0)]);
    delivery.add([record(1)]);
    await delivery.close();
    expect(seen).toEqual([1]);
    expect(delivery.failed).toBe(true);
    expect((delivery.failure as Error).message).toBe('disk full');
    expect(delivery.delivered).toBe(0);
  });
});
