import { describe, expect, it } from 'vitest';
import { alertsConfig, oracleConfig } from './config-schema.js';

describe('oracle and alerts config', () => {
  it('fills the contract defaults', () => {
    const oracle = oracleConfig.parse({});
    expect(oracle).toMatchObject({
      everySeconds: 300,
      triggers: { priceMovePct: 5, depthDropPct: 30, volatilityJump: 1.5, utilisation: 0.9 },
      paths: 200,
      badDebtTargetUsd: 100_000,
      apply: false,
      steward: {
        maxRelativeChange: 0.05,
        minSecondsBetween: 3600,
        bounds: { liquidationThreshold: [0.6, 0.9], liquidationBonus: [0.02, 0.15] },
        excluded: [],
      },
    });
    expect(alertsConfig.parse({})).toEqual({
      unsafeDebtUsd: 1_000_000,
      criticalShockWithinPct: 15,
      circuitBreaker: true,
    });
  });

  it('fills steward defaults inside a partial steward and refuses unknown fields', () => {
    expect(oracleConfig.parse({ steward: { excluded: ['ETH'] } }).steward.maxRelativeChange).toBe(0.05);
    expect(oracleConfig.safeParse({ pathz: 3 }).success).toBe(false);
    expect(oracleConfig.safeParse({ paths: 1 }).success).toBe(false); // at least 2 paths
    expect(alertsConfig.safeParse({ criticalShockWithinPct: 0 }).success).toBe(false);
  });
});
