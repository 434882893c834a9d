import { attribution } from '../../attribution/cascade-generations.js';
import { describe, expect, it } from 'vitest';
import { actOnCompound } from './compound-absorb.js';
import fc from 'fast-check';
import { CompoundAbsorbLiquidation } from '../../protocol/mechanisms/compound-absorb.js';
import type { CollateralMarket, KeeperOutcome, KeeperTurn } from './turn.js';
import type { KeeperSettings } from '../keeper.js';
import { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { AccountBook } from '../../protocol/lending/account-book.js';
import { PushOracle } from '../../oracle/push-oracle.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { GenerationSales } from '../../attribution/cascade-generations.js';
import { RealizedVolatility } from '../../liquidation/realized-volatility.js';
import { CircuitBreaker, type CircuitBreakerSettings } from '../../liquidation/circuit-breaker.js';

interface Options {
  fundUsd?: number;
  targetReserves?: number;
  liquidationFactor?: number;
  storeFrontPriceFactor?: number;
  breaker?: CircuitBreakerSettings;
}

/**
 * A Comet market on ETH/USDC: accounts [collateral ETH, debt USDC], liquidateCollateralFactor (the
 * protocol's threshold) 0.85, the oracle reading one off-chain market so deep (1e15 USD per 1%) and so
 * resilient (impact gone every block) that its price is the oracle price: proceeds = units·price.
 */
function setup(accounts: [number, number][], options: Options = {}) {
  const price = 2000;
  const venue = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USDC',
    fundamental: price,
    depthUsdPer1Pct: 1e15,
    impact: 'linear',
    resilienceHalfLifeSeconds: 0,
  });
  const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0, heartbeatSeconds: 3600, delayBlocks: 0 }, [
    venue,
  ]);
  oracle.start(price);
  const book = new AccountBook(accounts.length);
  accounts.forEach(([collateral, debt], i) => {
    book.collateral[i] = collateral;
    book.debt[i] = debt;
  });
  const fund = new InsuranceFund(options.fundUsd ?? 5000);
  const sales = new GenerationSales(600);
  const protocol = new LendingProtocol(
    {
      id: 'comet',
      collateral: 'ETH',
      debt: 'USDC',
      liquidationThreshold: 0.85,
      thresholdTiers: [],
      badDebtBearer: 'insurance-fund',
      feesToInsurance: 1,
      topUpBelowHealth: 1,
    },
    {
      attribution,
      book,
      oracle,
      debtPrice: 1,
      fund,
      sales,
      volatility: new RealizedVolatility(0, 300, 12),
      breaker: new CircuitBreaker('comet', options.breaker ?? { windowBlocks: 1, pauseBlocks: 0 }),
    },
  );
  const mechanism = new CompoundAbsorbLiquidation(protocol, {
    type: 'compound-v3',
    liquidationFactor: options.liquidationFactor ?? 0.93,
    storeFrontPriceFactor: options.storeFrontPriceFactor ?? 0.6,
    targetReserves: options.targetReserves ?? 1e6,
  });
  protocol.attach(mechanism);
  protocol.start();
  protocol.refresh(0);
  let block = 0;
  const moveTo = (p: number) => {
    block += 1;
    venue.advance(p, 12);
    oracle.onBlock(block, block * 12, p);
    protocol.refresh(block, block * 12);
    mechanism.onBlock();
  };
  const market: CollateralMarket = { venues: [venue], sales };
  return { protocol, mechanism, book, fund, sales, market, moveTo };
}

/** A keeper's turn with `capitalUsd`, `gasUsd` per call, `minProfitUsd`, `latencyBlocks` and `calls`; outcomes are
 * collected. */
