import { describe, expect, it } from 'vitest';
import { actOnMakerClip } from './maker-clip.js';
import { clipWorld, keeperTurn } from './maker-clip-fixture.test-helper.js';
import { expectRel } from '../../liquidation/maker-2.0/maker.test-helper.js';

/*
 * Shared numbers: ETH at 1,600, liquidation threshold 0.825 (mat 1/0.825), so spot = 1,600·0.825 = 1,320.
 * Vault A: 10 ETH, 14,000 USDC: ink·spot = 13,200 < 14,000, unsafe. Vault B: 5 ETH, 7,000: 6,600 < 7,000, unsafe.
 */
const A: [number, number] = [10, 14_000];
const B: [number, number] = [5, 7000];

describe('maker-clip bark (dss dog.sol through the mechanism)', () => {
  it('Hole limits dart, the rest stays in the vault, a full Hole stops barks; the keeper earns tip + chip·tab', () => {
    const w = clipWorld({ accounts: [A, B], rule: { chop: 1.1, holeUsd: 11_000, dustUsd: 1000 } });
    const { turn, outcomes } = keeperTurn({ gasUsd: 10 });
    actOnMakerClip(w.mechanism, turn, w.market);
    // room 11,000 → dart = 11,000/1.1 = 10,000 < 14,000; remainder 4,000 ≥ dust 1,000: partial.
    // dink = 10·10,000/14,000 = 50/7; tab = 10,000·1.1 = 11,000; incentive 300 + 0.001·11,000 = 311.
    expectRel(w.book.debt[0], 4000);
    expectRel(w.book.collateral[0], 10 - 50 / 7);
    expect(w.book.debt[1]).toBe(7000); // B: Hole full (Dirt = Hole)
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ collateral: 0, costUsd: 0, gasUsd: 10, liquidation: false });
    expectRel(outcomes[0].incentiveUsd!, 311);
    expect(turn.actionsLeft).toBe(999);
    const { ledger } = w.protocol;
    expectRel(ledger.keeperIncentivesUsd, 311);
    expect(ledger.liquidations).toBe(1);
    expectRel(ledger.collateralSeizedUsd, (50 / 7) * 1600);
    expectRel(w.mechanism.collateralPending(), 50 / 7);
    expectRel(w.mechanism.debtPending(), 10_000);
    const [auction] = w.mechanism.auctions();
    expect(auction).toMatchObject({ id: 1, account: 0, needsRedo: false });
    expectRel(auction.price, 1920); // top = 1,600·buf 1.2
    expectRel(auction.tab, 11_000);
    // A second keeper finds no room: both vaults stay unsafe (A: (20/7)·1,320 = 3,771 < 4,000).
    const second = keeperTurn();
    actOnMakerClip(w.mechanism, second.turn, w.market);
    expect(second.outcomes).toHaveLength(0);
    expect([w.protocol.isLiquidatable(0), w.protocol.isLiquidatable(1)]).toEqual([true, true]);
  });

  it('a remainder below dust takes the whole vault, overshooting Hole; a dusty partial is refused', () => {
    const whole = clipWorld({ accounts: [A, B], rule: { chop: 1.1, holeUsd: 11_000, dustUsd: 5000 } });
    const k = keeperTurn();
    actOnMakerClip(whole.mechanism, k.turn, whole.market);
    // dart 10,000 would leave 4,000 < dust 5,000 → dart = 14,000, tab 15,400 > Hole 11,000 (dss accepts).
    expect(whole.book.debt[0]).toBe(0);
    expect(whole.book.collateral[0]).toBe(0);
    expectRel(whole.mechanism.dog.Dirt, 15_400);
    expectRel(k.outcomes[0].incentiveUsd!, 315.4); // 300 + 0.001·15,400
    expect(whole.book.debt[1]).toBe(7000);

    // hole 1,100 → dart 1,000 (A: remainder 13,000, B: 6,000, both ≥ dust 2,000) but 1,000 < dust: dss refuses.
    const dusty = clipWorld({ accounts: [A, B], rule: { chop: 1.1, holeUsd: 1100, dustUsd: 2000 } });
    const d = keeperTurn();
    actOnMakerClip(dusty.mechanism, d.turn, dusty.market);
    expect(d.outcomes).toHaveLength(0);
    expect(dusty.protocol.ledger.liquidations).toBe(0);
  });

  it('the circuit breaker caps the collateral value a bark seizes in a block', () => {
    const w = clipWorld({ accounts: [A, B], rule: { chop: 1.1, dustUsd: 1000 }, maxLiquidatedUsdPerBlock: 9600 });
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    // Block 0: dink·1,600 ≤ 9,600 → dink 6 of A, dart = 14,000·6/10 = 8,400 (remainder 5,600 ≥ dust); B gets nothing.
    expectRel(w.book.collateral[0], 4);
    expectRel(w.book.debt[0], 5600);
    expect(w.book.debt[1]).toBe(7000);
    expectRel(w.protocol.ledger.collateralSeizedUsd, 9600);
    // Block 1: B (7,000) before A (5,600): B whole, 5 ETH = 8,000; 1,600 left → 1 ETH of A, dart 1,400 ≥ dust.
    w.at(1, 12);
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    expect(w.book.debt[1]).toBe(0);
    expectRel(w.book.collateral[0], 3);
    expectRel(w.book.debt[0], 4200);
    expectRel(w.protocol.ledger.collateralSeizedUsd, 19_200);
    expectRel(w.mechanism.debtPending(), 8400 + 7000 + 1400);
  });

  it('a keeper barks after its latency, when the incentive covers gas, largest debt first within its calls', () => {
    const late = clipWorld({ accounts: [A] });
    for (const [block, barks] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      late.at(block, block * 12);
      const k = keeperTurn({ latencyBlocks: 2 });
      actOnMakerClip(late.mechanism, k.turn, late.market);
      expect(k.outcomes).toHaveLength(barks); // unsafe since block 0: acts from block 0 + 2
    }

    // tip 0: incentive = 0.001·14,000·1.1 = 15.4 USD.
    const cheap = clipWorld({ accounts: [A], rule: { chop: 1.1, tipUsd: 0 } });
    const expensive = keeperTurn({ gasUsd: 15.5 });
    actOnMakerClip(cheap.mechanism, expensive.turn, cheap.market);
    expect(expensive.outcomes).toHaveLength(0);
    const affordable = keeperTurn({ gasUsd: 15.4 });
    actOnMakerClip(cheap.mechanism, affordable.turn, cheap.market);
    expect(affordable.outcomes).toHaveLength(1);

    const two = clipWorld({ accounts: [B, A] });
    const one = keeperTurn({ actions: 1 });
    actOnMakerClip(two.mechanism, one.turn, two.market);
    expect(one.turn.actionsLeft).toBe(0);
    expect(two.book.debt[1]).toBe(0); // A, the larger debt
    expect(two.book.debt[0]).toBe(7000);
  });
});

