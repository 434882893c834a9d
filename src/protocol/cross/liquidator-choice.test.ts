import { describe, expect, it } from 'vitest';
import { chooseLiquidation, type SaleProceeds } from './liquidator-choice.js';
import { liquidationCall } from './cross-liquidation.js';
import { bookOf, PRICES, TWO_BY_TWO, USDC, WBTC, WETH } from './fixtures.test-helper.js';

/** Sells at the oracle price less a per-asset haircut (linear: no price impact). */
function haircut(prices: readonly number[], slippage: readonly number[]): SaleProceeds {
  return (asset, amount) => amount * prices[asset] * (1 - slippage[asset]);
}

/** Constant-product pool without fee: selling a units into (x units, y USD) pays y·a/(x + a). */
function pool(x: number, y: number): (amount: number) => number {
  return (amount) => (y * amount) / (x + amount);
}

describe('liquidator choice of (collateral, debt, repay) on a multi-asset account', () => {
  const oracle = [1600, PRICES[1], PRICES[2], PRICES[3]];
  const twoByTwoAt1600 = () => {
    const book = bookOf([TWO_BY_TWO]);
    book.setPrice(WETH, 1600);
    return book;
  };

  it('picks the collateral with the better bonus net of slippage: WETH when WBTC sells badly', () => {
    // v3, health 0.978 → at most 7,500 USDC or 5,000 DAI per call; collateral balances never bind
    // (WETH: 16,000/1.05 = 15,238 USD; WBTC: 15,000/1.1 = 13,636 USD).
    // Per repaid USD the liquidator receives (1 + b − 0.1·b) USD of collateral at the oracle, then loses the haircut:
    // WETH 1.045·(1 − 0.005) − 1 = 0.039775; WBTC 1.09·(1 − 0.06) − 1 = 0.0246. Linear → repay the most: 7,500 USDC.
    // Profit 7,500·0.039775 − 10 gas = 288.3125 USD.
    const choice = chooseLiquidation(twoByTwoAt1600(), 0, 'v3', haircut(oracle, [0.005, 0.06, 0, 0]), { gasUsd: 10 });
    expect(choice).not.toBeNull();
    expect(choice!.collateralAsset).toBe(WETH);
    expect(choice!.debtAsset).toBe(USDC);
    expect(choice!.quote.debtRepaid).toBeCloseTo(7500, 9);
    expect(choice!.profitUsd).toBeCloseTo(288.3125, 6);
  });

  it('picks the higher-bonus WBTC when its sale is nearly free', () => {
    // WBTC: 1.09·(1 − 0.01) − 1 = 0.0791 > WETH 0.039775 → 7,500·0.0791 − 10 = 583.25 USD.
    const choice = chooseLiquidation(twoByTwoAt1600(), 0, 'v3', haircut(oracle, [0.005, 0.01, 0, 0]), { gasUsd: 10 });
    expect(choice!.collateralAsset).toBe(WBTC);
    expect(choice!.debtAsset).toBe(USDC);
    expect(choice!.profitUsd).toBeCloseTo(583.25, 6);
  });

  it('stops at the interior optimum when the collateral is sold into a shallow constant-product pool', () => {
    // WBTC sold into a pool of 2 WBTC / 60,000 USD; WETH sells at a 10% haircut (1.045·0.9 < 1: never profitable).
    // Liquidator receives k·r WBTC per r USD repaid, k = 1.09/30,000. Profit 60,000·k·r/(2 + k·r) − r − gas is
    // concave; its derivative 60,000·k·2/(2 + k·r)² = 1 gives 2 + k·r* = √(120,000·k), r* = (√(120,000·k) − 2)/k
    // ≈ 2,423.7 USD, inside the 5,000 (DAI) and 7,500 (USDC) limits; USDC and DAI tie, the earlier pair (USDC) stays.
    const k = 1.09 / 30_000;
    const rStar = (Math.sqrt(120_000 * k) - 2) / k;
    const wbtcPool = pool(2, 60_000);
    const proceeds: SaleProceeds = (asset, amount) =>
      asset === WBTC ? wbtcPool(amount) : amount * oracle[asset] * 0.9;
    const choice = chooseLiquidation(twoByTwoAt1600(), 0, 'v3', proceeds, { gasUsd: 5 });
    expect(choice!.collateralAsset).toBe(WBTC);
    expect(choice!.debtAsset).toBe(USDC);
    expect(choice!.quote.debtRepaid / rStar).toBeCloseTo(1, 6);
    expect(choice!.profitUsd).toBeCloseTo(wbtcPool(k * rStar) - rStar - 5, 6);
  });

  it('v3.3: the dust rule splits the repay range and the liquidator compares the best partial repay with the full one', () => {
    // 2 WETH at 1,600 against 3,000 USDC (health 0.88, close factor 1), WETH sold into a 20 WETH / 36,000 USD pool.
    // k = 1.045/1,600 WETH per repaid USD; f(r) = 36,000·k·r/(20 + k·r) − r − 1.
    // Unconstrained optimum r* = (√(36,000·k·20) − 20)/k ≈ 2,580 (v3 takes it).
    // v3.3 partial repays must leave ≥ 1,000 USD of debt (r ≤ 2,000) and of collateral (r ≤ (2 − 0.625)/k ≈ 2,105),
    // so the choice is between f(2,000) ≈ 206.1 and the full repay f(3,000) ≈ 211.2: the full repay wins.
    const k = 1.045 / 1600;
    const wethPool = pool(20, 36_000);
    const f = (r: number) => wethPool(k * r) - r - 1;
    const proceeds: SaleProceeds = (asset, amount) => (asset === WETH ? wethPool(amount) : 0);
    const position = { collateral: [2, 0, 0, 0], debt: [0, 0, 3000, 0] };
    const at1600 = () => {
      const book = bookOf([position]);
      book.setPrice(WETH, 1600);
      return book;
    };
    const rStar = (Math.sqrt(36_000 * k * 20) - 20) / k;
    const v3 = chooseLiquidation(at1600(), 0, 'v3', proceeds, { gasUsd: 1 });
    expect(v3!.quote.debtRepaid / rStar).toBeCloseTo(1, 6);
    expect(v3!.profitUsd).toBeCloseTo(f(rStar), 6);

    expect(f(3000)).toBeGreaterThan(f(2000));
    const book = at1600();
    const v33 = chooseLiquidation(book, 0, 'v3.3', proceeds, { gasUsd: 1 });
    expect(v33!.quote.debtRepaid).toBe(3000);
    expect(v33!.profitUsd).toBeCloseTo(f(3000), 6);
    // The chosen call goes through the engine as quoted.
    const done = liquidationCall(book, 0, v33!.collateralAsset, v33!.debtAsset, v33!.debtToCover, 'v3.3');
    expect(done.ok && done.debtRepaid).toBe(3000);
  });

  it('v3.3: keeps the best partial repay when the full one is worse', () => {
    // Same account; a much shallower pool (2 WETH / 3,600 USD) puts r* below the 2,000 dust limit:
    // r* = (√(3,600·k·2) − 2)/k ≈ 240 USD, an admissible partial repay.
    const k = 1.045 / 1600;
    const shallow = pool(2, 3600);
    const book = bookOf([{ collateral: [2, 0, 0, 0], debt: [0, 0, 3000, 0] }]);
    book.setPrice(WETH, 1600);
    const rStar = (Math.sqrt(3600 * k * 2) - 2) / k;
    expect(rStar).toBeLessThan(2000);
    const choice = chooseLiquidation(book, 0, 'v3.3', (asset, amount) => (asset === WETH ? shallow(amount) : 0), {
      gasUsd: 0,
    });
    expect(choice!.quote.debtRepaid / rStar).toBeCloseTo(1, 6);
    expect(choice!.profitUsd).toBeCloseTo(shallow(k * rStar) - rStar, 6);
  });

  it('returns null for healthy accounts and when gas or the profit floor eats the gain', () => {
    const sellAtOracle = haircut(PRICES, [0, 0, 0, 0]);
    expect(chooseLiquidation(bookOf([TWO_BY_TWO]), 0, 'v3', sellAtOracle, { gasUsd: 0 })).toBeNull();
    // Best gain at the oracle: WBTC, 7,500·0.09 = 675 USD before gas.
    const atOracle = haircut(oracle, [0, 0, 0, 0]);
    expect(chooseLiquidation(twoByTwoAt1600(), 0, 'v3', atOracle, { gasUsd: 0 })!.profitUsd).toBeCloseTo(675, 6);
    expect(chooseLiquidation(twoByTwoAt1600(), 0, 'v3', atOracle, { gasUsd: 675.5 })).toBeNull();
    expect(chooseLiquidation(twoByTwoAt1600(), 0, 'v3', atOracle, { gasUsd: 0, minProfitUsd: 700 })).toBeNull();
  });
});
