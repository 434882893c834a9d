import { UsageError } from '../kernel/errors.js';

/** Parses `--seed`: an integer from 0 to 2³²−1. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seed) || seed > 2 ** 32 - 1) {
    throw new UsageError(`--seed: must be an integer from 0 to 4294967295 (got "${value}")`);
  }
  return seed;
}

/** Collects repeated `--set path=value` flags. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
