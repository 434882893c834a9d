import { attribution } from '../../attribution/cascade-generations.js';
import { describe, expect, it } from 'vitest';
import { actOnMakerFlip } from './maker-flip.js';
import { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { AccountBook } from '../../protocol/lending/account-book.js';
import { PushOracle } from '../../oracle/push-oracle.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { GenerationSales } from '../../attribution/cascade-generations.js';
import { RealizedVolatility } from '../../liquidation/realized-volatility.js';
import { CircuitBreaker } from '../../liquidation/circuit-breaker.js';
import type { Venue } from '../../market/venues/venue.js';
import type { KeeperSettings } from '../keeper.js';
import { ONE_RAD } from '../../liquidation/maker-1.2/flipper.js';
import { MakerFlipLiquidation } from '../../protocol/mechanisms/maker-flip.js';
import type { KeeperOutcome, KeeperTurn } from './turn.js';

/** A venue that buys any amount at one price: sale proceeds are exactly amount·price, so bids can be derived by hand.
 * */
class FixedPriceVenue implements Venue {
  readonly id = 'fixed';
  readonly base = 'ETH';
  readonly quote = 'USDC';
  sold = 0;
  constructor(public price: number) {}
  mid(): number {
    return this.price;
  }
  quoteSell(baseIn: number): number {
    return baseIn * this.price;
  }
  quoteBuy(quoteIn: number): number {
    return quoteIn / this.price;
  }
  sell(baseIn: number): number {
    this.sold += baseIn;
    return baseIn * this.price;
  }
  buy(quoteIn: number): number {
    return quoteIn / this.price;
  }
  depthUsdPer1Pct(): number {
    return 1e15;
  }
}

type FlipSettings = ConstructorParameters<typeof MakerFlipLiquidation>[1];

const ORACLE_PRICE = 1800;
const BLOCK_SECONDS = 12;
const RULE: FlipSettings = {
  type: 'maker-flip',
  chop: 1.13,
  dunkUsd: 1e9,
  boxUsd: 1e12,
  dustUsd: 0,
  beg: 1.05,
  ttlSeconds: 600,
  tauSeconds: 3600,
};

/**
 * One protocol (LT 0.825, oracle fixed at 1,800) over `accounts` [ETH, USDC debt] with the Flipper mechanism,
 * and a fixed-price venue keepers sell on. `block(b)` runs step 5 of block b (refresh + onBlock).
 */
function setup(
  accounts: [number, number][],
  rule: Partial<FlipSettings> = {},
  options: { fundUsd?: number; maxSeizedUsdPerBlock?: number } = {},
) {
  const source = new OffchainMarket({
    id: 'src',
    base: 'ETH',
    quote: 'USDC',
    fundamental: ORACLE_PRICE,
    depthUsdPer1Pct: 1e12,
    impact: 'linear',
    resilienceHalfLifeSeconds: 0,
  });
  const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0, heartbeatSeconds: 3600, delayBlocks: 0 }, [
    source,
  ]);
  oracle.start(ORACLE_PRICE);
  const book = new AccountBook(accounts.length);
  accounts.forEach(([collateral, debt], i) => {
    book.collateral[i] = collateral;
    book.debt[i] = debt;
  });
  const breaker = new CircuitBreaker('flip', {
    windowBlocks: 1,
    pauseBlocks: 0,
    maxLiquidatedUsdPerBlock: options.maxSeizedUsdPerBlock,
  });
  const fund = new InsuranceFund(options.fundUsd ?? 0);
  const protocol = new LendingProtocol(
    {
      id: 'flip',
      collateral: 'ETH',
      debt: 'USDC',
      liquidationThreshold: 0.825,
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
      sales: new GenerationSales(600),
      volatility: new RealizedVolatility(0, 300, BLOCK_SECONDS),
      breaker,
    },
  );
  const mechanism = new MakerFlipLiquidation(protocol, { ...RULE, ...rule });
  protocol.attach(mechanism);
  protocol.start();
  const venue = new FixedPriceVenue(2000);
  const market = { venues: [venue], sales: new GenerationSales(600) };
  const block = (b: number) => {
    source.advance(ORACLE_PRICE, BLOCK_SECONDS);
    oracle.onBlock(b, b * BLOCK_SECONDS, ORACLE_PRICE);
    protocol.refresh(b, b * BLOCK_SECONDS);
    mechanism.onBlock();
  };
  /** One keeper transaction: gas 100 USD per call unless told. */
  const act = (keeper: Partial<KeeperSettings> & { id: string }, gasUsd = 100) => {
    const settings: KeeperSettings = {
      capitalUsd: 1e6,
      gasUnits: 0,
      latencyBlocks: 0,
      minProfitUsd: 0,
      priorityFeeGwei: 0,
      maxLiquidationsPerBlock: 100,
      auctionBidding: 'value',
      ...keeper,
    };
    const outcomes: KeeperOutcome[] = [];
    const turn: KeeperTurn = {
      settings,
      gasUsd,
      capitalLeft: settings.capitalUsd,
      actionsLeft: settings.maxLiquidationsPerBlock,
      record: (o) => outcomes.push(o),
    };
    actOnMakerFlip(mechanism, turn, market);
    return { turn, outcomes };
  };
  block(0);
  return { protocol, book, fund, mechanism, venue, block, act, flipper: mechanism.flipper };
}

