// The live book at block 0 of a scenario: the same borrowers the simulator starts from, drawn by the same code.
import type { LendingSpec, Scenario } from '../../scenario/schema.js';
import { RandomStream } from '../../kernel/random.js';
import { AccountBook } from '../../protocol/lending/account-book.js';
import { generatePopulation } from '../../protocol/lending/population.js';
import { monitorThreshold } from '../../protocol/mechanisms/index.js';
import { priceBuilder } from '../../world/build-prices.js';
import { lendingFromFile } from '../../world/file-books.js';
import { bookFileOf, generatedOf } from '../../scenario/schema-books.js';

/** Where a live book reads its scenario's files and which seed draws its borrowers. */
export interface InitialBookOptions {
  /** Leave every protocol without accounts (prices, depth and gas still start from the scenario). */
  startEmpty?: boolean;
  /** Directory relative paths of the scenario (price CSVs, book files) resolve against; default: the working one. */
  baseDir?: string;
  /** Master seed; default: the scenario's. */
  seed?: number;
}

/** One lending protocol's accounts at block 0, in asset units. */
export interface InitialAccounts {
  names: string[];
  collateral: Float64Array;
  debt: Float64Array;
}

/**
 * Every asset's price at block 0 (its price process's initial value, as buildWorld starts each fundamental), by
 * symbol, in declaration order.
 *
 * @example initialPrices(scenario, '.'); // { ETH: 2000, USDC: 1 }
 */
export function initialPrices(scenario: Scenario, baseDir: string, seed = scenario.seed): Record<string, number> {
  const priceOf = priceBuilder(scenario, seed, baseDir);
  const prices: Record<string, number> = {};
  for (const spec of scenario.assets) prices[spec.symbol] = priceOf(spec, (symbol) => prices[symbol]).initial;
  return prices;
}

/** The lending protocols of a scenario (perp and cross-asset books are not part of the live book). */
export function lendingSpecs(scenario: Scenario): LendingSpec[] {
  return scenario.protocols.filter((p): p is LendingSpec => p.type === 'lending');
}

/**
 * The accounts of `spec` at block 0 as the simulator builds them (src/world/build-lending.ts): generated borrowers
 * drawn from the stream `borrowers:<id>` at the collateral's initial price with the scenario's liquidationThreshold,
 * named b0…bN−1; or the file book's accounts under their names (accounts unsafe at block 0 dropped or refused as
 * `unsafeAtStart` says). The file books must have been read (loadScenarioWithBooks). The simulator draws at its
 * oracle's first answer, which is the collateral's initial price for every oracle reading venues at the fundamental.
 *
 * @example const { names } = initialAccounts(spec, { ETH: 2000, USDC: 1 }, { baseDir: '.' }, 1);
 */
export function initialAccounts(
  spec: LendingSpec,
  prices: Record<string, number>,
  options: InitialBookOptions,
  seed: number,
): InitialAccounts {
  const price = prices[spec.collateral];
  const debtPrice = prices[spec.debt];
  const empty = { names: [], collateral: new Float64Array(0), debt: new Float64Array(0) };
  if (options.startEmpty) return empty;
  const fromFile = bookFileOf(spec.borrowers);
  if (fromFile) {
    const { book } = lendingFromFile({
      protocol: spec.id,
      file: fromFile.file,
      baseDir: options.baseDir ?? process.cwd(),
      policy: fromFile.unsafeAtStart,
      price,
      debtPrice,
      threshold: monitorThreshold(spec),
      tiers: spec.thresholdTiers,
    });
    return { names: book.accounts, collateral: book.collateral, debt: book.debt };
  }
  const generated = generatedOf(spec.borrowers);
  if (!generated) return empty;
  const book = new AccountBook(generated.count);
  generatePopulation(
    book,
    generated,
    price,
    debtPrice,
    spec.liquidationThreshold,
    new RandomStream(seed, `borrowers:${spec.id}`),
  );
  const names = new Array<string>(generated.count);
  for (let i = 0; i < generated.count; i++) names[i] = `b${i}`;
  return { names, collateral: book.collateral, debt: book.debt };
}
