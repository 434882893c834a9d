import { InvariantError } from '../../kernel/errors.js';
import { stableSwapInput, stableSwapInvariant, stableSwapOutput, stableSwapPrice } from './stableswap-math.js';
import type { Venue } from './venue.js';
import { feeBpsIn, InsufficientLiquidityError, positive, tradeAmount } from './venue-errors.js';

/** Basis points in one unit. */
const BPS = 10_000;
/** The mid after a sale of depthUsdPer1Pct() is this fraction of the mid before. */
const ONE_PERCENT_DOWN = 0.99;
/** Cap on the bracketed root search of depthUsdPer1Pct (≤ 30 evaluations over A 1e-6…1e7, fees 0–100 bps, skewed
 * pools). */
const MAX_SEARCH_STEPS = 200;

/**
 * Construction parameters of a {@link StableSwapPool}.
 *
 * @example
 * const settings: StableSwapSettings = {
 *   id: 'curve', base: 'USDT', quote: 'USDC', liquidityUsd: 100e6, amplification: 1000, feeBps: 1,
 * };
 */
export interface StableSwapSettings {
  id: string;
  /** Symbol of the priced asset (e.g. USDT, stETH). */
  base: string;
  /** Symbol of the numeraire (e.g. USDC, ETH), treated as 1 USD. */
  quote: string;
  /** Value of both reserves at the peg, USD (half each). */
  liquidityUsd: number;
  /**
   * Amplification A (Curve's A, not A·nⁿ): the A of A·nⁿ·Σx + D = A·D·nⁿ + D^(n+1)/(nⁿ·Πx). Curve's contracts
   * report A·n^(n−1) = 2A for two coins, so halve a deployed pool's `A()` (see `stableswap-math.ts`).
   */
  amplification: number;
  /** Swap fee in basis points, taken from the output and left in the pool (Curve `fee`, 1 bp = 1e6 of 1e10). */
  feeBps: number;
  /** Price of base in quote at which the pool is balanced (the peg); default 1. */
  pegPrice?: number;
}

/**
 * Reserves of a {@link StableSwapPool}, in native units of each asset.
 *
 * @example
 * const { base, quote }: StableSwapReserves = pool.reserves();
 */
export interface StableSwapReserves {
  base: number;
  quote: number;
}

/**
 * A two-coin Curve StableSwap pool (`exchange` of curve-contract, float64). The base balance is held in peg units
 * (base × pegPrice, as Curve scales balances by `RATES`), so the pool is balanced, and its mid is the peg, when the
 * two balances are equal. A swap adds the whole input to its side, solves the invariant for the other side
 * (D held), takes the fee from that output and leaves the fee in the pool, so D grows with every trade.
 * Curve's admin fee (the share of the fee sent to the DAO) is not modelled: all of the fee stays with LPs.
 *
 * Marginal rates are offered without curvatures (κ = 0): the invariant's level curve is convex, so quoteSell and
 * quoteBuy are concave through 0 and lie below their tangents σ·b and β·q (see {@link marginalSellRate}).
 *
 * @example
 * const pool = new StableSwapPool({ id: 'curve', base: 'USDT', quote: 'USDC', liquidityUsd: 2e6, amplification: 100, feeBps: 4 });
 * pool.mid();          // 1
 * pool.sell(100_000);  // ≈ 99,910 USDC: selling 10% of the reserve costs < 0.1% (x·y = k: ≈ 9%)
 */
export class StableSwapPool implements Venue {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly amplification: number;
  readonly feeBps: number;
  readonly pegPrice: number;
  /** Base balance × pegPrice (Curve's xp of the base coin). */
  private basePeg: number;
  private quoteBalance: number;
  /** D of the current balances. */
  private invariant: number;

