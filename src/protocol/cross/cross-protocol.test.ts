import { describe, expect, it } from 'vitest';
import { DAI, TWO_BY_TWO, USDC, WBTC, WETH } from './fixtures.test-helper.js';
import { pool, position } from './pool.test-helper.js';

describe('CrossLendingProtocol', () => {
  // Health at WETH 1,600 (WBTC 30,000), HF = Σ value·LT / debt with LT 0.825 (WETH), 0.75 (WBTC):
  // 0: TWO_BY_TWO, (16,000·0.825 + 15,000·0.75)/25,000 = 24,450/25,000 = 0.978 → liquidatable, debt 25,000
  // 1: 5 WETH / 5,000 USDC: 6,600/5,000 = 1.32 → safe
  // 2: 1 WBTC / 20,000 DAI: 22,500/20,000 = 1.125 → safe (WETH does not matter)
  // 3: 20 WETH / 30,000 USDC: 26,400/30,000 = 0.88 → liquidatable, debt 30,000
  const positions = [TWO_BY_TWO, position(5, 0, 5000, 0), position(0, 1, 0, 20_000), position(20, 0, 30_000, 0)];

  it('lists accounts with health < 1 at the oracle prices, largest debt first, and stamps when they became so', () => {
    const { protocol, step } = pool(positions);
    step(1, 2000);
    expect(protocol.liquidatable).toEqual([]);
    step(2, 1600);
    expect(protocol.liquidatable).toEqual([3, 0]);
    expect(protocol.unsafeSince[3]).toBe(2);
    expect(protocol.unsafeSince[1]).toBe(-1);
    // WBTC to 26,000: account 2 at 19,500/20,000 = 0.975 joins; its debt (20,000) is the smallest.
    step(3, 1600, 26_000);
    expect(protocol.liquidatable).toEqual([3, 0, 2]);
    expect(protocol.unsafeSince[3]).toBe(2);
    expect(protocol.unsafeSince[2]).toBe(3);
  });

  it('scans the book only when an oracle price changed, rechecking just the listed accounts otherwise', () => {
    const { protocol, step } = pool(positions);
    step(1, 2000);
    step(2, 1600);
    expect(protocol.fullScans).toBe(2);
    step(3, 1600);
    expect(protocol.fullScans).toBe(2);
    expect(protocol.liquidatable).toEqual([3, 0]);
    // Account 0 liquidated back to health between blocks: the recheck drops it without a scan.
    protocol.liquidate(0, WETH, USDC, 7500);
    step(4, 1600);
    expect(protocol.fullScans).toBe(2);
    expect(protocol.liquidatable).toEqual([3]);
    expect(protocol.unsafeSince[0]).toBe(-1);
    step(5, 1590);
    expect(protocol.fullScans).toBe(3);
  });

  it('books a v3 liquidationCall in USD and in units per asset', () => {
    const { protocol, step } = pool(positions);
    step(1, 1600);
    // Health 0.978 > 0.95: close factor 0.5 of the USDC reserve debt 15,000 → 7,500 repayable.
    // Seized 7,500·1.05/1,600 = 4.921875 WETH; bonus part 4.921875 − 4.6875 = 0.234375; fee 10% = 0.0234375;
    // liquidator 4.8984375. USD at 1,600: seized 7,875, penalty 375, treasury fee 37.5.
    const result = protocol.liquidate(0, WETH, USDC, 10_000);
    expect(result.debtRepaid).toBeCloseTo(7500, 9);
    const { ledger, totals, book } = protocol;
    expect(ledger.liquidations).toBe(1);
    expect(ledger.accountsLiquidated).toBe(1);
    expect(ledger.collateralSeizedUsd).toBeCloseTo(7875, 8);
    expect(ledger.debtRepaidUsd).toBeCloseTo(7500, 8);
    expect(ledger.penaltiesUsd).toBeCloseTo(375, 8);
    expect(ledger.protocolFeesUsd).toBeCloseTo(37.5, 8);
    expect(ledger.badDebtUsd).toBe(0);
    expect(totals.collateralSeized[WETH]).toBeCloseTo(4.921875, 12);
    expect(totals.collateralToLiquidators[WETH]).toBeCloseTo(4.8984375, 12);
    expect(totals.protocolFeeCollateral[WETH]).toBeCloseTo(0.0234375, 12);
    expect(totals.debtRepaid[USDC]).toBeCloseTo(7500, 9);
    expect([...totals.liquidationsByCollateral]).toEqual([1, 0, 0, 0]);
    expect([...totals.liquidationsByDebt]).toEqual([0, 0, 1, 0]);
    expect(book.collateral[book.slot(0, WETH)]).toBeCloseTo(10 - 4.921875, 12);
    // A second call on the same account counts as a liquidation but not as a new account.
    protocol.liquidate(3, WETH, USDC, 1000);
    protocol.liquidate(3, WETH, USDC, 1000);
    expect(ledger.liquidations).toBe(3);
    expect(ledger.accountsLiquidated).toBe(2);
    expect([...totals.firstLiquidationsByCollateral]).toEqual([2, 0, 0, 0]);
    expect([...totals.liquidationsByCollateral]).toEqual([3, 0, 0, 0]);
  });

  it('writes a v3.3 deficit off as bad debt, paid by the insurance fund as far as it goes', () => {
    // 1 WETH against 3,000 USDC + 1,000 DAI at 1,600: health 1,320/4,000 = 0.33 ≤ 0.95 → close factor 1.
    // Repaying 3,000 USDC would seize 3,000·1.05/1,600 = 1.96875 WETH > 1: all 1 WETH is seized and the repay shrinks
    // to 1,600/1.05 = 1,523.8095… USDC. No collateral is left, so v3.3 writes off USDC 3,000 − 1,523.8095… =
    // 1,476.1905…
    // and DAI 1,000: 2,476.1905… USD, of which the 1,000 USD fund pays 1,000.
    const { protocol, step } = pool([position(1, 0, 3000, 1000)], 'v3.3', 1000);
    step(1, 1600);
    const repaid = 1600 / 1.05;
    const result = protocol.liquidate(0, WETH, USDC, 3000);
    expect(result.debtRepaid).toBeCloseTo(repaid, 9);
    const { ledger, totals, fund, book } = protocol;
    expect(ledger.badDebtUsd).toBeCloseTo(3000 - repaid + 1000, 8);
    expect(totals.debtWrittenOff[USDC]).toBeCloseTo(3000 - repaid, 8);
    expect(totals.debtWrittenOff[DAI]).toBeCloseTo(1000, 9);
    expect(fund.usedUsd).toBeCloseTo(1000, 9);
    expect(fund.uncoveredUsd).toBeCloseTo(3000 - repaid, 8);
    expect(book.debt[book.slot(0, USDC)]).toBe(0);
    expect(book.debt[book.slot(0, DAI)]).toBe(0);
    expect(book.collateral[book.slot(0, WETH)]).toBe(0);
  });

  it('leaves v3 debt without collateral on the books: no bad debt is recognised', () => {
    const { protocol, step } = pool([position(1, 0, 3000, 1000)], 'v3', 1000);
    step(1, 1600);
    protocol.liquidate(0, WETH, USDC, 3000);
    expect(protocol.ledger.badDebtUsd).toBe(0);
    expect(protocol.fund.usedUsd).toBe(0);
    expect(protocol.book.debt[protocol.book.slot(0, DAI)]).toBe(1000);
  });

  it('throws when Aave would revert', () => {
    const { protocol, step } = pool(positions);
    step(1, 1600);
    expect(() => protocol.liquidate(1, WETH, USDC, 100)).toThrow(/health-factor-not-below-threshold/);
    expect(() => protocol.liquidate(0, WETH, WBTC, 100)).toThrow(/specified-currency-not-borrowed/);
  });

  it('attributes a newly liquidatable account to a cascade generation on its largest collateral', () => {
    // Block 2: WETH fundamental 1,700 (exogenous). Block 3: liquidation sales (generation 0) push the market mid to
    // ~1,500 while the fundamental stays 1,700, so layer 0 (exogenous only) stays at 1,700 and layer 1 falls to ~1,500.
    // Account 0: 20 WETH / 29,700 USDC, liquidation price 29,700/(20·0.825) = 1,800 → unsafe at 1,700: generation 0.
    // Account 1: 20 WETH / 26,400 USDC, liquidation price 26,400/16.5 = 1,600: unsafe only after the sales: generation
    // 1.
    // Account 2: 12 WETH + 0.5 WBTC / 27,090 DAI; WETH (12·1,700 = 20,400 USD) outweighs WBTC (15,000 USD), and with
    // WBTC
    // held at 30,000 its WETH liquidation price p* solves 12·p*·0.825 + 15,000·0.75 = 27,090: p* = 15,840/9.9 = 1,600 →
    // generation 1.
    const { protocol, markets, sales, step } = pool([
      position(20, 0, 29_700, 0),
      position(20, 0, 26_400, 0),
      position(12, 0.5, 0, 27_090),
    ]);
    step(1, 2000);
    step(2, 1700);
    expect(protocol.liquidatable).toEqual([0]);
    expect(protocol.generation[0]).toBe(0);
    const proceeds = markets.weth.sell(7300);
    sales[WETH].record(0, proceeds);
    expect(markets.weth.mid()).toBeLessThan(1550);
    step(3, 1700);
    expect(protocol.liquidatable).toEqual([0, 2, 1]);
    expect(protocol.generation[0]).toBe(0);
    expect(protocol.generation[1]).toBe(1);
    expect(protocol.generation[2]).toBe(1);
    expect(protocol.unsafeSince[2]).toBe(3);
  });

  it('reports its book at block 0 in USD and in units', () => {
    const { protocol } = pool(positions);
    // Debt: 25,000 + 5,000 + 20,000 + 30,000 = 80,000 USD. Collateral at 2,000 / 30,000:
    // 20,000 + 15,000 + 10,000 + 30,000 + 40,000 = 115,000 USD.
    expect(protocol.initialBook).toEqual({ accounts: 4, collateralUsd: 115_000, debtUsd: 80_000 });
    expect([...protocol.initial.collateral]).toEqual([35, 1.5, 0, 0]);
    expect([...protocol.initial.debt]).toEqual([0, 0, 50_000, 30_000]);
    expect(protocol.headline()).toEqual({ asset: 'WETH', oracleId: 'WETH' });
  });
});
