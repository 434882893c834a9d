/**
 * Reserve / insurance fund in USD. It is paid a share of protocol fees and covers bad debt first;
 * whatever it cannot cover is recorded as uncovered. Never goes below zero.
 *
 * @example
 * const fund = new InsuranceFund(100);
 * fund.coverBadDebt(150); // { covered: 100, uncovered: 50 }
 */
export class InsuranceFund {
  private balance: number;
  /** Total paid out to cover bad debt. */
  usedUsd = 0;
  /** Total bad debt the fund could not cover. */
  uncoveredUsd = 0;
  /** Total paid in from fees. */
  depositedUsd = 0;
  /** Times the fund paid toward bad debt. */
  draws = 0;
  /** Total paid out for anything but bad debt (Compound v3: absorbed owners' surplus credit). */
  withdrawnUsd = 0;
  /** Times the fund was asked for more than it held (a bad-debt charge or a payment it could not make in full). */
  shortfalls = 0;

  constructor(readonly initialUsd: number) {
    this.balance = initialUsd;
  }

  /** Current balance, USD. */
  balanceUsd(): number {
    return this.balance;
  }

  /** Adds fee income. */
  deposit(usd: number): void {
    this.balance += usd;
    this.depositedUsd += usd;
  }

  /** Pays out up to `usd` for something other than bad debt, never below zero; returns what was paid. */
  withdraw(usd: number): number {
    const paid = Math.max(0, Math.min(this.balance, usd));
    this.balance -= paid;
    this.withdrawnUsd += paid;
    if (paid < usd) this.shortfalls += 1;
    return paid;
  }

  /** Records a loss the fund was asked to bear and could not (a perp exchange then deleverages instead of drawing). */
  noteShortfall(): void {
    this.shortfalls += 1;
  }

  /** Covers as much of `badDebtUsd` as the balance allows and records the rest as uncovered. */
  coverBadDebt(badDebtUsd: number): { covered: number; uncovered: number } {
    const covered = Math.min(this.balance, badDebtUsd);
    const uncovered = badDebtUsd - covered;
    this.balance -= covered;
    this.usedUsd += covered;
    if (covered > 0) this.draws += 1;
    if (uncovered > 0) this.shortfalls += 1;
    this.uncoveredUsd += uncovered;
    return { covered, uncovered };
  }
}
