import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';

/** scenarios/lst-depeg.yaml with ETH held flat, so the token's de-peg is the only shock. */
const run = (...sets: string[]) => {
  const { scenario } = loadScenario(path.resolve('scenarios/lst-depeg.yaml'), [
    'assets.0.price={"model":"constant","initial":1800}',
    ...sets,
  ]);
  return runScenario(scenario, { checkInvariants: true });
};
const calls = (r: ReturnType<typeof run>, protocol: string) => {
  const c = r.contagion;
  if (!c) throw new Error('no contagion report');
  const p = c.protocols.indexOf(protocol);
  return c.liquidations.reduce((sum, row) => sum + row[p], 0);
};

describe('a de-pegging receipt token (stETH-style) used as collateral', () => {
  it('triggers liquidations in the protocol that prices it by its market, none in the one that prices it at redemption', () => {
    const r = run();
    // The market ratio falls 6% (ETH flat): market-priced accounts with health factor below 1/0.94 ≈ 1.064 fail.
    expect(calls(r, 'lend-market')).toBeGreaterThan(0);
    // Redemption value = ETH's price × 1, unchanged: nothing to liquidate.
    expect(calls(r, 'lend-redemption')).toBe(0);
  });

  it('triggers none when the protocol does not accept it (collateral factor zero)', () => {
    const r = run('protocols.0.liquidationThreshold=0', 'protocols.0.ltv=0');
    expect(r.metrics.liquidations).toBe(0);
  });

  it('without the de-peg, neither protocol liquidates', () => {
    const r = run('assets.1.price.depeg.dropPct=0');
    expect(r.metrics.liquidations).toBe(0);
  });
});

describe('a deposit receipt of one protocol used as collateral in another (scenarios/receipt-collateral.yaml)', () => {
  const receipt = (...sets: string[]) =>
    runScenario(loadScenario(path.resolve('scenarios/receipt-collateral.yaml'), sets).scenario);

  it("lend-a's suppliers bear its bad debt (Morpho Blue): the receipt loses value and lend-b's loans fail, all attributed to lend-a", () => {
    const r = receipt();
    const c = r.contagion;
    if (!c) throw new Error('no contagion report');
    const b = c.protocols.indexOf('lend-b');
    expect(r.metrics.socialisedBadDebtUsd).toBeGreaterThan(0);
    const fromA = c.liquidations[c.causes.indexOf('lend-a')][b];
    expect(fromA).toBeGreaterThan(0);
    expect(c.causedByOthersShare[b]).toBe(1);
  });

  it("when lend-a's insurance fund takes the bad debt instead (Aave v3, a large fund), the receipt keeps its value: lend-b liquidates nothing", () => {
    const r = receipt('protocols.0.liquidationRule.type=aave-v3', 'protocols.0.insuranceFundUsd=1e9');
    expect(r.metrics.socialisedBadDebtUsd).toBe(0);
    const c = r.contagion;
    if (!c) throw new Error('no contagion report');
    const b = c.protocols.indexOf('lend-b');
    expect(c.liquidations.reduce((sum, row) => sum + row[b], 0)).toBe(0);
  });
});
