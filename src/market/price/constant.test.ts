import { describe, it, expect } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { createConstant } from './constant.js';

describe('createConstant', () => {
  it('returns the initial price at every block', () => {
    const usdc = createConstant({ initial: 1 });
    expect(usdc.initial).toBe(1);
    for (let k = 1; k <= 100; k++) expect(usdc.next(k * 12, 12)).toBe(1);
  });

  it('rejects a non-positive or non-finite price', () => {
    expect(() => createConstant({ initial: 0 })).toThrow(ScenarioError);
    expect(() => createConstant({ initial: Number.POSITIVE_INFINITY })).toThrow(/initial/);
  });
});
