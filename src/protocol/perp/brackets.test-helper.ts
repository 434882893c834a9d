// Bracket tables shared by the perp margin tests.
import fc from 'fast-check';
import type { MarginBracket } from './margin-tiers.js';

/**
 * Binance USDⓈ-M BTCUSDT perpetual, leverage and margin tiers as published in the announcement
 * "Updates to Leverage and Margin Tiers of Binance Futures Contracts (2021-03-18)"
 * (binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6): position notional bracket and
 * maintenance margin rate, 125x down to 1x.
 */
export const BTCUSDT_2021_03_18: readonly MarginBracket[] = [
  { notionalCapUsd: 50_000, maintenanceMarginRate: 0.004 },
  { notionalCapUsd: 250_000, maintenanceMarginRate: 0.005 },
  { notionalCapUsd: 1_000_000, maintenanceMarginRate: 0.01 },
  { notionalCapUsd: 10_000_000, maintenanceMarginRate: 0.025 },
  { notionalCapUsd: 20_000_000, maintenanceMarginRate: 0.05 },
  { notionalCapUsd: 50_000_000, maintenanceMarginRate: 0.1 },
  { notionalCapUsd: 100_000_000, maintenanceMarginRate: 0.125 },
  { notionalCapUsd: 200_000_000, maintenanceMarginRate: 0.15 },
  { notionalCapUsd: 300_000_000, maintenanceMarginRate: 0.25 },
  { notionalCapUsd: 500_000_000, maintenanceMarginRate: 0.5 },
];

/** A valid random table: ascending caps (steps up to `maxCapStep`), non-decreasing rates, optionally an infinite last
 * cap. */
export const bracketTable = (maxCapStep: number) =>
  fc
    .record({
      firstRate: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
      steps: fc.array(
        fc.record({
          capStep: fc.double({ min: 1, max: maxCapStep, noNaN: true }),
          rateStep: fc.double({ min: 0, max: 0.05, noNaN: true }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      infiniteLast: fc.boolean(),
    })
    .map(({ firstRate, steps, infiniteLast }) => {
      let cap = 0;
      let rate = firstRate;
      const brackets = steps.map(({ capStep, rateStep }, k) => {
        cap += capStep;
        if (k > 0) rate += rateStep;
        return { notionalCapUsd: cap, maintenanceMarginRate: rate };
      });
      if (infiniteLast) brackets[brackets.length - 1] = { ...brackets[brackets.length - 1], notionalCapUsd: Infinity };
      return brackets as readonly MarginBracket[];
    });