describe('maker-clip auction price through the mechanism (dss abaci.sol)', () => {
  it('follows the linear, stairstep and exponential curves from top = oracle·buf', () => {
    // top = 1,600·1.25 = 2,000, kicked at t = 1,000 s; read 900 s later.
    const cases = [
      { curve: { kind: 'linear', tauSeconds: 3600 } as const, expected: 1500 }, // 2,000·(3,600 − 900)/3,600
      { curve: { kind: 'stairstep', cut: 0.9, stepSeconds: 300 } as const, expected: 1458 }, // 2,000·0.9^3
      { curve: { kind: 'exponential', cut: 0.5 ** (1 / 900) } as const, expected: 1000 }, // 2,000·(0.5^(1/900))^900
    ];
    for (const { curve, expected } of cases) {
      const w = clipWorld({ accounts: [A], rule: { buf: 1.25, curve } });
      w.at(1, 1000);
      actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
      expectRel(w.mechanism.auctions()[0].price, 2000);
      w.at(2, 1299);
      // stairstep: floor(299/300) = 0 steps, still 2,000
      if (curve.kind === 'stairstep') expectRel(w.mechanism.auctions()[0].price, 2000);
      w.at(3, 1900);
      const [auction] = w.mechanism.auctions();
      expectRel(auction.price, expected, 1e-12);
      expect(auction.needsRedo).toBe(false); // price/top ≥ cusp 0.4, 900 s ≤ tail
    }
  });
});

