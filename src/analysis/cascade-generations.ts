/**
 * Liquidation sales of one asset by cascade generation, as USD still "in the price": each sale's
 * weight decays with the broad market's resilience half-life, like its price impact does.
 *
 * @example
 * const sales = new GenerationSales(600);
 * sales.record(0, 1e6);
 * sales.shareBelow(1); // 1 — all outstanding sale volume is generation 0
 */
export class GenerationSales {
  private readonly outstanding: number[] = [];
  /** The same weights split by who sold (a protocol id), in first-sale order; decayed alike. */
  private readonly bySource = new Map<string, number[]>();

  constructor(private readonly halfLifeSeconds: number) {}

  /** Highest generation that has sold so far, −1 if none. */
  maxGeneration(): number {
    return this.outstanding.length - 1;
  }

  /** Decays every generation's weight over one block. */
  decay(dtSeconds: number): void {
    const factor = this.halfLifeSeconds > 0 ? Math.pow(2, -dtSeconds / this.halfLifeSeconds) : 0;
    for (let g = 0; g < this.outstanding.length; g++) this.outstanding[g] *= factor;
    for (const weights of this.bySource.values()) for (let g = 0; g < weights.length; g++) weights[g] *= factor;
  }

  /** Adds a sale of `usd` made with collateral seized from a generation-`generation` account of protocol `source`. */
  record(generation: number, usd: number, source = ''): void {
    while (this.outstanding.length <= generation) this.outstanding.push(0);
    this.outstanding[generation] += usd;
    let weights = this.bySource.get(source);
    if (!weights) this.bySource.set(source, (weights = []));
    while (weights.length <= generation) weights.push(0);
    weights[generation] += usd;
  }

  /**
   * Who sold the outstanding weight of generations below `k`: each source's share of it (shares sum to 1), in
   * first-sale order; empty when nothing below `k` is outstanding. The cause of a generation-k liquidation, split
   * by protocol.
   *
   * @example sales.sourceSharesBelow(2) // [['lend-a', 0.7], ['lend-b', 0.3]]
   */
  sourceSharesBelow(k: number): [string, number][] {
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
    let below = 0;
    let total = 0;
    for (let g = 0; g < this.outstanding.length; g++) {
      total += this.outstanding[g];
      if (g < k) below += this.outstanding[g];
    }
    return total > 0 ? below / total : 1;
  }

  /**
   * Writes {@link shareBelow}(k) into `into[k]` for k = 0 … `layers` − 1 in one pass instead of one pass per k.
   * Bit-identical to calling shareBelow: the running prefix adds the same terms in the same order from 0, and
   * the total is the same left-to-right sum.
   *
   * @example
   * const shares: number[] = [];
   * sales.sharesBelow(shares, sales.maxGeneration() + 2); // shares[k] === sales.shareBelow(k)
   */
  sharesBelow(into: number[], layers: number): void {
    const { outstanding } = this;
    let total = 0;
    for (let g = 0; g < outstanding.length; g++) total += outstanding[g];
    let below = 0;
    for (let k = 0; k < layers; k++) {
      into[k] = total > 0 ? below / total : 1;
      if (k < outstanding.length) below += outstanding[k];
    }
  }
}

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
export class GenerationClassifier {
  private readonly minLayerPrice: number[] = [];
  private minAnswer = Number.POSITIVE_INFINITY;
  /** Scratch for each layer's share of outstanding sale weight below it, reused every block. */
  private readonly shares: number[] = [];
  /**
   * Memo of the last observation: its answer, fundamental and endogenous deviation, and each layer's exponent
   * (NaN until computed). A layer whose fundamental and exponent are unchanged has the same price as last time
   * (`Math.exp` of the same argument), which is already folded into its running minimum, so it is skipped.
   */
  private lastAnswer = Number.NaN;
  private lastFundamental = Number.NaN;
  private lastEndogenous = Number.NaN;
  private readonly lastExponent: number[] = [];

  /** Updates the running minima with this block's visible oracle answer. */
  observe(answer: number, fundamentalAtRead: number, sales: GenerationSales): void {
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
    const { shares, lastExponent, minLayerPrice } = this;
    sales.sharesBelow(shares, layers);
    for (let k = 0; k < layers; k++) {
      const exponent = endogenous * shares[k];
      // Same fundamental and exponent as last time: the same layer price, and minLayerPrice[k] is already at or
      // below it (or it was NaN, which compares false again), so the comparison below could change nothing.
      // (±0 compare equal and exp(−0) = exp(+0) = 1.)
      if (sameFundamental && exponent === lastExponent[k]) continue;
      lastExponent[k] = exponent;
      // exp(±0) is exactly 1, so the product is the fundamental itself: skipping exp changes no bit.
      const layerPrice = exponent === 0 ? fundamentalAtRead : fundamentalAtRead * Math.exp(exponent);
      if (layerPrice < minLayerPrice[k]) minLayerPrice[k] = layerPrice;
    }
  }

  /** Generation of an account whose liquidation price (health factor 1) is `liquidationPrice`. */
  generationOf(liquidationPrice: number): number {
    for (let k = 0; k < this.minLayerPrice.length; k++) {
      if (liquidationPrice > this.minLayerPrice[k]) return k;
    }
    return Math.max(0, this.minLayerPrice.length - 1);
  }
}
