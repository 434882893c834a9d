import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../kernel/build-world.js';
import { stepBlock } from '../../kernel/block-order.js';
import type { Scenario } from '../../scenario/schema.js';
import { flashLoanAdversarySchema, type FlashLoanAdversarySpec } from '../../scenario/schema-adversary-manipulation.js';
import type { AdversaryReport } from './adversary.js';
import { createFlashLoanAttacker } from './flash-loan.js';
import { ETH_POOL, ETH_PRICE, flashLoanScenario, gasUsd, LENDING, runAttack, type OracleChoice } from './manipulation-fixture.test-helper.js';

const AT_BLOCK = 20;
const spec = (over: Partial<FlashLoanAdversarySpec> = {}) =>
  flashLoanAdversarySchema.parse({ type: 'flash-loan', id: 'fl', protocol: 'lend', pool: 'pool', atBlock: AT_BLOCK, pushUsd: 1_000_000, ...over });
/** The fixture world ending with the attack block, without keepers, so the protocol ledger holds only the attacker's calls. */
const attackWorld = (oracle: OracleChoice): Scenario => ({ ...flashLoanScenario(oracle, AT_BLOCK), keepers: [] });
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const expectFinite = (report: AdversaryReport) => {
  for (const [name, value] of Object.entries({ ...report.details, capital: report.capitalUsd, borrowed: report.borrowedUsd, profit: report.profitUsd })) {
    expect(Number.isFinite(value), name).toBe(true);
  }
};

// Hand derivation of the pool round trip (Uniswap v2 getAmountOut / getAmountIn, fee kept in the pool), reserves
// x = 5000 ETH, y = 10M USDC, γ = 0.997, u = 1M / 2000 = 500 ETH flash-borrowed and sold:
//   sold for        q1 = γ·u·y / (x + γ·u)
//   pushed mid      Pm = x·y / ((x + γ·u)(x + u))            (reserves x + u and x·y / (x + γ·u))
//   bought back for B  = (y − q1)·u / (γ·x)                  (getAmountIn from reserves (x + u, y − q1))
//   mid after       (y − q1 + B) / x
const x = ETH_POOL.reserveBase;
const y = ETH_POOL.reserveQuote;
const gamma = 1 - ETH_POOL.feeBps / 10_000;
const u = 1_000_000 / ETH_PRICE;
const q1 = (gamma * u * y) / (x + gamma * u);
const pushedMid = (x * y) / ((x + gamma * u) * (x + u));
const buyBack = ((y - q1) * u) / (gamma * x);
const roundTrip = buyBack - q1;
const premium = 0.0005 * 1_000_000; // Aave v3 premium, 5 bps of the 1M flash-borrowed
const gas = gasUsd(1_500_000, 50); // 210 USD

