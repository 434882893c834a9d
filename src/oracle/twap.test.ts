import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TwapOracle, priceAtTick, tickAtPrice } from './twap.js';

/** A pool stub whose mid the test sets. */
const pool = (p: number) => ({
  p,
  mid() {
    return this.p;
  },
});
const BLOCK = 12;
const LN_B = Math.log(1.0001);

/** Runs blocks at BLOCK-second steps from `from` (exclusive) to `to` (inclusive). */
function runBlocks(twap: TwapOracle, from: number, to: number, fundamental = 2000) {
  for (let t = from + BLOCK; t <= to; t += BLOCK) twap.onBlock(t / BLOCK, t, fundamental);
}

describe('tickAtPrice', () => {
  it('gives 76012 for 2000: floor(ln 2000 / ln 1.0001) = floor(76012.82…)', () => {
    expect(tickAtPrice(2000)).toBe(Math.floor(Math.log(2000) / LN_B));
    expect(tickAtPrice(2000)).toBe(76012);
    // It is the greatest tick at or below the price: 1.0001^76012 ≈ 1999.84 ≤ 2000 < 1.0001^76013 ≈ 2000.04.
    expect(priceAtTick(76012)).toBeLessThanOrEqual(2000);
    expect(priceAtTick(76013)).toBeGreaterThan(2000);
  });

  it('rounds toward −∞ below 1, like TickMath: ln 0.5 / ln 1.0001 = −6931.82 → −6932, and 1 → 0', () => {
    expect(tickAtPrice(0.5)).toBe(-6932);
    expect(tickAtPrice(1)).toBe(0);
  });

  it('brackets every price between its tick and the next: 1.0001^tick ≤ p < 1.0001^(tick+1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-30, max: 1e30, noNaN: true }), (p) => {
        const tick = tickAtPrice(p);
        return Number.isInteger(tick) && priceAtTick(tick) <= p && p < priceAtTick(tick + 1);
      }),
    );
  });

  it('rejects a non-positive price', () => {
    expect(() => tickAtPrice(0)).toThrow(RangeError);
    expect(() => tickAtPrice(Number.NaN)).toThrow(RangeError);
  });
});

