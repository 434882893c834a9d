import { describe, expect, it } from 'vitest';
import { InvariantError } from './errors.js';
import {
  formatCount,
  formatDuration,
  formatFixed,
  formatGrouped,
  formatMultiple,
  formatPercent,
  formatUsd,
  plainDecimal,
} from './format.js';

describe('plainDecimal', () => {
  it('prints plain decimals without exponents or trailing zeros', () => {
    expect(plainDecimal(1234567.891)).toBe('1234567.891');
    expect(plainDecimal(1e-7)).toBe('0.0000001');
    expect(plainDecimal(1.5e21)).toBe('1500000000000000000000');
    expect(plainDecimal(-2 / 3)).toBe('-0.6666666667');
    expect(plainDecimal(2 / 3, 4)).toBe('0.6667');
    expect(plainDecimal(123456789012.5)).toBe('123456789000');
    expect(plainDecimal(0)).toBe('0');
    expect(plainDecimal(-0)).toBe('0');
    expect(plainDecimal(100)).toBe('100');
  });

  it('round-trips to 10 significant digits over many magnitudes', () => {
    for (let e = -12; e <= 18; e++) {
      for (const m of [1, 1.234567890123, 9.99999999949, 5.5]) {
        const x = m * 10 ** e;
        const text = plainDecimal(x);
        expect(text).toMatch(/^\d+(\.\d*[1-9])?$/);
        expect(Math.abs(Number(text) - x)).toBeLessThanOrEqual(Math.abs(x) * 5e-10);
      }
    }
  });

  it('rejects non-finite numbers', () => {
    expect(() => plainDecimal(Number.NaN)).toThrow(InvariantError);
    expect(() => plainDecimal(Number.NEGATIVE_INFINITY)).toThrow(InvariantError);
  });
});

describe('display formats', () => {
  it('prints USD with thousands separators and always exactly 2 decimals', () => {
    expect(formatUsd(1234567.891)).toBe('1,234,567.89');
    expect(formatUsd(59908.1)).toBe('59,908.10');
    expect(formatUsd(1000)).toBe('1,000.00');
    expect(formatUsd(12.5)).toBe('12.50');
    expect(formatUsd(0)).toBe('0.00');
    expect(formatUsd(-1234.004)).toBe('-1,234.00');
    expect(formatUsd(-0.001)).toBe('0.00');
    expect(formatUsd(999.999)).toBe('1,000.00');
    expect(formatUsd(123456789012.345)).toBe('123,456,789,012.35');
    expect(formatFixed(1234.5, 0)).toBe('1,235');
    expect(formatFixed(-0.4, 0)).toBe('0');
  });

  it('groups thousands with 0 to N decimals, trailing zeros dropped', () => {
    expect(formatGrouped(1000, 2)).toBe('1,000');
    expect(formatGrouped(12.5, 2)).toBe('12.5');
    expect(formatGrouped(999.9999, 3)).toBe('1,000');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('prints fractions as percentages with 2 decimals and null ratios as n/a', () => {
    expect(formatPercent(0.123456)).toBe('12.35%');
    expect(formatPercent(0)).toBe('0.00%');
    expect(formatPercent(-0.00001)).toBe('0.00%');
    expect(formatPercent(1.5)).toBe('150.00%');
    expect(formatMultiple(1.8349)).toBe('1.83×');
    expect(formatMultiple(null)).toBe('n/a');
  });

  it('formats durations by hours, minutes and seconds', () => {
    expect(formatDuration(3912)).toBe('1 h 5 min 12 s');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.5)).toBe('0.5 s');
  });
});