describe('flash-loan schema and factory', () => {
  it('fills the Aave v3 premium, gas and a zero hold by default', () => {
    const s = spec();
    expect([s.flashFeeBps, s.gasUnits, s.holdBlocks, s.priorityFeeGwei]).toEqual([5, 1_500_000, 0, 50]);
  });

  it('asks a hold to bring its own capital for the first push', () => {
    const result = flashLoanAdversarySchema.safeParse({ type: 'flash-loan', id: 'fl', protocol: 'lend', pool: 'pool', atBlock: 5, pushUsd: 1e6, holdBlocks: 3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['capitalUsd']);
  });

  it('names the field and the allowed ids when a reference is wrong', () => {
    const world = buildWorld(flashLoanScenario({ kind: 'spot' }, AT_BLOCK), { spareAccounts: 1 });
    expect(() => createFlashLoanAttacker(spec({ protocol: 'nope' }), world)).toThrow(/protocol 'nope' is not a lending protocol of the scenario \(allowed: lend\)/);
    expect(() => createFlashLoanAttacker(spec({ pool: 'zzz' }), world)).toThrow(/pool 'zzz' is not a venue trading ETH \(allowed: cex, pool\)/);
    expect(() => createFlashLoanAttacker(spec({ pool: 'cex' }), world)).toThrow(/pool 'cex' is not a constant-product pool \(allowed: pool\)/);
    expect(() => createFlashLoanAttacker(spec({ atBlock: 15, holdBlocks: 10, capitalUsd: 2e6 }), world)).toThrow(/atBlock 15 .* last block at 25, after the run's last block 20/);
  });
});

describe('flash-loan attack on a push oracle (off-chain market)', () => {
  const { report } = runAttack(attackWorld({ kind: 'push' }), (w) => createFlashLoanAttacker(spec(), w));

  it('liquidates nothing and loses exactly the pool round trip + premium + gas', () => {
    expect(report.details.liquidations).toBe(0);
    expect(report.revenueUsd).toBe(0);
    expect(relative(report.details.roundTripUsd, roundTrip)).toBeLessThan(1e-9);
    expect(relative(report.costUsd, roundTrip + premium + gas)).toBeLessThan(1e-9);
    expect(report.profitUsd).toBe(report.revenueUsd - report.costUsd);
    expect(report.profitUsd).toBeLessThan(0);
    expect(report.protocolLossUsd).toBe(0);
    expect(report.borrowedUsd).toBe(1_000_000);
    expect(report.capitalUsd).toBe(0);
    expect(report.executedBlock).toBe(AT_BLOCK);
    expect(relative(report.details.poolMidPushed, pushedMid)).toBeLessThan(1e-12);
    expect(report.details.lowestOraclePrice).toBe(ETH_PRICE);
    expectFinite(report);
  });
});

describe('flash-loan attack on a spot oracle (the pushed pool)', () => {
  // The accounts whose liquidation price debt / (collateral·LT) is above the pushed mid, read off the book beforehand.
  const world = buildWorld(attackWorld({ kind: 'spot' }), { spareAccounts: 1 });
  for (let b = 1; b < AT_BLOCK; b++) stepBlock(world);
  const protocol = world.protocols[0];
  let exposed = 0;
  for (let i = 0; i < protocol.book.count; i++) {
    if (protocol.book.debt[i] > 0 && protocol.book.debt[i] / (protocol.book.collateral[i] * LENDING.liquidationThreshold) > pushedMid) exposed += 1;
  }
  world.adversaries.push(createFlashLoanAttacker(spec(), world));
  stepBlock(world);
  const report = world.adversaries[0].report();
  const { ledger } = protocol;

  it('liquidates every account the pushed price exposes, and profits', () => {
    expect(exposed).toBeGreaterThan(10);
    expect(report.details.accountsLiquidated).toBe(exposed);
    expect(relative(report.details.lowestOraclePrice, pushedMid)).toBeLessThan(1e-12);
    expect(report.profitUsd).toBeGreaterThan(0);
    expect(report.profitUsd).toBe(report.revenueUsd - report.costUsd);
    expectFinite(report);
  });

  it('sells the seized collateral on the off-chain market from rest: proceeds = (D/a)·(1 − e^{−a·U·F/D})', () => {
    // Linear impact, D = 5M per 1%, a = |ln 0.99|, no fee: sales in one block add up to one sale of all U units.
    const a = -Math.log(0.99);
    const units = ledger.collateralToLiquidators;
    expect(relative(report.details.liquidationProceedsUsd, (5e6 / a) * -Math.expm1((-a * units * ETH_PRICE) / 5e6))).toBeLessThan(1e-9);
    expect(relative(report.revenueUsd, report.details.liquidationProceedsUsd - ledger.debtRepaidUsd)).toBeLessThan(1e-12);
  });

  it('pays the same pool round trip (liquidation sales never touch the pool), the premium on both loans and gas', () => {
    expect(relative(report.details.roundTripUsd, roundTrip)).toBeLessThan(1e-9);
    const premiums = 0.0005 * (1_000_000 + ledger.debtRepaidUsd);
    expect(relative(report.costUsd, roundTrip + premiums + gas)).toBeLessThan(1e-9);
    expect(report.borrowedUsd).toBeCloseTo(1_000_000 + ledger.debtRepaidUsd, 6);
  });

  it('reports the value taken from borrowers and the protocol: collateral seized at the fundamental − debt repaid', () => {
    expect(relative(report.protocolLossUsd, ledger.collateralSeized * ETH_PRICE - ledger.debtRepaidUsd)).toBeLessThan(1e-9);
    expect(report.details.badDebtUsd).toBe(ledger.badDebtUsd);
  });

  it('leaves the protocol on the recovered pool price, not the manipulated one', () => {
    expect(relative(protocol.price, (y - q1 + buyBack) / x)).toBeLessThan(1e-12);
    expect(report.details.protocolPriceAfter).toBe(protocol.price);
  });
});

describe('flash-loan attack on a TWAP of the pushed pool', () => {
  it('moves nothing within the block: no liquidation, the same loss as against the push oracle', () => {
    const twap = runAttack(attackWorld({ kind: 'twap', windowSeconds: 600 }), (w) => createFlashLoanAttacker(spec(), w)).report;
    const push = runAttack(attackWorld({ kind: 'push' }), (w) => createFlashLoanAttacker(spec(), w)).report;
    expect(twap.details.liquidations).toBe(0);
    expect(twap.costUsd).toBe(push.costUsd);
    expect(twap.profitUsd).toBe(push.profitUsd);
    // The TWAP still reads the untouched pool's tick: 1.0001^76012 ≤ 2000 < 1.0001^76013.
    expect(twap.details.lowestOraclePrice).toBeCloseTo(1.0001 ** 76012, 9);
  });

  it('is deterministic: the same seed gives the same report', () => {
    const run = () => runAttack(attackWorld({ kind: 'spot' }), (w) => createFlashLoanAttacker(spec(), w)).report;
    expect(run()).toEqual(run());
  });
});
