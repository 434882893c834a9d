import { describe, expect, it } from 'vitest';
import { metricNumbers } from './helpers/metric-numbers.js';
import fc from 'fast-check';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { runScenario } from '../src/analysis/run.js';
import { Invariants } from '../src/analysis/metrics/invariants.js';
import { smallScenario, type SmallScenarioKnobs } from './scenario-fixture.js';
import { attribution } from '../src/attribution/cascade-generations.js';

/** A double spread evenly over [min, max] (fc.double favours extreme values such as denormals). */
const uniform = (min: number, max: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);

/** A double spread evenly over [min, max] in log scale, for sizes spanning several orders of magnitude. */
const logUniform = (min: number, max: number) => uniform(Math.log(min), Math.log(max)).map(Math.exp);

const knobs: fc.Arbitrary<SmallScenarioKnobs> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  borrowers: fc.integer({ min: 1, max: 300 }),
  blocks: fc.integer({ min: 20, max: 200 }),
  dropPct: uniform(0, 60),
  depthUsdPer1Pct: logUniform(1e4, 1e8),
  poolLiquidityUsd: logUniform(1e5, 1e9),
  liquidationBonus: uniform(0, 0.2),
  closeFactor: uniform(0.1, 1),
  healthMin: uniform(1, 1.5),
  topUpShare: uniform(0, 1),
  oracleDelayBlocks: fc.integer({ min: 0, max: 5 }),
  keeperCapitalUsd: logUniform(1e3, 1e8),
  gasPriceGwei: uniform(0, 500),
  insuranceFundUsd: uniform(0, 1e6),
  rule: fc.constantFrom('aave-v3', 'aave-v3.3', 'morpho-blue', 'euler-v2', 'volatility-bonus') as fc.Arbitrary<
    SmallScenarioKnobs['rule']
  >,
});

describe('properties over random scenarios', () => {
  it('conserve collateral and debt, keep balances non-negative and record bad debt once, every block', () => {
    let runsWithLiquidations = 0;
    let runsWithBadDebt = 0;
    fc.assert(
      fc.property(knobs, (k) => {
        const world = buildWorld(smallScenario(k), { attribution });
        const invariants = new Invariants(world);
        for (let b = 0; b < world.blocks; b++) {
          stepBlock(world);
          invariants.check();
        }
        for (const venue of world.venues) expect(venue.mid()).toBeGreaterThan(0);
        if (world.protocols[0].ledger.liquidations > 0) runsWithLiquidations += 1;
        if (world.protocols[0].ledger.badDebtUsd > 0) runsWithBadDebt += 1;
      }),
      { numRuns: 60, seed: 20261124 },
    );
    // The random scenarios must actually exercise liquidations and bad debt for the laws to mean something.
    expect(runsWithLiquidations).toBeGreaterThan(10);
    expect(runsWithBadDebt).toBeGreaterThan(0);
  });

  it('never let NaN or Infinity into results', () => {
    fc.assert(
      fc.property(knobs, (k) => {
        const result = runScenario(smallScenario(k));
        for (const column of result.series) for (const v of column.values) expect(Number.isFinite(v)).toBe(true);
        if (result.metrics.amplification === null) expect(result.metrics.externalDrawdown).toBe(0);
        for (const [key, v] of metricNumbers(result.metrics)) expect(Number.isFinite(v), key).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('are deterministic: the same seed gives identical results, a different seed different ones', () => {
    fc.assert(
      fc.property(
        knobs.filter((k) => k.borrowers >= 20),
        (k) => {
          const scenario = smallScenario(k);
          const a = runScenario(scenario);
          const b = runScenario(scenario);
          expect(JSON.stringify(a.metrics)).toBe(JSON.stringify(b.metrics));
          expect(a.series.map((c) => Array.from(c.values))).toEqual(b.series.map((c) => Array.from(c.values)));
          const other = runScenario(scenario, { seed: (k.seed + 1) % 2 ** 32 });
          expect(Array.from(other.series.find((c) => c.name === 'health:p50')!.values)).not.toEqual(
            Array.from(a.series.find((c) => c.name === 'health:p50')!.values),
          );
        },
      ),
      { numRuns: 15 },
    );
  });
});