function keeper(
  options: { capitalUsd?: number; gasUsd?: number; minProfitUsd?: number; latencyBlocks?: number; calls?: number } = {},
) {
  const outcomes: KeeperOutcome[] = [];
  const settings: KeeperSettings = {
    id: 'k',
    capitalUsd: options.capitalUsd ?? 1e9,
    gasUnits: 0,
    latencyBlocks: options.latencyBlocks ?? 0,
    minProfitUsd: options.minProfitUsd ?? 0,
    priorityFeeGwei: 0,
    maxLiquidationsPerBlock: options.calls ?? 100,
    auctionBidding: 'value',
  };
  const turn: KeeperTurn = {
    settings,
    gasUsd: options.gasUsd ?? 0,
    capitalLeft: settings.capitalUsd,
    actionsLeft: settings.maxLiquidationsPerBlock,
    record: (outcome) => outcomes.push(outcome),
  };
  return { turn, outcomes };
}

describe('Compound v3 absorb', () => {
  it('absorbs an account with a shortfall: reserves fall by the whole debt, the fund waits for the sale', () => {
    // 1 ETH against 1,800 USDC; at 1,500: 1·1,500·0.85 = 1,275 < 1,800, liquidatable.
    // Credited 1·1,500·0.93 = 1,395 < 1,800: no surplus, shortfall 405. Comet's reserves pay the debt: 5,000 → 3,200.
    const { protocol, mechanism, book, fund, market, moveTo } = setup([[1, 1800]]);
    moveTo(1500);
    const { turn, outcomes } = keeper({ capitalUsd: 0, gasUsd: 7 });
    actOnCompound(mechanism, turn, market);
    expect(book.collateral[0]).toBe(0);
    expect(book.debt[0]).toBe(0);
    expect(mechanism.totals.creditedUsd).toBe(1395);
    expect(mechanism.totals.shortfallUsd).toBe(405);
    expect(mechanism.totals.surplusCreditedUsd).toBe(0);
    expect(mechanism.reservesUsd()).toBe(3200);
    // The ledger holds the debt and the ETH as pending; the fund has not moved; nothing is bad debt yet.
    expect(mechanism.debtPending()).toBe(1800);
    expect(mechanism.collateralPending()).toBe(1);
    expect(fund.balanceUsd()).toBe(5000);
    expect(protocol.ledger.badDebtUsd).toBe(0);
    expect(protocol.ledger.liquidations).toBe(1);
    // One absorb call: gas only, no collateral for the absorber.
    expect(outcomes).toEqual([
      { collateral: 0, proceedsUsd: 0, costUsd: 0, preTradeValueUsd: 0, gasUsd: 7, liquidation: true },
    ]);
  });

  it('sells the absorbed collateral at the store front; what it fetches below the debt is bad debt paid by the fund', () => {
    // Discount 0.6·(1 − 0.93) = 0.042: 1 ETH at 1,500 costs 1,500·0.958 = 1,437. Reserves 3,200 → 4,637.
    // The 1,437 repays absorbed debt; 1,800 − 1,437 = 363 is unpaid once no ETH is left: bad debt, covered by
    // the fund: 5,000 − 363 = 4,637, equal to Comet's reserves. The buyer resells at 1,500: profit 63 − gas 5.
    const { protocol, mechanism, fund, market, moveTo } = setup([[1, 1800]]);
    moveTo(1500);
    actOnCompound(mechanism, keeper({ capitalUsd: 0 }).turn, market);
    const { turn, outcomes } = keeper({ gasUsd: 5 });
    actOnCompound(mechanism, turn, market);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].collateral).toBeCloseTo(1, 12);
    expect(outcomes[0].costUsd).toBeCloseTo(1437, 9);
    expect(outcomes[0].proceedsUsd).toBeCloseTo(1500, 6);
    expect(outcomes[0].liquidation).toBe(false);
    expect(turn.capitalLeft).toBeCloseTo(1e9 - 1437, 3);
    expect(mechanism.reservesUsd()).toBeCloseTo(4637, 9);
    expect(protocol.ledger.debtRepaidUsd).toBeCloseTo(1437, 9);
    expect(protocol.ledger.badDebtUsd).toBeCloseTo(363, 9);
    expect(fund.usedUsd).toBeCloseTo(363, 9);
    expect(fund.balanceUsd()).toBeCloseTo(4637, 9);
    expect(protocol.ledger.collateralToLiquidators).toBeCloseTo(1, 12);
    expect(mechanism.debtPending()).toBe(0);
    expect(mechanism.collateralPending()).toBeLessThan(1e-12);
  });

  it('owes the owner the credit above the debt, paid out of the buyer’s payment; the rest is penalty income', () => {
    // 1 ETH against 1,000; at 1,150: 977.5 < 1,000, liquidatable. Credited 1,150·0.93 = 1,069.5: surplus 69.5.
    // Reserves 5,000 − (1,000 + 69.5) = 3,930.5. Store front 1,150·0.958 = 1,101.7: 1,000 repays the debt,
    // 69.5 pays the owner, 32.2 is penalty income; fund 5,000 + 32.2 = 5,032.2 = reserves 3,930.5 + 1,101.7.
    const { protocol, mechanism, fund, market, moveTo } = setup([[1, 1000]]);
    moveTo(1150);
    actOnCompound(mechanism, keeper({ capitalUsd: 0 }).turn, market);
    expect(mechanism.totals.surplusCreditedUsd).toBeCloseTo(69.5, 9);
    expect(mechanism.surplusOwedUsd()).toBeCloseTo(69.5, 9);
    expect(mechanism.reservesUsd()).toBeCloseTo(3930.5, 9);
    actOnCompound(mechanism, keeper().turn, market);
    expect(mechanism.totals.paymentsUsd).toBeCloseTo(1101.7, 9);
    expect(protocol.ledger.debtRepaidUsd).toBeCloseTo(1000, 9);
    expect(mechanism.totals.surplusPaidUsd).toBeCloseTo(69.5, 9);
    expect(mechanism.surplusOwedUsd()).toBeCloseTo(0, 9);
    expect(protocol.ledger.protocolFeesUsd).toBeCloseTo(32.2, 9);
    // The borrower lost 1 ETH at 1,150, was freed of 1,000 of debt and credited 69.5: the liquidation factor's cut,
    // 1,150·(1 − 0.93) = 80.5, set at the absorb whatever the sale later fetches.
    expect(protocol.ledger.collateralReturnedUsd).toBeCloseTo(69.5, 9);
    expect(protocol.ledger.penaltiesUsd).toBeCloseTo(1150 * (1 - 0.93), 9);
    expect(fund.balanceUsd()).toBeCloseTo(5032.2, 9);
    expect(mechanism.reservesUsd()).toBeCloseTo(5032.2, 9);
    expect(protocol.ledger.badDebtUsd).toBe(0);
  });

  it('pays the owner’s surplus out of the fund when the collateral sells for less than debt + surplus', () => {
    // As above, but ETH falls to 1,000 before the sale: 1 ETH fetches 1,000·0.958 = 958 < 1,000 of debt.
    // Bad debt 1,000 − 958 = 42 (fund pays); the owner's 69.5 is paid by the fund too: 5,000 − 42 − 69.5 = 4,888.5,
    // which is Comet's reserves 3,930.5 + 958.
    const { protocol, mechanism, fund, market, moveTo } = setup([[1, 1000]]);
    moveTo(1150);
    actOnCompound(mechanism, keeper({ capitalUsd: 0 }).turn, market);
    moveTo(1000);
    actOnCompound(mechanism, keeper().turn, market);
    expect(protocol.ledger.badDebtUsd).toBeCloseTo(42, 9);
    expect(mechanism.totals.surplusPaidFromFundUsd).toBeCloseTo(69.5, 9);
    expect(fund.withdrawnUsd).toBeCloseTo(69.5, 9);
    expect(fund.balanceUsd()).toBeCloseTo(4888.5, 9);
    expect(mechanism.reservesUsd()).toBeCloseTo(4888.5, 9);
    // The borrower's loss was fixed at the absorb (1,150·0.07); the later fall is the protocol's, as bad debt.
    expect(protocol.ledger.penaltiesUsd).toBeCloseTo(80.5, 9);
    expect(protocol.ledger.protocolFeesUsd).toBe(0);
  });

  it('quotes the store-front price price·(1 − storeFrontPriceFactor·(1 − liquidationFactor))', () => {
    // storeFront 0.5, LF 0.9: discount 0.05; at 1,600 the unit price is 1,520. A keeper with 760 USD buys 0.5 ETH.
    const { mechanism, market, moveTo } = setup([[1, 1500]], { storeFrontPriceFactor: 0.5, liquidationFactor: 0.9 });
    moveTo(1600);
    expect(mechanism.storeFrontPriceUsd()).toBeCloseTo(1520, 9);
    actOnCompound(mechanism, keeper({ capitalUsd: 0 }).turn, market);
    const buyer = keeper({ capitalUsd: 760 });
    actOnCompound(mechanism, buyer.turn, market);
    expect(buyer.outcomes).toHaveLength(1);
    expect(buyer.outcomes[0].costUsd).toBeCloseTo(760, 9);
    expect(buyer.outcomes[0].collateral).toBeCloseTo(0.5, 12);
    expect(mechanism.collateralPending()).toBeCloseTo(0.5, 12);
  });

  it('sells nothing while reserves are at or above target, and opens the store front once absorbs bring them below', () => {
    // Fund 5,000, target 3,000. Absorbing 1,800 of debt (1 ETH at 1,500, credited 1,395): reserves 3,200 ≥ 3,000:
    // closed.
    const { protocol, mechanism, market, moveTo } = setup(
      [
        [1, 1800],
        [0.5, 900],
      ],
      { targetReserves: 3000 },
    );
    moveTo(1500);
    const first = keeper({ calls: 1 });
    actOnCompound(mechanism, first.turn, market);
    expect(mechanism.reservesUsd()).toBe(3200);
    expect(mechanism.isForSale()).toBe(false);
    const idle = keeper();
    // The second account (0.5 ETH, 900 > 637.5) is absorbed by this keeper: reserves 3,200 − 900 = 2,300 < 3,000: open.
    // Before that absorb the sale was closed; after it the keeper buys all 1.5 ETH for 1.5·1,437 = 2,155.5.
    actOnCompound(mechanism, idle.turn, market);
    expect(idle.outcomes.map((o) => o.liquidation)).toEqual([true, false]);
    expect(idle.outcomes[1].costUsd).toBeCloseTo(2155.5, 9);
    expect(mechanism.reservesUsd()).toBeCloseTo(2300 + 2155.5, 9);
    expect(mechanism.isForSale()).toBe(false);
    // Debt 2,700 against 2,155.5 of payments: 544.5 of bad debt once the ETH is gone.
    expect(protocol.ledger.badDebtUsd).toBeCloseTo(544.5, 9);
  });

  it('refuses to sell when reserves start at target: collateral and debt stay pending, no bad debt', () => {
    const { protocol, mechanism, market, moveTo } = setup([[1, 1800]], { fundUsd: 10_000, targetReserves: 5000 });
    moveTo(1500);
    const k = keeper();
    actOnCompound(mechanism, k.turn, market);
    // Reserves 10,000 − 1,800 = 8,200 ≥ 5,000: only the absorb happened.
    expect(k.outcomes.map((o) => o.liquidation)).toEqual([true]);
    expect(mechanism.collateralPending()).toBe(1);
    expect(mechanism.debtPending()).toBe(1800);
    expect(protocol.ledger.badDebtUsd).toBe(0);
  });

  it('buys only when the discount pays for gas and the minimum profit (constant-price deep venue)', () => {
    // 1 ETH held at 1,500: buying it all costs 1,437 and resells for 1,500, gross profit 63. With minProfit 10,
    // the keeper buys iff 63 − gas > 10, i.e. gas < 53.
    const run = (gasUsd: number) => {
      const { mechanism, market, moveTo } = setup([[1, 1800]]);
      moveTo(1500);
      actOnCompound(mechanism, keeper({ capitalUsd: 0 }).turn, market);
      const k = keeper({ gasUsd, minProfitUsd: 10 });
      actOnCompound(mechanism, k.turn, market);
      return { bought: k.outcomes.filter((o) => !o.liquidation).length, pending: mechanism.collateralPending() };
    };
    expect(run(52.5)).toEqual({ bought: 1, pending: expect.closeTo(0, 12) });
    expect(run(53.5)).toEqual({ bought: 0, pending: 1 });
  });

  it('sizes a purchase by capital: 500 USD buys 500/1,437 ETH for a profit of 500·(1,500/1,437 − 1)', () => {
    const { mechanism, market, moveTo } = setup([[1, 1800]]);
    moveTo(1500);
    actOnCompound(mechanism, keeper({ capitalUsd: 0 }).turn, market);
    const k = keeper({ capitalUsd: 500 });
    actOnCompound(mechanism, k.turn, market);
    expect(k.outcomes[0].collateral).toBeCloseTo(500 / 1437, 12);
    expect(k.outcomes[0].proceedsUsd - k.outcomes[0].costUsd).toBeCloseTo(500 * (1500 / 1437 - 1), 6);
    expect(k.turn.capitalLeft).toBeCloseTo(0, 9);
    // ETH is still held, so the 1,800 − 500 of unpaid debt is pending, not bad debt.
    expect(mechanism.debtPending()).toBeCloseTo(1300, 9);
  });

  it('waits for the keeper’s latency and skips absorbs beyond the circuit breaker’s per-block allowance', () => {
    // Two accounts, 1 ETH / 1,800 and 1 ETH / 1,700, both unsafe at 1,500 (1,275 < debt). Cap 2,000 USD per block:
    // the first absorb seizes 1,500, leaving 500 < 1,500, so the second waits for the next block.
    const { protocol, mechanism, book, market, moveTo } = setup(
      [
        [1, 1800],
        [1, 1700],
      ],
      { breaker: { windowBlocks: 1, pauseBlocks: 0, maxLiquidatedUsdPerBlock: 2000 } },
    );
    moveTo(1500);
    const slow = keeper({ latencyBlocks: 2, capitalUsd: 0 });
    actOnCompound(mechanism, slow.turn, market);
    expect(slow.outcomes).toHaveLength(0);
    const fast = keeper({ capitalUsd: 0 });
    actOnCompound(mechanism, fast.turn, market);
    expect(Array.from(book.debt)).toEqual([0, 1700]);
    moveTo(1500);
    actOnCompound(mechanism, keeper({ capitalUsd: 0 }).turn, market);
    expect(Array.from(book.debt)).toEqual([0, 0]);
    expect(protocol.ledger.liquidations).toBe(2);
  });

  it('records every sale against the cascade generation of the absorbed account', () => {
    const { mechanism, sales, market, moveTo } = setup([[1, 1800]]);
    moveTo(1500);
    actOnCompound(mechanism, keeper().turn, market);
    // Generation 0: the exogenous move alone made it unsafe; all outstanding sale weight is generation 0.
    expect(sales.maxGeneration()).toBe(0);
    expect(sales.shareBelow(1)).toBe(1);
  });

  it('conserves value across random absorb and buy sequences', () => {
    const account = fc.tuple(
      fc.double({ min: 0.1, max: 10, noNaN: true }),
      fc.double({ min: 0.3, max: 1.2, noNaN: true }),
    );
    const step = fc.record({
      move: fc.double({ min: 0.85, max: 1.08, noNaN: true }),
      capitalUsd: fc.constantFrom(0, 300, 3000, 1e9),
      gasUsd: fc.constantFrom(0, 5, 50),
    });
    fc.assert(
      fc.property(
        fc.array(account, { minLength: 1, maxLength: 6 }),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        (accounts, steps, fundUsd, targetReserves) => {
          // Debt = collateral·2,000·0.85·ratio: ratio < 1 healthy at 2,000, above 1 already unsafe.
          const book = accounts.map(([c, ratio]): [number, number] => [c, c * 2000 * 0.85 * ratio]);
          const s = setup(book, { fundUsd, targetReserves });
          const initialCollateral = book.reduce((sum, [c]) => sum + c, 0);
          const initialDebt = book.reduce((sum, [, d]) => sum + d, 0);
          let charged = 0;
          let paid = 0;
          let received = 0;
          let price = 2000;
          for (const { move, capitalUsd, gasUsd } of steps) {
            // A random walk of the oracle price, −15% to +8% a block.
            price *= move;
            s.moveTo(price);
            const before = Array.from(s.book.debt);
            const badBefore = s.protocol.ledger.badDebtUsd;
            const beforeCollateral = Array.from(s.book.collateral);
            const k = keeper({ capitalUsd, gasUsd });
            actOnCompound(s.mechanism, k.turn, s.market);
            // Each absorbed account took max(debt, collateral·price·0.93) out of Comet's reserves.
            before.forEach((debt, i) => {
              if (debt > 0 && s.book.debt[i] === 0) charged += Math.max(debt, beforeCollateral[i] * price * 0.93);
            });
            for (const o of k.outcomes) {
              paid += o.costUsd;
              received += o.collateral;
            }
            const tol = 1e-9 * Math.max(1, initialDebt, fundUsd);
            // Reserves change = payments − what absorbs charged, and reserves = fund − uncovered − pending debt − owed
            // surplus.
            expect(Math.abs(s.mechanism.reservesUsd() - (fundUsd + paid - charged))).toBeLessThanOrEqual(tol);
            const reconstructed =
              s.fund.balanceUsd() - s.fund.uncoveredUsd - s.mechanism.debtPending() - s.mechanism.surplusOwedUsd();
            expect(Math.abs(s.mechanism.reservesUsd() - reconstructed)).toBeLessThanOrEqual(tol);
            // No negative balances.
            expect(s.fund.balanceUsd()).toBeGreaterThanOrEqual(0);
            expect(s.mechanism.debtPending()).toBeGreaterThanOrEqual(0);
            expect(s.mechanism.collateralPending()).toBeGreaterThanOrEqual(0);
            expect(s.mechanism.surplusOwedUsd()).toBeGreaterThanOrEqual(-tol);
            // Collateral: in accounts + sold to keepers + held = initial. Debt: in accounts + repaid + bad + pending =
            // initial.
            const inAccounts = s.book.collateral.reduce((sum, c) => sum + c, 0);
            expect(
              Math.abs(inAccounts + received + s.mechanism.collateralPending() - initialCollateral),
            ).toBeLessThanOrEqual(1e-9 * initialCollateral);
            const debtNow = s.book.debt.reduce((sum, d) => sum + d, 0);
            const { debtRepaidUsd, badDebtUsd } = s.protocol.ledger;
            expect(
              Math.abs(debtNow + debtRepaidUsd + badDebtUsd + s.mechanism.debtPending() - initialDebt),
            ).toBeLessThanOrEqual(tol);
            // Bad debt is written off only once the protocol holds no collateral, and then nothing stays pending.
            if (badDebtUsd > badBefore) {
              expect(s.mechanism.collateralPending() * price).toBeLessThanOrEqual(1e-6);
              expect(s.mechanism.debtPending()).toBe(0);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
