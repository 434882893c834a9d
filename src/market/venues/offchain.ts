import {
  decayFactor,
  impactFactor,
  impactIntegral,
  type ImpactMode,
  type PowerMode,
  purchaseVolume,
  volumeFor1PctDrop,
} from './offchain-math.js';
import { BOUNDED_IMPACT_DEFAULTS, BoundedImpact } from './impact-bounded.js';
import { SALE_RATE_SHADE, type Venue } from './venue.js';
import { feeBpsIn, positive, tradeAmount } from './venue-errors.js';

/** Sell quotes remembered per state at most (a keeper's profit search asks ~60). */
const SELL_MEMO_LIMIT = 256;

/** |ln 0.99|: log-price fall per depth D sold on the linear curve. */
const ABS_LN_099 = -Math.log(0.99);

/**
 * Construction parameters of an {@link OffchainMarket}.
 *
 * @example
 * const params: OffchainMarketParams = {
 *   id: 'cex', base: 'ETH', quote: 'USD', fundamental: 2000, depthUsdPer1Pct: 5e6,
 *   impact: 'linear', resilienceHalfLifeSeconds: 60, feeBps: 5,
 * };
 */
export interface OffchainMarketParams {
  id: string;
  base: string;
  quote: string;
  /** Exogenous price at rest, quote per base. */
  fundamental: number;
  /** D: USD (at the fundamental) whose sale from rest moves the price down exactly 1%. */
  depthUsdPer1Pct: number;
  /** Shape of the impact curve, see `offchain-math.ts` and `impact-bounded.ts`. */
  impact: ImpactMode;
  /** Bounded law only: net flow (depths) up to which it is linear (default {@link BOUNDED_IMPACT_DEFAULTS}). */
  crossoverDepths?: number;
  /** Bounded law only: gap from the fundamental, %, at which value buyers start. */
  valueBuyersFromPct?: number;
  /** Bounded law only: the gap, %, the price never reaches. */
  maxGapPct?: number;
  /** Bounded law only: net flow (depths) value buyers hold halfway from their start to the maximum gap. */
  valueBuyersHalfwayDepths?: number;
  /** Half-life of the exponential decay of outstanding impact; 0 = recovers within each block. */
  resilienceHalfLifeSeconds: number;
  /** Taker fee in basis points charged on the quote side (default 0). */
  feeBps?: number;
}

/**
 * The broad off-chain market (centralised exchanges and other venues in aggregate): price =
 * fundamental × g(V), where `outstanding` V is the net USD sold into it (at the fundamental) that has
 * not yet decayed. Trades execute along the curve (proceeds = ∫ g dV, see `offchain-math.ts`);
 * {@link OffchainMarket.advance} moves the fundamental and lets the impact decay between blocks.
 *
 * @example
 * const cex = new OffchainMarket({
 *   id: 'cex', base: 'ETH', quote: 'USD', fundamental: 2000, depthUsdPer1Pct: 5e6,
 *   impact: 'sqrt', resilienceHalfLifeSeconds: 60,
 * });
 * cex.sell(2500);        // sells 5M USD at the fundamental: ≈ 4.97M received, mid → 1980
 * cex.advance(2010, 60); // new fundamental, half the impact left: V = 2.5M
 */
export class OffchainMarket implements Venue {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly impact: ImpactMode;
  readonly depthUsd: number;
  readonly resilienceHalfLifeSeconds: number;
  readonly feeBps: number;
  /** The bounded law's curve (impact 'bounded'), undefined for the closed-form curves. */
  readonly law: BoundedImpact | undefined;
  private fundamental: number;
  private outstanding = 0;
  /** mid() of the current state, NaN until asked; cleared whenever the fundamental or V changes. */
  private cachedMid = Number.NaN;
  /** The last `dtSeconds` given to advance() and its decay factor (the block time rarely changes). */
  private decayDt = Number.NaN;
  private decayLeft = 1;
  /** Bounded law: log gap x(V/D) of the current state, NaN until asked. */
  private cachedGap = Number.NaN;
  /**
   * Bounded law: quoteSell answers of the current state by base amount (a keeper's search, its final check and the
   * sale itself ask for the same amount); cleared whenever the state changes, never shared with a fork.
   */
  private sellQuotes: Map<number, number> | undefined;

  constructor(params: OffchainMarketParams) {
    this.id = params.id;
    this.base = params.base;
    this.quote = params.quote;
    this.impact = params.impact;
    this.fundamental = positive(params.fundamental, `market ${params.id} fundamental`);
    this.depthUsd = positive(params.depthUsdPer1Pct, `market ${params.id} depthUsdPer1Pct`);
    this.resilienceHalfLifeSeconds = params.resilienceHalfLifeSeconds;
    decayFactor(0, params.resilienceHalfLifeSeconds); // validates the half-life
    this.feeBps = feeBpsIn(params.feeBps ?? 0, `market ${params.id} feeBps`);
    const d = BOUNDED_IMPACT_DEFAULTS;
    this.law =
      params.impact === 'bounded'
        ? new BoundedImpact({
            crossoverDepths: params.crossoverDepths ?? d.crossoverDepths,
            valueBuyersFromPct: params.valueBuyersFromPct ?? d.valueBuyersFromPct,
            maxGapPct: params.maxGapPct ?? d.maxGapPct,
            valueBuyersHalfwayDepths: params.valueBuyersHalfwayDepths ?? d.valueBuyersHalfwayDepths,
          })
        : undefined;
  }

