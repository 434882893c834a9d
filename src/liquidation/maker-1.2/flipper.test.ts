import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CascadeError } from '../../kernel/errors.js';
import { FlipperError, type FlipperErrorCode } from './errors.js';
import { Flipper, ONE_RAD } from './flipper.js';

/** Code defaults of flip.sol: beg 1.05, ttl 3 h, tau 2 days. */
const PARAMS = { beg: 1.05, ttl: 3 * 3600, tau: 2 * 86_400 };
const TAB = 1695; // 1,500 DAI of debt × chop 1.13
const LOT = 10; // ETH

function rejects(call: () => unknown, code: FlipperErrorCode): void {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(FlipperError);
  expect(caught).toBeInstanceOf(CascadeError);
  expect((caught as FlipperError).code).toBe(code);
}

function kicked(now = 0): { flipper: Flipper; id: number } {
  const flipper = new Flipper(PARAMS);
  return { flipper, id: flipper.kick(LOT, TAB, 'owner', now) };
}

describe('Flipper (dss flip.sol, Liquidations 1.2)', () => {
  it('kick: ascending ids, bid 0, no bidder, end = now + tau', () => {
    const flipper = new Flipper(PARAMS);
    expect(flipper.kick(LOT, TAB, 'owner', 100)).toBe(1);
    expect(flipper.kick(2, 300, 'other', 200)).toBe(2);
    expect(flipper.kickCount).toBe(2);
    const a = flipper.auction(1);
    // end = 100 + 172,800
    expect(a).toMatchObject({ id: 1, bid: 0, lot: LOT, guy: null, tic: null, end: 172_900, usr: 'owner', tab: TAB });
    expect(flipper.phase(1)).toBe('tend');
    expect(flipper.liveIds()).toEqual([1, 2]);
  });

  it('tend: each bid must beat the last by beg; the new bidder refunds the old one and the rest goes to the Vow', () => {
    const { flipper, id } = kicked();
    expect(flipper.tend(id, 'a', LOT, 100, 60)).toEqual({ refundedTo: null, refund: 0, paidToVow: 100 });
    // 1.05·100 = 105: 104 is too small an increase, 105 is enough.
    rejects(() => flipper.tend(id, 'b', LOT, 104, 120), 'Flipper/insufficient-increase');
    expect(flipper.tend(id, 'b', LOT, 105, 120)).toEqual({ refundedTo: 'a', refund: 100, paidToVow: 5 });
    // tic = 120 + 10,800
    expect(flipper.auction(id)).toMatchObject({ guy: 'b', bid: 105, tic: 10_920 });
    // The same bidder raising its own bid refunds nobody: 105·1.05 = 110.25, pays 5.25 more.
    const raise = flipper.tend(id, 'b', LOT, 110.25, 180);
    expect(raise.refundedTo).toBeNull();
    expect(raise.paidToVow).toBeCloseTo(5.25, 12);
    rejects(() => flipper.tend(id, 'a', LOT, 110.25, 240), 'Flipper/bid-not-higher');
    rejects(() => flipper.tend(id, 'a', 9, 200, 240), 'Flipper/lot-not-matching');
    rejects(() => flipper.tend(id, 'a', LOT, 1700, 240), 'Flipper/higher-than-tab');
    expect(flipper.minTendBid(id)).toBeCloseTo(110.25 * 1.05, 12);
  });

  it('tend: a bid equal to tab is accepted below the beg increment and switches the auction to dent', () => {
    const { flipper, id } = kicked();
    flipper.tend(id, 'a', LOT, 1650, 60);
    // 1.05·1650 = 1,732.5 > tab: only tab itself is acceptable now.
    expect(flipper.minTendBid(id)).toBe(TAB);
    rejects(() => flipper.tend(id, 'b', LOT, 1690, 120), 'Flipper/insufficient-increase');
    rejects(() => flipper.dent(id, 'b', 9, 1650, 120), 'Flipper/tend-not-finished');
    flipper.tend(id, 'b', LOT, TAB, 120);
    expect(flipper.phase(id)).toBe('dent');
    // No tend can follow: nothing is above the bid and at most tab.
    rejects(() => flipper.tend(id, 'c', LOT, TAB, 180), 'Flipper/bid-not-higher');
  });

  it('dent: the lot must fall by beg; what it gives up goes back to the owner', () => {
    const { flipper, id } = kicked();
    flipper.tend(id, 'a', LOT, TAB, 60);
    // beg·9.6 = 10.08 > 10: rejected. beg·9.5 = 9.975 ≤ 10: accepted, 0.5 ETH back to the owner.
    rejects(() => flipper.dent(id, 'b', 9.6, TAB, 120), 'Flipper/insufficient-decrease');
    rejects(() => flipper.dent(id, 'b', 9.5, 1600, 120), 'Flipper/not-matching-bid');
    expect(flipper.dent(id, 'b', 9.5, TAB, 120)).toEqual({ refundedTo: 'a', refund: TAB, returnedToOwner: 0.5 });
    rejects(() => flipper.dent(id, 'a', 9.5, TAB, 180), 'Flipper/lot-not-lower');
    // beg·9 = 9.45 ≤ 9.5: accepted, 0.5 more back.
    const second = flipper.dent(id, 'a', 9, TAB, 180);
    expect(second.refundedTo).toBe('b');
    expect(second.returnedToOwner).toBe(0.5);
    expect(flipper.auction(id)).toMatchObject({ lot: 9, returnedToOwner: 1, tic: 180 + 10_800 });
    // The largest acceptable next lot is 9/1.05 = 8.5714…, and the check accepts it.
    const next = flipper.maxDentLot(id);
    expect(next).toBeCloseTo(9 / 1.05, 12);
    expect(() => flipper.dent(id, 'b', next, TAB, 240)).not.toThrow();
  });

  it('maxDentLot stays strictly below a subnormal lot, where lot/beg rounds back to the lot', () => {
    // 5e-324 / 1.05 rounds to 5e-324 itself (the smallest double); the only lower lot is 0.
    const flipper = new Flipper(PARAMS);
    const id = flipper.kick(Number.MIN_VALUE, TAB, 'owner', 0);
    flipper.tend(id, 'a', Number.MIN_VALUE, TAB, 60);
    expect(flipper.maxDentLot(id)).toBe(0);
    expect(flipper.dent(id, 'b', 0, TAB, 120).returnedToOwner).toBe(Number.MIN_VALUE);
  });

  it('ttl: bids stop and deal opens once the last bid is older than ttl', () => {
    const { flipper, id } = kicked();
    flipper.tend(id, 'a', LOT, 1000, 100); // tic = 100 + 10,800 = 10,900
    rejects(() => flipper.tend(id, 'b', LOT, 1100, 10_900), 'Flipper/already-finished-tic');
    // deal needs tic < now (strict).
    expect(flipper.canDeal(id, 10_900)).toBe(false);
    rejects(() => flipper.deal(id, 10_900), 'Flipper/not-finished');
    expect(flipper.deal(id, 10_901)).toEqual({ winner: 'a', lot: LOT, bid: 1000, returnedToOwner: 0, tab: TAB });
    // The auction is deleted.
    expect(flipper.auction(id)).toBeUndefined();
    rejects(() => flipper.deal(id, 10_902), 'Flipper/guy-not-set');
  });

  it('tau: the auction ends at kick + tau even while the last bid is still live', () => {
    const { flipper, id } = kicked();
    flipper.tend(id, 'a', LOT, 1000, 172_000); // tic = 182,800 > end = 172,800
    rejects(() => flipper.tend(id, 'b', LOT, 1100, 172_800), 'Flipper/already-finished-end');
    rejects(() => flipper.deal(id, 172_800), 'Flipper/not-finished'); // end < now is strict
    expect(flipper.deal(id, 172_801).winner).toBe('a');
  });

  it('no bid: deal is impossible and tick restarts the auction after its end', () => {
    const { flipper, id } = kicked();
    rejects(() => flipper.deal(id, 200_000), 'Flipper/not-finished');
    rejects(() => flipper.tick(id, 172_800), 'Flipper/not-finished');
    flipper.tick(id, 172_801);
    // end = 172,801 + 172,800
    expect(flipper.auction(id)?.end).toBe(345_601);
    flipper.tend(id, 'a', LOT, 500, 200_000);
    rejects(() => flipper.tick(id, 400_000), 'Flipper/bid-already-placed');
  });

  it('Black Thursday: one bidder alone bids the smallest amount the contract accepts and wins the whole lot', () => {
    const { flipper, id } = kicked();
    // flip.sol requires bid > current bid (0), so a literal 0 is refused...
    rejects(() => flipper.tend(id, 'lone', LOT, 0, 60), 'Flipper/bid-not-higher');
    // ...but one rad (1e-45 DAI, "0 DAI" to any display) is a valid first bid.
    expect(flipper.minTendBid(id)).toBe(ONE_RAD);
    expect(flipper.tend(id, 'lone', LOT, ONE_RAD, 60).paidToVow).toBe(ONE_RAD);
    // Nobody else gets a bid in; after ttl the lone bidder takes all 10 ETH and the owner gets nothing back.
    const out = flipper.deal(id, 60 + 10_800 + 1);
    expect(out).toEqual({ winner: 'lone', lot: LOT, bid: ONE_RAD, returnedToOwner: 0, tab: TAB });
    // The Vow raised 1e-45 of a 1,695 DAI tab: the whole tab is bad debt to any display precision.
    expect(TAB - out.bid).toBe(TAB);
  });

  it('collateral is conserved through any dent sequence: lot won + returned to owner = lot at kick', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        (lot, tab, cuts) => {
          const flipper = new Flipper(PARAMS);
          const id = flipper.kick(lot, tab, 'owner', 0);
          flipper.tend(id, 'k0', lot, tab, 1);
          let now = 1;
          let returned = 0;
          cuts.forEach((cut, i) => {
            // A lot of 0 cannot fall further.
            if (flipper.auction(id)?.lot === 0) return;
            // Each dent asks for a fraction of the largest acceptable lot (current/beg).
            const next = flipper.maxDentLot(id) * cut;
            now += 60;
            returned += flipper.dent(id, `k${(i + 1) % 3}`, next, tab, now).returnedToOwner;
          });
          const out = flipper.deal(id, now + PARAMS.ttl + 1);
          expect(out.returnedToOwner).toBeCloseTo(returned, 9);
          expect(out.lot + out.returnedToOwner).toBeCloseTo(lot, 9);
          expect(out.lot).toBeGreaterThanOrEqual(0);
          expect(out.bid).toBe(tab);
        },
      ),
    );
  });

  it('DAI is conserved through any tend sequence: the Vow receives exactly the final bid', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.array(fc.double({ min: 1, max: 2, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (tab, raises) => {
          const flipper = new Flipper(PARAMS);
          const id = flipper.kick(LOT, tab, 'owner', 0);
          let toVow = 0;
          let bid = tab / 1000;
          raises.forEach((r, i) => {
            if (i > 0) bid = Math.min(tab, bid * PARAMS.beg * r);
            if (flipper.phase(id) === 'dent') return;
            toVow += flipper.tend(id, `k${i % 2}`, LOT, bid, 1 + i).paidToVow;
          });
          expect(toVow).toBeCloseTo(flipper.auction(id)?.bid ?? Number.NaN, 6);
        },
      ),
    );
  });
});
