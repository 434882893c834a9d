import { attribution } from '../../attribution/cascade-generations.js';
import { describe, expect, it } from 'vitest';
import { actOnLiquity } from './liquity.js';
import fc from 'fast-check';
import { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { pricedBook } from '../../protocol/lending/lending-fixture.test-helper.js';
import { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { GenerationSales } from '../../attribution/cascade-generations.js';
import { RealizedVolatility } from '../../liquidation/realized-volatility.js';
import { CircuitBreaker } from '../../liquidation/circuit-breaker.js';
import type { KeeperSettings } from '../keeper.js';
import {
  LIQUITY_LIQUIDATION_THRESHOLD,
  LiquityStabilityPoolLiquidation,
} from '../../protocol/mechanisms/liquity-pool.js';
import type { KeeperOutcome, KeeperTurn } from './turn.js';

/** |actual − expected| ≤ tol·max(1, |expected|); sales go through a 1e12-deep market, so proceeds are price·amount to
 * ~1e-10. */
function expectNear(actual: number, expected: number, tol = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

interface WorldOptions {
  poolUsd: number;
  sellShare?: number;
  price?: number;
  maxLiquidatedUsdPerBlock?: number;
}

/** A Liquity protocol over `accounts` [collateral ETH, debt LUSD(=USD), reserve ETH], its oracle reading a very deep
 * market. */
function setup(accounts: [number, number, number][], options: WorldOptions) {
  const price = options.price ?? 1_000;
  const { market, oracle, book } = pricedBook(accounts, price, 'USD');
  const sales = new GenerationSales(600);
  const breaker = new CircuitBreaker('liquity', {
    windowBlocks: 1,
    pauseBlocks: 0,
    maxLiquidatedUsdPerBlock: options.maxLiquidatedUsdPerBlock,
  });
  const protocol = new LendingProtocol(
    {
      id: 'liquity',
      collateral: 'ETH',
      debt: 'LUSD',
      liquidationThreshold: LIQUITY_LIQUIDATION_THRESHOLD,
      thresholdTiers: [],
      badDebtBearer: 'suppliers',
      feesToInsurance: 0,
      topUpBelowHealth: 1,
    },
    {
      attribution,
      book,
      oracle,
      debtPrice: 1,
      fund: new InsuranceFund(0),
      sales,
      volatility: new RealizedVolatility(0, 300, 12),
      breaker,
    },
  );
  const mechanism = new LiquityStabilityPoolLiquidation(protocol, {
    type: 'liquity-v1',
    stabilityPoolUsd: options.poolUsd,
    depositorsSellShare: options.sellShare ?? 0,
  });
  protocol.attach(mechanism);
  protocol.start();
  const outcomes: KeeperOutcome[] = [];
  /** Steps 4–5 of a block at `p`: oracle, protocol check, mechanism's onBlock. */
  const block = (p: number, n: number) => {
    market.advance(p, 12);
    oracle.onBlock(n, n * 12, p);
    protocol.refresh(n, n * 12);
    mechanism.onBlock();
  };
  /** One keeper transaction: gas `gasUsd` per call, at most `actions` calls. */
  const keeper = (gasUsd: number, over: Partial<KeeperSettings> = {}, actions = 10): KeeperTurn => {
    const settings: KeeperSettings = {
      id: 'k',
      capitalUsd: 1e9,
      gasUnits: 0,
      latencyBlocks: 0,
      minProfitUsd: 0,
      priorityFeeGwei: 0,
      maxLiquidationsPerBlock: actions,
      auctionBidding: 'value',
      ...over,
    };
    const turn: KeeperTurn = {
      settings,
      gasUsd,
      capitalLeft: settings.capitalUsd,
      actionsLeft: actions,
      record: (o) => outcomes.push(o),
    };
    actOnLiquity(mechanism, turn, { venues: [market], sales });
    return turn;
  };
  return { protocol, book, mechanism, market, block, keeper, outcomes, ledger: protocol.ledger };
}

describe('Liquity v1 mechanism: Stability Pool offset', () => {
  it('burns the trove debt from the pool and hands depositors its collateral; the keeper gets the gas compensation', () => {
    // a: 2 ETH, 2100 LUSD → ICR at 1000 = 2000/2100 = 0.952 < 1.1; b: 20 ETH, 8000 → TCR 22000/10100 = 2.18 (normal
    // mode).
    const w = setup(
      [
        [2, 2_100, 0],
        [20, 8_000, 0],
      ],
      { poolUsd: 5_000 },
    );
    w.block(1_000, 1);
    expect(w.protocol.liquidatable).toEqual([0]);
    const turn = w.keeper(10);
    // Gas compensation: 2/200 = 0.01 ETH (sold at ~1000 → 10 USD) and the 200 LUSD reserve.
    expect(w.outcomes).toHaveLength(1);
    const [o] = w.outcomes;
    expectNear(o.collateral, 0.01);
    expectNear(o.proceedsUsd, 10);
    expect(o.costUsd).toBe(0);
    expectNear(o.preTradeValueUsd, 10);
    expect(o.incentiveUsd).toBe(200);
    expect(o.gasUsd).toBe(10);
    expect(turn.actionsLeft).toBe(9);
    expect(turn.capitalLeft).toBe(1e9);
    // Depositors: 5000 − 2100 = 2900 LUSD left; gain 2 − 0.01 = 1.99 ETH, held (sell share 0).
    expect(w.mechanism.pool.totalDeposits).toBe(2_900);
    expectNear(w.mechanism.stats.collateralToDepositors, 1.99);
    expectNear(w.mechanism.stats.depositorCollateralHeld, 1.99);
    expect(w.mechanism.stats.depositorCollateralSold).toBe(0);
    // Ledger: whole trove out; 2100 repaid. The borrower's penalty is 2 ETH at 1000 − 2100 of debt = −100 (it was
    // underwater): the depositors' −110 (1.99·1000 − 2100) plus the keeper's 10.
    expect(w.book.collateral[0]).toBe(0);
    expect(w.book.debt[0]).toBe(0);
    expect(w.ledger.collateralSeized).toBe(2);
    expectNear(w.ledger.collateralToLiquidators, 0.01);
    expectNear(w.ledger.collateralToStabilityPool, 1.99);
    expect(w.ledger.debtRepaidUsd).toBe(2_100);
    expectNear(w.ledger.penaltiesUsd, 2 * 1_000 - 2_100);
    expect(w.ledger.keeperIncentivesUsd).toBe(200);
    expect(w.ledger.liquidations).toBe(1);
    expect(w.ledger.badDebtUsd).toBe(0);
    // b untouched.
    expect(w.book.collateral[1]).toBe(20);
    expect(w.book.debt[1]).toBe(8_000);
    expect(w.mechanism.history.map((h) => h.kind)).toEqual(['normal']);
  });

  it('depositors sell their share of the gain on the best venue', () => {
    const w = setup(
      [
        [2, 2_100, 0],
        [20, 8_000, 0],
      ],
      { poolUsd: 5_000, sellShare: 0.25 },
    );
    w.block(1_000, 1);
    w.keeper(10);
    // Gain 1.99 ETH: a quarter (0.4975) sold at ~1000 USD, 1.4925 held.
    expectNear(w.mechanism.stats.depositorCollateralSold, 0.4975);
    expectNear(w.mechanism.stats.depositorProceedsUsd, 497.5);
    expectNear(w.mechanism.stats.depositorCollateralHeld, 1.4925);
    // The keeper's 0.01 and the depositors' 0.4975 ETH were sold into the market, pushing its mid down.
    expect(w.market.mid()).toBeLessThan(1_000);
  });
});

describe('Liquity v1 mechanism: redistribution and top-ups', () => {
  it('redistributes what the pool cannot cover to the other troves by stake and writes them to the book', () => {
    // a: 10 ETH / 10000 (ICR 1.0); b: 30 / 6000; c: 10 / 9000 (ICR 1.111); TCR 50000/25000 = 2 (normal); pool 4000.
    const w = setup(
      [
        [10, 10_000, 0],
        [30, 6_000, 0],
        [10, 9_000, 1],
      ],
      { poolUsd: 4_000 },
    );
    w.block(1_000, 1);
    expect(w.protocol.liquidatable).toEqual([0]);
    w.keeper(10);
    // Gas 10/200 = 0.05; offset 4000 of 10000 → pool gets 9.95·0.4 = 3.98 ETH; 6000 LUSD and 5.97 ETH redistributed.
    expectNear(w.ledger.collateralToStabilityPool, 3.98);
    expectNear(w.ledger.collateralRedistributed, 5.97);
    expect(w.ledger.debtRedistributed).toBe(6_000);
    expect(w.ledger.debtRepaidUsd).toBe(4_000);
    // Borrower: 10 ETH at 1000 − 10000 of debt = 0, shared as keeper +50, depositors 3.98·1000 − 4000 = −20 and the
    // troves that took 5.97 ETH with 6000 of debt −30.
    expectNear(w.ledger.penaltiesUsd, 10 * 1_000 - 10_000);
    // Stakes b 30, c 10: b gets 3/4 → 30 + 4.4775 ETH, 6000 + 4500; c 1/4 → 10 + 1.4925, 9000 + 1500.
    expectNear(w.book.collateral[1], 34.4775, 1e-12);
    expectNear(w.book.debt[1], 10_500, 1e-12);
    expectNear(w.book.collateral[2], 11.4925, 1e-12);
    expectNear(w.book.debt[2], 10_500, 1e-12);
    expect(w.mechanism.pool.totalDeposits).toBe(0);
    // c's ICR is now 11492.5/10500 = 1.0945 < 1.1: the reindexed monitor lists it next block.
    w.block(1_000, 2);
    expect(w.protocol.liquidatable).toEqual([2]);
    // Its owner tops up 1 ETH (ICR 12492.5/10500 = 1.19): the trove picks it up and the keeper leaves it alone.
    expect(w.protocol.topUp(2, 1)).toBe(1);
    w.keeper(10);
    expect(w.mechanism.history).toHaveLength(1);
    const c = 2;
    expectNear(w.mechanism.troves.entireColl(c), 12.4925, 1e-12);
    expectNear(w.book.collateral[c], 12.4925, 1e-12);
    // addColl re-stakes at the snapshots after a's liquidation: 40 stakes over 30 + 10 + 5.97 = 45.97 ETH.
    expectNear(w.mechanism.troves.stake[c], (12.4925 * 40) / 45.97, 1e-12);
  });

  it('never liquidates the last trove, so no bad debt arises', () => {
    // a: 1 ETH / 1000 at 500 → ICR 0.5; b: 2 / 1000 → ICR 1.0. Empty pool.
    const w = setup(
      [
        [1, 1_000, 0],
        [2, 1_000, 0],
      ],
      { poolUsd: 0, price: 500 },
    );
    w.block(500, 1);
    w.keeper(1, {}, 10);
    // Only one liquidates (largest debt first, then lower index: a); its 0.995 ETH and 1000 LUSD go to b.
    expect(w.mechanism.history.map((h) => h.account)).toEqual([0]);
    expectNear(w.book.collateral[1], 2.995, 1e-12);
    expect(w.book.debt[1]).toBe(2_000);
    w.block(500, 2);
    expect(w.protocol.liquidatable).toEqual([1]);
    w.keeper(1);
    expect(w.mechanism.history).toHaveLength(1);
    expect(w.ledger.badDebtUsd).toBe(0);
  });
});

describe('Liquity v1 mechanism: recovery mode', () => {
  it('liquidates a trove with 110% ≤ ICR < TCR, taking collateral up to 1.1·debt/price and leaving the surplus claimable', () => {
    // a 12 ETH / 10000 (ICR 1.2), b and c 13 / 10000 (1.3); TCR 38000/30000 = 1.267 < 1.5: recovery mode. Pool 15000.
    const w = setup(
      [
        [12, 10_000, 0],
        [13, 10_000, 0],
        [13, 10_000, 0],
      ],
      { poolUsd: 15_000 },
    );
    w.block(1_000, 1);
    // The monitor (ICR < 110%) sees nothing; the mechanism sees recovery mode.
    expect(w.protocol.liquidatable).toEqual([]);
    expect(w.mechanism.recoveryMode).toBe(true);
    // A keeper with 2 blocks of latency waits (a became a candidate in block 1).
    w.keeper(10, { latencyBlocks: 2 });
    expect(w.mechanism.history).toHaveLength(0);
    w.block(1_000, 3);
    w.keeper(10, { latencyBlocks: 2 });
    expect(w.mechanism.history.map((h) => h.kind)).toEqual(['recoveryCapped']);
    // Cap 10000·1.1/1000 = 11 ETH: gas 11/200 = 0.055, pool 10.945, surplus 12 − 11 = 1 ETH for the owner.
    expectNear(w.outcomes[0].collateral, 0.055);
    expectNear(w.ledger.collateralToStabilityPool, 10.945);
    expectNear(w.ledger.collateralReturned, 1);
    expectNear(w.mechanism.troves.collSurplus[0], 1);
    expect(w.ledger.collateralSeized).toBe(12);
    expect(w.ledger.debtRepaidUsd).toBe(10_000);
    // Borrower: 12 ETH at 1000 − 10000 of debt − the 1 ETH surplus back = 1000, Liquity's 10% recovery-mode cap.
    expectNear(w.ledger.collateralReturnedUsd, 1_000);
    expectNear(w.ledger.penaltiesUsd, 12 * 1_000 - 10_000 - 1_000);
    expect(w.mechanism.pool.totalDeposits).toBe(5_000);
    // The account got a cascade generation, so the per-generation count has no hole.
    expect(w.ledger.liquidationsByGeneration.reduce((s, n) => s + n, 0)).toBe(1);
    // TCR now 26000/20000 = 1.3 and b, c sit at ICR 1.3: still recovery mode, nothing else to liquidate.
    w.block(1_000, 4);
    expect(w.mechanism.recoveryMode).toBe(true);
    w.keeper(10);
    expect(w.mechanism.history).toHaveLength(1);
  });
});

describe('Liquity v1 mechanism: the keeper', () => {
  const book = (): [number, number, number][] => [
    [2, 2_100, 0],
    [20, 8_000, 0],
  ];

  it('liquidates only when gas compensation (0.01 ETH ≈ 10 USD + 200 USD) − gas exceeds its minimum profit', () => {
    const tooDear = setup(book(), { poolUsd: 5_000 });
    tooDear.block(1_000, 1);
    tooDear.keeper(215);
    expect(tooDear.mechanism.history).toHaveLength(0);
    tooDear.keeper(5, { minProfitUsd: 205 });
    expect(tooDear.mechanism.history).toHaveLength(0);
    tooDear.keeper(205);
    expect(tooDear.mechanism.history).toHaveLength(1);
  });

  it('caps the LUSD compensation at the trove debt for troves below Liquity’s minimum', () => {
    // 0.2 ETH / 150 LUSD at 600 → ICR 0.8; the 200 LUSD reserve cannot exceed the 150 of debt.
    const w = setup(
      [
        [0.2, 150, 0],
        [20, 2_000, 0],
      ],
      { poolUsd: 1_000, price: 600 },
    );
    w.block(600, 1);
    w.keeper(1);
    expect(w.outcomes[0].incentiveUsd).toBe(150);
    expectNear(w.outcomes[0].collateral, 0.001);
  });

  it('leaves a trove whose collateral exceeds the circuit breaker’s allowance for the block', () => {
    // 2 ETH at 1000 = 2000 USD > 1500 allowed per block.
    const capped = setup(book(), { poolUsd: 5_000, maxLiquidatedUsdPerBlock: 1_500 });
    capped.block(1_000, 1);
    capped.keeper(10);
    expect(capped.mechanism.history).toHaveLength(0);
    const roomy = setup(book(), { poolUsd: 5_000, maxLiquidatedUsdPerBlock: 2_500 });
    roomy.block(1_000, 1);
    roomy.keeper(10);
    expect(roomy.mechanism.history).toHaveLength(1);
  });
});

describe('Liquity v1 mechanism: conservation', () => {
  const troveArb = fc.record({
    coll: fc.double({ min: 1, max: 100, noNaN: true }),
    icrAt1000: fc.double({ min: 0.9, max: 3, noNaN: true }),
    reserve: fc.constantFrom(0, 0, 5),
  });
  const stepArb = fc.record({
    priceFactor: fc.double({ min: 0.45, max: 1.3, noNaN: true }),
    topUp: fc.option(fc.record({ account: fc.nat(7), amount: fc.double({ min: 0.1, max: 5, noNaN: true }) })),
    actions: fc.integer({ min: 1, max: 4 }),
  });

  it('keeps collateral and debt in book + pool + returned + keepers over random liquidation sequences', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(troveArb, { minLength: 3, maxLength: 8 }),
        fc.double({ min: 0, max: 300_000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(stepArb, { minLength: 1, maxLength: 12 }),
        (specs, poolUsd, sellShare, steps) => {
          const w = setup(
            specs.map((s) => [s.coll, (s.coll * 1_000) / s.icrAt1000, s.reserve]),
            { poolUsd, sellShare },
          );
          const { book, ledger, mechanism } = w;
          const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
          const coll0 = sum(book.collateral);
          const debt0 = sum(book.debt);
          const close = (a: number, b: number, scale: number) =>
            expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, scale));
          steps.forEach((step, n) => {
            w.block(1_000 * step.priceFactor, n + 1);
            if (step.topUp && step.topUp.account < specs.length && book.debt[step.topUp.account] > 0)
              w.protocol.topUp(step.topUp.account, step.topUp.amount);
            w.keeper(1, {}, step.actions);
            const keepers = w.outcomes.reduce((s, o) => s + o.collateral, 0);
            // Collateral: book + Stability Pool + owners' surplus + keepers = at start + topped up.
            close(
              sum(book.collateral) + ledger.collateralToStabilityPool + ledger.collateralReturned + keepers,
              coll0 + ledger.topUpCollateral,
              coll0,
            );
            // Debt: book + debt burnt from the pool = at start (the pool lost exactly what it burnt).
            close(sum(book.debt) + ledger.debtRepaidUsd, debt0, debt0);
            close(poolUsd - mechanism.pool.totalDeposits, ledger.debtRepaidUsd, Math.max(poolUsd, 1));
            // Depositors' collateral is all accounted for, sold or held.
            close(
              mechanism.stats.depositorCollateralSold + mechanism.stats.depositorCollateralHeld,
              ledger.collateralToStabilityPool,
              coll0,
            );
            // The book agrees with the troves' entire balances (pending rewards included).
            for (let i = 0; i < book.count; i++) {
              expect(Number.isFinite(book.collateral[i]) && book.collateral[i] >= 0 && book.debt[i] >= 0).toBe(true);
              if (mechanism.troves.isActive(i)) {
                expect(book.collateral[i]).toBe(mechanism.troves.entireColl(i));
                expect(book.debt[i]).toBe(mechanism.troves.entireDebt(i));
              } else {
                expect(book.debt[i]).toBe(0);
              }
            }
            expect(ledger.badDebtUsd).toBe(0);
          });
          for (const h of mechanism.history) kinds.add(h.kind);
        },
      ),
      { numRuns: 200, seed: 424242 },
    );
    // The random sequences reach every branch that moves balances.
    for (const k of ['normal', 'recoveryRedistribute', 'recoveryOffset', 'recoveryCapped'])
      expect(kinds.has(k)).toBe(true);
  });
});
