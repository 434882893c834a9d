import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildWorld } from '../../src/world/build-world.js';
import { stepBlock } from '../../src/world/block-order.js';
import { runScenario } from '../../src/analysis/run.js';
import { perpWorld, type PerpWorldKnobs } from './perp-fixture.js';
import { enginesOfKind } from '../../src/protocol/engine-kinds.js';
import { attribution } from '../../src/attribution/cascade-generations.js';

describe('perp engine: conservation', () => {
  it('property: every flow is a transfer, so Σ equity + reserves + insurance fund stays put at every block', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1000 }),
          traders: fc.integer({ min: 20, max: 120 }),
          marginMode: fc.constantFrom('isolated' as const, 'cross' as const),
          lossMode: fc.constantFrom('adl' as const, 'socialise' as const),
          mode: fc.constantFrom('partial' as const, 'full' as const),
          dropPct: fc.integer({ min: 5, max: 45 }),
          insuranceFundUsd: fc.constantFrom(0, 20_000, 1_000_000),
          backstop: fc.boolean(),
          addMargin: fc.boolean(),
          bookDepthUsdPer1Pct: fc.constantFrom(20_000, 200_000),
        }),
        (knobs: PerpWorldKnobs) => {
          const world = buildWorld(perpWorld({ ...knobs, blocks: 80 }), { attribution });
          const perp = enginesOfKind(world, 'perp')[0];
          const start = perp.totalValueUsd();
          const fundStart = perp.fund.balanceUsd();
          for (let b = 0; b < world.blocks; b++) {
            stepBlock(world);
            // Trading PnL + funding + fees + insurance-fund change + socialised loss sum to zero: the total is
            // constant.
            expect(Math.abs(perp.totalValueUsd() - start)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(start)));
          }
          // The fund moved by fees in minus deficits paid out, nothing else.
          expect(perp.fund.balanceUsd()).toBeCloseTo(fundStart + perp.ledger.feesUsd - perp.ledger.fundPaidUsd, 6);
          // Σ size = 0 in every market (every trade booked on both sides).
          for (let m = 0; m < perp.markets.length; m++) {
            let net = 0;
            let gross = 0;
            for (let a = 0; a < perp.book.count; a++) {
              net += perp.book.size[perp.book.at(a, m)];
              gross += Math.abs(perp.book.size[perp.book.at(a, m)]);
            }
            expect(Math.abs(net)).toBeLessThanOrEqual(1e-9 * Math.max(1, gross));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('perp engine: the loss waterfall end to end', () => {
  const crash = (insuranceFundUsd: number) =>
    runScenario(
      perpWorld({
        insuranceFundUsd,
        dropPct: 30,
        longShare: 0.9,
        traders: 600,
        mode: 'full',
        bookDepthUsdPer1Pct: 50_000,
      }),
    );

  it('a crash that exhausts the insurance fund triggers ADL; with a large enough fund, no ADL', () => {
    const small = crash(10_000).perps?.[0];
    const large = crash(1e9).perps?.[0];
    // Small fund: it runs dry (minimum 0), liquidation orders are then held at the bankruptcy price, the thin book
    // cannot fill them there, and the rest is deleveraged against profitable shorts.
    expect(small?.insuranceFund.minUsd).toBeLessThan(1e-6);
    expect(small?.adl.fills).toBeGreaterThan(0);
    expect(small?.adl.notionalUsd).toBeGreaterThan(0);
    // Large fund: orders may fill up to 1% beyond bankruptcy and the fund pays the difference; it never runs dry.
    expect(large?.insuranceFund.minUsd).toBeGreaterThan(0);
    expect(large?.adl.fills).toBe(0);
    expect(large?.liquidations).toBeGreaterThan(0);
  });
});

describe('perp engine: isolated versus cross margin on the same positions', () => {
  // Every trader holds an ETH-PERP and a BTC-PERP position; only ETH falls (BTC is flat).
  const run = (marginMode: 'isolated' | 'cross') =>
    runScenario(perpWorld({ marginMode, dropPct: 25, traders: 400, mode: 'full' })).perps?.[0];
  const isolated = run('isolated');
  const cross = run('cross');
  const btc = (p: typeof isolated) => p?.byMarket.find((m) => m.market === 'BTC-PERP');

  it('cross margin liquidates positions in the market that did not move: an ETH loss drains the shared equity and the engine closes both', () => {
    // Isolated: a BTC position's margin is its own and BTC did not move, so no BTC position is liquidated.
    expect((btc(isolated)?.longCloses ?? 0) + (btc(isolated)?.shortCloses ?? 0)).toBe(0);
    // Cross: the same BTC positions are closed together with the ETH ones when the account goes under maintenance.
    expect((btc(cross)?.longCloses ?? 0) + (btc(cross)?.shortCloses ?? 0)).toBeGreaterThan(0);
  });

  it('isolated margin contains losses: each ETH position can lose only its own margin, so less collateral is lost overall', () => {
    const world = (marginMode: 'isolated' | 'cross') => {
      const w = buildWorld(perpWorld({ marginMode, dropPct: 25, traders: 400, mode: 'full' }), { attribution });
      const before = Array.from({ length: enginesOfKind(w, 'perp')[0].traders }, (_, a) =>
        enginesOfKind(w, 'perp')[0].equity(a),
      );
      for (let b = 0; b < w.blocks; b++) stepBlock(w);
      const lost = before.reduce(
        (sum, e, a) => sum + Math.max(0, e - Math.max(0, enginesOfKind(w, 'perp')[0].equity(a))),
        0,
      );
      return lost;
    };
    // Cross accounts put the BTC margin at risk too (it absorbs ETH losses and pays liquidation fees on BTC closes).
    expect(world('isolated')).toBeLessThan(world('cross'));
  });
});
