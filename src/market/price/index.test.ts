import { describe, it, expect } from 'vitest';
import * as price from './index.js';

describe('price index', () => {
  it('re-exports every process factory and the time constants', () => {
    expect(price.SECONDS_PER_YEAR).toBe(365 * 24 * 3600);
    expect(price.SECONDS_PER_MINUTE).toBe(60);
    for (const factory of [
      price.createGbm,
      price.createJumpDiffusion,
      price.createShock,
      price.createBridge,
      price.createCsvReplay,
      price.loadPriceCsv,
      price.parsePriceCsv,
      price.createConstant,
    ]) {
      expect(typeof factory).toBe('function');
    }
  });
});
