/**
 * The venues of the mapped collateral as one market that remembers, block by block: each off-chain
 * market keeps its outstanding impact V (USD sold at the fundamental, not yet decayed) and lets it decay
 * with its resilience half-life as `OffchainMarket.advance` does; each pool keeps the base units it has
 * absorbed. Arbitrage then moves units between venues until every mid is the same: a purchase of W USD
 * (at the fundamental F) on an off-chain market takes W/F units out of it and a pool takes them in, so
 * the units all venues hold beyond their block-0 rest state are conserved. Fees, gas and arbitrage
 * capital are ignored (they leave the venues apart by up to the fee band).
 */
import { InvariantError } from '../../kernel/errors.js';
import { decayFactor } from '../../market/venues/offchain-math.js';
import { type DepthVenue, offchainVolumeUsd } from './depth.js';

/** −ln 0.99: the log-price fall per unit of the off-chain curve's argument. */
const LAMBDA = -Math.log(0.99);
/** Newton steps stop when ln p moves less than this. */
const LOG_PRICE_TOLERANCE = 1e-13;
/** Newton (or bisection) steps before giving up. */
const MAX_STEPS = 200;

/**
 * How fast off-chain impact recovers in a run of the stepped model: at each market's own half-life, fully
 * between one block and the next (half-life 0), or never (half-life ∞).
 *
 * @example
 * const resilience: Resilience = 'scenario';
 */
export type Resilience = 'scenario' | 'full' | 'none';

/**
 * One venue at block 0 with the half-life of its impact (off-chain markets only).
 *
 * @example
 * const cex: MemoryVenue = { kind: 'offchain', impact: 'linear', depthUsd: 2e6, fundamental: 2000, halfLifeSeconds: 1800 };
 */
export type MemoryVenue =
  (DepthVenue & { kind: 'offchain'; halfLifeSeconds: number }) | (DepthVenue & { kind: 'cpamm' });

/**
 * The arbitraged venues of one collateral with their memory of past trades.
 *
 * @example
 * const venues = new ArbitragedVenues([{ kind: 'offchain', impact: 'linear', depthUsd: 2e6, fundamental: 2000, halfLifeSeconds: 1800 }], 'scenario');
 * venues.advance(0.9, 12);   // the fundamental fell 10%: price 1800
 * venues.sell(1000);         // 1000 ETH at 1800 is 0.9 D: price 1800·0.99^0.9
 * venues.advance(0.9, 1800); // half the impact gone: 1800·0.99^0.45
 */
export class ArbitragedVenues {
  /** The common mid of every venue, USD per unit. */
  price: number;
  /** Per venue: off-chain outstanding impact V, USD; pool units absorbed beyond block 0. */
  private readonly held: Float64Array;
  /** Per venue: the fundamental now (off-chain markets; NaN for pools), and its logarithm. */
  private readonly fundamental: Float64Array;
  private readonly logFundamental: Float64Array;
  /** Per venue: share of impact left after the last `advance` interval, cached by interval length. */
  private readonly decay: Float64Array;
  private decayInterval = Number.NaN;
  /** The fundamental ratio of the last `advance`, and whether no venue's impact decays over its interval. */
  private ratio = 1;
  private noDecay = true;

  constructor(
    private readonly venues: readonly MemoryVenue[],
    private readonly resilience: Resilience,
  ) {
    if (venues.length === 0) throw new InvariantError('the venue model needs at least one venue');
    this.held = new Float64Array(venues.length);
    this.fundamental = Float64Array.from(venues, (v) => (v.kind === 'offchain' ? v.fundamental : Number.NaN));
    this.logFundamental = this.fundamental.map(Math.log);
    this.decay = new Float64Array(venues.length).fill(1);
    // At block 0 every venue rests at its own mid; arbitrage starts from the first one's.
    this.price = venues[0].kind === 'offchain' ? venues[0].fundamental : venues[0].mid;
    this.arbitrage();
  }

  /**
   * One block passes: every off-chain market's fundamental becomes its block-0 one times `fundamentalRatio`
   * (the asset's exogenous price over its block-0 price), past impact decays over `dtSeconds`, and arbitrage
   * levels the venues.
   */
  advance(fundamentalRatio: number, dtSeconds: number): void {
    if (dtSeconds !== this.decayInterval) {
      this.venues.forEach(
        (v, k) => (this.decay[k] = v.kind === 'offchain' ? this.decayOver(v.halfLifeSeconds, dtSeconds) : 1),
      );
      this.decayInterval = dtSeconds;
      this.noDecay = this.decay.every((d) => d === 1);
    }
    // Nothing moved and nothing decays: the venues stay where arbitrage left them.
    if (fundamentalRatio === this.ratio && this.noDecay) return;
    this.ratio = fundamentalRatio;
    for (let k = 0; k < this.venues.length; k++) {
      const v = this.venues[k];
      if (v.kind !== 'offchain') continue;
      this.fundamental[k] = v.fundamental * fundamentalRatio;
      this.logFundamental[k] = Math.log(this.fundamental[k]);
      this.held[k] *= this.decay[k];
    }
    this.arbitrage();
  }