  /**
   * Sets the new fundamental and decays outstanding impact over `dtSeconds`; call once per block.
   *
   * @example
   * cex.advance(1995, 12); // V ← V·2^(−12/halfLife)
   */
  advance(fundamental: number, dtSeconds: number): void {
    this.fundamental = positive(fundamental, `market ${this.id} fundamental`);
    // The factor depends only on dt and the half-life: reuse it while dt repeats (NaN never equals, so it is still
    // checked).
    if (dtSeconds !== this.decayDt) {
      this.decayLeft = decayFactor(dtSeconds, this.resilienceHalfLifeSeconds);
      this.decayDt = dtSeconds;
    }
    const left = this.decayLeft;
    this.outstanding = left === 0 ? 0 : this.outstanding * left; // no −0 after full recovery
    this.changed();
  }

  /**
   * g(V): mid / fundamental (< 1 after net sales, > 1 after net purchases).
   *
   * @example
   * cex.impactFactor(); // 0.99 right after selling D from rest
   */
  impactFactor(): number {
    if (this.law) return Math.exp(-this.logGap(this.law));
    return impactFactor(this.outstanding, this.depthUsd, this.impact as PowerMode);
  }

  /**
   * V: net USD sold (at the fundamental) not yet decayed; negative after net purchases.
   *
   * @example
   * cex.outstandingUsd(); // 5e6 after selling 2500 ETH at fundamental 2000
   */
  outstandingUsd(): number {
    return this.outstanding;
  }

  /**
   * Marginal price before fees: fundamental × g(V).
   *
   * @example
   * cex.mid(); // 2000 at rest
   */
  mid(): number {
    // Memoised: the same expression of the same state, computed once per state change.
    if (Number.isNaN(this.cachedMid)) this.cachedMid = this.fundamental * this.impactFactor();
    return this.cachedMid;
  }

  /**
   * Quote per base of an infinitesimal sale: d quoteSell/d baseIn at 0 = fundamental·g(V)·(1 − fee) = mid·(1 − fee).
   * quoteSell is concave (g falls as V grows), so no sale pays more per unit.
   *
   * @example
   * cex.marginalSellRate(); // 2000 at rest without fee
   */
  marginalSellRate(): number {
    return this.mid() * (1 - this.feeBps / 10_000);
  }

  /**
   * κ of the Venue sale bound quoteSell(b) ≤ marginalSellRate·b / (1 + κ·b). Linear mode: with x = |ln 0.99|·F·b/D,
   * quoteSell(b) = marginalSellRate·b·(1 − e^(−x))/x and (1 − e^(−x))/x ≤ 1/(1 + x/2) for x ≥ 0
   * ((1 + x/2)(1 − e^(−x)) − x is 0 with slope 0 at x = 0 and has second derivative −(x/2)·e^(−x) ≤ 0), so
   * κ = |ln 0.99|·F/(2D). Sqrt mode: 0 (concavity alone).
   *
   * @example
   * cex.sellCurvature(); // ≈ 0.005 per ETH for F = 2000, D = 2e6, linear
   */
  sellCurvature(): number {
    // Bounded: 0, as for sqrt (the price falls along a sale, but slower than the linear curve's bound allows).
    return this.impact === 'linear' ? (ABS_LN_099 * this.fundamental) / (2 * this.depthUsd) : 0;
  }

  /**
   * Floor under the quote per base of selling more once `baseIn` has been sold now ({@link Venue.sellRateFloor}):
   * the price only falls along a sale, so from `baseIn` on it is at least fundamental·e^(−x̄)·(1 − fee), with x̄ at or
   * above the log gap after the sale (Newton's starting point: no solve). Bounded law only; NaN for the closed-form
   * curves.
   *
   * @example
   * cex.sellRateFloor(0); // just under mid()·(1 − fee) at rest
   */
  sellRateFloor(baseIn: number): number {
    if (!this.law || !(baseIn >= 0)) return Number.NaN;
    const d = this.depthUsd;
    const gapAbove = this.law.logGapAbove(
      this.outstanding / d + (baseIn * this.fundamental) / d,
      this.logGap(this.law),
    );
    return this.fundamental * Math.exp(-gapAbove) * this.fee() * SALE_RATE_SHADE;
  }

  /**
   * Base per quote of an infinitesimal purchase: d quoteBuy/d quoteIn at 0 = (1 − fee)/(fundamental·g(V)) = (1 −
   * fee)/mid.
   * quoteBuy is concave (each further unit of V bought costs more), so no purchase gets more per unit.
   *
   * @example
   * cex.marginalBuyRate(); // 0.0005 at rest without fee
   */
  marginalBuyRate(): number {
    return (1 - this.feeBps / 10_000) / this.mid();
  }