  constructor(settings: StableSwapSettings) {
    this.id = settings.id;
    this.base = settings.base;
    this.quote = settings.quote;
    this.amplification = positive(settings.amplification, `pool ${settings.id} amplification`);
    this.feeBps = feeBpsIn(settings.feeBps, `pool ${settings.id} feeBps`);
    this.pegPrice = positive(settings.pegPrice ?? 1, `pool ${settings.id} pegPrice`);
    const half = positive(settings.liquidityUsd, `pool ${settings.id} liquidityUsd`) / 2;
    this.basePeg = half;
    this.quoteBalance = half;
    this.invariant = stableSwapInvariant(half, half, this.amplification);
  }

  /**
   * Current balances (a copy), base in base units.
   *
   * @example
   * new StableSwapPool({ id: 'p', base: 'stETH', quote: 'ETH', liquidityUsd: 2000, amplification: 50, feeBps: 1, pegPrice: 0.5 })
   *   .reserves(); // { base: 2000, quote: 1000 }
   */
  reserves(): StableSwapReserves {
    return { base: this.basePeg / this.pegPrice, quote: this.quoteBalance };
  }

  /**
   * Marginal price of base in quote before fees: pegPrice × (−d quote / d basePeg) along the invariant.
   *
   * @example
   * pool.mid(); // the peg while the pool is balanced; below it after sales of base
   */
  mid(): number {
    return this.pegPrice * stableSwapPrice(this.basePeg, this.quoteBalance, this.invariant, this.amplification);
  }

  /**
   * Quote per base of an infinitesimal sale, after the fee: (1 − fee)·mid (Curve takes the fee from dy, and
   * d dy/d baseIn at 0 is the mid). The curve y(x) of fixed D is convex, so the fee-less output is concave in the
   * input and quoteSell(b) ≤ marginalSellRate·b for every b ≥ 0: the Venue bound with κ = 0 (no curvature is
   * stated). Float64 keeps the computed quotes within ~1e-14 of that line (the tests check 1e-12).
   *
   * @example
   * pool.marginalSellRate(); // 0.9996 for a balanced pool at peg 1 with a 4 bp fee
   */
  marginalSellRate(): number {
    return lessFee(this.mid(), this.feeBps);
  }

  /**
   * Base per quote of an infinitesimal purchase, after the fee: (1 − fee)/mid; quoteBuy(q) ≤ marginalBuyRate·q
   * for every q ≥ 0 for the same reason as {@link marginalSellRate} (κ = 0).
   *
   * @example
   * pool.marginalBuyRate(); // 0.9996 for a balanced pool at peg 1 with a 4 bp fee
   */
  marginalBuyRate(): number {
    return lessFee(1, this.feeBps) / this.mid();
  }

  /**
   * Quote received for selling `baseIn` base now (Curve `get_dy`, fee taken from the output); no state change.
   * Never more than the quote balance; 0 for 0.
   *
   * @example
   * pool.quoteSell(1000); // ≈ 999.6 for a balanced 2M USD pool at peg 1, A = 100, 4 bps
   */
  quoteSell(baseIn: number): number {
    const grossOut = stableSwapOutput(
      this.basePeg,
      this.quoteBalance,
      tradeAmount(baseIn, 'baseIn') * this.pegPrice,
      this.invariant,
      this.amplification,
    );
    return lessFee(grossOut, this.feeBps);
  }

  /**
   * Base received for spending `quoteIn` quote now (fee taken from the output); no state change.
   *
   * @example
   * pool.quoteBuy(1000); // ≈ 999.6 base for a balanced 2M USD pool at peg 1, A = 100, 4 bps
   */
  quoteBuy(quoteIn: number): number {
    return this.buyOutPeg(quoteIn) / this.pegPrice;
  }

  /**
   * Sells `baseIn` base; returns the quote paid out (= quoteSell(baseIn)). Throws {@link InsufficientLiquidityError}
   * when float64 rounds the output to the whole quote balance (only possible without a fee) or the balances become
   * too lopsided to represent; the pool is then unchanged.
   *
   * @example
   * const usdc = pool.sell(1000);
   */
  sell(baseIn: number): number {
    const out = this.quoteSell(baseIn);
    this.settle(this.basePeg + baseIn * this.pegPrice, this.remaining(this.quoteBalance, out, this.quote));
    return out;
  }

