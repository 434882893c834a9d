import type { RandomStream } from '../../kernel/random.js';
import type { AccountBook } from './account-book.js';

/** How a borrower population is drawn; see `protocols[].borrowers` in docs/scenario.md. */
export interface PopulationSpec {
  collateralUsd: { median: number; sigma: number };
  healthFactor: { min: number; max: number };
  topUp?: { share: number; reserveShare: number };
  /** Accounts to fill (default: the whole book). */
  count?: number;
}

/**
 * Fills `book` with borrowers: collateral value log-normal (median, σ of its log), initial health factor
 * uniform in [min, max] at `collateralPrice`, debt = collateral·price·LT / health; a `topUp.share` of them
 * keep a reserve of `reserveShare` × their collateral for top-ups. Draws come from `rng` in account order.
 * Fills accounts 0 … spec.count − 1; slots beyond (kept for adversaries) stay empty.
 *
 * @example generatePopulation(book, spec, 2000, 1, 0.825, new RandomStream(1, 'borrowers:lend'));
 */
export function generatePopulation(
  book: AccountBook,
  spec: PopulationSpec,
  collateralPrice: number,
  debtPrice: number,
  liquidationThreshold: number,
  rng: RandomStream,
): void {
  const logMedian = Math.log(spec.collateralUsd.median);
  const { min, max } = spec.healthFactor;
  const topUpShare = spec.topUp?.share ?? 0;
  const reserveShare = spec.topUp?.reserveShare ?? 0;
  for (let i = 0; i < (spec.count ?? book.count); i++) {
    const collateral = rng.lognormal(logMedian, spec.collateralUsd.sigma) / collateralPrice;
    const health = min + (max - min) * rng.uniform();
    const topsUp = rng.uniform() < topUpShare;
    book.collateral[i] = collateral;
    book.debt[i] = (collateral * collateralPrice * liquidationThreshold) / health / debtPrice;
    book.reserve[i] = topsUp ? collateral * reserveShare : 0;
  }
}
