/**
 * The liquidity providers of a Uniswap v3 pool: their positions (explicit ranges or a generated population of ranges
 * around the price) and what they do each block. A position with a withdrawal rule burns its liquidity when the pool
 * price has moved too far from where it was placed or the price's realised volatility is too high, which thins the
 * pool's depth in a crash (concentrated LPs de-risk, as observed on-chain in volatile markets); optionally it comes
 * back, re-centred on the price, once its triggers have been quiet for a while.
 */
import type { LiquidityBehaviour, UniswapV3Pool } from './uniswap-v3.js';
import { V3_MAX_TICK, V3_MIN_TICK } from './v3-math.js';
import { VolatilityWindow } from './order-book-levels.js';

/**
 * When a position withdraws: a price move from its placement (fraction, 0.05 = 5%) and/or a realised volatility
 * (annualised); either triggers it.
 *
 * @example const rule: WithdrawRule = { move: 0.05, volatilityAnnual: 1.5 };
 */
export interface WithdrawRule {
  move?: number;
  volatilityAnnual?: number;
}

/**
 * A position to place at block 0: a range of prices (or ticks, or the full range) and its size.
 *
 * @example const p: PositionRequest = { range: { lowerPrice: 1800, upperPrice: 2200 }, usd: 1e6 };
 */
export interface PositionRequest {
  range: { lowerPrice: number; upperPrice: number } | { lowerTick: number; upperTick: number } | 'full';
  /** Value at the initial price, USD; or `liquidity` L directly. */
  usd?: number;
  liquidity?: number;
  withdraw?: WithdrawRule;
}

/**
 * Settings of the liquidity providers' behaviour.
 *
 * @example const s: LpSettings = { volatilityWindowSeconds: 600, returnAfterCalmSeconds: 3600 };
 */
export interface LpSettings {
  volatilityWindowSeconds: number;
  /** A withdrawn position returns once its triggers have been quiet this long; never when omitted. */
  returnAfterCalmSeconds?: number;
}

/** One position as the providers track it. */
interface Tracked {
  lower: number;
  upper: number;
  liquidity: number;
  /** Price at placement: the move trigger's reference. */
  placedAt: number;
  /** Range ends as ratios of the placement price (to re-centre on return). */
  lowerRatio: number;
  upperRatio: number;
  rule: WithdrawRule | undefined;
  active: boolean;
  /** Tokens taken out at withdrawal. */
  out: { base: number; quote: number };
  /** Last time a trigger was on (the calm clock's start). */
  lastStress: number;
}

/**
 * A generated population: `count` ranges [P/(1 + w), P·(1 + w)] with half widths w spaced geometrically from
 * `minHalfWidth` to `maxHalfWidth` (fractions), equal USD each; thresholds spread the same way (the narrowest range
 * withdraws first).
 *
 * @example generatedPositions({ usd: 10e6, count: 3, minHalfWidth: 0.01, maxHalfWidth: 0.5, price: 2000 })
 */
export function generatedPositions(g: {
  usd: number;
  count: number;
  minHalfWidth: number;
  maxHalfWidth: number;
  price: number;
  move?: { min: number; max: number };
  volatilityAnnual?: { min: number; max: number };
}): PositionRequest[] {
  const at = (k: number, lo: number, hi: number) => (g.count === 1 ? lo : lo * (hi / lo) ** (k / (g.count - 1)));
  return Array.from({ length: g.count }, (_, k) => {
    const w = at(k, g.minHalfWidth, g.maxHalfWidth);
    const withdraw: WithdrawRule = {
      ...(g.move ? { move: at(k, g.move.min, g.move.max) } : {}),
      ...(g.volatilityAnnual ? { volatilityAnnual: at(k, g.volatilityAnnual.min, g.volatilityAnnual.max) } : {}),
    };
    return {
      range: { lowerPrice: g.price / (1 + w), upperPrice: g.price * (1 + w) },
      usd: g.usd / g.count,
      ...(g.move || g.volatilityAnnual ? { withdraw } : {}),
    };
  });
}

/**
 * Mints the positions on `pool` and attaches itself as the pool's behaviour: each block it measures the pool price's
 * realised volatility and withdraws (burns) or returns (mints) positions by their rules. Reports what is withdrawn.
 *
 * @example
 * const lps = new V3LiquidityProviders(pool, requests, { volatilityWindowSeconds: 600 }); // pool.behaviour === lps
 */
export class V3LiquidityProviders implements LiquidityBehaviour {
  /** Withdrawals and returns so far. */
  withdrawals = 0;
  returns = 0;
  private readonly positions: Tracked[];
  private readonly volatility: VolatilityWindow;
  private lastMid: number;

