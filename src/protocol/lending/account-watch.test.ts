import { describe, expect, it } from 'vitest';
import { setup } from './lending-fixture.test-helper.js';

/** The liquidatable accounts by the definition (debt > collateral · price · LT 0.825), largest debt first, ties by
 * lower index: the order the watch promises, computed here without it. */
function expectedOrder(book: { debt: Float64Array; collateral: Float64Array; count: number }, price: number) {
  const unsafe: number[] = [];
  for (let i = 0; i < book.count; i++) if (book.debt[i] > book.collateral[i] * price * 0.825) unsafe.push(i);
  return unsafe.sort((a, b) => book.debt[b] - book.debt[a] || a - b);
}

describe('AccountWatch relist order', () => {
  it('keeps the list in debt order after liquidations reorder debts and newcomers cross their trigger', () => {
    // [collateral ETH, debt USDC, reserve ETH]; at 2000 an account is liquidatable above 1,650 USDC of debt per ETH.
    const accounts: [number, number, number][] = [
      [10, 17_000, 0], // 0: liquidatable, ties with 7 on debt
      [10, 16_600, 0], // 1: liquidatable
      [20, 33_500, 0], // 2: liquidatable, largest debt
      [10, 16_000, 0], // 3: crosses at 1,900 (15,675 < 16,000)
      [5, 8_300, 0], // 4: liquidatable, smallest debt
      [10, 15_000, 0], // 5: safe until below 1,818
      [10, 12_000, 0], // 6: safe throughout
      [10, 17_000, 0], // 7: liquidatable, ties with 0
    ];
    const { protocol, book, moveTo } = setup(accounts, 2000);
    expect([...protocol.liquidatable]).toEqual([2, 0, 7, 1, 4]);
    // Partial liquidations move 2 and 0 down the order (2 below 1, 0 below 7 and 1).
    protocol.liquidate(2, 17_000);
    protocol.liquidate(0, 1_000);
    moveTo(1900, 1);
    const order = expectedOrder(book, protocol.price);
    expect(order).toContain(3);
    expect([...protocol.liquidatable]).toEqual(order);
    // A second round on the reordered list, with one more newcomer at a lower price.
    protocol.liquidate(1, 8_000);
    moveTo(1800, 2);
    const again = expectedOrder(book, protocol.price);
    expect(again).toContain(5);
    expect([...protocol.liquidatable]).toEqual(again);
  });

  it("knows the listed debt's sum from the relist until a book write, as a fresh sum in list order gives it", () => {
    // At 2,000 accounts 0, 1 and 3 are liquidatable (above 1,650 USDC of debt per ETH), listed 3, 0, 1.
    const accounts: [number, number, number][] = [
      [10, 17_000, 0],
      [10, 16_600.1, 0],
      [10, 12_000, 0],
      [10, 17_000.3, 0],
    ];
    const { protocol, moveTo } = setup(accounts, 2000);
    expect([...protocol.liquidatable]).toEqual([3, 0, 1]);
    // Added in list order from 0, as a reader of the list would.
    expect(protocol.listedDebt()).toBe(0 + 17_000.3 + 17_000 + 16_600.1);
    protocol.liquidate(0, 1_000);
    expect(protocol.listedDebt()).toBeUndefined();
    moveTo(1990, 1);
    // 0 has 16,000 USDC against 10 − 1,000·1.05/2,000 = 9.475 ETH: liquidatable above 16,000/9.475/0.825 ≈ 2,047.
    expect([...protocol.liquidatable]).toEqual([3, 1, 0]);
    expect(protocol.listedDebt()).toBe(0 + 17_000.3 + 16_600.1 + 16_000);
    moveTo(1995, 2);
    expect(protocol.listedDebt()).toBe(0 + 17_000.3 + 16_600.1 + 16_000);
    protocol.markBookWritten(2);
    expect(protocol.listedDebt()).toBeUndefined();
  });
});
