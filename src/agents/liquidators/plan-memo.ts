import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import type { IdlePass } from './idle-pass.js';

/**
 * What one keeper last found on each position of a protocol's liquidatable list: whether the account there was
 * liquidatable and, once asked, the largest liquidation the rule and the keeper's capital allowed (its collateral to
 * the liquidator and its repay). An entry is reused only while every input of `LendingProtocol.isLiquidatable` and
 * `LendingProtocol.plan` it was made with is unchanged: the account, its debt and collateral, the keeper's capital,
 * and the protocol's price, threshold scale, seizure allowance and, for a rule that reads it, volatility. Rules are
 * pure functions of those inputs, so a reused entry holds the numbers a fresh call would return.
 *
 * Accounts that stay liquidatable but unprofitable are re-checked by every keeper in every block; after the
 * shock, that is most of a run's blocks.
 *
 * @example
 * memo.sync();
 * if (memo.lookup(0, account, capital) && memo.mayPay(0, bestMid, 1, gasUsd, minProfitUsd)) memo.repaid(0);
 */
export class PlanMemo {
  /** Changes whenever an input shared by all accounts does (see {@link sync}); entries of older epochs are stale. */
  epoch = 1;
  private price = Number.NaN;
  private scale = Number.NaN;
  private allowance = Number.NaN;
  private volatility = Number.NaN;
  /** Entry p is entries[p·STRIDE … p·STRIDE + STRIDE − 1], fields at the offsets below. */
  private entries = new Float64Array(0);
  /** Where `protocol.plan` writes; read at once and kept by no one. */
  private readonly scratch: FixedBonusLiquidation = {
    debtRepaid: 0,
    collateralSeized: 0,
    protocolFee: 0,
    liquidatorReceives: 0,
  };

  constructor(private readonly protocol: LendingProtocol) {}

  /**
   * Makes entry `position` describe `account` under keeper capital `capital` now, reusing it when nothing it read has
   * changed, and returns whether the account is liquidatable. The protocol-wide inputs are those of the last {@link
   * sync}.
   */
  lookup(position: number, account: number, capital: number): boolean {
    const at = position * STRIDE;
    if (at >= this.entries.length) this.grow(at + STRIDE);
    const { entries } = this;
    const { book } = this.protocol;
    const debt = book.debt[account];
    const collateral = book.collateral[account];
    if (
      entries[at + EPOCH] !== this.epoch ||
      entries[at + ACCOUNT] !== account ||
      entries[at + DEBT] !== debt ||
      entries[at + COLLATERAL] !== collateral ||
      entries[at + CAPITAL] !== capital
    ) {
      entries[at + EPOCH] = this.epoch;
      entries[at + ACCOUNT] = account;
      entries[at + DEBT] = debt;
      entries[at + COLLATERAL] = collateral;
      entries[at + CAPITAL] = capital;
      entries[at + UNSAFE] = this.protocol.isLiquidatable(account) ? 1 : 0;
      entries[at + PLANNED] = 0;
    }
    return entries[at + UNSAFE] === 1;
  }

  /**
   * Whether the largest liquidation of entry `position` could clear gas and the keeper's minimum profit if its
   * collateral sold at `bestMid` and its repay cost `debtUnitFloor` a unit: receives·bestMid − repaid·floor − gas >
   * min.
   * (A boolean rather than the two numbers: a double returned from a call is boxed, and this runs every block.)
   */
  mayPay(position: number, bestMid: number, debtUnitFloor: number, gasUsd: number, minProfitUsd: number): boolean {
    const at = this.plan(position);
    return !(
      this.entries[at + RECEIVES] * bestMid - this.entries[at + REPAID] * debtUnitFloor - gasUsd <=
      minProfitUsd
    );
  }

  /** Tells `idle` that entry `position`'s largest liquidation did not pay (see {@link IdlePass.unprofitable}). */
  reportUnprofitable(position: number, idle: IdlePass, minProfitUsd: number): void {
    const at = this.plan(position);
    idle.unprofitable(this.entries[at + RECEIVES], this.entries[at + REPAID], minProfitUsd);
  }

  /** Debt repaid by the largest liquidation of entry `position`. */
  repaid(position: number): number {
    return this.entries[this.plan(position) + REPAID];
  }

  /** Plans entry `position`'s largest liquidation unless already planned; returns the entry's offset. */
  private plan(position: number): number {
    const at = position * STRIDE;
    const { entries, protocol } = this;
    if (entries[at + PLANNED] === 1) return at;
    const bound = protocol.plan(entries[at + ACCOUNT], entries[at + CAPITAL] / protocol.debtPrice, this.scratch);
    entries[at + RECEIVES] = bound.liquidatorReceives;
    entries[at + REPAID] = bound.debtRepaid;
    entries[at + PLANNED] = 1;
    return at;
  }

  /**
   * Reads the inputs shared by all accounts and forgets every entry if one has changed. Call it before a pass over
   * the list and after every liquidation in it (which moves the seizure allowance); nothing else in a keeper's pass
   * changes them.
   */
  sync(): void {
    const { protocol } = this;
    const scale = protocol.dynamicThreshold?.scale ?? 1;
    const allowance = protocol.breaker.allowanceUsd();
    const volatility = protocol.settings.rule?.readsVolatility ? protocol.volatility.annual() : 0;
    if (
      protocol.price === this.price &&
      scale === this.scale &&
      allowance === this.allowance &&
      volatility === this.volatility
    )
      return;
    this.price = protocol.price;
    this.scale = scale;
    this.allowance = allowance;
    this.volatility = volatility;
    this.epoch += 1;
  }

  private grow(size: number): void {
    const grown = new Float64Array(Math.max(size, 2 * this.entries.length, 16 * STRIDE));
    grown.set(this.entries); // epoch 0 in the new entries: never current (epochs start at 1)
    this.entries = grown;
  }
}

/** Fields of an entry. */
const EPOCH = 0;
const ACCOUNT = 1;
const DEBT = 2;
const COLLATERAL = 3;
const CAPITAL = 4;
const UNSAFE = 5;
const PLANNED = 6;
const RECEIVES = 7;
const REPAID = 8;
const STRIDE = 9;