/**
 * Take fixtures: chop 1.1, dust 0, buf 1, linear tau 1,600 s → top 1,600 and price(t) = 1,600 − t.
 * Vault A is barked at t = 0: tab = 14,000·1.1 = 15,400, lot 10. The venue pays 1,600 per ETH (no fee).
 */
function barkedA(options: { dustUsd?: number; fundUsd?: number } = {}) {
  const w = clipWorld({
    accounts: [A],
    fundUsd: options.fundUsd,
    rule: { chop: 1.1, dustUsd: options.dustUsd ?? 0, buf: 1, curve: { kind: 'linear', tauSeconds: 1600 } },
  });
  actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
  return w;
}

describe('maker-clip take (dss clip.sol through the mechanism)', () => {
  it('a take that raises tab pays principal then penalty and returns the leftover lot to the owner', () => {
    const w = barkedA();
    w.at(1, 50); // price 1,550
    const { turn, outcomes } = keeperTurn({ gasUsd: 10 });
    actOnMakerClip(w.mechanism, turn, w.market);
    // Profit s·(1,600 − 1,550) rises with s: the most the Clipper sells is tab/price = 15,400/1,550 < lot 10.
    // owe = 15,400 = principal 14,000 + penalty 1,400; leftover 10 − 15,400/1,550 = 100/1,550 ETH to the owner.
    const slice = 15_400 / 1550;
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ gasUsd: 10, liquidation: true });
    expectRel(outcomes[0].costUsd, 15_400);
    expectRel(outcomes[0].collateral, slice);
    expectRel(outcomes[0].proceedsUsd, slice * 1600, 1e-9);
    expectRel(outcomes[0].preTradeValueUsd, slice * 1600);
    expectRel(turn.capitalLeft, 1e9 - 15_400);
    const { ledger } = w.protocol;
    expectRel(ledger.debtRepaidUsd, 14_000);
    expectRel(ledger.protocolFeesUsd, 1400); // the chop: the Vow's income
    expectRel(ledger.collateralToLiquidators, slice);
    expectRel(ledger.collateralReturned, 100 / 1550);
    // Returned collateral is valued at the oracle when barked (1,600). The borrower lost 10 ETH at 1,600 − 14,000 of
    // debt − the leftover back: 2,000 − 103.23 = 1,896.77 = chop 1,400 + the slice bought below the bark price.
    expectRel(ledger.collateralReturnedUsd, (100 / 1550) * 1600);
    expectRel(ledger.penaltiesUsd, 16_000 - 14_000 - (100 / 1550) * 1600);
    expectRel(ledger.penaltiesUsd, 1400 + slice * (1600 - 1550), 1e-9);
    expect(ledger.badDebtUsd).toBe(0);
    expect(w.mechanism.auctions()).toEqual([]);
    expect(w.mechanism.collateralPending()).toBe(0);
    expect(w.mechanism.debtPending()).toBe(0);
    expect(w.mechanism.dog.Dirt).toBeLessThan(1e-9);
    expect(w.sales.maxGeneration()).toBeGreaterThanOrEqual(0); // the sale was attributed to a generation
  });

  it('a take that exhausts the lot before tab leaves the unpaid principal as bad debt', () => {
    const w = barkedA({ fundUsd: 500 });
    w.at(1, 400); // price 1,200: 10·1,200 = 12,000 < tab 15,400, so the whole lot goes for 12,000
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    const { ledger } = w.protocol;
    expectRel(ledger.collateralToLiquidators, 10);
    expectRel(ledger.debtRepaidUsd, 12_000);
    expectRel(ledger.badDebtUsd, 2000); // principal 14,000 − 12,000
    expect(ledger.protocolFeesUsd).toBe(0); // no chop raised
    // The borrower lost 10 ETH at the bark price 1,600 and was freed of 14,000 of debt (12,000 repaid + 2,000 written
    // off).
    expectRel(ledger.penaltiesUsd, 16_000 - 14_000);
    expect(w.fund.usedUsd).toBe(500);
    expectRel(w.fund.uncoveredUsd, 1500);
    expect(ledger.collateralReturned).toBe(0);
    expect(w.mechanism.debtPending()).toBe(0);
    expect(w.mechanism.dog.Dirt).toBeLessThan(1e-9); // digs(tab + owe) = 3,400 + 12,000
  });

  it('keeper capital limits the slice; a later keeper takes the rest', () => {
    const w = barkedA();
    w.at(1, 50); // price 1,550
    const poor = keeperTurn({ capitalUsd: 5000 });
    actOnMakerClip(w.mechanism, poor.turn, w.market);
    // slice = 5,000/1,550; owe 5,000 (all principal); tab 10,400, principal 9,000 left.
    expectRel(poor.outcomes[0].collateral, 5000 / 1550);
    expect(poor.turn.capitalLeft).toBeCloseTo(0, 9);
    const [left] = w.mechanism.auctions();
    expectRel(left.tab, 10_400);
    expectRel(left.lot, 10 - 5000 / 1550);
    expectRel(w.mechanism.debtPending(), 9000);
    // While the auction runs, its whole lot counts as taken: 16,000 − 14,000.
    expectRel(w.protocol.ledger.penaltiesUsd, 2000);
    expect(w.protocol.ledger.protocolFeesUsd).toBe(0);
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    // The rest: owe 10,400 = principal 9,000 + chop 1,400; leftover 10 − 15,400/1,550 as before, valued at 1,600.
    expectRel(w.protocol.ledger.protocolFeesUsd, 1400, 1e-9);
    expectRel(w.protocol.ledger.collateralReturned, 100 / 1550, 1e-9);
    expectRel(w.protocol.ledger.penaltiesUsd, 2000 - (100 / 1550) * 1600, 1e-9);
  });

  it('a partial take never leaves less than chost = dust·chop of tab', () => {
    const w = barkedA({ dustUsd: 2000 });
    w.at(1, 50); // price 1,550; chost = 2,000·1.1 = 2,200
    const k = keeperTurn({ capitalUsd: 14_000 });
    actOnMakerClip(w.mechanism, k.turn, w.market);
    // Ending the auction costs 15,400 > capital 14,000; a partial may pay at most 15,400 − 2,200 = 13,200.
    expectRel(k.outcomes[0].costUsd, 13_200);
    expectRel(w.mechanism.auctions()[0].tab, 2200);
  });

  it('waits while price + venue fee + gas leave no profit, and takes once the price has fallen enough', () => {
    // Linear tau 16,000 s from top 1,600: price(t) = 1,600 − t/10. Venue fee 50 bps: a sale pays 1,592 per ETH.
    // Profit of the best slice tab/price: 15,400·(1,592/price − 1); with gas 20 and minProfit 30 it must exceed 50:
    // price* = 1,592·15,400/15,450, t* = 10·(1,600 − price*) ≈ 131.5 s.
    const w = clipWorld({
      accounts: [A],
      feeBps: 50,
      rule: { chop: 1.1, buf: 1, curve: { kind: 'linear', tauSeconds: 16_000 } },
    });
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    const priceStar = (1592 * 15_400) / 15_450;
    const tStar = 10 * (1600 - priceStar);
    expect(tStar).toBeGreaterThan(131);
    expect(tStar).toBeLessThan(132);
    w.at(1, Math.floor(tStar));
    const early = keeperTurn({ gasUsd: 20, minProfitUsd: 30 });
    actOnMakerClip(w.mechanism, early.turn, w.market);
    expect(early.outcomes).toHaveLength(0);
    w.at(2, Math.ceil(tStar));
    const late = keeperTurn({ gasUsd: 20, minProfitUsd: 30 });
    actOnMakerClip(w.mechanism, late.turn, w.market);
    expect(late.outcomes).toHaveLength(1);
    const price = 1600 - Math.ceil(tStar) / 10;
    expectRel(late.outcomes[0].proceedsUsd - late.outcomes[0].costUsd, 15_400 * (1592 / price - 1), 1e-9);
  });
});

