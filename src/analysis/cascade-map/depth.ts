/**
 * The venues of one collateral as a single depth. Arbitrage keeps the venues at one common price, so
 * a liquidation sale of U units moves every venue to the price p at which the units they absorb add up
 * to U: Σ_v a_v(p) = U. Fees, gas and arbitrage capital are ignored (they leave venues apart by up to
 * the fee band), and so is the decay of off-chain impact (resilience): impact is permanent here.
 */
import { InvariantError } from '../../kernel/errors.js';
import type { BoundedImpact } from '../../market/venues/impact-bounded.js';
import type { ImpactMode } from '../../market/venues/offchain-math.js';

/** −ln 0.99: the log-price fall per unit of the off-chain curve's argument. */
const LAMBDA = -Math.log(0.99);

/**
 * One venue as the depth model sees it, in its block-0 state.
 *
 * @example
 * const cex: DepthVenue = { kind: 'offchain', impact: 'linear', depthUsd: 2e6, fundamental: 2000 };
 * const pool: DepthVenue = { kind: 'cpamm', reserveBase: 1000, mid: 2000 };
 */
export type DepthVenue =
  | { kind: 'offchain'; impact: ImpactMode; depthUsd: number; fundamental: number; law?: BoundedImpact }
  | { kind: 'cpamm'; reserveBase: number; mid: number };

/**
 * Units of base venue `v` has absorbed when its mid stands at `price` after the exogenous shock
 * `shock`, counted from its rest state (negative when it has given units out).
 *
 * @example
 * absorbedUnits({ kind: 'offchain', impact: 'linear', depthUsd: 2e6, fundamental: 2000 }, 1980, 0); // 1000 (D at F = 2000)
 */
export function absorbedUnits(v: DepthVenue, price: number, shock: number): number {
  if (v.kind === 'cpamm') {
    // Constant product without fee: base reserve = √(k/mid), so B(p) − B0 = B0·(√(mid0/p) − 1).
    return v.reserveBase * (Math.sqrt(v.mid / price) - 1);
  }
  const fundamental = v.fundamental * (1 - shock);
  // offchain-math.ts: p = F·0.99^(V/D) (linear) or F·0.99^(sign V·√(|V|/D)) (sqrt); solved for V, in units V/F.
  const x = Math.log(fundamental / price) / LAMBDA;
  return offchainVolumeUsd(v, x) / fundamental;
}

/**
 * V: the net USD an off-chain venue holds when its price is 0.99^x of its fundamental (impact-bounded.ts for the
 * bounded law, which needs `law`; offchain-math.ts for the others).
 *
 * @example
 * offchainVolumeUsd({ kind: 'offchain', impact: 'sqrt', depthUsd: 1e6, fundamental: 2000 }, 2); // 4e6
 */
export function offchainVolumeUsd(v: DepthVenue & { kind: 'offchain' }, x: number): number {
  if (v.impact === 'bounded') {
    if (!v.law) throw new InvariantError('a bounded off-chain venue needs its law');
    return v.depthUsd * v.law.depthsAt(x * LAMBDA);
  }
  return v.impact === 'linear' ? v.depthUsd * x : v.depthUsd * Math.sign(x) * x * x;
}

/**
 * All venues of one collateral after an exogenous shock: the common price after selling a quantity.
 *
 * @example
 * const depth = new ShockedDepth([{ kind: 'offchain', impact: 'linear', depthUsd: 2e6, fundamental: 2000 }], 0.1);
 * depth.priceAfter(0);    // 1800
 * depth.priceAfter(1111.1); // ≈ 1782: 1111.1 units at 1800 is D, 1%
 */
export class ShockedDepth {
  /** Common price with nothing sold: the arbitraged level of the exogenous shock alone. */
  readonly initialPrice: number;
  /** Σ D_v/(λ·F_v) and its weighted mean of ln F_v when every venue is a linear off-chain market (closed form); else
   * NaN. */
  private readonly linearSlope: number;
  private readonly linearCentre: number;
  private readonly upper: number;

  constructor(
    private readonly venues: readonly DepthVenue[],
    private readonly shock: number,
  ) {
    if (venues.length === 0) throw new InvariantError('the depth model needs at least one venue');
    const allLinear = venues.every((v) => v.kind === 'offchain' && v.impact === 'linear');
    let slope = 0;
    let weighted = 0;
    if (allLinear) {
      for (const v of venues) {
        if (v.kind !== 'offchain') continue;
        const f = v.fundamental * (1 - shock);
        slope += v.depthUsd / (LAMBDA * f);
        weighted += (v.depthUsd / (LAMBDA * f)) * Math.log(f);
      }
    }
    this.linearSlope = allLinear ? slope : Number.NaN;
    this.linearCentre = allLinear ? weighted / slope : Number.NaN;
    // Above every venue's rest price each venue has given units out, so Σ a_v ≤ 0 there.
    this.upper = Math.max(...venues.map((v) => (v.kind === 'cpamm' ? v.mid : v.fundamental * (1 - shock))));
    this.initialPrice = this.priceAfter(0);
  }

  /** Σ_v a_v(price): units all venues together have absorbed at a common `price`. */
  absorbed(price: number): number {
    let total = 0;
    for (const v of this.venues) total += absorbedUnits(v, price, this.shock);
    return total;
  }

  /**
   * The common price at which the venues have absorbed `units` (≥ 0) since the shock. Linear
   * off-chain venues only: ln p = Σw·ln F / Σw − U/Σw with w = D/(λF) (closed form). Otherwise
   * bisection on ln p, to 1e-14 in ln p.
   */
  priceAfter(units: number): number {
    if (!(units >= 0)) throw new InvariantError(`units sold must be ≥ 0, got ${units}`);
    // Linear curves: a_v = w_v·(ln F_v − ln p), so Σ a_v = U is linear in ln p.
    if (Number.isFinite(this.linearSlope))
      return checked(Math.exp(this.linearCentre - units / this.linearSlope), units);
    let hi = Math.log(this.upper);
    let lo = hi - 1;
    for (let k = 0; this.absorbed(Math.exp(lo)) < units; k++) {
      if (k > 60) throw new InvariantError(`the venues cannot absorb ${units} units`);
      hi = lo;
      lo -= 2 ** k;
    }
    for (let k = 0; k < 200 && hi - lo > 1e-14; k++) {
      const mid = (lo + hi) / 2;
      if (this.absorbed(Math.exp(mid)) >= units) lo = mid;
      else hi = mid;
    }
    return checked(Math.exp((lo + hi) / 2), units);
  }
}

function checked(price: number, units: number): number {
  if (!(price > 0 && Number.isFinite(price)))
    throw new InvariantError(`selling ${units} units leaves no positive price (${price})`);
  return price;
}
