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
});
