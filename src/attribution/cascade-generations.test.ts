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
    // Half-life 1 s, 12 s blocks: 1e7 ≈ 2^23.25 falls 12 binary orders a block, below the least double (2^−1074) after
    // 92.
    const fast = new GenerationSales(1);
    fast.record(0, 1e7);
    for (let b = 0; b < 80; b++) fast.decay(12);
    expect(fast.hasOutstanding()).toBe(true); // ≈ 2^−936
    for (let b = 0; b < 20; b++) fast.decay(12);
    expect(fast.hasOutstanding()).toBe(false);
    expect(fast.weights).toEqual([0]);
    expect(() => sales.record(0, -1)).toThrow(/not a finite amount/);
    expect(() => sales.record(0, Number.NaN)).toThrow(/not a finite amount/);
    expect(() => sales.record(0, Number.POSITIVE_INFINITY)).toThrow(/not a finite amount/);
  });

  it('gives the same weights as decaying every weight every block, whenever they are read (random sales, block times, half-lives)', () => {
    // Reference: the per-block rule written out, each weight multiplied by 2^(−dt/halfLife) in every decay.
    const op = fc.oneof(
      fc.record({ decay: fc.constantFrom(0, 12, 12, 12, 2) }),
      fc.record({
        sale: fc.integer({ min: 0, max: 4 }),
        usd: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e7, noNaN: true })),
        source: fc.constantFrom('a', 'b'),
      }),
      fc.record({ read: fc.constantFrom('weights', 'share', 'sources', 'outstanding') }),
    );
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 30, 1800), fc.array(op, { maxLength: 400 }), (halfLife, ops) => {
        const sales = new GenerationSales(halfLife);
        const weights: number[] = [];
        const bySource = new Map<string, number[]>();
        for (const o of ops) {
          if ('decay' in o) {
            const factor = halfLife > 0 ? Math.pow(2, -o.decay / halfLife) : 0;
            for (const list of [weights, ...bySource.values()]) for (let g = 0; g < list.length; g++) list[g] *= factor;
            sales.decay(o.decay);
          } else if ('sale' in o) {
            while (weights.length <= o.sale) weights.push(0);
            weights[o.sale] += o.usd;
            const own = bySource.get(o.source) ?? [];
            bySource.set(o.source, own);
            while (own.length <= o.sale) own.push(0);
            own[o.sale] += o.usd;
            sales.record(o.sale, o.usd, o.source);
          } else if (o.read === 'outstanding') {
            expect(sales.hasOutstanding()).toBe(weights.some((w) => w > 0));
          } else if (o.read === 'share') {
            for (let k = 0; k <= weights.length; k++) {
              const total = weights.reduce((a, b) => a + b, 0);
              const below = weights.slice(0, k).reduce((a, b) => a + b, 0);
              expect(sales.shareBelow(k)).toBe(total > 0 ? below / total : 1);
            }
          } else if (o.read === 'sources') {
            const totals = [...bySource].map(
              ([source, list]) => [source, list.slice(0, 2).reduce((a, b) => a + b, 0)] as const,
            );
            const all = totals.reduce((a, [, w]) => a + w, 0);
            expect(sales.sourceSharesBelow(2)).toEqual(
              all > 0 ? totals.filter(([, w]) => w > 0).map(([source, w]) => [source, w / all]) : [],
            );
          } else {
            expect(sales.weights).toEqual(weights);
          }
        }
        expect(sales.weights).toEqual(weights);
        expect(sales.hasOutstanding()).toBe(weights.some((w) => w > 0));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every layer minimum a direct computation keeps, whatever it skips (random answers, sales and decay)', () => {
    const step = fc.record({
      // Repeated answers (a push oracle between updates) as well as fresh ones.
      answerPct: fc.oneof(fc.constantFrom(97, 99, 99.7, 100), fc.double({ min: 97, max: 100.5, noNaN: true })),
      fundamental: fc.constantFrom(1790, 1795, 1800),
      sale: fc.option(
        fc.record({ generation: fc.integer({ min: 0, max: 6 }), usd: fc.double({ min: 1, max: 1e7, noNaN: true }) }),
      ),
      decayBlocks: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })),
    });
    fc.assert(
      // Half-life 1 s with 12 s blocks: weights fall 12 binary orders a block and reach subnormal numbers and 0.
      fc.property(fc.constantFrom(600, 60, 1), fc.array(step, { minLength: 1, maxLength: 60 }), (halfLife, steps) => {
        expectDirectMinima(halfLife, steps);
      }),
      { numRuns: 300 },
    );
  });

  it('does not trust a remembered share once decay has taken the weights to subnormal numbers', () => {
    // Weights 3 and 2 times the least double: generation 0 holds 60%. One decay by 2^−1/2 (half-life 24 s, 12 s blocks)
    // rounds them to 2 and 1 times it: 67%, far above the 60% (+10⁻⁹) a bound from normal rounding would allow. The
    // second answer puts the layer-1 minimum (≈ 1688) between that bound's floor (≈ 1692) and the true price (≈ 1684).
    const least = 2 ** -1074;
    expectDirectMinima(24, [
      { answerPct: 100, fundamental: 1800, sale: { generation: 0, usd: 3 * least }, decayBlocks: 0 },
      {
        answerPct: 100 * Math.exp(-0.1071),
        fundamental: 1800,
        sale: { generation: 1, usd: 2 * least },
        decayBlocks: 0,
      },
      { answerPct: 100 * Math.exp(-0.1), fundamental: 1800, sale: null, decayBlocks: 1 },
    ]);
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

/** One block of {@link expectDirectMinima}: decays, then an optional sale, then an oracle answer (percent of the
 * fundamental). */
interface ClassifierStep {
  answerPct: number;
  fundamental: number;
  sale: { generation: number; usd: number } | null;
  decayBlocks: number;
}

/**
 * Runs `steps` through a classifier and through the direct rule, no shortcuts (every block, layer k's price
 * F·exp(E·shareBelow(k)) lowers its running minimum), and expects the same generation for prices just above, at and
 * just below each direct minimum (generations read the minima only through generationOf).
 */
function expectDirectMinima(halfLife: number, steps: readonly ClassifierStep[]): void {
  const sales = new GenerationSales(halfLife);
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
  for (const m of minima) {
    for (const price of [m * (1 + 1e-12), m, m * (1 - 1e-12)]) {
      const direct = minima.findIndex((layer) => price > layer);
      expect(classifier.generationOf(price)).toBe(direct === -1 ? Math.max(0, minima.length - 1) : direct);
    }
  }
}
