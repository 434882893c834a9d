import type { Venue } from './venue.js';
import { positive, tradeAmount } from './venue-errors.js';
import {
  amount0Delta,
  amount1Delta,
  computeSwapStep,
  PIPS,
  sqrtRatioAtTick,
  tickAtSqrtRatio,
  V3_MAX_TICK,
  V3_MIN_TICK,
} from './v3-math.js';
import { TickTable } from './v3-ticks.js';
import { TickObservations } from './v3-observations.js';

/**
 * Construction parameters of a {@link UniswapV3Pool}.
 *
 * @example
 * const params: UniswapV3PoolParams = { id: 'v3', base: 'ETH', quote: 'USDC', price: 2000, feePips: 500, tickSpacing: 10 };
 */
export interface UniswapV3PoolParams {
  id: string;
  base: string;
  quote: string;
  /** Initial price, quote per base: the pool starts at √price (UniswapV3Pool.initialize). */
  price: number;
  /** Fee tier in pips (hundredths of a bp): 100, 500, 3000 or 10000 on mainnet. */
  feePips: number;
  /** Positions' ticks must be multiples of this (v3: 1, 10, 60, 200 for the four tiers). */
  tickSpacing: number;
  /** Observations kept for TWAP readers (observationCardinality); none when omitted. */
  observationCardinality?: number;
}

/**
 * Token amounts, in whole units.
 *
 * @example const { base, quote }: TokenAmounts = pool.amountsFor(-600, 600, 1e5);
 */
export interface TokenAmounts {
  base: number;
  quote: number;
}

/** What a swap did: output paid, fee taken, input left unfilled for want of liquidity. */
interface SwapResult {
  out: number;
  fee: number;
  unfilled: number;
}

/** Once per block, before arbitrage: what liquidity providers do (see `v3-lps.ts`). */
export interface LiquidityBehaviour {
  onBlock(pool: UniswapV3Pool, timeSeconds: number, dtSeconds: number): void;
}

/**
 * A Uniswap v3 concentrated-liquidity pool, base = token0 and quote = token1: positions add liquidity L over
 * [lower, upper) ticks; a swap walks the initialised ticks with SwapMath.computeSwapStep in float64 (`v3-math.ts`),
 * crossing each (Tick.cross) and taking the fee from each step's input. Fees go to the liquidity providers (they do
 * not deepen the pool, as in v3); only their total is kept. Input beyond the last liquidity (every position withdrawn
 * on that side) is recorded as unfilled and pays nothing.
 *
 * @example
 * const pool = new UniswapV3Pool({ id: 'v3', base: 'ETH', quote: 'USDC', price: 2000, feePips: 500, tickSpacing: 10 });
 * pool.mint(75_010, 77_010, pool.liquidityForUsd(75_010, 77_010, 10e6));
 * pool.sell(10); // ≈ 19,9xx USDC; the mid falls
 */
export class UniswapV3Pool implements Venue {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly feePips: number;
  readonly tickSpacing: number;
  /** Fees earned by liquidity providers: in base (from sales), in quote (from purchases), and in USD at trade time. */
  readonly fees = { base: 0, quote: 0, usd: 0 };
  /** Input that found no liquidity: base sold, quote spent. */
  readonly unfilled = { base: 0, quote: 0 };
  /** What the liquidity providers do each block (set by the builder). */
  behaviour: LiquidityBehaviour | undefined;
  private sqrtP: number;
  /** slot0.tick: the greatest tick with sqrtRatioAtTick(tick) ≤ √P, or one below a tick just crossed downward. */
  private tick: number;
  /** Active liquidity (UniswapV3Pool.liquidity). */
  private liquidity = 0;
  private ticks = new TickTable();
  private readonly observations: TickObservations | undefined;
  private nowSeconds = 0;

  constructor(params: UniswapV3PoolParams) {
    this.id = params.id;
    this.base = params.base;
    this.quote = params.quote;
    if (!Number.isInteger(params.feePips) || params.feePips < 0 || params.feePips >= PIPS)
      throw new RangeError(`pool ${params.id}: feePips must be an integer in [0, 1e6), got ${params.feePips}`);
    if (!Number.isInteger(params.tickSpacing) || params.tickSpacing < 1)
      throw new RangeError(`pool ${params.id}: tickSpacing must be a positive integer, got ${params.tickSpacing}`);
    this.feePips = params.feePips;
    this.tickSpacing = params.tickSpacing;
    this.sqrtP = Math.sqrt(positive(params.price, `pool ${params.id} price`));
    this.tick = tickAtSqrtRatio(this.sqrtP);
    const cardinality = params.observationCardinality;
    this.observations = cardinality === undefined ? undefined : new TickObservations(cardinality, 0);
  }

  /** Marginal price before fees, quote per base: (√P)². */
  mid(): number {
    return this.sqrtP * this.sqrtP;
  }

  /** √P, as the pool keeps it (slot0.sqrtPriceX96 / 2^96). */
  sqrtPrice(): number {
    return this.sqrtP;
  }

  /** slot0.tick. */
  currentTick(): number {
    return this.tick;
  }

