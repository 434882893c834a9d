import { amountOut, sellFractionFor1PctDrop } from './cpamm-math.js';
import { SALE_RATE_SHADE, type Venue } from './venue.js';
import { feeBpsIn, InsufficientLiquidityError, positive, tradeAmount } from './venue-errors.js';

/** Basis points in one unit. */
const BPS = 10_000;

/**
 * Construction parameters of a {@link ConstantProductPool}.
 *
 * @example
 * const params: ConstantProductPoolParams = {
 *   id: 'uni', base: 'ETH', quote: 'USDC', reserveBase: 5000, reserveQuote: 10e6, feeBps: 30,
 * };
 */
export interface ConstantProductPoolParams {
  id: string;
  /** Symbol of the priced asset (e.g. ETH). */
  base: string;
  /** Symbol of the numeraire (e.g. USDC). */
  quote: string;
  /** Base units held by the pool. */
  reserveBase: number;
  /** Quote units held by the pool. */
  reserveQuote: number;
  /** Swap fee in basis points, taken from the input (v2: 30). */
  feeBps: number;
}

/**
 * Parameters of {@link ConstantProductPool.fromLiquidity}.
 *
 * @example
 * const params: PoolLiquidityParams = { id: 'uni', base: 'ETH', quote: 'USDC', price: 2000, liquidityUsd: 20e6, feeBps: 30 };
 */
export interface PoolLiquidityParams {
  id: string;
  base: string;
  quote: string;
  /** Initial mid, quote per base. */
  price: number;
  /** Total value of both reserves at `price`, USD (half in each reserve). */
  liquidityUsd: number;
  feeBps: number;
}

/**
 * Reserves of a pool, for tests and reporting.
 *
 * @example
 * const { base, quote }: PoolReserves = pool.reserves();
 */
export interface PoolReserves {
  base: number;
  quote: number;
}

/**
 * A Uniswap v2-style constant-product pool. Swaps follow getAmountOut in float64 (see
 * `cpamm-math.ts`); the fee stays in the pool, so reserves grow by the full input and
 * k = reserveBase·reserveQuote never decreases.
 *
 * @example
 * const pool = ConstantProductPool.fromLiquidity({
 *   id: 'uni', base: 'ETH', quote: 'USDC', price: 2000, liquidityUsd: 20e6, feeBps: 30,
 * });
 * const usdc = pool.sell(10); // ≈ 19,900 USDC; pool.mid() falls to ≈ 1992.04
 */
export class ConstantProductPool implements Venue {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly feeBps: number;
  private reserveBase: number;
  private reserveQuote: number;

  constructor(params: ConstantProductPoolParams) {
    this.id = params.id;
    this.base = params.base;
    this.quote = params.quote;
    this.feeBps = feeBpsIn(params.feeBps, `pool ${params.id} feeBps`);
    this.reserveBase = positive(params.reserveBase, `pool ${params.id} reserveBase`);
    this.reserveQuote = positive(params.reserveQuote, `pool ${params.id} reserveQuote`);
  }

  /**
   * A pool whose mid is `price` and whose two reserves are each worth `liquidityUsd / 2`.
   *
   * @example
   * const pool = ConstantProductPool.fromLiquidity({
   *   id: 'uni', base: 'ETH', quote: 'USDC', price: 2000, liquidityUsd: 20e6, feeBps: 30,
   * });
   * pool.reserves(); // { base: 5000, quote: 10_000_000 }
   */
  static fromLiquidity(params: PoolLiquidityParams): ConstantProductPool {
    const price = positive(params.price, `pool ${params.id} price`);
    const half = positive(params.liquidityUsd, `pool ${params.id} liquidityUsd`) / 2;
    return new ConstantProductPool({
      id: params.id,
      base: params.base,
      quote: params.quote,
      reserveBase: half / price,
      reserveQuote: half,
      feeBps: params.feeBps,
    });
  }

  /**
   * Current reserves (a copy).
   *
   * @example
   * const { base, quote } = pool.reserves(); const k = base * quote;
   */
  reserves(): PoolReserves {
    return { base: this.reserveBase, quote: this.reserveQuote };
  }

  /**
   * Marginal price before fees, quote per base.
   *
   * @example
   * pool.mid(); // 2000 for reserves (5000 ETH, 10M USDC)
   */
  mid(): number {
    // Uniswap v2 spot price: reserve1 / reserve0.
    return this.reserveQuote / this.reserveBase;
  }

  /**
   * Quote per base of an infinitesimal sale: d amountOut/d baseIn at 0 = γ·reserveQuote/reserveBase (γ = 1 − fee).
   * getAmountOut is exactly marginalSellRate·b / (1 + sellCurvature·b), so the Venue bound holds with equality.
   *
   * @example
   * pool.marginalSellRate(); // 1994 for reserves (5000 ETH, 10M USDC), 30 bps
   */
  marginalSellRate(): number {
    // getAmountOut = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee)): divide through by Rin·10000.
    return ((BPS - this.feeBps) * this.reserveQuote) / (this.reserveBase * BPS);
  }

