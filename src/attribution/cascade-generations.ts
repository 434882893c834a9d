import { InvariantError } from '../kernel/errors.js';
import {
  type AttributionFactory,
  type CascadeClassifier,
  type SalesByGeneration,
} from '../protocol/attribution-records.js';
import { CauseTally } from './cause-tally.js';
import { ShareBounds } from './share-bounds.js';

/**
 * Liquidation sales of one asset by cascade generation, as USD still "in the price": each sale's
 * weight decays with the broad market's resilience half-life, like its price impact does.
 *
 * @example
 * const sales = new GenerationSales(600);
 * sales.record(0, 1e6);
 * sales.shareBelow(1); // 1 — all outstanding sale volume is generation 0
 */
export class GenerationSales implements SalesByGeneration {
  private readonly outstanding: number[] = [];
  /** The same weights split by who sold (a protocol id), in first-sale order; decayed alike. */
  private readonly bySource = new Map<string, number[]>();
  /** The arrays of `bySource`, in the same order, for the per-block decay. */
  private readonly sourceWeights: number[][] = [];
  /** The last `dtSeconds` given to decay() and its factor (the block time rarely changes). */
  private decayDt = Number.NaN;
  private decayFactor = 1;
  /** log₂ of the decay factor (−Infinity for 0), for {@link hasOutstanding}. */
  private decayLog2 = 0;
  /**
   * Decays by `decayFactor` not yet applied. Each weight is multiplied by the factor once per pending decay when next
   * read (or before a sale adds to it): the same multiplications in the same order per weight as decaying every block,
   * so the same doubles, but none at all while nothing reads the weights (the quiet blocks after a shock).
   */
  private pendingDecays = 0;
  /** The largest weight as the arrays hold it (pending decays not applied) and its log₂; NaN until taken after a
   * change. */
  private largest = 0;
  private largestLog2 = Number.NEGATIVE_INFINITY;
  private salesCount = 0;
  private decayCount = 0;
  private decayLog2Sum = 0;

  constructor(private readonly halfLifeSeconds: number) {}

  /** Sales recorded so far: the weights' proportions change only with a sale ({@link ShareBounds}). */
  get sales(): number {
    return this.salesCount;
  }

  /** Decays so far. */
  get decays(): number {
    return this.decayCount;
  }

  /** The sum of the decays' log₂ factors (−Infinity once a factor was 0). */
  get decayedLog2(): number {
    return this.decayLog2Sum;
  }

  /** Highest generation that has sold so far, −1 if none. */
  maxGeneration(): number {
    return this.outstanding.length - 1;
  }

  /** Decays every generation's weight over one block. */
  decay(dtSeconds: number): void {
    // The factor depends only on dt and the half-life: reuse it while dt repeats (NaN never equals, so it is still
    // computed).
    if (dtSeconds !== this.decayDt) {
      this.settle(); // pending decays use the old factor
      this.decayFactor = this.halfLifeSeconds > 0 ? Math.pow(2, -dtSeconds / this.halfLifeSeconds) : 0;
      this.decayLog2 = Math.log2(this.decayFactor);
      this.decayDt = dtSeconds;
    }
    this.pendingDecays += 1;
    this.decayCount += 1;
    this.decayLog2Sum += this.decayLog2;
  }

  /** Applies the pending decays to every weight. */
  private settle(): void {
    const n = this.pendingDecays;
    if (n === 0) return;
    this.pendingDecays = 0;
    const factor = this.decayFactor;
    decayAll(this.outstanding, factor, n);
    for (let s = 0; s < this.sourceWeights.length; s++) decayAll(this.sourceWeights[s], factor, n);
    this.largest = Number.NaN; // taken again when hasOutstanding needs it
  }

  /** Adds a sale of `usd` (finite, ≥ 0) made with collateral seized from a generation-`generation` account of protocol
   * `source`. */
  record(generation: number, usd: number, source = ''): void {
    if (!(usd >= 0 && usd < Number.POSITIVE_INFINITY))
      throw new InvariantError(`liquidation sale of ${usd} USD is not a finite amount ≥ 0`);
    this.settle();
    this.salesCount += 1;
    while (this.outstanding.length <= generation) this.outstanding.push(0);
    this.outstanding[generation] += usd;
    this.largest = Number.NaN;
    let weights = this.bySource.get(source);
    if (!weights) {
      this.bySource.set(source, (weights = []));
      this.sourceWeights.push(weights);
    }
    while (weights.length <= generation) weights.push(0);
    weights[generation] += usd;
  }

