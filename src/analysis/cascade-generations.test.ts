import { describe, expect, it } from 'vitest';
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

  it('writes every layer\'s share below it in one pass, as shareBelow would', () => {
    const sales = new GenerationSales(600);
    const shares: number[] = [];
    sales.sharesBelow(shares, 1);
    expect(shares).toEqual([1]); // nothing outstanding
    sales.record(0, 300);
    sales.record(2, 100); // generation 1 has sold nothing
    sales.sharesBelow(shares, 4);
    // Below 0: nothing; below 1 and 2: 300 of 400; below 3: all of it.
    expect(shares).toEqual([0, 0.75, 0.75, 1]);
    for (let k = 0; k < 4; k++) expect(shares[k]).toBe(sales.shareBelow(k));
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
