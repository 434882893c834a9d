import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { CrossAccountBook, healthFactorOf } from './cross-account.js';
import { generateCrossPopulation, type CrossPopulationSpec } from './cross-population.js';
import { DAI, PRICES, RESERVES, USDC, WBTC, WETH } from './fixtures.test-helper.js';

const SYMBOLS = ['WETH', 'WBTC', 'USDC', 'DAI'];

function spec(overrides: Partial<CrossPopulationSpec> = {}): CrossPopulationSpec {
  return {
    collateralUsd: { median: 30_000, sigma: 0 },
    collateralMix: { WETH: 0.6, WBTC: 0.4 },
    debtMix: { USDC: 0.7, DAI: 0.3 },
    mixJitter: 0,
    healthFactor: { min: 1.5, max: 1.5 },
    ...overrides,
  };
}

function populate(accounts: number, s: CrossPopulationSpec, seed = 1): CrossAccountBook {
  const book = new CrossAccountBook(RESERVES, PRICES, accounts);
  generateCrossPopulation(book, SYMBOLS, s, new RandomStream(seed, 'borrowers:test'));
  return book;
}

const valueOf = (book: CrossAccountBook, account: number, asset: number, side: 'collateral' | 'debt') =>
  book[side][book.slot(account, asset)] * book.prices[asset];

describe('cross-asset borrower population', () => {
  it('gives every account exactly the mix when there is no jitter and σ = 0', () => {
    // V = 30,000 USD: WETH 18,000/2,000 = 9 units, WBTC 12,000/30,000 = 0.4 units.
    // Threshold value 18,000·0.825 + 12,000·0.75 = 14,850 + 9,000 = 23,850; debt = 23,850/1.5 = 15,900 USD,
    // USDC 0.7·15,900 = 11,130 and DAI 0.3·15,900 = 4,770.
    const book = populate(3, spec());
    for (let account = 0; account < 3; account++) {
      expect(book.collateral[book.slot(account, WETH)]).toBeCloseTo(9, 12);
      expect(book.collateral[book.slot(account, WBTC)]).toBeCloseTo(0.4, 12);
      expect(book.collateral[book.slot(account, USDC)]).toBe(0);
      expect(book.debt[book.slot(account, USDC)]).toBeCloseTo(11_130, 8);
      expect(book.debt[book.slot(account, DAI)]).toBeCloseTo(4_770, 8);
      expect(book.debt[book.slot(account, WETH)]).toBe(0);
      expect(healthFactorOf(book, account)).toBeCloseTo(1.5, 12);
    }
  });

  it('draws each health factor in [min, max] and keeps it exact under jitter', () => {
    const book = populate(
      500,
      spec({ collateralUsd: { median: 30_000, sigma: 1 }, mixJitter: 0.5, healthFactor: { min: 1.05, max: 2 } }),
    );
    const healths = Array.from({ length: 500 }, (_, a) => healthFactorOf(book, a));
    expect(Math.min(...healths)).toBeGreaterThanOrEqual(1.05 - 1e-12);
    expect(Math.max(...healths)).toBeLessThanOrEqual(2 + 1e-12);
    // Uniform on [1.05, 2]: mean 1.525; 500 draws have a standard error of 0.95/√12/√500 ≈ 0.012.
    expect(healths.reduce((s, h) => s + h, 0) / 500).toBeCloseTo(1.525, 1);
  });

  it('jitters the shares per account, each account still summing to 1 on both sides', () => {
    const book = populate(400, spec({ mixJitter: 0.5 }));
    const wethShares: number[] = [];
    for (let account = 0; account < 400; account++) {
      const weth = valueOf(book, account, WETH, 'collateral');
      const wbtc = valueOf(book, account, WBTC, 'collateral');
      expect(weth + wbtc).toBeCloseTo(30_000, 6);
      wethShares.push(weth / (weth + wbtc));
      const usdc = valueOf(book, account, USDC, 'debt');
      const dai = valueOf(book, account, DAI, 'debt');
      expect(usdc).toBeGreaterThan(0);
      expect(dai).toBeGreaterThan(0);
    }
    // exp(0.5·Z) factors on 0.6 and 0.4: the share of WETH is 0.6/(0.6 + 0.4·e^{0.5(Z2 − Z1)}); its spread is wide.
    expect(Math.max(...wethShares) - Math.min(...wethShares)).toBeGreaterThan(0.3);
    // The median of 0.6/(0.6 + 0.4·e^X) with X symmetric around 0 is 0.6/(0.6 + 0.4) = 0.6.
    const sorted = [...wethShares].sort((a, b) => a - b);
    expect(sorted[200]).toBeCloseTo(0.6, 1);
  });

  it('is a function of the seed', () => {
    const s = spec({ collateralUsd: { median: 30_000, sigma: 1 }, mixJitter: 0.3, healthFactor: { min: 1.1, max: 3 } });
    expect(populate(50, s, 7).collateral).toEqual(populate(50, s, 7).collateral);
    expect(populate(50, s, 7).debt).toEqual(populate(50, s, 7).debt);
    expect(populate(50, s, 8).debt).not.toEqual(populate(50, s, 7).debt);
  });

  it('rejects a mix naming no reserve, or collateral on a reserve that is not collateral', () => {
    expect(() => populate(1, spec({ collateralMix: { WETH: 0.5, LINK: 0.5 } }))).toThrow(/LINK is not a reserve/);
    const reserves = RESERVES.map((r) =>
      r.name === 'USDC' ? { ...r, ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 } : r,
    );
    const book = new CrossAccountBook(reserves, PRICES, 1);
    expect(() =>
      generateCrossPopulation(
        book,
        SYMBOLS,
        spec({ collateralMix: { WETH: 0.5, USDC: 0.5 } }),
        new RandomStream(1, 'x'),
      ),
    ).toThrow(/USDC has liquidationThreshold 0/);
  });
});
