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
});
