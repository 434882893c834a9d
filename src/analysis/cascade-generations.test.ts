import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GenerationClassifier, GenerationSales } from './cascade-generations.js';

describe('cascade generation attribution', () => {
  it('before any liquidation sale every newly unsafe account is generation 0', () => {
    const sales = new GenerationSales(600);
    const classifier = new GenerationClassifier();
    classifier.observe(1900, 1950, sales);
    expect(classifier.generationOf(1901)).toBe(0);
  });

  it('splits the endogenous fall between generations by their share of outstanding sales', () => {
    const sales = new GenerationSales(600);
    const classifier = new GenerationClassifier();
    classifier.observe(1800, 1800, sales); // exogenous fall only
    sales.record(0, 3e6);
    sales.record(1, 1e6);
    // Answer 1700 with fundamental 1800: E = ln(1700/1800).
    classifier.observe(1700, 1800, sales);
    const e = Math.log(1700 / 1800);
    const layer1 = 1800 * Math.exp(e * 0.75); // only generation 0's sales (75% of the weight)
    // Generation 0: unsafe at the exogenous price alone.
    expect(classifier.generationOf(1800.5)).toBe(0);
    // Between the exogenous layer and layer 1: needed generation 0's impact.
    expect(classifier.generationOf((1800 + layer1) / 2)).toBe(1);
    // Below layer 1 but above the answer: needed generation 1's impact too.
    expect(classifier.generationOf((layer1 + 1700) / 2)).toBe(2);
  });

  it('sale weights decay with the half-life', () => {
    const sales = new GenerationSales(60);
    sales.record(0, 100);
    sales.record(1, 100);
    expect(sales.shareBelow(1)).toBe(0.5);
    sales.decay(60);
    sales.record(1, 50); // gen 0: 50, gen 1: 100
    expect(sales.shareBelow(1)).toBeCloseTo(1 / 3, 12);
    expect(sales.maxGeneration()).toBe(1);
  });

  it('knows whether any sale weight is outstanding, and takes only finite sales ≥ 0', () => {
    const sales = new GenerationSales(60);
    expect(sales.hasOutstanding()).toBe(false);
    sales.record(2, 0);
    expect(sales.hasOutstanding()).toBe(false); // weights [0, 0, 0]: their sum is 0
    sales.record(1, 10);
    sales.decay(600); // 10 half-lives: 10/1024, still positive
    expect(sales.hasOutstanding()).toBe(true);
    expect(() => sales.record(0, -1)).toThrow(/not a finite amount/);
    expect(() => sales.record(0, Number.NaN)).toThrow(/not a finite amount/);
    expect(() => sales.record(0, Number.POSITIVE_INFINITY)).toThrow(/not a finite amount/);
  });

  it('keeps every layer minimum a direct computation keeps, whatever it skips (random answers, sales and decay)', () => {
    // Direct rule, no shortcuts: every block, layer k's price F·exp(E·shareBelow(k)) lowers its running minimum.
    const step = fc.record({
      // Repeated answers (a push oracle between updates) as well as fresh ones.
      answerPct: fc.oneof(fc.constantFrom(97, 99, 99.7, 100), fc.double({ min: 97, max: 100.5, noNaN: true })),
      fundamental: fc.constantFrom(1790, 1795, 1800),
      sale: fc.option(fc.record({ generation: fc.integer({ min: 0, max: 6 }), usd: fc.double({ min: 1, max: 1e7, noNaN: true }) })),
      decayBlocks: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const sales = new GenerationSales(600);
        const classifier = new GenerationClassifier();
        const minima: number[] = [];
        let minAnswer = Number.POSITIVE_INFINITY;
        for (const { answerPct, fundamental, sale, decayBlocks } of steps) {
          for (let d = 0; d < decayBlocks; d++) sales.decay(12);
          if (sale) sales.record(sale.generation, sale.usd);
          const answer = (fundamental * answerPct) / 100;
          classifier.observe(answer, fundamental, sales);
          const layers = sales.maxGeneration() + 2;
          while (minima.length < layers) minima.push(minAnswer);
          minAnswer = Math.min(minAnswer, answer);
          const e = Math.min(0, Math.log(answer / fundamental));
          for (let k = 0; k < layers; k++) minima[k] = Math.min(minima[k], fundamental * Math.exp(e * sales.shareBelow(k)));
        }
        // Generations read the minima only through generationOf: probe just above and below each direct minimum.
        for (const m of minima) {
          for (const price of [m * (1 + 1e-12), m, m * (1 - 1e-12)]) {
            const direct = minima.findIndex((layer) => price > layer);
            expect(classifier.generationOf(price)).toBe(direct === -1 ? Math.max(0, minima.length - 1) : direct);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lowers a layer when the same oracle answer comes with a larger share of earlier generations', () => {
    const sales = new GenerationSales(600);
    const classifier = new GenerationClassifier();
    sales.record(0, 1e6);
    sales.record(1, 3e6);
    classifier.observe(1700, 1800, sales); // layer 1: generation 0 holds 25% of the weight
    const e = Math.log(1700 / 1800);
    const quarter = 1800 * Math.exp(e * 0.25);
    const half = 1800 * Math.exp(e * 0.5);
    const between = (quarter + half) / 2;
    // Below layer 1 (quarter), above the answer 1700 (layer 2): needed generation 1's impact too.
    expect(classifier.generationOf(between)).toBe(2);
    classifier.observe(1700, 1800, sales); // nothing changed: nothing moves
    expect(classifier.generationOf(between)).toBe(2);
    sales.record(0, 2e6); // generation 0 now holds half the weight: layer 1 falls to `half`
    classifier.observe(1700, 1800, sales);
    expect(classifier.generationOf(between)).toBe(1);
    expect(classifier.generationOf((half + 1700) / 2)).toBe(2);
  });
});