/** A keeper that bites but never bids (its minimum profit exceeds any lot's value). */
const BITER = { id: 'biter', minProfitUsd: 1e12 };

describe('Maker Liquidations 1.2 (Cat + Flipper) mechanism', () => {
  it('bite: dunk caps the tab, box − litter caps the next bite, dust refuses a small room, a small vault is taken whole', () => {
    // 10 ETH, 15,000 debt at 1,800·0.825: 14,850 < 15,000, unsafe. dunk 5,650: dart = 5,650/1.13 = 5,000,
    // dink = 10·5,000/15,000 = 10/3, tab 5,650.
    const w = setup([[10, 15_000]], { dunkUsd: 5_650, boxUsd: 8_000 });
    const first = w.act({ ...BITER, maxLiquidationsPerBlock: 1 });
    expect(w.flipper.auction(1)?.tab).toBeCloseTo(5_650, 9);
    expect(w.flipper.auction(1)?.lot).toBeCloseTo(10 / 3, 12);
    expect(w.book.collateral[0]).toBeCloseTo(20 / 3, 12);
    expect(w.book.debt[0]).toBeCloseTo(10_000, 9);
    expect(w.mechanism.collateralPending()).toBeCloseTo(10 / 3, 12);
    expect(w.mechanism.debtPending()).toBeCloseTo(5_000, 9);
    expect(w.mechanism.litter).toBeCloseTo(5_650, 9);
    // A bite pays no incentive: one call's gas, no collateral.
    expect(first.outcomes).toEqual([
      { collateral: 0, proceedsUsd: 0, costUsd: 0, preTradeValueUsd: 0, gasUsd: 100, liquidation: false },
    ]);
    // Room 8,000 − 5,650 = 2,350: dart = 2,350/1.13, dink = (20/3)·dart/10,000; then the box is full.
    const second = w.act(BITER);
    expect(second.outcomes).toHaveLength(1);
    expect(w.flipper.auction(2)?.tab).toBeCloseTo(2_350, 9);
    expect(w.flipper.auction(2)?.lot).toBeCloseTo(((20 / 3) * (2_350 / 1.13)) / 10_000, 12);
    expect(w.mechanism.litter).toBeCloseTo(8_000, 9);
    expect(w.protocol.ledger.liquidations).toBe(2);

    // Same start with dust 3,000: the room of 2,350 is dusty, so the Cat refuses the second bite.
    const dusty = setup([[10, 15_000]], { dunkUsd: 5_650, boxUsd: 8_000, dustUsd: 3_000 });
    dusty.act({ ...BITER, maxLiquidationsPerBlock: 1 });
    expect(dusty.act(BITER).outcomes).toHaveLength(0);
    expect(dusty.flipper.kickCount).toBe(1);

    // 1 ETH, 2,000 debt: tab 2,000·1.13 = 2,260 < dunk, so the whole vault goes; a keeper with latency 1 waits a block.
    const small = setup([[1, 2_000]]);
    expect(small.act({ ...BITER, latencyBlocks: 1 }).outcomes).toHaveLength(0);
    small.block(1);
    small.act({ ...BITER, latencyBlocks: 1 });
    expect(small.flipper.auction(1)).toMatchObject({ lot: 1, tab: 2_260, usr: 'vault 0' });
    expect([small.book.collateral[0], small.book.debt[0]]).toEqual([0, 0]);
  });

  it('bite: the per-block seizure cap shrinks the bite in proportion and the rest waits for the next block', () => {
    // 10 ETH at the oracle's 1,800 = 18,000 USD; cap 9,000: half the vault, lot 5, art 7,500, tab 8,475.
    const w = setup([[10, 15_000]], {}, { maxSeizedUsdPerBlock: 9_000 });
    expect(w.act(BITER).outcomes).toHaveLength(1);
    expect(w.flipper.auction(1)?.lot).toBeCloseTo(5, 12);
    expect(w.flipper.auction(1)?.tab).toBeCloseTo(8_475, 9);
    expect(w.mechanism.debtPending()).toBeCloseTo(7_500, 9);
    w.block(1);
    w.act(BITER);
    expect(w.flipper.auction(2)?.lot).toBeCloseTo(5, 12);
    expect(w.book.collateral[0]).toBeCloseTo(0, 12);
  });

  it('tend/dent between two value keepers: beg steps, the dent phase returns collateral to the owner, the deal books the penalty', () => {
    // Vault 10 ETH / 15,000: tab = 16,950. Both keepers: gas 100, minProfit 0, value = 10·price − 100.
    const w = setup([[10, 15_000]], {}, { fundUsd: 1_000 });
    const A = { id: 'A' };
    const B = { id: 'B' };
    // Block 0, price 1,500: A bites and bids its value 14,900 (< tab).
    w.venue.price = 1_500;
    w.act(A);
    expect(w.flipper.auction(1)).toMatchObject({ guy: 'A', bid: 14_900 });
    // Block 1, price 1,540: B's value 15,300 < beg·14,900 = 15,645: not an admissible raise.
    w.block(1);
    w.venue.price = 1_540;
    w.act(B);
    expect(w.flipper.auction(1)).toMatchObject({ guy: 'A', bid: 14_900 });
    // Block 2, price 1,600: B's value 15,900 ≥ 15,645.
    w.block(2);
    w.venue.price = 1_600;
    w.act(B);
    expect(w.flipper.auction(1)).toMatchObject({ guy: 'B', bid: 15_900 });
    // Block 3, price 2,000: A's value 19,900 ≥ tab: A bids tab; then B asks for the smallest lot worth
    // tab + gas: 17,050/2,000 = 8.525 ≤ 10/1.05, and 1.475 ETH go back to the owner.
    w.block(3);
    w.venue.price = 2_000;
    const aTurn = w.act(A);
    expect(aTurn.turn.capitalLeft).toBe(1e6 - 16_950);
    expect(w.flipper.phase(1)).toBe('dent');
    w.act(B);
    expect(w.flipper.auction(1)?.guy).toBe('B');
    expect(w.flipper.auction(1)?.lot).toBeCloseTo(8.525, 9);
    expect(w.protocol.ledger.collateralReturned).toBeCloseTo(1.475, 9);
    // Block 4, price 2,400: A dents to 17,050/2,400 = 7.1041666… ≤ 8.525/1.05 = 8.119; B cannot beat it by beg.
    w.block(4);
    w.venue.price = 2_400;
    w.act(A);
    w.act(B);
    expect(w.flipper.auction(1)?.guy).toBe('A');
    expect(w.flipper.auction(1)?.lot).toBeCloseTo(17_050 / 2_400, 9);
    const ledger = w.protocol.ledger;
    expect(ledger.collateralReturned).toBeCloseTo(10 - 17_050 / 2_400, 9);
    expect(ledger.collateralSeized).toBe(10);
    expect(ledger.collateralReturned + w.mechanism.collateralPending()).toBeCloseTo(10, 12);
    // Last bid at block 4 (48 s): tic = 648 s. At block 54 (648 s) it has not expired; at block 55 (660 s) A deals.
    w.block(54);
    expect(w.act(A).outcomes).toHaveLength(0);
    w.block(55);
    const deal = w.act(A).outcomes;
    const lot = 17_050 / 2_400;
    expect(deal).toHaveLength(1);
    expect(deal[0].collateral).toBeCloseTo(lot, 9);
    expect(deal[0].proceedsUsd).toBeCloseTo(17_050, 6);
    expect(deal[0]).toMatchObject({ costUsd: 16_950, gasUsd: 100, liquidation: true });
    // Sold at the venue's 2,400 mid, on a venue too deep to move: no slippage.
    expect(deal[0].preTradeValueUsd).toBeCloseTo(lot * 2_400, 6);
    // The bid repays the 15,000 principal; 1,950 is the chop; no bad debt, so the fund is untouched.
    expect(ledger.debtRepaidUsd).toBe(15_000);
    expect(ledger.protocolFeesUsd).toBe(1_950);
    expect(ledger.badDebtUsd).toBe(0);
    // The borrower lost 10 ETH at the oracle's 1,800 when bitten, less 15,000 of debt, less what came back (at 1,800).
    const returned = 10 - lot;
    expect(ledger.collateralReturnedUsd).toBeCloseTo(returned * ORACLE_PRICE, 6);
    expect(ledger.penaltiesUsd).toBeCloseTo(18_000 - 15_000 - returned * ORACLE_PRICE, 6);
    // The 1,950 chop is protocol income, paid whole into the fund (feesToInsurance 1).
    expect(w.fund.balanceUsd()).toBe(1_000 + 1_950);
    expect(ledger.collateralToLiquidators).toBeCloseTo(lot, 9);
    expect(ledger.collateralToLiquidators + ledger.collateralReturned).toBeCloseTo(10, 12);
    expect([w.mechanism.collateralPending(), w.mechanism.debtPending(), w.mechanism.litter]).toEqual([0, 0, 0]);
    expect(w.mechanism.deals[0]).toMatchObject({
      id: 1,
      account: 0,
      winner: 'A',
      bid: 16_950,
      initialLot: 10,
      principal: 15_000,
      badDebtUsd: 0,
      dealtAt: 660,
    });
  });

  it('ends ttl after the last bid, or at tau after the kick however recent the last bid; an unbid auction is restarted', () => {
    // ttl 60, tau 120. A lone value keeper bids at 0 s: tic 60; at 60 s it cannot deal yet, at 72 s it can.
    const ttl = setup([[10, 15_000]], { ttlSeconds: 60, tauSeconds: 120 });
    ttl.act({ id: 'A' });
    ttl.block(5);
    expect(ttl.act({ id: 'A' }).outcomes).toHaveLength(0);
    ttl.block(6);
    expect(ttl.act({ id: 'A' }).outcomes.map((o) => o.liquidation)).toEqual([true]);

    // Two minimum keepers raise each other every block, so the bid never expires; kick at 0 s, end 120 s.
    const tau = setup([[10, 15_000]], { ttlSeconds: 60, tauSeconds: 120 });
    const M1 = { id: 'M1', auctionBidding: 'minimum' as const };
    const M2 = { id: 'M2', auctionBidding: 'minimum' as const };
    let expected = ONE_RAD;
    tau.act(M1);
    for (let b = 1; b <= 9; b++) {
      tau.block(b);
      tau.act(b % 2 === 1 ? M2 : M1);
      expected *= 1.05;
    }
    // Last raise at 108 s by M2 (tic 168); at 120 s the auction has ended: no bid, and no deal until end < now.
    expect(tau.flipper.auction(1)).toMatchObject({ guy: 'M2', tic: 168, end: 120 });
    expect((tau.flipper.auction(1)?.bid ?? 0) / expected).toBeCloseTo(1, 12);
    tau.block(10);
    expect(tau.act(M1).outcomes).toHaveLength(0);
    expect(tau.act(M2).outcomes).toHaveLength(0);
    tau.block(11);
    expect(tau.act(M1).outcomes).toHaveLength(0);
    expect(tau.act(M2).outcomes.map((o) => o.liquidation)).toEqual([true]);

    // Nobody bids: at 132 s (end 120 < 132) onBlock ticks it: end = 132 + 120.
    const unbid = setup([[10, 15_000]], { ttlSeconds: 60, tauSeconds: 120 });
    unbid.act(BITER);
    unbid.block(10);
    expect(unbid.flipper.auction(1)?.end).toBe(120);
    unbid.block(11);
    expect(unbid.flipper.auction(1)?.end).toBe(252);
  });

  it('zero bid: when only a minimum keeper can bid, it wins the whole lot for one rad and the whole principal is bad debt', () => {
    // Lot 10 ETH at 1,500 = 15,000 USD. V0 has no free capital; VG's gas (20,000) exceeds the lot's value.
    const w = setup([[10, 15_000]], {}, { fundUsd: 4_000 });
    w.venue.price = 1_500;
    const V0 = { id: 'V0', capitalUsd: 0 };
    const VG = { id: 'VG' };
    const M = { id: 'M', auctionBidding: 'minimum' as const };
    for (let b = 0; b <= 50; b++) {
      if (b > 0) w.block(b);
      w.act(V0);
      w.act(VG, 20_000);
      w.act(M);
    }
    // flip.sol refuses a 0 bid (bid > current bid = 0), so the opening bid is one rad, 1e-45 DAI.
    expect(w.flipper.auction(1)).toMatchObject({ guy: 'M', bid: ONE_RAD, lot: 10, tic: 600 });
    w.block(51);
    const deal = w.act(M).outcomes;
    expect(deal).toHaveLength(1);
    expect(deal[0]).toMatchObject({ collateral: 10, proceedsUsd: 15_000, costUsd: ONE_RAD });
    // Repaid one rad; 15,000 − 1e-45 = 15,000 of bad debt: the fund pays 4,000, 11,000 stays uncovered.
    const ledger = w.protocol.ledger;
    expect(ledger.debtRepaidUsd).toBe(ONE_RAD);
    expect(ledger.badDebtUsd).toBe(15_000);
    expect([w.fund.usedUsd, w.fund.uncoveredUsd]).toEqual([4_000, 11_000]);
    // The borrower lost 10 ETH at the oracle's 1,800 and was freed of its 15,000 of debt: a 3,000 penalty. The
    // keeper's windfall (collateral worth 15,000 for one rad) is the protocol's bad debt, not the borrower's loss.
    expect(ledger.penaltiesUsd).toBe(18_000 - 15_000);
    expect(ledger.protocolFeesUsd).toBe(0);
    expect(ledger.collateralToLiquidators).toBe(10);
  });

  it('a competing value keeper takes the auction to its own value: final bid = lot value − gas − minProfit', () => {
    // M opens at one rad; V bids its value 10·1,500 − 100 − 50 = 14,850 (< tab); M's next step, beg·14,850 = 15,592.5,
    // exceeds M's own value 14,900, so the auction ends there: within gas + minProfit = 150 of the lot's 15,000.
    const w = setup([[10, 15_000]]);
    w.venue.price = 1_500;
    const M = { id: 'M', auctionBidding: 'minimum' as const };
    const V = { id: 'V', minProfitUsd: 50 };
    w.act(M);
    expect(w.flipper.auction(1)?.bid).toBe(ONE_RAD);
    w.act(V);
    w.block(1);
    w.act(M);
    expect(w.flipper.auction(1)).toMatchObject({ guy: 'V', bid: 14_850 });
    w.block(52);
    w.act(V);
    // Principal 15,000 − 14,850 = 150 of bad debt (lot value 15,000 < principal·chop: no penalty).
    expect(w.protocol.ledger.debtRepaidUsd).toBe(14_850);
    expect(w.protocol.ledger.badDebtUsd).toBe(150);
  });

  it('capital: a keeper bids at most its capital less the bids it leads with, and gets it back when outbid', () => {
    // Two vaults of 10 ETH / 15,000 (tab 16,950 each); venue 2,000: value 19,900 for every keeper.
    const w = setup([
      [10, 15_000],
      [10, 15_000],
    ]);
    const V = { id: 'V', capitalUsd: 20_000 };
    const M = { id: 'M', capitalUsd: 4_000, auctionBidding: 'minimum' as const };
    const U = { id: 'U', capitalUsd: 17_000 };
    // V bites both, bids tab on auction 1 and its remaining 20,000 − 16,950 = 3,050 on auction 2.
    const v0 = w.act(V);
    expect(w.flipper.auction(1)).toMatchObject({ guy: 'V', bid: 16_950 });
    expect(w.flipper.auction(2)).toMatchObject({ guy: 'V', bid: 3_050 });
    expect(v0.turn.capitalLeft).toBe(0);
    expect(w.mechanism.lockedUsd('V')).toBe(20_000);
    // M cannot pay tab for a dent (4,000 < 16,950) but raises auction 2 to 1.05·3,050 = 3,202.5;
    // V, with 3,050 free, cannot answer.
    w.block(1);
    w.act(M);
    w.act(V);
    expect(w.flipper.auction(1)?.guy).toBe('V');
    expect(w.flipper.auction(2)).toMatchObject({ guy: 'M', bid: 3_202.5 });
    expect(w.mechanism.lockedUsd('V')).toBe(16_950);
    // U dents auction 1 (lot 17,050/2,000 = 8.525) and, with 50 left, cannot raise auction 2. V's 16,950 is
    // refunded, so it bids tab on auction 2.
    w.block(2);
    w.act(U);
    expect(w.flipper.auction(1)?.guy).toBe('U');
    expect(w.flipper.auction(2)?.guy).toBe('M');
    w.act(V);
    expect(w.flipper.auction(1)?.guy).toBe('U');
    expect(w.flipper.auction(2)).toMatchObject({ guy: 'V', bid: 16_950 });
    expect(w.mechanism.lockedUsd('V')).toBe(16_950);
    expect(w.mechanism.lockedUsd('M')).toBe(0);
  });
});
