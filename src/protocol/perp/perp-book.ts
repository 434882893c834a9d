/**
 * Accounts of a perpetual-futures exchange as struct-of-arrays typed arrays. Each account has a collateral (USD
 * deposited), a reserve (USD its owner can still add) and, per market, a signed size (base units, + long) and a
 * quote flow (USD received minus paid on its trades, so unrealised PnL = quoteFlow + size·mark). Equity is
 * collateral + Σ (quoteFlow + size·mark). Every trade is booked on both sides, so Σ size = 0 in each market and
 * Σ equity + insurance fund only changes by deposits.
 *
 * @example
 * const book = new PerpBook(100, 2);
 * book.size[book.at(0, 1)] = 2; // account 0 long 2 units in market 1
 */
export class PerpBook {
  readonly collateral: Float64Array;
  readonly reserve: Float64Array;
  /** size[account·markets + market], base units, + long. */
  readonly size: Float64Array;
  /** quoteFlow[account·markets + market], USD. */
  readonly quoteFlow: Float64Array;
  /** 1 once the account has been liquidated (or taken over) at least once. */
  readonly everLiquidated: Uint8Array;
  /** USD already taken from the account's profit by loss socialisation (so a profit is charged once). */
  readonly socialised: Float64Array;

  constructor(
    readonly count: number,
    readonly markets: number,
  ) {
    this.collateral = new Float64Array(count);
    this.reserve = new Float64Array(count);
    this.size = new Float64Array(count * markets);
    this.quoteFlow = new Float64Array(count * markets);
    this.everLiquidated = new Uint8Array(count);
    this.socialised = new Float64Array(count);
  }

  /** Index of (account, market) in `size` and `quoteFlow`. */
  at(account: number, market: number): number {
    return account * this.markets + market;
  }

  /**
   * Books a trade of `base` units (signed: + the account buys) at `price` for `account` in `market`, against
   * `counterparty`, which takes the opposite side.
   */
  trade(account: number, counterparty: number, market: number, base: number, price: number): void {
    const a = this.at(account, market);
    const c = this.at(counterparty, market);
    this.size[a] += base;
    this.quoteFlow[a] -= base * price;
    this.size[c] -= base;
    this.quoteFlow[c] += base * price;
  }

  /** Moves `usd` of collateral from one account to another. */
  transfer(from: number, to: number, usd: number): void {
    this.collateral[from] -= usd;
    this.collateral[to] += usd;
  }
}
