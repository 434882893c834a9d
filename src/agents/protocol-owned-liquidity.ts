import type { SalesByGeneration } from '../protocol/attribution-records.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { Venue } from '../market/venues/venue.js';
import { bestSaleVenue } from '../market/best-sale.js';

/** A pool whose liquidity can be burnt pro rata (constant-product and StableSwap pools). */
export interface WithdrawablePool extends Venue {
  reserves(): { base: number; quote: number };
  removeLiquidity(fraction: number): { base: number; quote: number };
}

/** Settings of one protocol-owned position; see `protocolOwnedLiquidity[]` in docs/scenario.md. */
export interface ProtocolOwnedSettings {
  protocol: string;
  venue: string;
  /** Share of the pool's liquidity the protocol owns at block 0. */
  share: number;
  /** Burn the position to pay bad debt the insurance fund could not cover. */
  coverBadDebt: boolean;
}

/** What became of one protocol-owned position, USD at the pool's mid. */
export interface ProtocolOwnedReport {
  protocol: string;
  venue: string;
  initialShare: number;
  endShare: number;
  initialValueUsd: number;
  endValueUsd: number;
  /** The tokens deposited at block 0, valued at the end mid: endValue + withdrawn − this is the position's gain over
   * holding them (fees − impermanent loss). */
  heldTokensValueUsd: number;
  withdrawals: number;
  /** USD raised by burning liquidity and selling the base it paid out. */
  withdrawnUsd: number;
  /** Uncovered bad debt of the protocol at the end, after what the position paid. */
  uncoveredAfterUsd: number;
}

/**
 * Liquidity a protocol owns in a pool (its treasury or insurance held as LP tokens): it deepens the pool, earns its
 * share of fees and bears impermanent loss as the price moves. With `coverBadDebt`, once the protocol has bad debt
 * its insurance fund could not cover, it burns liquidity to pay it, selling the base it receives on the best venue,
 * so the pool thins and the sale pushes the price just when the cascade needs depth. Those sales count as the
 * protocol's (generation 0) in the contagion attribution.
 *
 * @example
 * const pol = new ProtocolOwnedLiquidity(settings, lend, pool, [cex, pool], ethSales);
 * pol.act(); // step 7c, once per block
 */
export class ProtocolOwnedLiquidity {
  private share: number;
  private readonly deposited: { base: number; quote: number };
  private readonly initialValueUsd: number;
  private withdrawals = 0;
  private withdrawnUsd = 0;

  constructor(
    private readonly settings: ProtocolOwnedSettings,
    private readonly protocol: LendingProtocol,
    private readonly pool: WithdrawablePool,
    private readonly saleVenues: readonly Venue[],
    private readonly sales: SalesByGeneration,
  ) {
    this.share = settings.share;
    const { base, quote } = pool.reserves();
    this.deposited = { base: base * settings.share, quote: quote * settings.share };
    this.initialValueUsd = this.valueUsd();
  }

  /** The position at the pool's mid, USD. */
  valueUsd(): number {
    const { base, quote } = this.pool.reserves();
    return this.share * (base * this.pool.mid() + quote);
  }

  /** Bad debt charged to the fund that it could not cover, less what the position has already paid. */
  private pendingUsd(): number {
    let uncovered = 0;
    for (const draw of this.protocol.fundDraws) uncovered += draw.uncoveredUsd;
    return uncovered - this.withdrawnUsd;
  }

  /** Burns enough liquidity (at most the whole position) to pay the pending bad debt, valued at the mid. */
  act(): void {
    if (!this.settings.coverBadDebt || this.share <= 0) return;
    const pending = this.pendingUsd();
    if (!(pending > 0)) return;
    const { base, quote } = this.pool.reserves();
    const poolValue = base * this.pool.mid() + quote;
    // Fraction of the whole pool to burn (the share is below 1, so the pool never empties).
    const burn = Math.min(this.share, pending / poolValue);
    const out = this.pool.removeLiquidity(burn);
    // Owned share of the pool that remains: (share − burn) / (1 − burn).
    this.share = burn >= this.share ? 0 : (this.share - burn) / (1 - burn);
    const proceeds = out.base > 0 ? bestSaleVenue(this.saleVenues, out.base).venue.sell(out.base) : 0;
    this.sales.record(0, proceeds, this.protocol.id);
    this.withdrawals += 1;
    this.withdrawnUsd += out.quote + proceeds;
  }

  /** The position's outcome so far. */
  summary(): ProtocolOwnedReport {
    const mid = this.pool.mid();
    return {
      protocol: this.settings.protocol,
      venue: this.settings.venue,
      initialShare: this.settings.share,
      endShare: this.share,
      initialValueUsd: this.initialValueUsd,
      endValueUsd: this.valueUsd(),
      heldTokensValueUsd: this.deposited.base * mid + this.deposited.quote,
      withdrawals: this.withdrawals,
      withdrawnUsd: this.withdrawnUsd,
      uncoveredAfterUsd: Math.max(0, this.pendingUsd()),
    };
  }
}
