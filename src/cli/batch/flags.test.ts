import { describe, expect, it } from 'vitest';
import { UsageError } from '../../kernel/errors.js';
import { parseWorkers } from './flags.js';

describe('--workers', () => {
  it('accepts 1 to the number of cores', () => {
    expect(parseWorkers('1', false, 2)).toBe(1);
    expect(parseWorkers('2', false, 2)).toBe(2);
  });

  it('refuses more workers than cores, saying why and how to force it', () => {
    expect(() => parseWorkers('256', false, 2)).toThrow(UsageError);
    expect(() => parseWorkers('3', false, 2)).toThrow(
      "--workers: 3 is more than this machine's 2 core(s); each worker holds its own world, so memory grows with " +
        'every worker while threads beyond the cores run no faster (use --force-workers to run them anyway)',
    );
  });

  it('with --force-workers allows up to 256, never more', () => {
    expect(parseWorkers('256', true, 2)).toBe(256);
    expect(() => parseWorkers('257', true, 2)).toThrow('--workers: must be an integer from 1 to 256 (got "257")');
  });
});

describe('cascade worker --concurrency (parsed by parseWorkers under its own name)', () => {
  it('names --concurrency in its messages and is forced by --force-workers alike', () => {
    expect(() => parseWorkers('3', false, 2, '--concurrency')).toThrow(
      "--concurrency: 3 is more than this machine's 2 core(s)",
    );
    expect(parseWorkers('3', true, 2, '--concurrency')).toBe(3);
  });
});
