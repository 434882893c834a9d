import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CrossAccountBook, healthFactorOf } from './cross-account.js';
import { liquidationCall, maxLiquidatableDebt, quoteLiquidation, type CrossVariant } from './cross-liquidation.js';
import { chooseLiquidation, type SaleProceeds } from './liquidator-choice.js';
import { healthAfterLiquidation, toxicHealthThreshold } from './toxic.js';
import { RESERVES } from './fixtures.test-helper.js';

const ASSETS = RESERVES.length;

interface Case {
  prices: number[];
  collateral: number[];
  debt: number[];
  collateralAsset: number;
  debtAsset: number;
  coverShare: number;
  variant: CrossVariant;
}

/**
 * A liquidatable account: random collateral, debts spread by random weights and scaled to a health in [0.2, 0.999],
 * with a (collateral held, debt owed) pair and a debtToCover share of that debt (up to 150%).
 */
const liquidatableCase: fc.Arbitrary<Case> = fc
  .record({
    prices: fc.tuple(
      fc.double({ min: 100, max: 10_000, noNaN: true }),
      fc.double({ min: 1000, max: 100_000, noNaN: true }),
      fc.double({ min: 0.9, max: 1.1, noNaN: true }),
      fc.double({ min: 0.9, max: 1.1, noNaN: true }),
    ),
    collateralUsd: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 10, max: 200_000, noNaN: true })), {
      minLength: ASSETS,
      maxLength: ASSETS,
    }),
    debtWeights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), {
      minLength: ASSETS,
      maxLength: ASSETS,
    }),
    health: fc.double({ min: 0.2, max: 0.999, noNaN: true }),
    collateralAsset: fc.integer({ min: 0, max: ASSETS - 1 }),
    debtAsset: fc.integer({ min: 0, max: ASSETS - 1 }),
    coverShare: fc.double({ min: 0.001, max: 1.5, noNaN: true }),
    variant: fc.constantFrom<CrossVariant>('v3', 'v3.3'),
  })
  .filter((r) => r.collateralUsd.some((v) => v > 0) && r.debtWeights.some((w) => w > 0))
  .map((r) => {
    const prices = [...r.prices];
    const collateral = r.collateralUsd.map((usd, asset) => usd / prices[asset]);
    const thresholdUsd = collateral.reduce(
      (sum, units, asset) => sum + units * prices[asset] * RESERVES[asset].liquidationThreshold,
      0,
    );
    const weightSum = r.debtWeights.reduce((a, b) => a + b, 0);
    const debtUsd = thresholdUsd / r.health;
    const debt = r.debtWeights.map((w, asset) => (debtUsd * w) / weightSum / prices[asset]);
    // Pick the pair among the assets actually held and owed (index modulo their count).
    const held = collateral.flatMap((units, asset) => (units > 0 ? [asset] : []));
    const owed = debt.flatMap((units, asset) => (units > 0 ? [asset] : []));
    const collateralAsset = held[r.collateralAsset % held.length];
    const debtAsset = owed[r.debtAsset % owed.length];
    return { prices, collateral, debt, collateralAsset, debtAsset, coverShare: r.coverShare, variant: r.variant };
  });

function bookFor(c: Case): CrossAccountBook {
  const book = new CrossAccountBook(RESERVES, c.prices, 1);
  c.collateral.forEach((units, asset) => (book.collateral[asset] = units));
  c.debt.forEach((units, asset) => (book.debt[asset] = units));
  return book;
}

const debtUsdOf = (book: CrossAccountBook) =>
  Array.from(book.debt).reduce((sum, units, asset) => sum + units * book.prices[asset], 0);
