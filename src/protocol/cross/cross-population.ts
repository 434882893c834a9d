// Borrower population of a cross-asset pool: several collateral and several debt assets per account.
import type { RandomStream } from '../../kernel/random.js';
import type { CrossAccountBook } from './cross-account.js';

/** How a cross-asset population is drawn; see `protocols[].borrowers` (type cross-lending) in docs/scenario.md. */
export interface CrossPopulationSpec {
  /** Log-normal total collateral value per account, USD. */
  collateralUsd: { median: number; sigma: number };
  /** Asset symbol → share of each account's collateral value (sums to 1). */
  collateralMix: Readonly<Record<string, number>>;
  /** Asset symbol → share of each account's debt value (sums to 1). */
  debtMix: Readonly<Record<string, number>>;
  /** σ of the per-account log-normal factor on each share before rescaling (0 = exact mix). */
  mixJitter: number;
  /** Initial health factor, uniform in [min, max]. */
  healthFactor: { min: number; max: number };
}

/**
 * Fills `book` (prices already set to the oracles' first answers) with borrowers. Per account, in account
 * order: total collateral value V log-normal (median, σ of its log); health factor h uniform in [min, max];
 * collateral shares w_a = mix_a·exp(jitter·Z_a) rescaled to sum 1 (Z_a standard normal, drawn in reserve order;
 * no draw when jitter is 0), likewise debt shares u_b; collateral units V·w_a/p_a; total debt
 * D = Σ V·w_a·LT_a / h (so the account's Aave health factor is exactly h), owed as D·u_b/p_b units of each
 * debt asset. `symbols[a]` names reserve a; a mix naming no reserve, or a collateral share on a reserve with
 * liquidationThreshold 0, throws a RangeError.
 *
 * @example generateCrossPopulation(book, ['ETH', 'WBTC', 'USDC'], spec, new RandomStream(1, 'borrowers:pool'));
 */
export function generateCrossPopulation(
  book: CrossAccountBook,
  symbols: readonly string[],
  spec: CrossPopulationSpec,
  rng: RandomStream,
): void {
  const collateralMix = mixVector(symbols, spec.collateralMix, 'collateralMix');
  const debtMix = mixVector(symbols, spec.debtMix, 'debtMix');
  collateralMix.forEach((share, asset) => {
    if (share > 0 && !(book.reserves[asset].liquidationThreshold > 0)) {
      throw new RangeError(`collateralMix: ${symbols[asset]} has liquidationThreshold 0, so it cannot be collateral`);
    }
  });
  const logMedian = Math.log(spec.collateralUsd.median);
  const { min, max } = spec.healthFactor;
  const weights = new Float64Array(book.assets);
  for (let account = 0; account < book.accounts; account++) {
    const valueUsd = rng.lognormal(logMedian, spec.collateralUsd.sigma);
    const health = min + (max - min) * rng.uniform();
    jittered(collateralMix, spec.mixJitter, rng, weights);
    let thresholdUsd = 0;
    for (let asset = 0; asset < book.assets; asset++) {
      if (weights[asset] === 0) continue;
      const usd = valueUsd * weights[asset];
      book.collateral[book.slot(account, asset)] = usd / book.prices[asset];
      thresholdUsd += usd * book.reserves[asset].liquidationThreshold;
    }
    // Aave health factor Σ collateral·price·LT / Σ debt·price = h gives the total debt.
    const debtUsd = thresholdUsd / health;
    jittered(debtMix, spec.mixJitter, rng, weights);
    for (let asset = 0; asset < book.assets; asset++) {
      if (weights[asset] > 0) book.debt[book.slot(account, asset)] = (debtUsd * weights[asset]) / book.prices[asset];
    }
  }
}

/** The mix as a vector over reserves (index = asset); throws on a symbol that is no reserve. */
function mixVector(symbols: readonly string[], mix: Readonly<Record<string, number>>, field: string): Float64Array {
  const vector = new Float64Array(symbols.length);
  for (const [symbol, share] of Object.entries(mix)) {
    const asset = symbols.indexOf(symbol);
    if (asset < 0)
      throw new RangeError(`${field}: ${symbol} is not a reserve of the pool (reserves: ${symbols.join(', ')})`);
    vector[asset] = share;
  }
  return vector;
}

/** Writes mix·exp(jitter·Z) rescaled to sum 1 into `out`, drawing one normal per positive share in asset order. */
function jittered(mix: Float64Array, jitter: number, rng: RandomStream, out: Float64Array): void {
  let sum = 0;
  for (let asset = 0; asset < mix.length; asset++) {
    const weight = mix[asset] > 0 ? mix[asset] * (jitter > 0 ? Math.exp(jitter * rng.normal()) : 1) : 0;
    out[asset] = weight;
    sum += weight;
  }
  for (let asset = 0; asset < mix.length; asset++) out[asset] /= sum;
}
