import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HealthQuantiles, healthSample } from './health-sample.js';
import { RandomStream } from '../kernel/random.js';

/**
 * A protocol whose health factors are set directly: health(i) = healths[i]; debt 0 leaves an account out. A test that
 * changes a health or a debt counts a book write (or moves the price), as every protocol writer does.
 */
class SetHealth {
  readonly book: { debt: Float64Array };
  bookWrites = 0;
  price = 1;
  reads = 0;
  constructor(readonly healths: Float64Array) {
    this.book = { debt: new Float64Array(healths.length).fill(1) };
  }
  health(i: number): number {
    this.reads += 1;
    return this.healths[i];
  }
}

/** What the recorder sorted before: the health factors of sampled accounts with debt, in sample order, typed-array
 * sorted. */
function platformSorted(protocols: SetHealth[], samples: Int32Array[]): Float64Array {
  const values: number[] = [];
  protocols.forEach((p, k) => samples[k].forEach((i) => void (p.book.debt[i] > 0 && values.push(p.health(i)))));
  return Float64Array.from(values).sort();
}

const bits = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('healthSample', () => {
  it('takes every account when there are no more than the sample size', () => {
    expect(Array.from(healthSample(5, 10, new RandomStream(1, 't')))).toEqual([0, 1, 2, 3, 4]);
  });

  it('draws one account from each of `size` equal strata, ascending', () => {
    const sample = healthSample(1000, 10, new RandomStream(1, 't'));
    expect(sample).toHaveLength(10);
    sample.forEach((i, k) => {
      expect(i).toBeGreaterThanOrEqual(k * 100);
      expect(i).toBeLessThan((k + 1) * 100);
    });
  });
});

describe('HealthQuantiles', () => {
  it('returns the sorted health factors of sampled accounts with debt', () => {
    const protocol = new SetHealth(Float64Array.from([1.5, 0.9, 2.0, 1.1, 3.0]));
    protocol.book.debt[2] = 0;
    const quantiles = new HealthQuantiles([protocol], [Int32Array.from([0, 1, 2, 3])]);
    expect(Array.from(quantiles.sortedHealth())).toEqual([0.9, 1.1, 1.5]);
  });

  it('matches the typed-array sort bit for bit over blocks of changes, zeros and NaN included (property)', () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('scale' as const), factor: fc.double({ min: 0.5, max: 2, noNaN: true }) }),
      fc.record({
        kind: fc.constant('set' as const),
        account: fc.nat(59),
        value: fc.oneof(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.constantFrom(0, -0, Number.NaN, Infinity)),
      }),
      fc.record({ kind: fc.constant('repay' as const), account: fc.nat(59) }),
      fc.record({ kind: fc.constant('none' as const) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: 60, maxLength: 60 }),
        fc.array(change, { maxLength: 30 }),
        (initial, changes) => {
          const protocols = [
            new SetHealth(Float64Array.from(initial.slice(0, 30))),
            new SetHealth(Float64Array.from(initial.slice(30))),
          ];
          const samples = [Int32Array.from([0, 3, 7, 11, 12, 20, 29]), Int32Array.from({ length: 30 }, (_, i) => i)];
          const quantiles = new HealthQuantiles(protocols, samples);
          expect(bits(quantiles.sortedHealth())).toEqual(bits(platformSorted(protocols, samples)));
          for (const c of changes) {
            const p = protocols[c.kind === 'set' || c.kind === 'repay' ? (c.account < 30 ? 0 : 1) : 0];
            if (c.kind === 'scale')
              for (const q of protocols) {
                q.healths.forEach((h, i) => (q.healths[i] = h * c.factor));
                q.price *= c.factor;
              }
            if (c.kind === 'set') p.healths[c.account % 30] = c.value;
            if (c.kind === 'repay') p.book.debt[c.account % 30] = 0;
            if (c.kind === 'set' || c.kind === 'repay') p.bookWrites += 1;
            expect(bits(quantiles.sortedHealth())).toEqual(bits(platformSorted(protocols, samples)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads no account in a block where no book write, price or threshold scale moved', () => {
    const protocol = new SetHealth(Float64Array.from([1.5, 0.9, 2.0]));
    const quantiles = new HealthQuantiles([protocol], [Int32Array.from([0, 1, 2])]);
    expect(Array.from(quantiles.sortedHealth())).toEqual([0.9, 1.5, 2.0]);
    const reads = protocol.reads;
    expect(Array.from(quantiles.sortedHealth())).toEqual([0.9, 1.5, 2.0]);
    expect(protocol.reads).toBe(reads);
    // A book write: every sampled account is read again.
    protocol.healths[0] = 0.5;
    protocol.bookWrites += 1;
    expect(Array.from(quantiles.sortedHealth())).toEqual([0.5, 0.9, 2.0]);
    expect(protocol.reads).toBe(reads + 3);
  });

  it('is empty without a sample', () => {
    expect(new HealthQuantiles([new SetHealth(new Float64Array(3))], [new Int32Array(0)]).sortedHealth()).toHaveLength(
      0,
    );
  });
});
