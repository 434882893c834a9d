// Reserves and books shared by the cross-asset engine's tests (kept out of dist by tsconfig.build.json).
import { CrossAccountBook } from './cross-account.js';
import type { CrossReserve } from './reserves.js';

/** Asset indices of {@link RESERVES}. */
export const WETH = 0;
export const WBTC = 1;
export const USDC = 2;
export const DAI = 3;

/** Four reserves with Aave-like parameters; bonuses 0.05-style, protocol fee 10% of the bonus. */
export const RESERVES: readonly CrossReserve[] = [
  { name: 'WETH', ltv: 0.8, liquidationThreshold: 0.825, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
  { name: 'WBTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.1, liquidationProtocolFee: 0.1 },
  { name: 'USDC', ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045, liquidationProtocolFee: 0.1 },
  { name: 'DAI', ltv: 0.63, liquidationThreshold: 0.77, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
];

/** Oracle prices (USD) of WETH, WBTC, USDC, DAI. */
export const PRICES = [2000, 30_000, 1, 1];

/** Balances of one account, by asset index: [WETH, WBTC, USDC, DAI]. */
export interface Position {
  collateral: readonly number[];
  debt: readonly number[];
}

/** A book with one account per position, at {@link PRICES} unless `prices` is given. */
export function bookOf(positions: readonly Position[], prices: readonly number[] = PRICES): CrossAccountBook {
  const book = new CrossAccountBook(RESERVES, prices, positions.length);
  positions.forEach((p, account) => {
    p.collateral.forEach((units, asset) => (book.collateral[book.slot(account, asset)] = units));
    p.debt.forEach((units, asset) => (book.debt[book.slot(account, asset)] = units));
  });
  return book;
}

/** The two-collateral, two-debt account of the tests: 10 WETH + 0.5 WBTC against 15,000 USDC + 10,000 DAI. */
export const TWO_BY_TWO: Position = { collateral: [10, 0.5, 0, 0], debt: [0, 0, 15_000, 10_000] };
