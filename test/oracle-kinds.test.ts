import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import type { Scenario } from '../src/scenario/schema.js';
import type { RunResult } from '../src/analysis/result.js';

// The default scenario (thin-pool-shock: ETH 2000 → 1800 between minute 10 and minute 40, 12 s blocks, 900 blocks),
// with 2,000 borrowers instead of 10,000 to keep the runs short, edited per case.
const file = path.resolve('scenarios/thin-pool-shock.yaml');
const run = (edit: (s: Scenario) => void): RunResult => {
  const s = structuredClone(loadScenario(file).scenario);
  const lending = s.protocols[0];
  if (lending.type === 'lending' && !('file' in lending.borrowers)) lending.borrowers.count = 2000;
  edit(s);
  const scenario = parseScenario(JSON.stringify(s), path.join(path.dirname(file), 'variant.json'));
  return runScenario(scenario, { baseDir: path.dirname(file), checkInvariants: true });
};
const column = (result: RunResult, name: string) => {
  const found = result.series.find((c) => c.name === name);
  if (!found) throw new Error(`no series ${name}`);
  return found.values;
};
/** Largest fall from a running peak, as a fraction of the peak. */
const maxDrawdown = (values: Float64Array) => {
  let peak = Number.NEGATIVE_INFINITY;
  let worst = 0;
  for (const v of values) {
    peak = Math.max(peak, v);
    worst = Math.max(worst, 1 - v / peak);
  }
  return worst;
};

describe('oracle kinds on the default scenario', () => {
  it('a spot oracle on the pool falls at least as far as a 30-minute TWAP of the same pool, and the TWAP lags', () => {
    // Both oracles in one world, reading the same pool path; the protocol reads the spot one. (In two separate runs
    // the pool paths differ, since liquidations timed by each oracle sell into the pool at different times.)
    const result = run((s) => {
      s.oracles[0] = { ...s.oracles[0], kind: 'spot', sources: ['pool'] };
      s.oracles.push({ ...s.oracles[0], id: 'twap', kind: 'twap', windowSeconds: 1800 });
    });
    const spot = column(result, 'oracle:eth-usd');
    const twap = column(result, 'oracle:twap');
    // The metric computes (peak − v)/peak, the helper 1 − v/peak: equal up to two roundings of numbers below 1.
    expect(Math.abs(maxDrawdown(spot) - result.metrics.oracleDrawdown)).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(maxDrawdown(spot)).toBeGreaterThan(0.09);
    expect(maxDrawdown(spot)).toBeGreaterThanOrEqual(maxDrawdown(twap));
    // The shock ends at minute 40 = 2400 s = block 200; the TWAP still averages the 30 minutes before, mostly higher
    // prices.
    const end = 2400 / 12;
    expect(twap[end]).toBeGreaterThan(spot[end]);
    // At block 0 both read the untouched pool: the TWAP's first answer is its tick's price, spot/1.0001 < 1.0001^tick ≤
    // spot.
    expect(twap[0]).toBeLessThanOrEqual(spot[0]);
    expect(twap[0]).toBeGreaterThan(spot[0] / 1.0001);
  });

  it("an OSM publishes its sources' median one hop (3600 s = 300 blocks) late", () => {
    // A second oracle, push with deviation 0 and no delay, publishes the median of the same sources every block at
    // step 4, exactly when the OSM reads them, so its series is the OSM's source.
    const result = run((s) => {
      s.oracles[0] = { ...s.oracles[0], kind: 'osm', hopSeconds: 3600 };
      s.oracles.push({
        ...s.oracles[0],
        id: 'median',
        kind: 'push',
        hopSeconds: undefined,
        deviationPct: 0,
        delayBlocks: 0,
      });
    });
    const osm = column(result, 'oracle:eth-usd');
    const median = column(result, 'oracle:median');
    // Pokes at t = 3600 (block 300) and 7200 (block 600): cur = the median read at the previous poke (t = 0, then
    // 3600).
    for (const b of [0, 1, 150, 299, 300, 450, 599]) expect(osm[b]).toBe(b < 600 ? median[0] : Number.NaN);
    for (const b of [600, 601, 750, 899]) expect(osm[b]).toBe(median[300]);
    // The median itself moved in the meantime (the shock), so the OSM is really one hop behind.
    expect(median[300]).toBeLessThan(median[0] * 0.95);
  });

  // Heartbeat 3600 s, deviation 100% (the median never doubles), no delay: answers read at t = 0, 3600, 7200 only.
  const heartbeatOnly = (s: Scenario) => {
    s.oracles[0] = { ...s.oracles[0], deviationPct: 100, heartbeatSeconds: 3600, delayBlocks: 0 };
  };
  /** Blocks b with liquidations whose visible answer, read at 3600·floor(12b / 3600), is more than 600 s old. */
  const staleLiquidationBlocks = (result: RunResult) => {
    const liquidations = column(result, 'liquidations');
    const blocks: number[] = [];
    for (let b = 1; b < liquidations.length; b++) {
      const age = 12 * b - 3600 * Math.floor((12 * b) / 3600);
      if (age > 600 && liquidations[b] > 0) blocks.push(b);
    }
    return blocks;
  };

  it('freezes liquidations while the answer is older than maxOracleAgeSeconds', () => {
    // Without the check, keepers keep liquidating long after the t = 3600 answer is 600 s old (the test is not
    // vacuous).
    const unguarded = run(heartbeatOnly);
    expect(staleLiquidationBlocks(unguarded).length).toBeGreaterThan(0);
    const frozen = run((s) => {
      heartbeatOnly(s);
      const lending = s.protocols[0];
      if (lending.type === 'lending') Object.assign(lending, { maxOracleAgeSeconds: 600, stalePolicy: 'freeze' });
    });
    expect(staleLiquidationBlocks(frozen)).toEqual([]);
    // Liquidations resume with the fresh answer at block 300 (t = 3600).
    const liquidations = column(frozen, 'liquidations');
    expect(liquidations.slice(300, 351).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('with last-good, a push oracle changes nothing: its stale answer is its last fresh one, and liquidations go on', () => {
    const unguarded = run(heartbeatOnly);
    const lastGood = run((s) => {
      heartbeatOnly(s);
      const lending = s.protocols[0];
      if (lending.type === 'lending') Object.assign(lending, { maxOracleAgeSeconds: 600, stalePolicy: 'last-good' });
    });
    expect(staleLiquidationBlocks(lastGood).length).toBeGreaterThan(0);
    expect(lastGood.metrics).toEqual(unguarded.metrics);
  });

  it('rejects a spot or twap oracle without exactly one source, naming the field', () => {
    const s = structuredClone(loadScenario(file).scenario);
    s.oracles[0] = { ...s.oracles[0], kind: 'twap' };
    expect(() => parseScenario(JSON.stringify(s), path.join(path.dirname(file), 'bad.json'))).toThrow(
      /oracles\.0\.sources: a twap oracle reads exactly one source venue \(got 2\)/,
    );
  });
});
