import { describe, expect, it } from 'vitest';
import { attribution } from '../../attribution/cascade-generations.js';
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { loadScenario } from '../../scenario/load.js';
import { buildWorld } from '../../world/build-world.js';
import { HEALTH_BUCKET_EDGES, healthBucket, snapshotHealthBuckets } from './health-buckets.js';

/** The rule as documented: bucket k holds [edge k−1, edge k); below 1 is 0; from 3 up, and NaN, the last (8). */
function expectedBucket(health: number): number {
  const edges = [1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3];
  const above = edges.findIndex((edge) => health < edge);
  return above < 0 ? edges.length : above;
}

/** The largest double below x > 0. */
const below = (x: number) => {
  const bits = new Float64Array([x]);
  new BigInt64Array(bits.buffer)[0] -= 1n;
  return bits[0];
};

describe('healthBucket', () => {
  it('puts each edge in the bucket it opens and the double just below it in the one before', () => {
    expect(HEALTH_BUCKET_EDGES).toEqual([1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3]);
    HEALTH_BUCKET_EDGES.forEach((edge, k) => {
      expect(healthBucket(edge), `edge ${edge}`).toBe(k + 1);
      expect(healthBucket(below(edge)), `below ${edge}`).toBe(k);
    });
    expect(healthBucket(1.07)).toBe(2);
    expect(healthBucket(-1)).toBe(0);
    expect(healthBucket(Number.POSITIVE_INFINITY)).toBe(8);
    expect(healthBucket(Number.NaN)).toBe(8);
  });
});

describe('snapshotHealthBuckets', () => {
  it('buckets every account with debt by its health at block 0, as protocol.health computes it', () => {
    const { scenario } = loadScenario(defaultScenarioPath(), ['protocols.0.borrowers.count=40']);
    const world = buildWorld(scenario, { seed: 3, series: 'metrics', attribution });
    const protocol = world.protocols[0];
    const { book } = protocol;
    // health = collateral·price·threshold / (debt·debtPrice): the collateral that gives each chosen health, roughly.
    [0.5, 1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3, 7].forEach((h, i) => {
      book.debt[i] = 1000;
      book.collateral[i] = (h * 1000 * protocol.debtPrice) / (protocol.price * protocol.thresholdOf(i));
    });
    book.collateral[30] = Number.NaN;
    book.debt[31] = 0;
    const [snapshot] = snapshotHealthBuckets(world).lending;
    for (let i = 0; i < book.count; i++) {
      const expected = book.debt[i] > 0 ? expectedBucket(protocol.health(i)) : -1;
      expect(snapshot.bucket[i], `account ${i}`).toBe(expected);
      expect(snapshot.weightUsd[i], `account ${i}`).toBe(book.debt[i] > 0 ? book.debt[i] * protocol.debtPrice : 0);
    }
    expect(snapshot.bucket[30]).toBe(8);
    expect(snapshot.bucket[31]).toBe(-1);
  });
});
