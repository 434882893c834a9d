import type { Chain } from '../chain/chain.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';

/** Top-up behaviour of a protocol's borrowers; see `protocols[].borrowers.topUp` in docs/scenario.md. */
export interface TopUpSettings {
  belowHealth: number;
  targetHealth: number;
  priorityFeeGwei: number;
  gasUnits: number;
  /** Fee market: most paid per gas, gwei (default: no cap). */
  maxFeeGwei?: number;
}

/**
 * The borrowers of one protocol as an agent: each block, owners whose health factor (at the oracle
 * price) is below `belowHealth` and who still hold a reserve send a top-up bringing it back to
 * `targetHealth`, as far as the reserve allows. Their transactions are ordered by the chain like any other.
 *
 * @example
 * const borrowers = new Borrowers(protocol, topUpSettings, chain);
 * borrowers.submit();
 */
export class Borrowers {
  gasUsd = 0;

  constructor(
    private readonly protocol: LendingProtocol,
    private readonly settings: TopUpSettings,
    private readonly chain: Chain,
  ) {}

  /**
   * Sends this block's top-up transactions: one bundle at the borrowers' priority fee; under a fee market, one
   * transaction per owner (each waits for block space on its own; an owner whose top-up is pending sends no other).
   */
  submit(): void {
    if (this.protocol.wantsTopUp.length === 0) return;
    const market = this.chain.feeMarket;
    if (market) {
      const { settings } = this;
      for (const i of this.protocol.wantsTopUp) {
        const key = `top-up:${this.protocol.id}:${i}`;
        if (market.isPending(key)) continue;
        this.chain.submit({
          sender: key,
          key,
          kind: 'top-up',
          gasUnits: settings.gasUnits,
          priorityFeeGwei: settings.priorityFeeGwei,
          maxFeeGwei: settings.maxFeeGwei,
          execute: () => this.topUp([i]),
        });
      }
      return;
    }
    const accounts = [...this.protocol.wantsTopUp];
    this.chain.submit({
      sender: `borrowers:${this.protocol.id}`,
      priorityFeeGwei: this.settings.priorityFeeGwei,
      execute: () => this.topUp(accounts),
    });
  }

  private topUp(accounts: readonly number[]): void {
    const { protocol, settings } = this;
    const { book } = protocol;
    for (const i of accounts) {
      if (book.debt[i] <= 0 || book.reserve[i] <= 0 || !(protocol.health(i) < settings.belowHealth)) continue;
      // Collateral needed for health = target: target·debt·debtPrice / (price·LT).
      const needed =
        (settings.targetHealth * book.debt[i] * protocol.debtPrice) / (protocol.price * protocol.thresholdOf(i)) -
        book.collateral[i];
      if (protocol.topUp(i, needed) > 0)
        this.gasUsd += this.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
    }
  }
}
