import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { FixedBonusLiquidation } from '../fixed-bonus.js';

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
 * memo.lookup(0, account, capital);
 * if (memo.liquidatable(0) && memo.mayPay(0, bestMid, 1, gasUsd, minProfitUsd)) memo.repaid(0);
 */
export class PlanMemo {
  private epoch = 1;
  private price = Number.NaN;
  private scale = Number.NaN;
  private allowance = Number.NaN;
  private volatility = Number.NaN;
  private entryEpoch = new Int32Array(0);
  private accounts = new Int32Array(0);
  private debts = new Float64Array(0);
  private collaterals = new Float64Array(0);
  private capitals = new Float64Array(0);
  private unsafe = new Uint8Array(0);
  private planned = new Uint8Array(0);
  private receivesAt = new Float64Array(0);
  private repaidAt = new Float64Array(0);
  /** Where `protocol.plan` writes; read at once and kept by no one. */
  private readonly scratch: FixedBonusLiquidation = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };

  constructor(private readonly protocol: LendingProtocol) {}

  /**
   * Makes entry `position` describe `account` under keeper capital `capital` now, reusing it when nothing it read has
   * changed. The protocol-wide inputs are those of the last {@link sync}.
   */
  lookup(position: number, account: number, capital: number): void {
    if (position >= this.accounts.length) this.grow(position + 1);
    const { book } = this.protocol;
    const debt = book.debt[account];
    const collateral = book.collateral[account];
    if (
      this.entryEpoch[position] === this.epoch &&
      this.accounts[position] === account &&
      this.debts[position] === debt &&
      this.collaterals[position] === collateral &&
      this.capitals[position] === capital
    ) {
      return;
    }
    this.entryEpoch[position] = this.epoch;
    this.accounts[position] = account;
    this.debts[position] = debt;
    this.collaterals[position] = collateral;
    this.capitals[position] = capital;
    this.unsafe[position] = this.protocol.isLiquidatable(account) ? 1 : 0;
    this.planned[position] = 0;
  }

  /** Whether the account of entry `position` is liquidatable. */
  liquidatable(position: number): boolean {
    return this.unsafe[position] === 1;
  }

  /**
   * Whether the largest liquidation of entry `position` could clear gas and the keeper's minimum profit if its
   * collateral sold at `bestMid` and its repay cost `debtUnitFloor` a unit: receives·bestMid − repaid·floor − gas > min.
   * (A boolean rather than the two numbers: a double returned from a call is boxed, and this runs every block.)
   */
  mayPay(position: number, bestMid: number, debtUnitFloor: number, gasUsd: number, minProfitUsd: number): boolean {
    this.plan(position);
    return !(this.receivesAt[position] * bestMid - this.repaidAt[position] * debtUnitFloor - gasUsd <= minProfitUsd);
  }

  /** Debt repaid by the largest liquidation of entry `position`. */
  repaid(position: number): number {
    this.plan(position);
    return this.repaidAt[position];
  }

  private plan(position: number): void {
    if (this.planned[position] === 1) return;
    const { protocol } = this;
    const bound = protocol.plan(this.accounts[position], this.capitals[position] / protocol.debtPrice, this.scratch);
    this.receivesAt[position] = bound.liquidatorReceives;
    this.repaidAt[position] = bound.debtRepaid;
    this.planned[position] = 1;
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
    if (protocol.price === this.price && scale === this.scale && allowance === this.allowance && volatility === this.volatility) return;
    this.price = protocol.price;
    this.scale = scale;
    this.allowance = allowance;
    this.volatility = volatility;
    this.epoch += 1;
  }

  private grow(size: number): void {
    const length = Math.max(size, 2 * this.accounts.length, 16);
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.entryEpoch = copy(this.entryEpoch, new Int32Array(length));
    this.accounts = copy(this.accounts, new Int32Array(length));
    this.debts = copy(this.debts, new Float64Array(length));
    this.collaterals = copy(this.collaterals, new Float64Array(length));
    this.capitals = copy(this.capitals, new Float64Array(length));
    this.unsafe = copy(this.unsafe, new Uint8Array(length));
    this.planned = copy(this.planned, new Uint8Array(length));
    this.receivesAt = copy(this.receivesAt, new Float64Array(length));
    this.repaidAt = copy(this.repaidAt, new Float64Array(length));
  }
}