  /**
   * Whether any weight is positive, i.e. the sum of the weights (finite, ≥ 0) is > 0, known without applying the
   * pending decays while they provably leave the largest weight positive: each of n multiplications by f rounds to
   * at least (1 − 2⁻⁵³) of the exact product while it stays a normal double, so a weight w ends at least about
   * w·fⁿ, and log₂(w) + n·log₂(f) > −1000 keeps it far above the smallest normal double (2⁻¹⁰²²).
   */
  hasOutstanding(): boolean {
    if (Number.isNaN(this.largest)) {
      // The weights as they stand, before the pending decays: the largest and its log₂.
      let largest = 0;
      for (let g = 0; g < this.outstanding.length; g++) largest = Math.max(largest, this.outstanding[g]);
      this.largest = largest;
      this.largestLog2 = Math.log2(largest);
    }
    if (!(this.largest > 0)) return false; // every weight is 0, and decay keeps it 0
    if (this.pendingDecays === 0 || this.largestLog2 + this.pendingDecays * this.decayLog2 > -1000) return true;
    this.settle();
    return this.hasOutstanding();
  }

  /**
   * Who sold the outstanding weight of generations below `k`: each source's share of it (shares sum to 1), in
   * first-sale order; empty when nothing below `k` is outstanding. The cause of a generation-k liquidation, split
   * by protocol.
   *
   * @example sales.sourceSharesBelow(2) // [['lend-a', 0.7], ['lend-b', 0.3]]
   */
  sourceSharesBelow(k: number): [string, number][] {
    this.settle();
    const totals: [string, number][] = [];
    let all = 0;
    for (const [source, weights] of this.bySource) {
      let below = 0;
      for (let g = 0; g < Math.min(k, weights.length); g++) below += weights[g];
      totals.push([source, below]);
      all += below;
    }
    return all > 0 ? totals.filter(([, w]) => w > 0).map(([source, w]) => [source, w / all]) : [];
  }

  /** Share of the outstanding weight from generations below `k`; 1 when nothing is outstanding. */
  shareBelow(k: number): number {
    this.settle();
    let below = 0;
    let total = 0;
    for (let g = 0; g < this.outstanding.length; g++) {
      total += this.outstanding[g];
      if (g < k) below += this.outstanding[g];
    }
    return total > 0 ? below / total : 1;
  }

  /** Outstanding weight by generation (a view: read it, do not keep it). */
  get weights(): readonly number[] {
    this.settle();
    return this.outstanding;
  }
}

/** The weights before a layer needs them (not allocated per call). */
const NO_WEIGHTS: readonly number[] = [];

/** Multiplies every entry of `weights` by `factor`, `times` times over (as `times` per-block decays would). */
function decayAll(weights: number[], factor: number, times: number): void {
  for (let g = 0; g < weights.length; g++) {
    let w = weights[g];
    for (let t = 0; t < times; t++) w *= factor;
    weights[g] = w;
  }
}

/** log₂ of the smallest positive value (+Infinity when none is). */
function smallestPositiveLog2(values: readonly number[]): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let g = 0; g < values.length; g++) if (values[g] > 0 && values[g] < smallest) smallest = values[g];
  return Math.log2(smallest);
}

/** Σ values from index 0 up. */
function sumOf(values: readonly number[]): number {
  let sum = 0;
  for (let g = 0; g < values.length; g++) sum += values[g];
  return sum;
}

/** 1 − 10⁻⁹: a relative margin many orders wider than the few ulps of rounding in a layer price and its bound. */
const BELOW_ROUNDING = 1 - 1e-9;

/**
 * Attributes each newly liquidatable account to a cascade generation, for one protocol.
 *
 * The visible oracle answer is split into its exogenous part (the fundamental price when it was read)
 * and an endogenous log-deviation E = min(0, ln(answer / fundamental)). Layer k is the price the oracle
 * would have shown if only sales of generations < k had moved it: P_k = fundamental·exp(E·share_{<k}),
 * with share_{<k} the share of outstanding liquidation-sale weight from generations below k (before any
 * sale, every layer is the answer itself). An account whose liquidation price L has just been crossed
 * gets the smallest k with L above the running minimum of P_k: generation 0 means the exogenous move
 * alone would have made it unsafe; generation k+1 means it needed the impact of generations ≤ k.
 *
 * @example
 * const classifier = new GenerationClassifier();
 * classifier.observe(1780, 1800, sales);
 * classifier.generationOf(1790); // 1 when 1790 is below every exogenous price seen
 */
export class GenerationClassifier implements CascadeClassifier {
  private readonly minLayerPrice: number[] = [];
  private minAnswer = Number.POSITIVE_INFINITY;
  /**
   * Memo of the last observation: its answer, fundamental and endogenous deviation, and each layer's exponent
   * (NaN until computed). A layer whose fundamental and exponent are unchanged has the same price as last time
   * (`Math.exp` of the same argument), which is already folded into its running minimum, so it is skipped.
   */
  private lastAnswer = Number.NaN;
  private lastFundamental = Number.NaN;
  private lastEndogenous = Number.NaN;
  private readonly lastExponent: number[] = [];
  /**
   * Layers the last observation had to check: every layer from this index on was below its floor. With the same
   * read (same floor) and the same layers, they still are (minima only fall), and their exponents are already NaN.
   */
  private checkedLayers = 0;
  private lastLayers = 0;
  /** Upper bounds on each layer's share while no sale has been recorded since it was computed. */
  private readonly shareBounds = new ShareBounds();

