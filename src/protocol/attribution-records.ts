// What margin engines report to attribution, as interfaces the protocol layer owns and src/attribution implements:
// protocols record sales and liquidations here and never import the attribution classes (DESIGN.md §4).

/** The write side of an asset's liquidation sales by cascade generation: what keepers and engines call per sale. */
export interface SalesSink {
  /** Adds a sale of `usd` made with collateral seized from a generation-`generation` account of protocol `source`. */
  record(generation: number, usd: number, source?: string): void;
}

/**
 * One asset's liquidation sales by cascade generation, decaying like price impact (implemented by attribution's
 * `GenerationSales`). Engines and agents write it; the classifier and the cause tally read it.
 */
export interface SalesByGeneration extends SalesSink {
  /** Decays every generation's weight over one block. */
  decay(dtSeconds: number): void;
  /** Highest generation that has sold so far, −1 if none. */
  maxGeneration(): number;
  /** Whether any weight is positive. */
  hasOutstanding(): boolean;
  /** Who sold the outstanding weight of generations below `k`: each source's share of it. */
  sourceSharesBelow(k: number): [string, number][];
  /** Share of the outstanding weight from generations below `k`; 1 when nothing is outstanding. */
  shareBelow(k: number): number;
  /** Outstanding weight by generation (a view: read it, do not keep it). */
  readonly weights: readonly number[];
  /** Sales recorded so far. */
  readonly sales: number;
  /** Decays so far. */
  readonly decays: number;
  /** The sum of the decays' log₂ factors. */
  readonly decayedLog2: number;
}

/** Attributes each newly liquidatable account to a cascade generation (attribution's `GenerationClassifier`). */
export interface CascadeClassifier {
  /** Updates the running minima with this block's visible oracle answer. */
  observe(answer: number, fundamentalAtRead: number, sales: SalesByGeneration): void;
  /** Generation of an account whose liquidation price (health factor 1) is `liquidationPrice`. */
  generationOf(liquidationPrice: number): number;
}

/** One protocol's liquidations by cause (attribution's `CauseTally`). */
export interface LiquidationCauses {
  /** Cause of generation-0 liquidations (the exogenous move, or the issuer of a receipt collateral). */
  baseCause: string;
  /** Liquidations and USD seized by cause, fractional counts. */
  readonly causedBy: ReadonlyMap<string, { liquidations: number; seizedUsd: number }>;
  /** Attributes one liquidation of a generation-`generation` account that seized `seizedUsd`. */
  record(generation: number, seizedUsd: number, sales: SalesByGeneration | undefined): void;
}

/** Makes the attribution records a world's engines write to; supplied by the composition root (analysis/run.ts). */
export interface AttributionFactory {
  /** An asset's sales record, decaying with `halfLifeSeconds`. */
  sales(halfLifeSeconds: number): SalesByGeneration;
  /** A classifier for one oracle price. */
  classifier(): CascadeClassifier;
  /** A protocol's cause tally. */
  causes(): LiquidationCauses;
}

/** Bad debt charged to a protocol's insurance fund: what the fund paid and what it could not. */
export interface InsuranceDrawRunEvent {
  kind: 'insurance-draw';
  block: number;
  protocol: string;
  /** Bad debt written off, USD. */
  badDebtUsd: number;
  /** Part the fund paid, USD. */
  coveredUsd: number;
  /** Part left uncovered (the fund was empty), USD. */
  uncoveredUsd: number;
  /** Fund balance after the draw, USD. */
  fundAfterUsd: number;
}