  /** Active liquidity L at the current price. */
  activeLiquidity(): number {
    return Math.max(0, this.liquidity);
  }

  /** Quote per base of an infinitesimal sale: (1 − fee)·P (the current range's constant-product rate). */
  marginalSellRate(): number {
    return ((PIPS - this.feePips) / PIPS) * this.mid();
  }

  /** Base per quote of an infinitesimal purchase: (1 − fee)/P. */
  marginalBuyRate(): number {
    return (PIPS - this.feePips) / PIPS / this.mid();
  }

  /** Quote received for selling `baseIn` now; no state change. */
  quoteSell(baseIn: number): number {
    return this.swap(true, tradeAmount(baseIn, 'baseIn'), false).out;
  }

  /** Base received for spending `quoteIn` now; no state change. */
  quoteBuy(quoteIn: number): number {
    return this.swap(false, tradeAmount(quoteIn, 'quoteIn'), false).out;
  }

  /** Sells `baseIn` base (a zeroForOne exact-input swap); returns the quote paid out. */
  sell(baseIn: number): number {
    return this.swap(true, tradeAmount(baseIn, 'baseIn'), true).out;
  }

  /** Spends `quoteIn` quote on base (oneForZero exact input); returns the base paid out. */
  buy(quoteIn: number): number {
    return this.swap(false, tradeAmount(quoteIn, 'quoteIn'), true).out;
  }

  /**
   * USD value, at the current mid, of the base (fee included) whose sale lowers the mid by exactly 1%: the base
   * each range holds between √P and √(0.99·P), summed across the ticks crossed, grossed up by the fee.
   *
   * @example pool.depthUsdPer1Pct(); // ≈ 0.005·L·√P·(1 + fee) inside one range
   */
  depthUsdPer1Pct(): number {
    const target = this.sqrtP * Math.sqrt(0.99);
    let sqrtP = this.sqrtP;
    let liquidity = this.liquidity;
    let base = 0;
    for (let k = this.ticks.indexAtOrBelow(this.tick); ; k--) {
      const sqrtNext = k < 0 ? target : Math.max(target, this.ticks.sqrtAt(k));
      base += amount0Delta(sqrtNext, sqrtP, Math.max(0, liquidity));
      if (k < 0 || sqrtNext === target) break;
      liquidity -= this.ticks.netAt(k);
      sqrtP = sqrtNext;
    }
    return ((base * PIPS) / (PIPS - this.feePips)) * this.mid();
  }

  /**
   * Tokens a position of liquidity L over [lower, upper) holds at the current price (Position amounts as
   * UniswapV3Pool._modifyPosition computes them: all base below the range, all quote above it).
   *
   * @example pool.amountsFor(75_010, 77_010, 1e5) // { base: …, quote: … }
   */
  amountsFor(lower: number, upper: number, liquidity: number): TokenAmounts {
    const sqrtLower = sqrtRatioAtTick(lower);
    const sqrtUpper = sqrtRatioAtTick(upper);
    if (this.tick < lower) return { base: amount0Delta(sqrtLower, sqrtUpper, liquidity), quote: 0 };
    if (this.tick >= upper) return { base: 0, quote: amount1Delta(sqrtLower, sqrtUpper, liquidity) };
    return {
      base: amount0Delta(this.sqrtP, sqrtUpper, liquidity),
      quote: amount1Delta(sqrtLower, this.sqrtP, liquidity),
    };
  }

  /**
   * USD value at the current mid of a position of liquidity L over [lower, upper).
   *
   * @example pool.valueUsd(75_010, 77_010, 1e5)
   */
  valueUsd(lower: number, upper: number, liquidity: number): number {
    const { base, quote } = this.amountsFor(lower, upper, liquidity);
    return base * this.mid() + quote;
  }

  /**
   * The liquidity L whose position over [lower, upper) is worth `usd` at the current mid.
   *
   * @example pool.liquidityForUsd(75_010, 77_010, 10e6)
   */
  liquidityForUsd(lower: number, upper: number, usd: number): number {
    return usd / this.valueUsd(lower, upper, 1);
  }

  /**
   * Adds liquidity L over [lower, upper) (UniswapV3Pool.mint); returns the tokens deposited.
   *
   * @example pool.mint(75_010, 77_010, 1e5);
   */
  mint(lower: number, upper: number, liquidity: number): TokenAmounts {
    this.checkRange(lower, upper);
    positive(liquidity, `pool ${this.id} liquidity`);
    this.touch();
    this.ticks.update(lower, liquidity);
    this.ticks.update(upper, -liquidity);
    if (lower <= this.tick && this.tick < upper) this.liquidity += liquidity;
    return this.amountsFor(lower, upper, liquidity);
  }

  /**
   * Removes liquidity L over [lower, upper) that an earlier mint added (UniswapV3Pool.burn); returns the tokens
   * paid out.
   *
   * @example pool.burn(75_010, 77_010, 1e5);
   */
  burn(lower: number, upper: number, liquidity: number): TokenAmounts {
    this.checkRange(lower, upper);
    this.touch();
    const out = this.amountsFor(lower, upper, liquidity);
    this.ticks.update(lower, -liquidity, true);
    this.ticks.update(upper, liquidity, true);
    if (lower <= this.tick && this.tick < upper) this.liquidity -= liquidity;
    return out;
  }