  /** Updates the running minima with this block's visible oracle answer. */
  observe(answer: number, fundamentalAtRead: number, sales: SalesByGeneration): void {
    const layers = sales.maxGeneration() + 2;
    // A layer seen for the first time had no sales of its own before, so its past prices were the answers.
    while (this.minLayerPrice.length < layers) {
      this.minLayerPrice.push(this.minAnswer);
      this.lastExponent.push(Number.NaN);
    }
    this.minAnswer = Math.min(this.minAnswer, answer);
    // The oracle answer is usually unchanged from the last block (push oracle): the same arguments give the same log.
    const sameRead = answer === this.lastAnswer && fundamentalAtRead === this.lastFundamental;
    const endogenous = sameRead ? this.lastEndogenous : Math.min(0, Math.log(answer / fundamentalAtRead));
    const sameFundamental = fundamentalAtRead === this.lastFundamental;
    this.lastAnswer = answer;
    this.lastFundamental = fundamentalAtRead;
    this.lastEndogenous = endogenous;
    const { lastExponent, minLayerPrice } = this;
    // Layer k's price is F·exp(E·share_k) with share_k ∈ [0, 1] and E ≤ 0, so at least F·exp(E) ≥ F·(1 + E); Math.exp
    // is
    // within an ulp of exp, and the margin is far wider than every rounding here. A layer whose minimum is below this
    // floor cannot be lowered this block, so its share (a division) and price (an exp) are not needed.
    const floor = fundamentalAtRead * (1 + endogenous) * BELOW_ROUNDING;
    // share_k = (weights below k) / (all weights), both summed from generation 0 up, as shareBelow does. The sums are
    // taken only when a layer above 0 needs them: layer 0 has nothing below it, so its share is 0/total = +0 when
    // total > 0, that is when some weight is positive (weights are finite and ≥ 0), and 1 otherwise.
    let weights = NO_WEIGHTS;
    let total = -1; // not summed yet (a sum of weights ≥ 0 is never negative)
    let smallestLog2 = 0;
    let below = 0;
    let summedBelow = 0;
    const upTo = sameRead && layers === this.lastLayers ? this.checkedLayers : layers;
    let checked = 0;
    for (let k = 0; k < upTo; k++) {
      if (floor > minLayerPrice[k]) {
        lastExponent[k] = Number.NaN; // this block's exponent is not known: nothing to reuse next block
      } else {
        checked = k + 1;
        let share: number;
        if (k === 0) {
          share = sales.hasOutstanding() ? 0 : 1;
        } else {
          // The same floor with a bound on this layer's share in place of 1: a minimum below it cannot be lowered
          // either.
          const most = this.shareBounds.upperBound(k, sales);
          if (fundamentalAtRead * (1 + endogenous * most) * BELOW_ROUNDING > minLayerPrice[k]) {
            lastExponent[k] = Number.NaN;
            continue;
          }
          if (total < 0) {
            weights = sales.weights; // brings the weights up to date: read only when a layer needs them
            total = sumOf(weights);
            smallestLog2 = smallestPositiveLog2(weights);
          }
          for (; summedBelow < k; summedBelow++) if (summedBelow < weights.length) below += weights[summedBelow];
          share = total > 0 ? below / total : 1;
          this.shareBounds.remember(k, share, sales, smallestLog2);
        }
        const exponent = endogenous * share;
        // Same fundamental and exponent as last time: the same layer price, and minLayerPrice[k] is already at or
        // below it (or it was NaN, which compares false again), so the comparison below could change nothing.
        // (±0 compare equal and exp(−0) = exp(+0) = 1.)
        if (!(sameFundamental && exponent === lastExponent[k])) {
          lastExponent[k] = exponent;
          // exp(±0) is exactly 1, so the product is the fundamental itself: skipping exp changes no bit.
          const layerPrice = exponent === 0 ? fundamentalAtRead : fundamentalAtRead * Math.exp(exponent);
          if (layerPrice < minLayerPrice[k]) minLayerPrice[k] = layerPrice;
        }
      }
    }
    this.checkedLayers = checked;
    this.lastLayers = layers;
  }

  /** Generation of an account whose liquidation price (health factor 1) is `liquidationPrice`. */
  generationOf(liquidationPrice: number): number {
    for (let k = 0; k < this.minLayerPrice.length; k++) {
      if (liquidationPrice > this.minLayerPrice[k]) return k;
    }
    return Math.max(0, this.minLayerPrice.length - 1);
  }
}

/**
 * Attribution's records for a world: what `buildWorld` is handed by the composition root (analysis/run.ts).
 *
 * @example buildWorld(scenario, { attribution });
 */
export const attribution: AttributionFactory = {
  sales: (halfLifeSeconds) => new GenerationSales(halfLifeSeconds),
  classifier: () => new GenerationClassifier(),
  causes: () => new CauseTally(),
};

// Engines constructed directly (unit tests) fall back on these records.