  /**
   * Quote received for selling `baseIn` now, after the taker fee; no state change.
   *
   * @example
   * cex.quoteSell(1); // just under 2000 at rest
   */
  quoteSell(baseIn: number): number {
    const volume = tradeAmount(baseIn, 'baseIn') * this.fundamental;
    if (!this.law)
      return impactIntegral(this.outstanding, volume, this.depthUsd, this.impact as PowerMode) * this.fee();
    // A memo of a pure function of the state and the amount: the bits a fresh quote gives.
    const known = this.sellQuotes?.get(baseIn);
    if (known !== undefined) return known;
    // Walking the curve: proceeds = ∫_{V0}^{V0 + a·F} g(V) dV, less the taker fee on the quote received.
    const d = this.depthUsd;
    const quote = d * this.law.between(this.outstanding / d, volume / d, this.logGap(this.law)) * this.fee();
    const memo = (this.sellQuotes ??= new Map());
    if (memo.size >= SELL_MEMO_LIMIT) memo.clear(); // a long search in one state: keep the memo small
    memo.set(baseIn, quote);
    return quote;
  }

  /**
   * Base received for spending `quoteIn` now (the taker fee is taken from it first); no state change.
   *
   * @example
   * cex.quoteBuy(2000); // just under 1 at rest
   */
  quoteBuy(quoteIn: number): number {
    return this.purchasedVolume(quoteIn) / this.fundamental;
  }

  /**
   * Sells `baseIn`; returns the quote received and moves the price down.
   *
   * @example
   * const usd = cex.sell(10);
   */
  sell(baseIn: number): number {
    const out = this.quoteSell(baseIn);
    this.outstanding += baseIn * this.fundamental;
    this.changed();
    return out;
  }

  /**
   * Spends `quoteIn`; returns the base received and moves the price up.
   *
   * @example
   * const eth = cex.buy(20_000);
   */
  buy(quoteIn: number): number {
    const volume = this.purchasedVolume(quoteIn);
    this.outstanding -= volume;
    this.changed();
    return volume / this.fundamental;
  }

  /**
   * USD, valued at the current mid, of the base whose sale now moves the mid down exactly 1%.
   * At rest this is D in both modes. Linear mode: D·g(V) (always D at the fundamental). Sqrt
   * mode: the curve flattens with outstanding sales, so after net sales more than D is needed
   * (D·(2s + 1) at the fundamental, s = √(V/D)); see {@link volumeFor1PctDrop}.
   *
   * @example
   * cex.depthUsdPer1Pct(); // 5e6 at rest
   */
  depthUsdPer1Pct(): number {
    if (this.law) {
      // Bounded: from log gap x to x + λ; infinite within 1% of the floor, which no sale passes.
      const x = this.logGap(this.law);
      const depths = this.law.depthsAt(x + ABS_LN_099) - this.law.depthsAt(x);
      return this.depthUsd * depths * this.impactFactor();
    }
    return volumeFor1PctDrop(this.outstanding, this.depthUsd, this.impact as PowerMode) * this.impactFactor();
  }

  /**
   * A market in the same state (fundamental, outstanding impact), to simulate trades on (see {@link Venue.fork}).
   *
   * @example
   * const copy = cex.fork(); copy.sell(10); // cex.mid() unchanged
   */
  fork(): OffchainMarket {
    // Every field is a number, a string or the immutable law: a field-by-field copy shares nothing a trade changes.
    const copy = Object.assign(Object.create(OffchainMarket.prototype) as OffchainMarket, this);
    copy.sellQuotes = undefined; // the fork's trades must not write into this market's memo
    return copy;
  }

  /** USD volume (at the fundamental) bought by spending `quoteIn`, taker fee deducted first. */
  private purchasedVolume(quoteIn: number): number {
    const spend = tradeAmount(quoteIn, 'quoteIn') * (1 - this.feeBps / 10_000);
    if (this.law) {
      const d = this.depthUsd;
      return d * this.law.purchase(this.outstanding / d, spend / d, this.logGap(this.law));
    }
    return purchaseVolume(spend, this.outstanding, this.depthUsd, this.impact as PowerMode);
  }

  /** The bounded law's log gap of the current state, computed once per state. */
  private logGap(law: BoundedImpact): number {
    // From the state alone, never from an earlier answer: the result must not depend on who asked for the price
    // when (a run that records series and one that does not give the same bits).
    if (Number.isNaN(this.cachedGap)) this.cachedGap = law.logGap(this.outstanding / this.depthUsd);
    return this.cachedGap;
  }

  /** What a taker keeps of the quote side after the fee. */
  private fee(): number {
    return 1 - this.feeBps / 10_000;
  }

  /** Forgets what was computed from the previous state. */
  private changed(): void {
    this.cachedMid = Number.NaN;
    this.cachedGap = Number.NaN;
    if (this.sellQuotes?.size) this.sellQuotes.clear();
  }
}