describe('TWAP oracle (Uniswap v3 Oracle.sol)', () => {
  const settings = { id: 'twap', asset: 'ETH', windowSeconds: 1800, cardinality: 400 };

  it('equals a constant price to within one tick', () => {
    const twap = new TwapOracle(settings, pool(2000));
    twap.start(2000, 0);
    runBlocks(twap, 0, 3600);
    // Every interval has tick 76012, so the mean tick is 76012 and the TWAP is 1.0001^76012 ∈ (2000/1.0001, 2000].
    expect(twap.lastReading?.meanTick).toBe(76012);
    expect(twap.lastReading?.full).toBe(true);
    expect(twap.price).toBeLessThanOrEqual(2000);
    expect(twap.price).toBeGreaterThan(2000 / 1.0001);
    expect(twap.fundamentalAtRead).toBeCloseTo(2000, 9);
  });

  it('averages a step at mid-window as 1.0001^((t1·tick1 + t2·tick2)/W)', () => {
    const src = pool(2000);
    const twap = new TwapOracle(settings, src);
    twap.start(2000, 0);
    runBlocks(twap, 0, 2700);
    src.p = 1800; // after the write at 2700: the pool sits at 1800 over [2700, 3600)
    runBlocks(twap, 2700, 3600);
    // tick1 = 76012 over [1800, 2700) (t1 = 900 s), tick2 = floor(ln 1800 / ln 1.0001) = 74959 over [2700, 3600) (t2 =
    // 900 s).
    expect(tickAtPrice(1800)).toBe(74959);
    const meanTick = (900 * 76012 + 900 * 74959) / 1800; // 75485.5
    expect(twap.lastReading?.meanTick).toBe(75485.5);
    expect(twap.price).toBeCloseTo(1.0001 ** meanTick, 9);
    // OracleLibrary.consult floors the mean tick: 75485.
    expect(twap.lastReading?.flooredTick).toBe(75485);
    expect(twap.consult(1800, 3600).price).toBe(twap.price);
  });

  it('interpolates a window start between observations and extends the newest with the current tick', () => {
    const src = pool(2000);
    const twap = new TwapOracle(settings, src);
    twap.start(2000, 0);
    runBlocks(twap, 0, 2700);
    src.p = 1800;
    runBlocks(twap, 2700, 3600);
    // At 3606 (no write yet) the window is [1806, 3606]: 1806 lies between the observations at 1800 and 1812
    // (interpolated), and [3600, 3606) uses the current tick 74959. Δcum = 894·76012 + 906·74959.
    const reading = twap.consult(1800, 3606);
    expect(reading.meanTick).toBeCloseTo((894 * 76012 + 906 * 74959) / 1800, 9);
    expect(twap.observe(1800, 3606).tickCumulative).toBe(1806 * 76012);
  });

  it('moves a 30-minute TWAP by only 12/1800 of a one-block manipulation, which the spot shows in full', () => {
    const src = pool(2000);
    const twap = new TwapOracle(settings, src);
    twap.start(2000, 0);
    runBlocks(twap, 0, 3600);
    const before = twap.price; // 1.0001^76012
    src.p = 1000; // attacker's swap after the write at 3600: the pool is at 1000 for one block
    expect(src.mid()).toBe(1000); // a protocol reading the pool now sees the full move
    twap.onBlock(301, 3612, 2000); // the write records tick 69081 over [3600, 3612)
    src.p = 2000; // back-run restores the pool
    // Window [1812, 3612]: 1788 s at tick 76012 and 12 s at 69081, so the mean tick moves by (12/1800)·(69081 − 76012).
    const meanTick = 76012 + (12 / 1800) * (69081 - 76012);
    expect(twap.lastReading?.meanTick).toBeCloseTo(meanTick, 9);
    // In logs: ln(TWAP after / TWAP before) = (12/1800)·ln(1.0001^69081 / 1.0001^76012), i.e. 12/1800 of the tick-price
    // log move,
    const tickLogMove = (69081 - 76012) * LN_B;
    expect(Math.log(twap.price / before) / tickLogMove).toBeCloseTo(12 / 1800, 9);
    // and of the true log move ln(1000/2000) up to tick rounding (each tick is within 1 tick = ln 1.0001 of its price).
    expect(Math.abs(Math.log(twap.price / before) - (12 / 1800) * Math.log(0.5))).toBeLessThan((12 / 1800) * 2 * LN_B);
    // One block later the manipulated tick is still inside the window; the pool is back at 2000.
    twap.onBlock(302, 3624, 2000);
    expect(twap.lastReading?.meanTick).toBeCloseTo(meanTick, 9);
  });

  it('averages the oldest available window when history is short, and says so', () => {
    const twap = new TwapOracle({ ...settings, cardinality: 3 }, pool(2000));
    twap.start(2000, 0);
    expect(twap.lastReading).toMatchObject({ windowSeconds: 0, full: false, meanTick: 76012 });
    twap.onBlock(1, 12, 2000);
    expect(twap.lastReading).toMatchObject({ windowSeconds: 12, full: false });
    runBlocks(twap, 12, 48);
    // The ring holds 3 observations (24, 36, 48): the oldest window is 48 − 24 = 24 s.
    expect(twap.lastReading).toMatchObject({ windowSeconds: 24, full: false, meanTick: 76012 });
    expect(() => twap.observe(30, 48)).toThrow(/OLD/);
  });

  it('averages from the oldest observation itself at block times float64 cannot difference exactly', () => {
    // A 36.46573465008022 s block: t − (t − t₀) rounds below t₀ for some of these times, which made observe() fail
    // as v3's "OLD" once the ring of 5 had wrapped (found by the random-world property test).
    const block = 36.46573465008022;
    const twap = new TwapOracle({ ...settings, cardinality: 5 }, pool(2000));
    twap.start(2000, 0);
    for (let n = 1; n <= 40; n++) {
      twap.onBlock(n, n * block, 2000);
      // From block 4 on the ring holds the last five observations: the window is their four intervals.
      if (n >= 4) expect(twap.lastReading?.windowSeconds).toBeCloseTo(4 * block, 9);
      expect(twap.lastReading?.meanTick).toBeCloseTo(76012, 9);
    }
  });

  it('reads a source priced beyond the v3 tick range as the boundary tick, as a pool pinned there would', () => {
    const source = pool(2000);
    const twap = new TwapOracle(settings, source);
    twap.start(2000, 0);
    source.p = 1e-45; // below 1.0001^−887272 ≈ 2.9e-39
    expect(twap.currentTick()).toBe(-887272);
    source.p = 1e45; // above 1.0001^887273 ≈ 3.4e38
    expect(twap.currentTick()).toBe(887272);
    twap.onBlock(1, 12, 2000);
    expect(Number.isFinite(twap.price)).toBe(true);
  });

  it('writes at most one observation per timestamp', () => {
    const twap = new TwapOracle(settings, pool(2000));
    twap.start(2000, 0);
    twap.onBlock(1, 12, 2000);
    twap.onBlock(1, 12, 2000);
    expect(twap.updates).toBe(1);
    expect(() => twap.onBlock(0, 0, 2000)).toThrow(RangeError);
  });
});
