import { describe, expect, it } from 'vitest';
import { InsuranceFund } from './insurance-fund.js';

describe('insurance fund', () => {
  it('covers bad debt first and records what it could not cover, never going below zero', () => {
    const fund = new InsuranceFund(100);
    expect(fund.coverBadDebt(60)).toEqual({ covered: 60, uncovered: 0 });
    expect(fund.coverBadDebt(70)).toEqual({ covered: 40, uncovered: 30 });
    expect(fund.balanceUsd()).toBe(0);
    expect(fund.coverBadDebt(5)).toEqual({ covered: 0, uncovered: 5 });
    expect(fund.usedUsd).toBe(100);
    expect(fund.uncoveredUsd).toBe(35);
    expect(fund.draws).toBe(2);
  });

  it('fee deposits refill it', () => {
    const fund = new InsuranceFund(0);
    fund.deposit(25);
    expect(fund.coverBadDebt(10)).toEqual({ covered: 10, uncovered: 0 });
    expect(fund.balanceUsd()).toBe(15);
    expect(fund.depositedUsd).toBe(25);
  });
});
