import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import type { IdlePass } from './idle-pass.js';

/**
 * What the keepers of one protocol last found on each position of its liquidatable list: whether the account there
 * was liquidatable and, once asked, its largest liquidation with no capital limit (the collateral to the liquidator,
 * the repay, and the rule's repay cap). An entry is reused only while every input of `LendingProtocol.isLiquidatable`
 * and `LendingProtocol.plan` it was made with is unchanged: the account, its debt and collateral, and the protocol's
 * price, threshold scale, seizure allowance and, for a rule that reads it, volatility. Rules are pure functions of
 * those inputs, so a reused entry holds the numbers a fresh call would return.
 *
 * One memo serves every keeper of the protocol (they walk the same list in a block): a keeper's capital enters a plan
 * only through min(repay, cap), so a keeper whose capital covers the entry's cap gets the entry's plan, and one whose
 * capital does not gets a fresh plan (not kept). Entries stay by list position (read in order, as keepers walk):
 * keying them by account cost more in scattered reads at a million accounts than the re-plans it saved.
 *
 * Accounts that stay liquidatable but unprofitable are re-checked by every keeper in every block; after the
 * shock, that is most of a run's blocks.
 *
 * @example
 * const memo = PlanMemo.of(protocol);
 * memo.sync();
 * if (memo.lookup(0, account) && memo.mayPay(capital, bestMid, 1, gasUsd, minProfitUsd)) memo.repaid();
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
  /** The account last looked up and its entry's offset. */
  private account = 0;
  private at = 0;
  /** The largest liquidation of the last {@link mayPay}, under that keeper's capital. */
  private receives = 0;
  private repay = 0;
  /** Where `protocol.plan` writes; read at once and kept by no one. */
  private readonly scratch: FixedBonusLiquidation = {
    debtRepaid: 0,
    collateralSeized: 0,
    protocolFee: 0,
    liquidatorReceives: 0,
  };

  constructor(private readonly protocol: LendingProtocol) {}

  /** The memo every keeper of `protocol` shares (made on first use; dropped with the protocol). */
  static of(protocol: LendingProtocol): PlanMemo {
    let memo = shared.get(protocol);
    if (!memo) shared.set(protocol, (memo = new PlanMemo(protocol)));
    return memo;
  }

  /**
   * Makes entry `position` describe `account` now, reusing it when nothing it read has changed, and returns whether
   * the account is liquidatable. The protocol-wide inputs are those of the last {@link sync}.
   */
  lookup(position: number, account: number): boolean {
    const at = this.slot(position, account);
    this.account = account;
    this.at = at;
    const { entries } = this;
    const { book } = this.protocol;
    const debt = book.debt[account];
    const collateral = book.collateral[account];
    if (entries[at + EPOCH] !== this.epoch || entries[at + DEBT] !== debt || entries[at + COLLATERAL] !== collateral) {
      entries[at + EPOCH] = this.epoch;
      entries[at + DEBT] = debt;
      entries[at + COLLATERAL] = collateral;
      entries[at + UNSAFE] = this.protocol.isLiquidatable(account) ? 1 : 0;
      entries[at + PLANNED] = 0;
    }
    return entries[at + UNSAFE] === 1;
  }

  /**
   * Whether the largest liquidation of the account last looked up, for a keeper with `capital` USD, could clear gas
   * and the keeper's minimum profit if its collateral sold at `bestMid` and its repay cost `debtUnitFloor` a unit:
   * receives·bestMid − repaid·floor − gas > min. {@link repaid} and {@link reportUnprofitable} then read that plan.
   * (A boolean rather than the two numbers: a double returned from a call is boxed, and this runs every block.)
   */
  mayPay(capital: number, bestMid: number, debtUnitFloor: number, gasUsd: number, minProfitUsd: number): boolean {
    this.planFor(capital);
    return !(this.receives * bestMid - this.repay * debtUnitFloor - gasUsd <= minProfitUsd);
  }

  /** Tells `idle` that the last {@link mayPay}'s liquidation did not pay (see {@link IdlePass.unprofitable}). */
  reportUnprofitable(idle: IdlePass, minProfitUsd: number): void {
    idle.unprofitable(this.receives, this.repay, minProfitUsd);
  }

  /** Debt repaid by the last {@link mayPay}'s liquidation. */
  repaid(): number {
    return this.repay;
  }

  /**
   * Sets {@link receives} and {@link repay} to the largest liquidation of the current entry's account for `capital`:
   * the entry's plan when the capital covers its repay cap (min(repay, cap) is then the cap), else a fresh plan.
   */
  private planFor(capital: number): void {
    const { account, at, entries, protocol } = this;
    if (entries[at + PLANNED] !== 1) {
      const bound = protocol.plan(account, Number.POSITIVE_INFINITY, this.scratch);
      entries[at + RECEIVES] = bound.liquidatorReceives;
      entries[at + REPAID] = bound.debtRepaid;
      entries[at + CAP] = protocol.lastPlanCap;
      entries[at + PLANNED] = 1;
    }
    const repay = capital / protocol.debtPrice;
    if (repay >= entries[at + CAP]) {
      this.receives = entries[at + RECEIVES];
      this.repay = entries[at + REPAID];
      return;
    }
    const bound = protocol.plan(account, repay, this.scratch);
    this.receives = bound.liquidatorReceives;
    this.repay = bound.debtRepaid;
  }

  /** Offset of entry `position`, made `account`'s (its other fields stale) when it held another account. */
  private slot(position: number, account: number): number {
    const at = position * STRIDE;
    if (at >= this.entries.length) this.grow(at + STRIDE);
    if (this.entries[at + ACCOUNT] !== account) {
      this.entries[at + ACCOUNT] = account;
      this.entries[at + EPOCH] = 0; // epochs start at 1: never current
    }
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

/** Each protocol's shared memo. */
const shared = new WeakMap<LendingProtocol, PlanMemo>();

/** Fields of an entry. */
const EPOCH = 0;
const ACCOUNT = 1;
const DEBT = 2;
const COLLATERAL = 3;
const UNSAFE = 4;
const PLANNED = 5;
const RECEIVES = 6;
const REPAID = 7;
/** The rule's repay cap within the seizure allowance (`LendingProtocol.lastPlanCap`) when the entry was planned. */
const CAP = 8;
const STRIDE = 9;
