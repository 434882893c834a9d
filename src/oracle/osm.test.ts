import { describe, expect, it } from 'vitest';
import { DEFAULT_HOP_SECONDS, OsmOracle } from './osm.js';

/** Source path: 2000 before t = 1800, 1800 until 5400, 1500 until 9000, then 1200. */
const pathAt = (t: number) => (t < 1800 ? 2000 : t < 5400 ? 1800 : t < 9000 ? 1500 : 1200);

describe('OSM oracle (MakerDAO osm.sol)', () => {
  it('serves the price read one hop earlier through two hops (hop 3600, 12 s blocks)', () => {
    const src = {
      p: 2000,
      mid() {
        return this.p;
      },
    };
    const osm = new OsmOracle({ id: 'osm', asset: 'ETH' }, src);
    expect(osm.hopSeconds).toBe(DEFAULT_HOP_SECONDS);
    osm.start(2000, 0); // cur = nxt = 2000, zzz = 0
    const seen = new Map<number, [number, number]>();
    for (let t = 12; t <= 10800; t += 12) {
      src.p = pathAt(t);
      osm.onBlock(t / 12, t, src.p);
      seen.set(t, [osm.peek(), osm.peep()]);
    }
    // Before the first boundary nothing moves, although the source fell to 1800 at t = 1800.
    expect(seen.get(3588)).toEqual([2000, 2000]);
    // t = 3600: cur = old nxt = 2000, nxt = source now = 1800.
    expect(seen.get(3600)).toEqual([2000, 1800]);
    // t = 7200: cur = 1800 (read at 3600), nxt = 1500 (source since 5400).
    expect(seen.get(7188)).toEqual([2000, 1800]);
    expect(seen.get(7200)).toEqual([1800, 1500]);
    // t = 10800: cur = 1500, nxt = 1200. The 1500 that appeared at 5400 reached protocols 5400 s later.
    expect(seen.get(10800)).toEqual([1500, 1200]);
    expect(osm.updates).toBe(3);
    expect(osm.updatedAt).toBe(7200); // cur was read at 7200
    expect(osm.fundamentalAtRead).toBe(1500);
  });

  it('lags exactly one hop when poked on the boundaries: peek at k·hop = source at (k−1)·hop', () => {
    const src = {
      p: 0,
      mid() {
        return this.p;
      },
    };
    const osm = new OsmOracle({ id: 'osm', asset: 'ETH', hopSeconds: 600 }, src);
    src.p = pathAt(0);
    osm.start(src.p, 0);
    for (let k = 1; k <= 18; k++) {
      const t = 600 * k;
      src.p = pathAt(t);
      osm.onBlock(k, t, src.p);
      expect(osm.peek()).toBe(pathAt(t - 600));
      expect(osm.peep()).toBe(pathAt(t));
    }
  });

  it('pokes late blocks onto the hop grid: a poke at 3605 allows the next at 7200, not 7205', () => {
    const src = {
      p: 2000,
      mid() {
        return this.p;
      },
    };
    const osm = new OsmOracle({ id: 'osm', asset: 'ETH' }, src);
    osm.start(2000, 5);
    expect(osm.prev(3605)).toBe(3600);
    expect(osm.poke(3599, 2000)).toBe(false);
    expect(osm.poke(3605, 2000)).toBe(true);
    expect(osm.pass(7199)).toBe(false);
    expect(osm.pass(7200)).toBe(true);
  });
});