  constructor(
    pool: UniswapV3Pool,
    requests: readonly PositionRequest[],
    readonly settings: LpSettings,
  ) {
    const price = pool.mid();
    this.lastMid = price;
    this.volatility = new VolatilityWindow(settings.volatilityWindowSeconds);
    this.positions = requests.map((r) => {
      const [lower, upper] = ticksOf(r.range, pool.tickSpacing);
      const liquidity = r.liquidity ?? pool.liquidityForUsd(lower, upper, r.usd ?? 0);
      pool.mint(lower, upper, liquidity);
      return {
        lower,
        upper,
        liquidity,
        placedAt: price,
        lowerRatio: 1.0001 ** lower / price,
        upperRatio: 1.0001 ** upper / price,
        rule: r.withdraw,
        active: true,
        out: { base: 0, quote: 0 },
        lastStress: 0,
      };
    });
    pool.behaviour = this;
  }

  /** Step 2 of the block: measure, then withdraw or return positions. */
  onBlock(pool: UniswapV3Pool, timeSeconds: number, dtSeconds: number): void {
    const mid = pool.mid();
    this.volatility.observe(timeSeconds, Math.log(mid / this.lastMid), dtSeconds);
    this.lastMid = mid;
    const vol = this.volatility.annual();
    for (const p of this.positions) {
      const rule = p.rule;
      if (!rule) continue;
      const stressed =
        (rule.volatilityAnnual !== undefined && vol > rule.volatilityAnnual) ||
        (p.active && rule.move !== undefined && Math.abs(mid / p.placedAt - 1) >= rule.move);
      if (stressed) p.lastStress = timeSeconds;
      if (p.active && stressed) {
        p.out = pool.burn(p.lower, p.upper, p.liquidity);
        p.active = false;
        this.withdrawals += 1;
      } else if (!p.active && this.settings.returnAfterCalmSeconds !== undefined) {
        if (timeSeconds - p.lastStress >= this.settings.returnAfterCalmSeconds) this.comeBack(pool, p, mid);
      }
    }
  }

  /**
   * USD value at the current mid of the tokens the withdrawn positions took out.
   *
   * @example lps.withdrawnUsd(pool) // 0 before any withdrawal
   */
  withdrawnUsd(pool: UniswapV3Pool): number {
    let usd = 0;
    for (const p of this.positions) if (!p.active) usd += p.out.base * pool.mid() + p.out.quote;
    return usd;
  }

  /**
   * USD value at the current mid of the positions still in the pool.
   *
   * @example lps.providedUsd(pool)
   */
  providedUsd(pool: UniswapV3Pool): number {
    let usd = 0;
    for (const p of this.positions) if (p.active) usd += pool.valueUsd(p.lower, p.upper, p.liquidity);
    return usd;
  }

  /** Positions tracked, and how many are in the pool now. */
  counts(): { positions: number; active: number } {
    return { positions: this.positions.length, active: this.positions.filter((p) => p.active).length };
  }

  /** Re-mints a withdrawn position on its relative range around `mid`, with the value it took out. */
  private comeBack(pool: UniswapV3Pool, p: Tracked, mid: number): void {
    const [lower, upper] = ticksOf(
      { lowerPrice: mid * p.lowerRatio, upperPrice: mid * p.upperRatio },
      pool.tickSpacing,
    );
    const usd = p.out.base * mid + p.out.quote;
    if (!(usd > 0)) return;
    p.lower = lower;
    p.upper = upper;
    p.liquidity = pool.liquidityForUsd(lower, upper, usd);
    pool.mint(lower, upper, p.liquidity);
    p.placedAt = mid;
    p.active = true;
    p.out = { base: 0, quote: 0 };
    this.returns += 1;
  }
}

/**
 * Ticks of a range on the grid: prices rounded outward (lower down, upper up) to multiples of the spacing, within
 * [MIN_TICK, MAX_TICK]; 'full' is the widest grid range.
 *
 * @example ticksOf({ lowerPrice: 1800, upperPrice: 2200 }, 60) // [74_940, 76_980]
 */
export function ticksOf(range: PositionRequest['range'], spacing: number): [number, number] {
  const minTick = Math.ceil(V3_MIN_TICK / spacing) * spacing;
  const maxTick = Math.floor(V3_MAX_TICK / spacing) * spacing;
  if (range === 'full') return [minTick, maxTick];
  if ('lowerTick' in range) return [range.lowerTick, range.upperTick];
  const tickOf = (price: number) => Math.log(price) / Math.log1p(1e-4);
  const lower = Math.max(minTick, Math.floor(tickOf(range.lowerPrice) / spacing) * spacing);
  const upper = Math.min(maxTick, Math.ceil(tickOf(range.upperPrice) / spacing) * spacing);
  return [lower, upper > lower ? upper : lower + spacing];
}