  /**
   * Spends `quoteIn` quote on base; returns the base paid out (= quoteBuy(quoteIn)). Throws like {@link sell}.
   *
   * @example
   * const usdt = pool.buy(1000);
   */
  buy(quoteIn: number): number {
    const outPeg = this.buyOutPeg(quoteIn);
    this.settle(this.remaining(this.basePeg, outPeg, this.base), this.quoteBalance + quoteIn);
    return outPeg / this.pegPrice;
  }

  /**
   * Least quote (within a few float steps) that buys at least `baseOut` base now (Curve `get_dx`): the fee comes off
   * the output, so the pool pays out baseOut·peg/(1 − fee) gross, and the quote balance must rise by the
   * {@link stableSwapInput} of that gross output (≥ 0 by construction). +Infinity when the pool cannot pay it out.
   *
   * @example
   * pool.quoteForExactBase(1000); // ≈ 1000.4 for a balanced 2M USD pool at peg 1, A = 100, 4 bps
   */
  quoteForExactBase(baseOut: number): number {
    if (baseOut === 0) return 0;
    const grossPeg = (baseOut * this.pegPrice) / (1 - this.feeBps / BPS);
    if (!(grossPeg < this.basePeg)) return Number.POSITIVE_INFINITY;
    // The input is solved for directly (never as the difference of two balances), so rounding cannot make it negative.
    let q = stableSwapInput(this.quoteBalance, this.basePeg, grossPeg, this.invariant, this.amplification);
    // Newton's tolerance in quoteBuy and float rounding can leave the quote a little short: step it up, doubling, until
    // it delivers.
    let step = Math.max(q * 1e-12, Number.MIN_VALUE);
    for (let k = 0; k < 64 && this.quoteBuy(q) < baseOut; k++, step *= 2) q += step;
    return q;
  }

  /**
   * USD value, at the current mid, of the base whose sale now lowers the mid by exactly 1%, fee included (the fee
   * stays in the pool and slows the fall). No closed form: the mid after a sale of b falls strictly with b (the
   * invariant is homogeneous, so the mid depends only on basePeg/quote, which rises with b), so the root is
   * bracketed ([0, doubling from the quote balance's worth]) and found by regula falsi with the Illinois
   * correction to 1e-14 relative in b.
   *
   * @example
   * pool.depthUsdPer1Pct(); // ≫ a constant-product pool's of the same liquidity when A is large
   */
  depthUsdPer1Pct(): number {
    const mid = this.mid();
    if (!(mid > 0)) return 0; // a price float64 rounds to 0 (after an absurd trade) has no depth to measure
    const excess = (baseIn: number) => this.midAfterSale(baseIn) / mid - ONE_PERCENT_DOWN;
    let lo = 0;
    let fLo = 1 - ONE_PERCENT_DOWN;
    let hi = this.quoteBalance / mid;
    let fHi = excess(hi);
    while (fHi > 0) {
      lo = hi;
      fLo = fHi;
      hi *= 2;
      fHi = excess(hi);
    }
    let kept = 0; // +1 when lo was kept last step, −1 when hi was
    for (let step = 0; step < MAX_SEARCH_STEPS && hi - lo > 1e-14 * hi; step++) {
      const next = hi - (fHi * (hi - lo)) / (fHi - fLo);
      if (!(next > lo && next < hi)) break; // rounding: the bracket cannot shrink further
      const fNext = excess(next);
      if (fNext === 0) return next * mid;
      if (fNext < 0) {
        hi = next;
        fHi = fNext;
        if (kept === 1) fLo /= 2; // Illinois: lo kept twice in a row, halve its weight
        kept = 1;
      } else {
        lo = next;
        fLo = fNext;
        if (kept === -1) fHi /= 2;
        kept = -1;
      }
    }
    return (Math.abs(fLo) < Math.abs(fHi) ? lo : hi) * mid;
  }