  /**
   * Floor under d amountOut/d baseIn from `baseIn` on ({@link Venue.sellRateFloor}): the curve γy·b/(x + γb) has
   * slope γ·x·y/(x + γb)², which only falls as b grows, here with γ = (10000 − fee)/10000 and shaded for rounding.
   *
   * @example
   * pool.sellRateFloor(0); // ≈ 1994 for reserves (5000 ETH, 10M USDC), 30 bps: the marginal rate
   */
  sellRateFloor(baseIn: number): number {
    if (!(baseIn >= 0 && baseIn < Number.POSITIVE_INFINITY)) return Number.NaN;
    const gamma = (BPS - this.feeBps) / BPS;
    const x = this.reserveBase;
    const after = x + gamma * baseIn;
    return ((gamma * x * this.reserveQuote) / (after * after)) * SALE_RATE_SHADE;
  }

  /**
   * κ = γ/reserveBase of the sale curve γ·(y/x)·b / (1 + (γ/x)·b).
   *
   * @example
   * pool.sellCurvature(); // 0.0001994 per ETH for 5000 ETH, 30 bps
   */
  sellCurvature(): number {
    return (BPS - this.feeBps) / (this.reserveBase * BPS);
  }

  /**
   * Base per quote of an infinitesimal purchase: d amountOut/d quoteIn at 0 = γ·reserveBase/reserveQuote.
   *
   * @example
   * pool.marginalBuyRate(); // 0.0004985 for reserves (5000 ETH, 10M USDC), 30 bps
   */
  marginalBuyRate(): number {
    return ((BPS - this.feeBps) * this.reserveBase) / (this.reserveQuote * BPS);
  }

  /**
   * κ = γ/reserveQuote of the purchase curve γ·(x/y)·q / (1 + (γ/y)·q).
   *
   * @example
   * pool.buyCurvature(); // 9.97e-8 per USDC for 10M USDC, 30 bps
   */
  buyCurvature(): number {
    return (BPS - this.feeBps) / (this.reserveQuote * BPS);
  }

  /**
   * Quote received for selling `baseIn` base now; no state change.
   *
   * @example
   * pool.quoteSell(1); // ≈ 1993.6 for a 20M USD pool at 2000, 30 bps
   */
  quoteSell(baseIn: number): number {
    return amountOut(baseIn, this.reserveBase, this.reserveQuote, this.feeBps);
  }

  /**
   * Base received for spending `quoteIn` quote now; no state change.
   *
   * @example
   * pool.quoteBuy(2000); // ≈ 0.9968 ETH for a 20M USD pool at 2000, 30 bps
   */
  quoteBuy(quoteIn: number): number {
    return amountOut(quoteIn, this.reserveQuote, this.reserveBase, this.feeBps);
  }

  /**
   * Sells `baseIn` base into the pool; returns the quote paid out. The whole input (fee included)
   * is added to the base reserve.
   *
   * @example
   * const usdc = pool.sell(1);
   */
  sell(baseIn: number): number {
    const out = this.quoteSell(tradeAmount(baseIn, 'baseIn'));
    this.reserveQuote = this.remaining(this.reserveQuote, out, this.quote);
    this.reserveBase += baseIn;
    return out;
  }

  /**
   * Spends `quoteIn` quote on base; returns the base paid out. The whole input (fee included)
   * is added to the quote reserve.
   *
   * @example
   * const eth = pool.buy(2000);
   */
  buy(quoteIn: number): number {
    const out = this.quoteBuy(tradeAmount(quoteIn, 'quoteIn'));
    this.reserveBase = this.remaining(this.reserveBase, out, this.base);
    this.reserveQuote += quoteIn;
    return out;
  }

  /**
   * USD value, at the current mid, of the base that must be sold now to lower the mid by exactly
   * 1%, fee included (the fee stays in the pool and slightly slows the fall). Exact closed form,
   * see {@link sellFractionFor1PctDrop}; it equals t·reserveQuote because t·reserveBase·mid = t·reserveQuote.
   *
   * @example
   * pool.depthUsdPer1Pct(); // ≈ 50,454 for reserves (5000 ETH, 10M USDC), 30 bps
   */
  depthUsdPer1Pct(): number {
    return sellFractionFor1PctDrop(this.feeBps) * this.reserveQuote;
  }

  /**
   * A pool with the same reserves and fee, to simulate trades on (see {@link Venue.fork}).
   *
   * @example
   * const copy = pool.fork(); copy.sell(10); // pool.mid() unchanged
   */
  fork(): ConstantProductPool {
    return new ConstantProductPool({
      id: this.id,
      base: this.base,
      quote: this.quote,
      reserveBase: this.reserveBase,
      reserveQuote: this.reserveQuote,
      feeBps: this.feeBps,
    });
  }

  /**
   * Burns `fraction` of the pool's liquidity (Uniswap v2 `burn`: each reserve is paid out pro rata, so the mid is
   * unchanged and the depth falls by that fraction); returns what was paid out.
   *
   * @example
   * pool.removeLiquidity(0.5); // { base: 2500, quote: 5_000_000 } from (5000 ETH, 10M USDC)
   */
  removeLiquidity(fraction: number): PoolReserves {
    if (!(fraction >= 0 && fraction < 1))
      throw new RangeError(`pool ${this.id}: can only remove a fraction in [0, 1) of its liquidity, got ${fraction}`);
    const out = { base: this.reserveBase * fraction, quote: this.reserveQuote * fraction };
    this.reserveBase -= out.base;
    this.reserveQuote -= out.quote;
    return out;
  }

  /** Reserve left after paying `out`; float64 can round a huge trade's output up to the whole reserve. */
  private remaining(reserve: number, out: number, symbol: string): number {
    const left = reserve - out;
    if (!(left > 0)) {
      throw new InsufficientLiquidityError(`pool ${this.id}: trade would drain its ${symbol} reserve`);
    }
    return left;
  }
}
