import { describe, expect, it } from 'vitest';
import {
  flashLoanAdversarySchema,
  pumpAndBorrowAdversarySchema,
} from '../src/scenario/schema-adversary-manipulation.js';
import { createFlashLoanAttacker } from '../src/agents/adversaries/flash-loan.js';
import { createPumpAndBorrowAttacker } from '../src/agents/adversaries/pump-and-borrow.js';
import type { AdversaryReport } from '../src/agents/adversaries/adversary.js';
import {
  ETH_POOL,
  ETH_PRICE,
  flashLoanScenario,
  gasUsd,
  pumpScenario,
  runAttack,
  type OracleChoice,
} from '../src/agents/adversaries/manipulation-fixture.test-helper.js';

// End to end: the attackers in full worlds (keepers, arbitrageurs, borrowers), run past the attack.

/** Attack block: late enough for a full 1800 s TWAP window (150 blocks of 12 s) before it. */
const AT_BLOCK = 160;
const BLOCKS_AFTER = 5;

const flash = (oracle: OracleChoice, pushUsd: number, holdBlocks = 0): AdversaryReport => {
  const spec = flashLoanAdversarySchema.parse({
    type: 'flash-loan',
    id: 'fl',
    protocol: 'lend',
    pool: 'pool',
    atBlock: AT_BLOCK,
    pushUsd,
    holdBlocks,
    capitalUsd: holdBlocks > 0 ? 1e9 : 0,
  });
  return runAttack(flashLoanScenario(oracle, AT_BLOCK + holdBlocks + BLOCKS_AFTER), (w) =>
    createFlashLoanAttacker(spec, w),
  ).report;
};

