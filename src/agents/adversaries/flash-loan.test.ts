import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../world/build-world.js';
import { stepBlock } from '../../world/block-order.js';
import type { Scenario } from '../../scenario/schema.js';
import { flashLoanAdversarySchema, type FlashLoanAdversarySpec } from '../../scenario/schema-adversary-manipulation.js';
import type { AdversaryReport } from './adversary.js';
import { createFlashLoanAttacker } from './flash-loan.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import type { OffchainMarket } from '../../market/venues/offchain.js';
import {
  ETH_POOL,
  ETH_PRICE,
  flashLoanScenario,
  gasUsd,
  runAttack,
  type OracleChoice,
} from './manipulation-fixture.test-helper.js';
import { attribution } from '../../attribution/cascade-generations.js';

const AT_BLOCK = 20;
const spec = (over: Partial<FlashLoanAdversarySpec> = {}) =>
  flashLoanAdversarySchema.parse({
    type: 'flash-loan',
    id: 'fl',
    protocol: 'lend',
    pool: 'pool',
    atBlock: AT_BLOCK,
    pushUsd: 1_000_000,
    ...over,
  });
/** The fixture world ending with the attack block, without keepers, so the protocol ledger holds only the attacker's
 * calls. */
const attackWorld = (oracle: OracleChoice): Scenario => ({ ...flashLoanScenario(oracle, AT_BLOCK), keepers: [] });
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const expectFinite = (report: AdversaryReport) => {
  for (const [name, value] of Object.entries({
    ...report.details,
    capital: report.capitalUsd,
    borrowed: report.borrowedUsd,
    profit: report.profitUsd,
  })) {
    expect(Number.isFinite(value), name).toBe(true);
  }
};

// Hand derivation of the push and of a buy-back right after it (Uniswap v2 getAmountOut / getAmountIn, fee kept in the
// pool), reserves x = 5000 ETH, y = 10M USDC, γ = 0.997, u = 1M / 2000 = 500 ETH flash-borrowed and sold:
//   sold for        q1 = γ·u·y / (x + γ·u)
//   pushed mid      Pm = x·y / ((x + γ·u)(x + u))            (reserves x + u and x·y / (x + γ·u))
//   owed back       u' = u·(1 + 5 bps)                       (Aave v3 returns the loan and its premium in kind)
//   bought back for B  = (y − q1)·u' / (γ·(x + u − u'))      (getAmountIn from reserves (x + u, y − q1))
const x = ETH_POOL.reserveBase;
const y = ETH_POOL.reserveQuote;
const gamma = 1 - ETH_POOL.feeBps / 10_000;
const u = 1_000_000 / ETH_PRICE;
const q1 = (gamma * u * y) / (x + gamma * u);
const pushedMid = (x * y) / ((x + gamma * u) * (x + u));
const owed = u * 1.0005;
const buyBack = ((y - q1) * owed) / (gamma * (x + u - owed));
const gas = gasUsd(1_500_000, 50); // 210 USD: the transaction without liquidation calls
/** Gas of one 400k-unit liquidation call at 20 + 50 gwei, ETH at 2000. */
const callGas = gasUsd(400_000, 50);