  /** Step 2 of the block: the pool learns the block time; liquidity providers act. */
  onBlock(timeSeconds: number, dtSeconds: number): void {
    this.nowSeconds = timeSeconds;
    this.behaviour?.onBlock(this, timeSeconds, dtSeconds);
  }

  /**
   * tickCumulative at `nowSeconds − secondsAgo` (UniswapV3Pool.observe for one age). Throws a RangeError for a pool
   * without observations or beyond the oldest one kept.
   *
   * @example (pool.tickCumulativeAt(0, t) − pool.tickCumulativeAt(1800, t)) / 1800 // mean tick of the last 30 min
   */
  tickCumulativeAt(secondsAgo: number, nowSeconds: number): number {
    if (!this.observations) throw new RangeError(`pool ${this.id} keeps no observations`);
    return this.observations.tickCumulativeAt(secondsAgo, nowSeconds, this.tick);
  }

  /** Time of the oldest observation kept (0 for a pool without observations). */
  oldestObservationSeconds(): number {
    return this.observations?.oldestSeconds() ?? 0;
  }

  /** An independent copy for simulating trades: same ticks, price and liquidity; no observations, no behaviour. */
  fork(): UniswapV3Pool {
    const { id, base, quote, feePips, tickSpacing } = this;
    const copy = new UniswapV3Pool({ id, base, quote, feePips, tickSpacing, price: this.mid() });
    copy.sqrtP = this.sqrtP;
    copy.tick = this.tick;
    copy.liquidity = this.liquidity;
    copy.ticks = this.ticks.copy();
    return copy;
  }

  /**
   * The exact-input swap loop of UniswapV3Pool.swap: step to the next initialised tick (or less), cross it when
   * reached, until the input is spent or no liquidity is left on that side. Commits the new state when `commit`.
   */
  private swap(zeroForOne: boolean, amountIn: number, commit: boolean): SwapResult {
    let sqrtP = this.sqrtP;
    let tick = this.tick;
    let liquidity = this.liquidity;
    let remaining = amountIn;
    let out = 0;
    let fee = 0;
    const ticks = this.ticks;
    // The initialised ticks on the swap's path, walked by index (TickBitmap.nextInitializedTickWithinOneWord).
    let k = zeroForOne ? ticks.indexAtOrBelow(tick) : ticks.indexAbove(tick);
    while (remaining > 0 && k >= 0 && k < ticks.size) {
      const next = ticks.tickAt(k);
      const sqrtNext = ticks.sqrtAt(k);
      const step = computeSwapStep(sqrtP, sqrtNext, Math.max(0, liquidity), remaining, this.feePips);
      out += step.amountOut;
      fee += step.feeAmount;
      if (step.sqrtNext !== sqrtNext) {
        // The input ran out inside the range (the step's fee is the remainder): the tick follows the price (only a
        // committed swap needs it).
        remaining = 0;
        sqrtP = step.sqrtNext;
        if (commit) tick = tickAtSqrtRatio(sqrtP);
        break;
      }
      remaining -= step.amountIn + step.feeAmount;
      // Tick.cross: moving down through `next` subtracts its net liquidity, moving up adds it.
      liquidity += zeroForOne ? -ticks.netAt(k) : ticks.netAt(k);
      tick = zeroForOne ? next - 1 : next;
      sqrtP = sqrtNext;
      k += zeroForOne ? -1 : 1;
    }
    const unfilled = Math.max(0, remaining);
    if (commit) {
      this.touch();
      // Fees in USD at the price before the trade.
      this.fees.usd += zeroForOne ? fee * this.mid() : fee;
      this.sqrtP = sqrtP;
      this.tick = tick;
      this.liquidity = liquidity;
      if (zeroForOne) {
        this.fees.base += fee;
        this.unfilled.base += unfilled;
      } else {
        this.fees.quote += fee;
        this.unfilled.quote += unfilled;
      }
    }
    return { out, fee, unfilled };
  }

  /** The block's first action on the pool writes the observation of the interval just ended (Oracle.write). */
  private touch(): void {
    this.observations?.write(this.nowSeconds, this.tick);
  }

  private checkRange(lower: number, upper: number): void {
    const onGrid = (t: number) => Number.isInteger(t) && t % this.tickSpacing === 0;
    // UniswapV3Pool.checkTicks and the tick-spacing rule of TickBitmap.flipTick.
    if (!(lower < upper) || lower < V3_MIN_TICK || upper > V3_MAX_TICK || !onGrid(lower) || !onGrid(upper))
      throw new RangeError(
        `pool ${this.id}: a position needs ticks lower < upper within [${V3_MIN_TICK}, ${V3_MAX_TICK}], multiples of ${this.tickSpacing}; got [${lower}, ${upper})`,
      );
  }
}