// Hand derivation (Uniswap v2 maths, reserves x = 5000 ETH, y = 10M USDC, γ = 0.997) of selling u = push/2000 ETH
// and buying it back at once: q1 = γuy/(x + γu), B = (y − q1)·u/(γx); round trip B − q1; pushed mid xy/((x + γu)(x +
// u)).
const x = ETH_POOL.reserveBase;
const y = ETH_POOL.reserveQuote;
const gamma = 1 - ETH_POOL.feeBps / 10_000;
const roundTrip = (pushUsd: number) => {
  const u = pushUsd / ETH_PRICE;
  const q1 = (gamma * u * y) / (x + gamma * u);
  return ((y - q1) * u) / (gamma * x) - q1;
};
const pushedMid = (pushUsd: number) => {
  const u = pushUsd / ETH_PRICE;
  return (x * y) / ((x + gamma * u) * (x + u));
};
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('flash-loan manipulation, same world, by oracle kind', () => {
  it('pays off against a spot oracle on the pool; against a push oracle it cannot repay, reverts and loses its gas', () => {
    const spot = flash({ kind: 'spot' }, 1_000_000);
    const push = flash({ kind: 'push' }, 1_000_000);
    expect(spot.profitUsd).toBeGreaterThan(100_000);
    expect(spot.details.liquidations).toBeGreaterThan(0);
    expect(spot.protocolLossUsd + spot.borrowerLossUsd).toBeGreaterThan(spot.profitUsd);
    expect(push.details.liquidations).toBe(0);
    expect(push.details.reverted).toBe(1);
    expect(relative(-push.profitUsd, gasUsd(1_500_000, 50))).toBeLessThan(1e-12);
    for (const r of [spot, push]) expect(r.profitUsd).toBe(r.revenueUsd - r.costUsd);
  });

  it('against a TWAP, holding the pool down for H blocks moves the TWAP to the geometric mean of the ticks', () => {
    // Window 600 s = N = 50 intervals. The TWAP read in the last hold block averages H intervals that ended with the
    // pool at the pushed mid (the attacker's transaction is the last to touch the pool in each of those blocks) and
    // N − H intervals at the untouched pool's tick 76012: price = 1.0001^((H·tick(Pm) + (N − H)·76012) / N).
    const N = 50;
    const H = 10;
    const report = flash({ kind: 'twap', windowSeconds: 600 }, 1_000_000, H);
    const pushedTick = Math.floor(Math.log(pushedMid(1_000_000)) / Math.log(1.0001));
    const expected = 1.0001 ** ((H * pushedTick + (N - H) * 76012) / N);
    expect(relative(report.details.lowestOraclePrice, expected)).toBeLessThan(1e-12);
  });

  it('against a TWAP, every extra block of hold costs more', () => {
    const costs = [0, 5, 10, 25, 50].map((H) => flash({ kind: 'twap', windowSeconds: 600 }, 1_000_000, H).costUsd);
    for (let k = 1; k < costs.length; k++) expect(costs[k]).toBeGreaterThan(costs[k - 1]);
  });

  it('profit table: oracle kind × push size', () => {
    const sizes = [250_000, 500_000, 1_000_000, 2_000_000];
    const rows: { oracle: string; holdBlocks: number; oracleChoice: OracleChoice }[] = [
      { oracle: 'spot', holdBlocks: 0, oracleChoice: { kind: 'spot' } },
      ...[60, 600, 1800].flatMap((w) => [
        { oracle: `twap ${w}s`, holdBlocks: 0, oracleChoice: { kind: 'twap', windowSeconds: w } as OracleChoice },
        // Held for one whole window (w / 12 blocks), so the TWAP reaches the pushed price.
        { oracle: `twap ${w}s`, holdBlocks: w / 12, oracleChoice: { kind: 'twap', windowSeconds: w } as OracleChoice },
      ]),
      { oracle: 'push', holdBlocks: 0, oracleChoice: { kind: 'push' } },
    ];
    const table = rows.map((row) => ({
      ...row,
      reports: sizes.map((size) => flash(row.oracleChoice, size, row.holdBlocks)),
    }));
    const at = (oracle: string, holdBlocks: number) =>
      table.find((r) => r.oracle === oracle && r.holdBlocks === holdBlocks)!.reports;
    if (process.env.CASCADE_PRINT_TABLES) {
      console.log(['oracle', 'hold blocks', ...sizes.map((s) => `push ${s / 1000}k`)].join(' | '));
      for (const row of table)
        console.log([row.oracle, row.holdBlocks, ...row.reports.map((r) => Math.round(r.profitUsd))].join(' | '));
    }
    sizes.forEach((size, k) => {
      const loss = roundTrip(size) + 0.0005 * size + gasUsd(1_500_000, 50);
      // Spot: every size exposes accounts and pays.
      expect(at('spot', 0)[k].profitUsd).toBeGreaterThan(0);
      // Push and flash loans against any TWAP: nothing moves, the round trip cannot be repaid, the transaction reverts
      // and the loss is exactly its gas.
      for (const r of [at('push', 0)[k], at('twap 60s', 0)[k], at('twap 600s', 0)[k], at('twap 1800s', 0)[k]]) {
        expect(r.details.liquidations).toBe(0);
        expect(r.details.reverted).toBe(1);
        expect(relative(-r.profitUsd, gasUsd(1_500_000, 50))).toBeLessThan(1e-12);
      }
      // Holding a TWAP down for its whole window costs more as the window grows, more than an immediate round trip,
      // and never beats the spot attack.
      const held = [at('twap 60s', 5)[k], at('twap 600s', 50)[k], at('twap 1800s', 150)[k]];
      expect(held[1].costUsd).toBeGreaterThan(held[0].costUsd);
      expect(held[2].costUsd).toBeGreaterThan(held[1].costUsd);
      for (const r of held) {
        expect(r.costUsd).toBeGreaterThan(loss);
        expect(r.profitUsd).toBeLessThan(at('spot', 0)[k].profitUsd);
      }
    });
    for (const row of table)
      for (const r of row.reports) for (const v of Object.values(r.details)) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('pump-and-borrow, same world, by oracle', () => {
  const pump = (oracle: 'spot' | 'push', pumpBlocks = 1) => {
    const spec = pumpAndBorrowAdversarySchema.parse({
      type: 'pump-and-borrow',
      id: 'mango',
      protocol: 'tkn-lend',
      pool: 'tkn-pool',
      atBlock: 10,
      capitalUsd: 1_000_000,
      borrowLimitUsd: 10_000_000,
      pumpBlocks,
    });
    return runAttack(pumpScenario(oracle, 30), (w) => createPumpAndBorrowAttacker(spec, w));
  };

  it('pays off against a spot oracle on the thin pool and the bad debt shows once keepers liquidate the position', () => {
    const { report, world } = pump('spot');
    expect(report.profitUsd).toBeGreaterThan(0);
    expect(report.protocolLossUsd).toBeGreaterThan(0);
    // Arbitrage pulls the pool back within blocks; the position, worth ~1/4 of its debt, is liquidated at a loss.
    expect(world.protocols[0].ledger.badDebtUsd).toBeGreaterThan(0);
  });

  it('loses money against a push oracle on the deep market: the loan is only x·price·LT', () => {
    const { report, world } = pump('push');
    expect(report.profitUsd).toBeLessThan(0);
    expect(report.protocolLossUsd).toBe(0);
    expect(world.protocols[0].ledger.badDebtUsd).toBe(0);
  });

  it('spread over three blocks, arbitrageurs undo each purchase: a lower oracle price at the borrow and less profit', () => {
    const once = pump('spot').report;
    const spread = pump('spot', 3).report;
    expect(spread.details.oraclePriceAtBorrow).toBeLessThan(once.details.oraclePriceAtBorrow);
    expect(spread.profitUsd).toBeLessThan(once.profitUsd);
    expect(spread.details.transactions).toBe(3);
  });
});
