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

  constructor(private readonly halfLifeSeconds: number) {}

  /** Highest generation that has sold so far, −1 if none. */
  maxGeneration(): number {
    return this.outstanding.length - 1;
  }

  /** Decays every generation's weight over one block. */
  decay(dtSeconds: number): void {
    const factor = this.halfLifeSeconds > 0 ? Math.pow(2, -dtSeconds / this.halfLifeSeconds) : 0;
    for (let g = 0; g < this.outstanding.length; g++) this.outstanding[g] *= factor;
  }

  /** Adds a sale of `usd` made with collateral seized from a generation-`generation` account. */
  record(generation: number, usd: number): void {
    while (this.outstanding.length <= generation) this.outstanding.push(0);
    this.outstanding[generation] += usd;
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

  /** Updates the running minima with this block's visible oracle answer. */
  observe(answer: number, fundamentalAtRead: number, sales: GenerationSales): void {
    const layers = sales.maxGeneration() + 2;
    // A layer seen for the first time had no sales of its own before, so its past prices were the answers.
    while (this.minLayerPrice.length < layers) this.minLayerPrice.push(this.minAnswer);
    this.minAnswer = Math.min(this.minAnswer, answer);
    const endogenous = Math.min(0, Math.log(answer / fundamentalAtRead));
    for (let k = 0; k < layers; k++) {
      const layerPrice = fundamentalAtRead * Math.exp(endogenous * sales.shareBelow(k));
      if (layerPrice < this.minLayerPrice[k]) this.minLayerPrice[k] = layerPrice;
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