const relClose = (a: number, b: number, tolerance: number) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe('cross-asset liquidationCall properties (fast-check)', () => {
  it('conserves value at oracle prices: seized·p_c = repaid·p_d·(1 + b_c), capped or not; fee + liquidator part = seized', () => {
    fc.assert(
      fc.property(liquidatableCase, (c) => {
        const book = bookFor(c);
        const q = quoteLiquidation(
          book,
          0,
          c.collateralAsset,
          c.debtAsset,
          c.coverShare * c.debt[c.debtAsset],
          c.variant,
        );
        if (!q.ok) return;
        const bonus = RESERVES[c.collateralAsset].liquidationBonus;
        expect(
          relClose(
            q.collateralSeized * c.prices[c.collateralAsset],
            q.debtRepaid * c.prices[c.debtAsset] * (1 + bonus),
            1e-9,
          ),
        ).toBe(true);
        expect(relClose(q.liquidatorReceives + q.protocolFee, q.collateralSeized, 1e-12)).toBe(true);
        expect(q.protocolFee).toBeGreaterThanOrEqual(0);
        expect(q.debtRepaid).toBeLessThanOrEqual(q.maxLiquidatableDebt * (1 + 1e-12));
      }),
      { numRuns: 500 },
    );
  });

  it('never leaves a negative balance, never raises a debt, and accounts for every unit moved', () => {
    fc.assert(
      fc.property(liquidatableCase, (c) => {
        const book = bookFor(c);
        const collateralBefore = Array.from(book.collateral);
        const debtBefore = Array.from(book.debt);
        const debtUsdBefore = debtUsdOf(book);
        const r = liquidationCall(
          book,
          0,
          c.collateralAsset,
          c.debtAsset,
          c.coverShare * c.debt[c.debtAsset],
          c.variant,
        );
        for (let asset = 0; asset < ASSETS; asset++) {
          expect(book.collateral[asset]).toBeGreaterThanOrEqual(0);
          expect(book.debt[asset]).toBeGreaterThanOrEqual(0);
          expect(book.debt[asset]).toBeLessThanOrEqual(debtBefore[asset]);
          if (asset !== c.collateralAsset) expect(book.collateral[asset]).toBe(collateralBefore[asset]);
        }
        if (!r.ok) {
          expect(Array.from(book.collateral)).toEqual(collateralBefore);
          expect(Array.from(book.debt)).toEqual(debtBefore);
          return;
        }
        // Differences of large balances: the float error scales with the balance, not with the amount moved.
        const balanceBefore = collateralBefore[c.collateralAsset];
        expect(Math.abs(balanceBefore - book.collateral[c.collateralAsset] - r.collateralSeized)).toBeLessThanOrEqual(
          1e-12 * balanceBefore,
        );
        const movedUsd = r.debtRepaid * c.prices[c.debtAsset] + r.deficitUsd;
        expect(Math.abs(debtUsdBefore - debtUsdOf(book) - movedUsd)).toBeLessThanOrEqual(1e-12 * debtUsdBefore);
        // v3.3 deficit only when no collateral is left anywhere, and then no debt is left either.
        if (r.deficitUsd > 0) {
          expect(c.variant).toBe('v3.3');
          expect(Array.from(book.collateral).every((units) => units === 0)).toBe(true);
          expect(Array.from(book.debt).every((units) => units === 0)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('v3.3 dust rule: a partial call leaves ≥ 1,000 USD of the debt reserve and (before the fee) of the collateral', () => {
    fc.assert(
      fc.property(liquidatableCase, (c) => {
        const book = bookFor({ ...c, variant: 'v3.3' });
        const balance = c.collateral[c.collateralAsset];
        const r = liquidationCall(book, 0, c.collateralAsset, c.debtAsset, c.coverShare * c.debt[c.debtAsset], 'v3.3');
        if (!r.ok) return;
        const debtLeft = book.debt[c.debtAsset];
        const collateralLeft = book.collateral[c.collateralAsset];
        if (debtLeft > 0 && collateralLeft > 0) {
          expect(debtLeft * c.prices[c.debtAsset]).toBeGreaterThanOrEqual(1000 * (1 - 1e-9));
          expect((balance - r.liquidatorReceives) * c.prices[c.collateralAsset]).toBeGreaterThanOrEqual(
            1000 * (1 - 1e-9),
          );
        }
      }),
    );
  });

  it('moves the health factor as the closed form says: HF + r·(HF − LT_c(1 + b_c))/(D − r)', () => {
    fc.assert(
      fc.property(liquidatableCase, (c) => {
        const book = bookFor(c);
        const before = healthFactorOf(book, 0);
        const debtUsd = debtUsdOf(book);
        const r = liquidationCall(
          book,
          0,
          c.collateralAsset,
          c.debtAsset,
          c.coverShare * c.debt[c.debtAsset],
          c.variant,
        );
        if (!r.ok || r.deficitUsd > 0 || debtUsdOf(book) <= debtUsd * 1e-9) return;
        const reserve = RESERVES[c.collateralAsset];
        const after = healthFactorOf(book, 0);
        expect(
          relClose(after, healthAfterLiquidation(before, debtUsd, r.debtRepaid * c.prices[c.debtAsset], reserve), 1e-7),
        ).toBe(true);
        const threshold = toxicHealthThreshold(reserve);
        if (before < threshold - 1e-9) expect(after).toBeLessThanOrEqual(before * (1 + 1e-9));
        if (before > threshold + 1e-9) expect(after).toBeGreaterThanOrEqual(before * (1 - 1e-9));
      }),
    );
  });
});

describe('liquidator choice properties (fast-check)', () => {
  it('no single call priced by the engine beats the chosen one (concave constant-product proceeds)', () => {
    const poolDepth = fc.array(fc.double({ min: 2_000, max: 5_000_000, noNaN: true }), {
      minLength: ASSETS,
      maxLength: ASSETS,
    });
    const probes = fc.array(
      fc.record({
        collateralAsset: fc.integer({ min: 0, max: ASSETS - 1 }),
        debtAsset: fc.integer({ min: 0, max: ASSETS - 1 }),
        share: fc.double({ min: 0.001, max: 1, noNaN: true }),
      }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(
        liquidatableCase,
        poolDepth,
        probes,
        fc.double({ min: 0, max: 50, noNaN: true }),
        (c, depthUsd, probeList, gasUsd) => {
          const book = bookFor(c);
          // Pool of depthUsd USD against depthUsd/price units, no fee: proceeds y·a/(x + a), concave.
          const proceeds: SaleProceeds = (asset, amount) => {
            const x = depthUsd[asset] / c.prices[asset];
            return (depthUsd[asset] * amount) / (x + amount);
          };
          const choice = chooseLiquidation(book, 0, c.variant, proceeds, { gasUsd });
          const best = choice ? choice.profitUsd : 0;
          if (choice) expect(choice.quote.ok).toBe(true);
          for (const probe of probeList) {
            const limit = maxLiquidatableDebt(
              book,
              0,
              probe.collateralAsset,
              probe.debtAsset,
              c.variant,
            ).maxLiquidatableDebt;
            const q = quoteLiquidation(book, 0, probe.collateralAsset, probe.debtAsset, probe.share * limit, c.variant);
            if (!q.ok) continue;
            const profit =
              proceeds(probe.collateralAsset, q.liquidatorReceives) - q.debtRepaid * c.prices[probe.debtAsset] - gasUsd;
            expect(profit).toBeLessThanOrEqual(best + 1e-6 * Math.max(1, q.debtRepaid * c.prices[probe.debtAsset]));
          }
        },
      ),
    );
  });
});
