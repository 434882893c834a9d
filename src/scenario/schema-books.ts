// Scenario schema: position books read from a file instead of generated (protocols[].borrowers / traders); the
// columns of the files are in docs/books.md.
import { z } from 'zod';
import { nonNegative, positive } from './schema-primitives.js';

const bookFile = z
  .string()
  .min(1)
  .regex(/\.(csv|json|parquet)$/i, 'a .csv, .json or .parquet file')
  .describe(
    'position book file, path relative to the scenario file; .csv, .json (an array of objects or one object per line) ' +
      'or .parquet, read with DuckDB; columns in docs/books.md. Read in full when the scenario is loaded',
  );

const unsafeAtStart = z
  .enum(['liquidate', 'drop', 'error'])
  .default('liquidate')
  .describe(
    "accounts already unsafe at the oracle's first answer: liquidate = keep them, keepers may liquidate them from block 1 " +
      '(the run lists them); drop = leave them out of the book (the run lists them); error = refuse to run, naming them',
  );

/** The health factors at which an owner tops up and to which, for generated and file books alike. */
export const topUpHealth = {
  belowHealth: z
    .number()
    .min(1)
    .max(100)
    .describe('an owner tops up when the health factor at the oracle price falls below this'),
  targetHealth: z.number().min(1).max(100).describe('top up back to this health factor, as far as the reserve allows'),
};

/** Top-up behaviour of borrowers whose reserves come from the file's `topUpReserve` column. */
const topUpBehaviour = z
  .strictObject({
    ...topUpHealth,
    priorityFeeGwei: nonNegative.default(1).describe('tip per gas unit of top-up transactions, gwei'),
    gasUnits: nonNegative.default(150_000).describe('gas units per account topped up'),
    maxFeeGwei: positive
      .max(1e9)
      .optional()
      .describe('under chain.feeMarket: most an owner pays per gas, base fee included, gwei (default: no cap)'),
  })
  .refine((t) => t.targetHealth > t.belowHealth, { message: 'targetHealth must exceed belowHealth' })
  .optional()
  .describe(
    "owners with a topUpReserve in the file add collateral from it when their health factor falls (the reserve is the file's)",
  );

/** `protocols[].borrowers` of a lending protocol read from a file. */
export const lendingBookFile = z
  .strictObject({
    file: bookFile,
    unsafeAtStart,
    topUp: topUpBehaviour,
  })
  .meta({ title: 'read from a file (docs/books.md)' });

/** Margin top-up behaviour of traders whose reserves come from the file's `topUpReserve` column. */
const addMarginBehaviour = z
  .strictObject({
    belowMarginRatio: z
      .number()
      .gt(1)
      .max(10)
      .default(1.2)
      .describe('they act when equity / maintenance falls below this'),
    targetMarginRatio: z.number().gt(1).max(20).default(1.6).describe('and add margin up to this equity / maintenance'),
    gasUnits: nonNegative.default(100_000).describe('gas units per deposit'),
    priorityFeeGwei: nonNegative.default(2).describe('tip per gas, gwei'),
  })
  .optional()
  .describe("traders with a topUpReserve in the file add margin from it (the reserve, USD, is the file's)");

/** `protocols[].traders` of a perp exchange read from a file. */
export const perpBookFile = z
  .strictObject({
    file: bookFile,
    unsafeAtStart,
    addMargin: addMarginBehaviour,
  })
  .meta({ title: 'read from a file (docs/books.md)' });

/** A lending book from a file, as validated. */
export type LendingBookFileSpec = z.infer<typeof lendingBookFile>;
/** A perp book from a file, as validated. */
export type PerpBookFileSpec = z.infer<typeof perpBookFile>;

/** What to do with accounts unsafe at block 0. */
export type UnsafeAtStart = LendingBookFileSpec['unsafeAtStart'];

/**
 * The file-book form of a `borrowers` or `traders` entry, or undefined when the book is generated.
 *
 * @example bookFileOf(spec.borrowers)?.file; // 'books/aave-eth.parquet'
 */
export function bookFileOf<T extends object>(entry: T): Extract<T, { file: string }> | undefined {
  return 'file' in entry ? (entry as Extract<T, { file: string }>) : undefined;
}

/**
 * The generated form of a `borrowers` or `traders` entry, or undefined when the book is read from a file.
 *
 * @example generatedOf(spec.borrowers)?.count; // 10000
 */
export function generatedOf<T extends object>(entry: T): Exclude<T, { file: string }> | undefined {
  return 'file' in entry ? undefined : (entry as Exclude<T, { file: string }>);
}