  /** Keepers sell `units` (≥ 0); arbitrage spreads the sale over every venue at once. */
  sell(units: number): void {
    if (!(units >= 0)) throw new InvariantError(`units sold must be ≥ 0, got ${units}`);
    if (units === 0) return;
    // Units go in at any venue; only their total matters once arbitrage has levelled the venues.
    this.arbitrage(units);
  }

  private decayOver(halfLifeSeconds: number, dtSeconds: number): number {
    if (this.resilience === 'none') return 1;
    if (this.resilience === 'full') return 0;
    return decayFactor(dtSeconds, halfLifeSeconds);
  }

  /**
   * Σ over venues of the units held at common log price `y`, less `target`, into `this.excess`, and its
   * derivative in y into `this.slope` (no allocation: this runs a few times per block).
   */
  private evaluate(y: number, target: number): void {
    const price = Math.exp(y);
    let units = -target;
    let slope = 0;
    for (let k = 0; k < this.venues.length; k++) {
      const v = this.venues[k];
      if (v.kind === 'cpamm') {
        // Constant product without fee: B(p) = B0·√(mid0/p), so dB/d ln p = −B/2.
        const reserve = v.reserveBase * Math.sqrt(v.mid / price);
        units += reserve - v.reserveBase;
        slope -= reserve / 2;
        continue;
      }
      const f = this.fundamental[k];
      // p = F·0.99^x: V = D·x (linear), D·sign(x)·x² (sqrt, offchain-math.ts) or D·v(λx) (bounded, impact-bounded.ts),
      // held as V/F units; dx/d ln p = −1/λ.
      const x = (this.logFundamental[k] - y) / LAMBDA;
      if (v.impact === 'bounded' && v.law) {
        // impact-bounded.ts: V = D·v(λx), dV/d ln p = −D·v'(λx).
        units += (v.depthUsd * v.law.depthsAt(x * LAMBDA)) / f;
        slope -= (v.depthUsd * v.law.slopeAt(x * LAMBDA)) / f;
      } else if (v.impact === 'linear') {
        units += (v.depthUsd * x) / f;
        slope -= v.depthUsd / (LAMBDA * f);
      } else {
        units += (v.depthUsd * Math.sign(x) * x * x) / f;
        slope -= (2 * v.depthUsd * Math.abs(x)) / (LAMBDA * f);
      }
    }
    this.excess = units;
    this.slope = slope;
  }

  private excess = 0;
  private slope = 0;

  /**
   * Levels every venue at the common price where they hold, together, what they hold now plus `added`
   * units, then records each venue's new holding. The units held fall as the price rises, so Newton's
   * method on ln p from the current price converges (a bracket, widened as needed, guards each step).
   */
  private arbitrage(added = 0): void {
    let target = added;
    for (let k = 0; k < this.venues.length; k++) {
      const v = this.venues[k];
      target += v.kind === 'offchain' ? this.held[k] / this.fundamental[k] : this.held[k];
    }
    let y = Math.log(this.price);
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    let converged = false;
    for (let k = 0; k < MAX_STEPS && !converged; k++) {
      this.evaluate(y, target);
      // Too many units held at y: the price must be higher.
      if (this.excess > 0) lo = y;
      else hi = y;
      if (this.excess === 0) {
        converged = true;
        break;
      }
      const step = this.slope < 0 ? -this.excess / this.slope : Number.NaN;
      if (Math.abs(step) < LOG_PRICE_TOLERANCE) {
        y += step;
        converged = true;
        break;
      }
      let next = y + step;
      if (!(next > lo && next < hi))
        next = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : this.excess > 0 ? y + 1 : y - 1;
      converged = hi - lo < LOG_PRICE_TOLERANCE;
      y = next;
    }
    const price = Math.exp(y);
    if (!converged && !(hi - lo < 1e-9))
      throw new InvariantError(`the venues found no common price for ${target} units`);
    if (!(price > 0 && Number.isFinite(price)))
      throw new InvariantError(`the venues reached no positive price (${price})`);
    this.price = price;
    for (let k = 0; k < this.venues.length; k++) {
      const v = this.venues[k];
      if (v.kind === 'cpamm') {
        this.held[k] = v.reserveBase * Math.sqrt(v.mid / price) - v.reserveBase;
        continue;
      }
      const f = this.fundamental[k];
      const x = Math.log(f / price) / LAMBDA;
      this.held[k] = offchainVolumeUsd(v, x);
    }
  }
}
