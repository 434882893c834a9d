import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../world/build-world.js';
import {
  pumpAndBorrowAdversarySchema,
  type PumpAndBorrowAdversarySpec,
} from '../../scenario/schema-adversary-manipulation.js';
import type { AdversaryReport } from './adversary.js';
import { createPumpAndBorrowAttacker } from './pump-and-borrow.js';
import {
  gasUsd,
  pumpScenario,
  runAttack,
  TKN_POOL,
  TKN_PRICE,
  TKN_THRESHOLD,
} from './manipulation-fixture.test-helper.js';
import { attribution } from '../../attribution/cascade-generations.js';

const AT_BLOCK = 5;
const spec = (over: Partial<PumpAndBorrowAdversarySpec> = {}) =>
  pumpAndBorrowAdversarySchema.parse({
    type: 'pump-and-borrow',
    id: 'mango',
    protocol: 'tkn-lend',
    pool: 'tkn-pool',
    atBlock: AT_BLOCK,
    capitalUsd: 1_000_000,
    borrowLimitUsd: 10_000_000,
    ...over,
  });
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const expectFinite = (report: AdversaryReport) => {
  for (const [name, value] of Object.entries(report.details)) expect(Number.isFinite(value), name).toBe(true);
};
/** Runs the fixture until the attack block (the last one), so the attacker's position is still open at the end. */
const attack = (oracle: 'spot' | 'push', over: Partial<PumpAndBorrowAdversarySpec> = {}) =>
  runAttack(pumpScenario(oracle, AT_BLOCK + (over.pumpBlocks ?? 1) - 1), (w) =>
    createPumpAndBorrowAttacker(spec(over), w),
  );

// Hand derivation: buying with Q = 1M USDC from a thin pool of R_b = 1M TKN and R_q = 1M USDC, γ = 0.997
// (getAmountOut):
//   units  x  = γ·Q·R_b / (R_q + γ·Q)
//   new mid P = (R_q + Q) / (R_b − x) = (R_q + Q)(R_q + γQ) / (R_b·R_q)      (= 3.994)
//   so x·P = γ·Q·(1 + Q/R_q): the collateral is worth twice what it cost at the pumped price, less the fee.
// Borrowing to health factor 1 at P with threshold LT: debt = x·P·LT = γ·Q·(1 + Q/R_q)·LT = 1,595,200 USDC.
const Q = 1_000_000;
const gamma = 1 - TKN_POOL.feeBps / 10_000;
const units = (gamma * Q * TKN_POOL.reserveBase) / (TKN_POOL.reserveQuote + gamma * Q);
const pumpedMid =
  ((TKN_POOL.reserveQuote + Q) * (TKN_POOL.reserveQuote + gamma * Q)) / (TKN_POOL.reserveBase * TKN_POOL.reserveQuote);
const spotDebt = gamma * Q * (1 + Q / TKN_POOL.reserveQuote) * TKN_THRESHOLD;
const gas = gasUsd(800_000, 50); // 112 USD per transaction

describe('pump-and-borrow schema and factory', () => {
  it('pumps in one block by default', () => {
    expect(spec().pumpBlocks).toBe(1);
    expect(pumpAndBorrowAdversarySchema.safeParse({ ...spec(), type: 'flash-loan' }).success).toBe(false);
  });

  it('names the field and the allowed ids when a reference is wrong, and asks for a spare account slot', () => {
    const world = buildWorld(pumpScenario('spot', 10), { attribution, spareAccounts: 1 });
    expect(() => createPumpAndBorrowAttacker(spec({ protocol: 'lend' }), world)).toThrow(
      /protocol 'lend' is not a lending protocol of the scenario \(allowed: tkn-lend\)/,
    );
    // The purchase is deposited in the same transaction: only an on-chain pool of the protocol's chain can deliver it.
    const onChainOnly =
      /pool '(eth-pool|tkn-cex)' is not an on-chain pool of the protocol's chain trading TKN; an atomic transaction trades only there \(allowed: tkn-pool\)/;
    expect(() => createPumpAndBorrowAttacker(spec({ pool: 'eth-pool' }), world)).toThrow(onChainOnly);
    expect(() => createPumpAndBorrowAttacker(spec({ pool: 'tkn-cex' }), world)).toThrow(onChainOnly);
    expect(() => createPumpAndBorrowAttacker(spec({ atBlock: 9, pumpBlocks: 3 }), world)).toThrow(
      /atBlock 9 puts its last block at 11, after the run's last block 10/,
    );
    const noSpare = buildWorld(pumpScenario('spot', 10), { attribution });
    expect(() => createPumpAndBorrowAttacker(spec(), noSpare)).toThrow(/no spare account slot.*spareAccounts/);
  });
});

describe('pump-and-borrow against a spot oracle on the thin pool', () => {
  const { report, world } = attack('spot');

  it('borrows γ·Q·(1 + Q/R_q)·LT at the pumped price and walks away with a profit', () => {
    expect(relative(report.details.collateralUnits, units)).toBeLessThan(1e-12);
    expect(relative(report.details.oraclePriceAtBorrow, pumpedMid)).toBeLessThan(1e-12);
    expect(relative(report.borrowedUsd, spotDebt)).toBeLessThan(1e-9);
    expect(relative(report.profitUsd, spotDebt - Q - gas)).toBeLessThan(1e-9);
    expect(report.profitUsd).toBe(report.revenueUsd - report.costUsd);
    expect(report.capitalUsd).toBe(Q);
    expect(report.details.peakPumpPct).toBeCloseTo((pumpedMid - 1) * 100, 9);
    expectFinite(report);
  });

  it('leaves bad debt of debt − collateral at the fundamental price, in a position opened at health factor 1', () => {
    expect(relative(report.protocolLossUsd, spotDebt - units * TKN_PRICE)).toBeLessThan(1e-9);
    const protocol = world.protocols[0];
    const slot = report.details.accountSlot;
    expect(slot).toBe(protocol.book.count - 1);
    expect(protocol.book.collateral[slot]).toBe(report.details.collateralUnits);
    expect(protocol.book.debt[slot]).toBe(report.borrowedUsd);
    expect(protocol.health(slot)).toBeGreaterThanOrEqual(1);
    expect(protocol.health(slot)).toBeLessThan(1 + 1e-9);
  });

  it('never borrows more than the liquidity it may lend', () => {
    const capped = attack('spot', { borrowLimitUsd: 1_200_000 }).report;
    expect(capped.borrowedUsd).toBe(1_200_000);
    expect(capped.profitUsd).toBeCloseTo(1_200_000 - Q - gas, 6);
  });
});

describe('pump-and-borrow against a push oracle on the deep off-chain market', () => {
  it('borrows only what the true price allows, x·1·LT, and loses money; no bad debt', () => {
    const { report } = attack('push');
    expect(report.details.oraclePriceAtBorrow).toBe(TKN_PRICE);
    expect(relative(report.borrowedUsd, units * TKN_PRICE * TKN_THRESHOLD)).toBeLessThan(1e-9);
    expect(relative(report.profitUsd, units * TKN_PRICE * TKN_THRESHOLD - Q - gas)).toBeLessThan(1e-9);
    expect(report.profitUsd).toBeLessThan(0);
    expect(report.protocolLossUsd).toBe(0);
    // The pool itself was pumped just as far: the oracle simply did not read it.
    expect(report.details.peakPoolMid).toBeCloseTo(pumpedMid, 9);
  });
});
