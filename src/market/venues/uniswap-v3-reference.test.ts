// The float pool's swaps against the BigInt reference of UniswapV3Pool.swap, across random pools and swaps crossing
// several initialised ticks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniswapV3Pool } from './uniswap-v3.js';
import { getSqrtRatioAtTick, referencePool, referenceSwap } from './v3-reference.test-helper.js';

const EPS = Number.EPSILON;
/** Raw units per token: 18 decimals on both sides, so the raw price is the price. */
const WAD = 1e18;

interface Case {
  spacing: number;
  fee: number;
  /** Start price as a tick plus a fraction of the next tick interval. */
  tick: number;
  frac: number;
  positions: { lo: number; hi: number; liquidity: bigint }[];
  zeroForOne: boolean;
  /** Input as a fraction of the virtual reserve of the pool's total liquidity. */
  size: number;
}

const spacingFee = fc.constantFrom([1, 100], [10, 500], [60, 3000], [200, 10_000]);
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    sf: spacingFee,
    tick: fc.integer({ min: -300_000, max: 300_000 }),
    frac: fc.double({ min: 0, max: 0.999, noNaN: true }),
    positions: fc.array(
      fc.record({
        lo: fc.integer({ min: -40, max: 20 }),
        width: fc.integer({ min: 1, max: 40 }),
        liquidity: fc.bigInt({ min: 10n ** 20n, max: 10n ** 26n }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    zeroForOne: fc.boolean(),
    size: fc.double({ min: 1e-6, max: 0.3, noNaN: true }),
  })
  .map(({ sf: [spacing, fee], tick, frac, positions, zeroForOne, size }) => {
    const base = Math.floor(tick / spacing) * spacing;
    // Ranges in units of the spacing around the start; a sale walks down, a purchase up.
    const shifted = positions.map(({ lo, width, liquidity }) => {
      const lower = base + (zeroForOne ? lo : lo + 20) * spacing;
      return { lo: lower, hi: lower + width * spacing, liquidity };
    });
    return { spacing, fee, tick, frac, positions: shifted, zeroForOne, size };
  });

/** The float pool and the reference pool of one case, started at the same √P (exact in both). */
function pools(c: Case) {
  const lo = Number(getSqrtRatioAtTick(c.tick)) / 2 ** 96;
  const hi = Number(getSqrtRatioAtTick(c.tick + 1)) / 2 ** 96;
  const pool = new UniswapV3Pool({
    id: 'v3',
    base: 'B',
    quote: 'Q',
    price: (lo + c.frac * (hi - lo)) ** 2,
    feePips: c.fee,
    tickSpacing: c.spacing,
  });
  const sqrtP = pool.sqrtPrice();
  for (const p of c.positions) pool.mint(p.lo, p.hi, Number(p.liquidity) / WAD);
  // √P·2^96 is an integer (√P ≥ 2^−44 here), so the reference starts at exactly the float pool's price.
  const ref = referencePool(
    BigInt(sqrtP * 2 ** 96),
    c.spacing,
    BigInt(c.fee),
    c.positions.map((p) => [p.lo, p.hi, p.liquidity]),
  );
  return { pool, ref, sqrtP };
}

/** Largest relative error seen over all runs, over runs at ordinary prices (1e−3 to 1e5), and largest error as a share
 * of its bound (printed with V3_REPORT=1). */
let maxRelativeError = 0;
let maxRelativeErrorOrdinary = 0;
let maxShareOfBound = 0;
let swaps = 0;
let crossings = 0;

describe('UniswapV3Pool swaps vs the BigInt UniswapV3Pool.swap reference', () => {
  it('pays the same output within the derived bound, across random pools and swaps crossing ticks', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { pool, ref, sqrtP } = pools(c);
        const totalL = c.positions.reduce((s, p) => s + Number(p.liquidity) / WAD, 0);
        const amount = c.zeroForOne ? (c.size * totalL) / sqrtP : c.size * totalL * sqrtP;
        const raw = BigInt(Math.round(amount * WAD));
        if (raw === 0n) return;
        const input = Number(raw) / WAD;
        const startTick = pool.currentTick();
        const out = c.zeroForOne ? pool.sell(input) : pool.buy(input);
        const unfilled = c.zeroForOne ? pool.unfilled.base : pool.unfilled.quote;
        const r = referenceSwap(ref, c.zeroForOne, raw);
        const refOut = Number(r.amountOut) / WAD;
        // Error model (see v3-math.test.ts): per step, float amounts are ≤ 16ε of the step's virtual reserve (the
        // reference reports their sum, `scale`); the contract floors each amount and the input less fee by ≤ 1 wei,
        // worth ≤ a wei times the price range's extreme on the output side; plus 16ε of the output itself.
        const priceHi = Math.max(pool.mid(), sqrtP * sqrtP);
        const priceLo = Math.min(pool.mid(), sqrtP * sqrtP);
        const perWei = c.zeroForOne ? 1 + priceHi : 1 + 1 / priceLo;
        const tol = 16 * EPS * (r.scale / WAD + refOut) + (4 * r.steps * perWei) / WAD;
        expect(Math.abs(out - refOut)).toBeLessThanOrEqual(tol);
        // Input consumed: what the reference pulled vs the float input less what found no liquidity. Each step's input
        // is ≤ 16ε of its input-side virtual reserve in float, and each subtraction ≤ 16ε of the input; a wei each in
        // the contract.
        const refIn = Number(r.amountIn) / WAD;
        const inTol = 16 * EPS * (r.scaleIn / WAD) + (r.steps + 1) * (16 * EPS * input + 4 / WAD);
        expect(Math.abs(input - unfilled - refIn)).toBeLessThanOrEqual(inTol);
        if (refOut > 1e-6) {
          const relErr = Math.abs(out - refOut) / refOut;
          maxRelativeError = Math.max(maxRelativeError, relErr);
          if (process.env.V3_DEBUG && relErr > 1e-9)
            console.log(
              JSON.stringify({ c, out, refOut, tol, r, input, unfilled }, (k, v) =>
                typeof v === 'bigint' ? v.toString() : v,
              ),
            );
          if (priceLo > 1e-3 && priceHi < 1e5) maxRelativeErrorOrdinary = Math.max(maxRelativeErrorOrdinary, relErr);
        }
        if (tol > 0) maxShareOfBound = Math.max(maxShareOfBound, Math.abs(out - refOut) / tol);
        swaps += 1;
        crossings += Math.abs(pool.currentTick() - startTick) >= c.spacing ? 1 : 0;
      }),
      {
        numRuns: Number(process.env.V3_RUNS ?? 500),
        ...(process.env.V3_SEED ? { seed: Number(process.env.V3_SEED) } : {}),
      },
    );
    // The runs must exercise swaps that cross ticks, or the comparison says little.
    expect(crossings).toBeGreaterThan(swaps / 4);
    if (process.env.V3_REPORT)
      console.log({ swaps, crossings, maxRelativeError, maxRelativeErrorOrdinary, maxShareOfBound });
  });
});