describe('flash-loan schema and factory', () => {
  it('fills the Aave v3 premium, gas, the block gas limit and a zero hold by default', () => {
    const s = spec();
    expect([s.flashFeeBps, s.gasUnits, s.liquidationGasUnits, s.maxGasUnits, s.holdBlocks, s.priorityFeeGwei]).toEqual([
      5, 1_500_000, 400_000, 30_000_000, 0, 50,
    ]);
  });

  it('asks a hold to bring its own capital for the first push, and the gas limit to cover the transaction', () => {
    const result = flashLoanAdversarySchema.safeParse({
      type: 'flash-loan',
      id: 'fl',
      protocol: 'lend',
      pool: 'pool',
      atBlock: 5,
      pushUsd: 1e6,
      holdBlocks: 3,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['capitalUsd']);
    const gasLimit = flashLoanAdversarySchema.safeParse({
      type: 'flash-loan',
      id: 'fl',
      protocol: 'lend',
      pool: 'pool',
      atBlock: 5,
      pushUsd: 1e6,
      maxGasUnits: 1e6,
    });
    expect(gasLimit.error?.issues[0].path).toEqual(['maxGasUnits']);
  });

  it('names the field and the allowed ids when a reference is wrong: the pool must be an on-chain pool of the protocol chain', () => {
    const world = buildWorld(flashLoanScenario({ kind: 'spot' }, AT_BLOCK), { attribution, spareAccounts: 1 });
    expect(() => createFlashLoanAttacker(spec({ protocol: 'nope' }), world)).toThrow(
      /protocol 'nope' is not a lending protocol of the scenario \(allowed: lend\)/,
    );
    const onChainOnly =
      /pool '(zzz|cex)' is not an on-chain constant-product pool of the protocol's chain trading ETH; an atomic transaction trades only there \(allowed: pool\)/;
    expect(() => createFlashLoanAttacker(spec({ pool: 'zzz' }), world)).toThrow(onChainOnly);
    expect(() => createFlashLoanAttacker(spec({ pool: 'cex' }), world)).toThrow(onChainOnly);
    expect(() => createFlashLoanAttacker(spec({ atBlock: 15, holdBlocks: 10, capitalUsd: 2e6 }), world)).toThrow(
      /atBlock 15 .* last block at 25, after the run's last block 20/,
    );
  });
});

describe('flash-loan attack on a push oracle (off-chain market)', () => {
  const { report, world } = runAttack(attackWorld({ kind: 'push' }), (w) => createFlashLoanAttacker(spec(), w));

  it('liquidates nothing, so the round trip and premium cannot be repaid: the transaction reverts and costs only gas', () => {
    expect(report.details.reverted).toBe(1);
    expect(report.details.liquidations).toBe(0);
    expect(relative(report.details.revertShortfallUsd, buyBack - q1)).toBeLessThan(1e-9);
    expect(report.revenueUsd).toBe(0);
    expect(relative(report.costUsd, gas)).toBeLessThan(1e-12);
    expect(report.profitUsd).toBe(report.revenueUsd - report.costUsd);
    expect(report.protocolLossUsd).toBe(0);
    expect(report.borrowedUsd).toBe(0);
    expect(report.capitalUsd).toBe(0);
    expect(report.executedBlock).toBe(AT_BLOCK);
    // The attempt is described: where the push took the pool and what the oracle showed.
    expect(relative(report.details.poolMidPushed, pushedMid)).toBeLessThan(1e-12);
    expect(report.details.lowestOraclePrice).toBe(ETH_PRICE);
    expectFinite(report);
  });

  it('leaves the pool exactly as it found it', () => {
    const pool = world.venues.find((v) => v.id === 'pool');
    expect(pool?.mid()).toBe(ETH_PRICE);
  });
});

describe('flash-loan attack on a spot oracle (the pushed pool)', () => {
  const world = buildWorld(attackWorld({ kind: 'spot' }), { attribution, spareAccounts: 1 });
  for (let b = 1; b < AT_BLOCK; b++) stepBlock(world);
  const protocol = world.protocols[0];
  const pool = world.venues.find((v) => v.id === 'pool') as ConstantProductPool;
  const cex = world.venues.find((v) => v.id === 'cex') as OffchainMarket;
  const before = { pool: pool.reserves(), cexMid: cex.mid() };
  world.adversaries.push(createFlashLoanAttacker(spec(), world));
  stepBlock(world);
  const report = world.adversaries[0].report();
  const { ledger } = protocol;
  const after = pool.reserves();

  it('profits, within the calls its gas allows: floor((30M − 1.5M) / 400k) = 71', () => {
    expect(report.details.reverted).toBe(0);
    expect(report.details.maxLiquidationCalls).toBe(71);
    expect(report.details.liquidations).toBeGreaterThan(10);
    expect(report.details.liquidations).toBeLessThanOrEqual(71);
    expect(report.details.gasUnits).toBe(1_500_000 + 400_000 * report.details.liquidations);
    expect(relative(report.details.gasUsd, gas + callGas * report.details.liquidations)).toBeLessThan(1e-12);
    expect(report.profitUsd).toBeGreaterThan(0);
    expect(report.profitUsd).toBe(report.revenueUsd - report.costUsd);
    expectFinite(report);
  });

  // The whole buy-back (loan and premium units): the round-trip part plus the premium units, booked as a flash fee.
  const buyBackTotal = () => report.details.buyBackUsd + report.details.flashFeesUsd - ledger.debtRepaidUsd * 0.0005;

  it('sells every seized unit into the pool, never the off-chain market: the pool took them all and paid every USDC', () => {
    // Keepers are absent and arbitrage ran before the attack, so within the block only the attacker touched the venues.
    expect(cex.mid()).toBe(before.cexMid);
    expect(
      relative(after.base - before.pool.base, ledger.collateralToLiquidators - report.details.pushUnits * 0.0005),
    ).toBeLessThan(1e-9);
    const paidOut = report.details.saleProceedsUsd + report.details.liquidationProceedsUsd - buyBackTotal();
    expect(relative(before.pool.quote - after.quote, paidOut)).toBeLessThan(1e-9);
  });

  it('repays both loans and their premiums from those on-chain proceeds, keeping profit + gas', () => {
    const kept =
      report.details.saleProceedsUsd +
      report.details.liquidationProceedsUsd -
      ledger.debtRepaidUsd * 1.0005 -
      buyBackTotal();
    expect(relative(report.details.atomicBalanceUsd, kept)).toBeLessThan(1e-9);
    expect(report.details.atomicBalanceUsd).toBeGreaterThan(0);
    expect(relative(report.profitUsd, kept - report.details.gasUsd)).toBeLessThan(1e-9);
    expect(report.borrowedUsd).toBeCloseTo(1_000_000 + ledger.debtRepaidUsd, 6);
  });

  it('its own liquidation sales lower the spot price it liquidates at next (the oracle reads the pool between passes)', () => {
    expect(report.details.lowestOraclePrice).toBeLessThan(report.details.poolMidPushed);
    expect(relative(report.details.poolMidPushed, pushedMid)).toBeLessThan(1e-12);
  });

  it('reports the value taken from borrowers and the protocol: collateral seized at the fundamental − debt repaid', () => {
    expect(
      relative(
        report.protocolLossUsd + report.borrowerLossUsd,
        ledger.collateralSeized * ETH_PRICE - ledger.debtRepaidUsd,
      ),
    ).toBeLessThan(1e-9);
    expect(report.protocolLossUsd).toBe(ledger.badDebtUsd);
    expect(report.details.badDebtUsd).toBe(ledger.badDebtUsd);
  });

  it('leaves the protocol on the pool price after the buy-back', () => {
    expect(relative(protocol.price, pool.mid())).toBeLessThan(1e-12);
    expect(report.details.protocolPriceAfter).toBe(protocol.price);
  });
});

describe('flash-loan attack on a TWAP of the pushed pool', () => {
  it('moves nothing within the block: no liquidation, reverted like the push-oracle attack, at the same gas', () => {
    const twap = runAttack(attackWorld({ kind: 'twap', windowSeconds: 600 }), (w) =>
      createFlashLoanAttacker(spec(), w),
    ).report;
    const push = runAttack(attackWorld({ kind: 'push' }), (w) => createFlashLoanAttacker(spec(), w)).report;
    expect(twap.details.liquidations).toBe(0);
    expect(twap.details.reverted).toBe(1);
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
