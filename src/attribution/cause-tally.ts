import type { LiquidationCauses, SalesByGeneration } from '../protocol/attribution-records.js';

/** The cause of generation-0 liquidations in the contagion attribution. */
export const EXOGENOUS = 'exogenous';

/**
 * One protocol's liquidations (and the USD they seized) by cause: `exogenous` for generation 0, otherwise split by who
 * sold the weight below the account's generation (GenerationSales.sourceSharesBelow); fractional counts.
 *
 * @example
 * const tally = new CauseTally();
 * tally.record(2, 50_000, ethSales); // split among the protocols whose generation-0/1 sales were outstanding
 */
export class CauseTally implements LiquidationCauses {
  readonly causedBy = new Map<string, { liquidations: number; seizedUsd: number }>();

  /**
   * Cause of generation-0 liquidations: the exogenous move; or, for a protocol that prices its collateral as a
   * deposit receipt of another protocol (no venue of the collateral moves its price), that issuer, for every one.
   */
  baseCause = EXOGENOUS;

  /** Attributes one liquidation of a generation-`generation` account that seized `seizedUsd`; without `sales`, to the
   * base cause. */
  record(generation: number, seizedUsd: number, sales: SalesByGeneration | undefined): void {
    const shares = sales && generation > 0 && this.baseCause === EXOGENOUS ? sales.sourceSharesBelow(generation) : [];
    const causes: [string, number][] = shares.length > 0 ? shares : [[this.baseCause, 1]];
    for (const [source, share] of causes) {
      const entry = this.causedBy.get(source) ?? { liquidations: 0, seizedUsd: 0 };
      entry.liquidations += share;
      entry.seizedUsd += share * seizedUsd;
      this.causedBy.set(source, entry);
    }
  }
}
