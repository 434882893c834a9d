import { describe, expect, it } from 'vitest';
import { attribution } from '../../attribution/cascade-generations.js';
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { loadScenario } from '../../scenario/load.js';
import { buildWorld } from '../../world/build-world.js';
import { healthCounts } from './metrics.js';

/** The histogram's rule as documented: bin k ≥ 1 holds [edge k, edge k+1) of these edges, bin 0 everything below 0.8,
 * the last bin everything from 3 up (and NaN, which is below no edge). */
function expectedBin(health: number): number {
  const lowerEdges = [0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.2, 1.3, 1.5, 1.75, 2, 2.5, 3];
  let bin = 0;
  lowerEdges.forEach((edge, k) => {
    if (!(health < edge)) bin = k + 1;
  });
  return bin;
}

describe('healthCounts', () => {
  it('counts every account with debt in the bin of its health, as protocol.health computes it', () => {
    const { scenario } = loadScenario(defaultScenarioPath(), ['protocols.0.borrowers.count=60']);
    const world = buildWorld(scenario, { seed: 5, series: 'metrics', attribution });
    const protocol = world.protocols[0];
    const { book } = protocol;
    // Healths on and between the edges (collateral chosen to give each, up to rounding), then the odd cases.
    [0.5, 0.8, 0.85, 0.95, 1, 1.02, 1.05, 1.3, 1.6, 2, 2.7, 3, 4, 9].forEach((h, i) => {
      book.debt[i] = 1000;
      book.collateral[i] = (h * 1000 * protocol.debtPrice) / (protocol.price * protocol.thresholdOf(i));
    });
    book.collateral[40] = Number.NaN; // NaN health: last bin
    book.collateral[41] = 0; // health 0: first bin
    book.debt[42] = 0; // no debt: not counted
    book.debt[43] = Number.NaN; // no debt either
    const expected = new Array<number>(14).fill(0);
    let open = 0;
    for (let i = 0; i < book.count; i++) {
      if (!(book.debt[i] > 0)) continue;
      expected[expectedBin(protocol.health(i))] += 1;
      open += 1;
    }
    const counts = healthCounts(world);
    expect(counts).toEqual(expected);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(open);
    expect(open).toBe(book.count - 2);
    expect(expected[13]).toBeGreaterThanOrEqual(3); // 4, 9 and the NaN account at least
    expect(expected[0]).toBeGreaterThanOrEqual(2); // 0.5 and 0
  });
});