describe('maker-clip redo (dss clip.sol through the mechanism)', () => {
  it('resets an auction older than tail at the new oracle price·buf, paying tip + chip·tab', () => {
    // buf 1.1: top 1,760; tail 1,000 s; linear tau 100,000 s keeps the price above the venue's 1,600.
    const w = clipWorld({
      accounts: [A],
      rule: { chop: 1.1, buf: 1.1, tailSeconds: 1000, curve: { kind: 'linear', tauSeconds: 100_000 } },
    });
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    w.at(1, 1000); // elapsed = tail: no reset yet; price 1,760·0.99 = 1,742.4 > 1,600: no take
    const before = keeperTurn();
    actOnMakerClip(w.mechanism, before.turn, w.market);
    expect(before.outcomes).toHaveLength(0);
    w.at(2, 1001, 1500); // elapsed > tail; oracle now 1,500
    const k = keeperTurn();
    actOnMakerClip(w.mechanism, k.turn, w.market);
    expect(k.outcomes).toHaveLength(1);
    expectRel(k.outcomes[0].incentiveUsd!, 315.4); // 300 + 0.001·15,400
    expect(k.outcomes[0].liquidation).toBe(false);
    const [auction] = w.mechanism.auctions();
    expectRel(auction.price, 1650); // 1,500·1.1
    expect(auction.needsRedo).toBe(false);
    expectRel(w.protocol.ledger.keeperIncentivesUsd, 630.8); // kick + redo
  });

  it('resets one whose price fell below cusp·top, only when the incentive covers gas', () => {
    // stairstep 0.5 per 60 s from 1,760: at 120 s, 440/1,760 = 0.25 < cusp 0.4.
    const w = clipWorld({
      accounts: [A],
      rule: { chop: 1.1, buf: 1.1, curve: { kind: 'stairstep', cut: 0.5, stepSeconds: 60 } },
    });
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    w.at(1, 120);
    const costly = keeperTurn({ gasUsd: 316 }); // incentive 315.4 < gas
    actOnMakerClip(w.mechanism, costly.turn, w.market);
    expect(costly.outcomes).toHaveLength(0);
    expect(w.mechanism.auctions()[0].needsRedo).toBe(true);
    const k = keeperTurn({ gasUsd: 315.4 });
    actOnMakerClip(w.mechanism, k.turn, w.market);
    expectRel(k.outcomes[0].incentiveUsd!, 315.4);
    expectRel(w.mechanism.auctions()[0].price, 1760);
  });

  it('pays nothing for resetting an auction whose tab is below chost', () => {
    // dust 20,000 → chost 22,000 > tab 15,400 (the bark still takes the whole vault: dss checks dust on partials only).
    const w = clipWorld({ accounts: [A], rule: { chop: 1.1, dustUsd: 20_000, buf: 1.1, tailSeconds: 100 } });
    actOnMakerClip(w.mechanism, keeperTurn().turn, w.market);
    w.at(1, 101);
    const paid = keeperTurn({ gasUsd: 1 });
    actOnMakerClip(w.mechanism, paid.turn, w.market);
    expect(paid.outcomes).toHaveLength(0);
    const free = keeperTurn({ gasUsd: 0 });
    actOnMakerClip(w.mechanism, free.turn, w.market);
    expect(free.outcomes[0].incentiveUsd).toBe(0);
    expect(w.mechanism.auctions()[0].needsRedo).toBe(false);
  });
});
