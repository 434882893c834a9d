import type { Chain } from '../chain/chain.js';
import type { PerpProtocol } from '../protocol/perp/perp-protocol.js';

/**
 * The traders of one perpetual exchange as an agent: each block, traders whose equity / maintenance fell under
 * `addMargin.belowMarginRatio` and who still hold a reserve send a deposit bringing it back to
 * `targetMarginRatio`, as far as the reserve allows. One bundle at their priority fee, or one transaction each
 * under a fee market (like lending top-ups).
 *
 * @example
 * const traders = new PerpTraders(perp, chain);
 * traders.submit();
 */
export class PerpTraders {
  constructor(
    private readonly perp: PerpProtocol,
    private readonly chain: Chain,
  ) {}

  /** Sends this block's margin deposits. */
  submit(): void {
    const settings = this.perp.spec.traders.addMargin;
    if (!settings || this.perp.wantsMargin.length === 0) return;
    const accounts = [...this.perp.wantsMargin];
    const tx = { priorityFeeGwei: settings.priorityFeeGwei, gasUnits: settings.gasUnits, kind: 'top-up' as const };
    const market = this.chain.feeMarket;
    if (!market) {
      this.chain.submit({
        ...tx,
        sender: `traders:${this.perp.id}`,
        execute: () => accounts.forEach((a) => this.deposit(a)),
      });
      return;
    }
    for (const a of accounts) {
      const key = `margin:${this.perp.id}:${a}`;
      if (!market.isPending(key)) this.chain.submit({ ...tx, sender: key, key, execute: () => this.deposit(a) });
    }
  }

  /** Adds margin up to the target ratio if the account still needs it when the deposit lands. */
  private deposit(account: number): void {
    const settings = this.perp.spec.traders.addMargin;
    if (!settings || !this.perp.hasPosition(account)) return;
    const maintenance = this.perp.maintenance(account);
    const equity = this.perp.equity(account);
    if (!(equity < settings.belowMarginRatio * maintenance)) return;
    this.perp.addMargin(account, settings.targetMarginRatio * maintenance - equity);
  }
}