  /**
   * A pool with the same balances, invariant and parameters, to simulate trades on (see {@link Venue.fork}).
   *
   * @example
   * const copy = pool.fork(); copy.sell(1000); // pool.mid() unchanged
   */
  fork(): StableSwapPool {
    // Every field is a number or a string: a field-by-field copy shares nothing a trade changes.
    return Object.assign(Object.create(StableSwapPool.prototype) as StableSwapPool, this);
  }

  /** Base output of spending `quoteIn`, in peg units, after the fee. */
  private buyOutPeg(quoteIn: number): number {
    const grossOut = stableSwapOutput(
      this.quoteBalance,
      this.basePeg,
      tradeAmount(quoteIn, 'quoteIn'),
      this.invariant,
      this.amplification,
    );
    return lessFee(grossOut, this.feeBps);
  }

  /** Mid after selling `baseIn` now (0 when float64 cannot hold the state: the price is then below any target). */
  private midAfterSale(baseIn: number): number {
    const addPeg = baseIn * this.pegPrice;
    if (!Number.isFinite(addPeg)) return 0;
    const quoteLeft =
      this.quoteBalance -
      lessFee(
        stableSwapOutput(this.basePeg, this.quoteBalance, addPeg, this.invariant, this.amplification),
        this.feeBps,
      );
    const basePeg = this.basePeg + addPeg;
    if (!(quoteLeft > 0)) return 0;
    try {
      const invariant = stableSwapInvariant(basePeg, quoteLeft, this.amplification);
      return this.pegPrice * stableSwapPrice(basePeg, quoteLeft, invariant, this.amplification);
    } catch (error) {
      if (error instanceof InvariantError) return 0;
      throw error;
    }
  }

  /**
   * Burns `fraction` of the pool's liquidity (Curve `remove_liquidity`: each balance is paid out pro rata, so the mid
   * is
   * unchanged and D falls by that fraction); returns what was paid out, base in base units.
   *
   * @example
   * pool.removeLiquidity(0.5); // { base: 500_000, quote: 500_000 } from a balanced 2M USD pool at peg 1
   */
  removeLiquidity(fraction: number): StableSwapReserves {
    if (!(fraction >= 0 && fraction < 1))
      throw new RangeError(`pool ${this.id}: can only remove a fraction in [0, 1) of its liquidity, got ${fraction}`);
    const out = { base: (this.basePeg * fraction) / this.pegPrice, quote: this.quoteBalance * fraction };
    this.settle(this.basePeg * (1 - fraction), this.quoteBalance * (1 - fraction));
    return out;
  }

  /** Commits new balances and their D (Curve recomputes D from the balances at every call). */
  private settle(basePeg: number, quoteBalance: number): void {
    let invariant: number;
    try {
      invariant = stableSwapInvariant(basePeg, quoteBalance, this.amplification);
    } catch (error) {
      if (!(error instanceof InvariantError)) throw error;
      throw new InsufficientLiquidityError(
        `pool ${this.id}: trade leaves balances float64 cannot hold (${error.message})`,
      );
    }
    this.basePeg = basePeg;
    this.quoteBalance = quoteBalance;
    this.invariant = invariant;
  }

  /** Balance left after paying `out`; float64 can round a huge trade's output up to the whole balance. */
  private remaining(balance: number, out: number, symbol: string): number {
    const left = balance - out;
    if (!(left > 0)) {
      throw new InsufficientLiquidityError(`pool ${this.id}: trade would drain its ${symbol} balance`);
    }
    return left;
  }
}

/** Curve `exchange`: dy_fee = dy·fee / FEE_DENOMINATOR; the trader receives dy − dy_fee. */
function lessFee(grossOut: number, feeBps: number): number {
  return grossOut - (grossOut * feeBps) / BPS;
}
