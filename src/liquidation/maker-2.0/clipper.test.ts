import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Clipper } from './clipper.js';
import type { ClipperParams } from './clipper-types.js';
import { Dog } from './dog.js';
import { MakerError } from './errors.js';
import { expectRel, reason } from './maker.test-helper.js';

/** Production-like ETH-A (2021): stairstep cut 0.99 every 90 s, buf 1.2, cusp 0.4, tail 8,400 s; chost = 10,000·1.13.
 * */
const ETH: ClipperParams = {
  buf: 1.2,
  tail: 8400,
  cusp: 0.4,
  chip: 0.001,
  tip: 300,
  curve: { kind: 'stairstep', cut: 0.99, step: 90 },
  chost: 11_300,
};

/** 0.99^n by repeated multiplication (independent of `**`). */
function cutPow(n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r *= 0.99;
  return r;
}

describe('Clipper.kick', () => {
  it('starts at top = oracle·buf with ascending ids and pays tip + chip·tab', () => {
    const clip = new Clipper(ETH);
    const k1 = clip.kick(16_950, 10, 'vault-1', 1500, 0);
    expect(k1.id).toBe(1);
    expectRel(k1.incentive, 316.95); // 300 + 0.001·16,950
    expectRel(clip.auction(1)!.top, 1800); // 1,500·1.2
    expect(clip.kick(5000, 2, 'vault-2', 1500, 12).id).toBe(2);
    expect(clip.active()).toEqual([1, 2]);
    expect(new Clipper({ ...ETH, tip: 0, chip: 0 }).kick(1, 1, 'v', 1, 0).incentive).toBe(0);
    expect(reason(() => clip.kick(0, 1, 'v', 1500, 0))).toBe('zero-tab');
    expect(reason(() => clip.kick(1, 0, 'v', 1500, 0))).toBe('zero-lot');
    expect(reason(() => clip.kick(1, 1, 'v', 0, 0))).toBe('zero-top-price');
  });

  it('production-like ETH settings: price after 900 s is top·0.99^10', () => {
    const clip = new Clipper(ETH);
    const { id } = clip.kick(16_950, 10, 'v', 1500, 1000);
    // floor(900/90) = 10 steps: 1,800·0.9043820750088044 = 1,627.887735015848
    const s = clip.status(id, 1900);
    expectRel(s.price, 1627.887735015848);
    expectRel(s.price, 1800 * cutPow(10));
    expect(s.needsRedo).toBe(false);
  });
});

describe('Clipper.status and redo', () => {
  it('needs a redo by cusp once price/top < 0.4, before tail', () => {
    const clip = new Clipper(ETH);
    const { id } = clip.kick(16_950, 10, 'v', 1500, 0);
    // t = 8,279: floor(8,279/90) = 91 steps, 0.99^91 = 0.40068 ≥ 0.4 → fine.
    expect(clip.status(id, 8279).needsRedo).toBe(false);
    // t = 8,280: 92 steps, 0.99^92 = 0.39668 < 0.4 → reset needed although 8,280 ≤ tail 8,400.
    const s = clip.status(id, 8280);
    expect(s.needsRedo).toBe(true);
    expectRel(s.price, 1800 * cutPow(92));
    expect(reason(() => clip.take(id, 1, 1e9, 8280))).toBe('needs-reset');
  });

  it('needs a redo by tail once more than tail seconds have passed', () => {
    // cusp 0.3: 0.99^n < 0.3 only from n = 120 (t = 10,800), after tail.
    const clip = new Clipper({ ...ETH, cusp: 0.3 });
    const { id } = clip.kick(16_950, 10, 'v', 1500, 100);
    expect(clip.status(id, 8500).needsRedo).toBe(false); // elapsed 8,400 = tail, 0.99^93 = 0.393 ≥ 0.3
    expect(clip.status(id, 8501).needsRedo).toBe(true); // elapsed 8,401 > tail
    expect(reason(() => clip.redo(id, 1500, 8500))).toBe('cannot-reset');
  });

  it('redo restarts at the new oracle price·buf and pays the incentive only above chost', () => {
    const clip = new Clipper(ETH);
    const { id } = clip.kick(16_950, 10, 'v', 1500, 0);
    // tab 16,950 ≥ 11,300 and lot·price = 10·1,400 = 14,000 ≥ 11,300 → 300 + 0.001·16,950
    expectRel(clip.redo(id, 1400, 8280), 316.95);
    const a = clip.auction(id)!;
    expect(a.tic).toBe(8280);
    expectRel(a.top, 1680); // 1,400·1.2
    const s = clip.status(id, 8280);
    expect(s.needsRedo).toBe(false);
    expectRel(s.price, 1680);
    // 92 steps later it needs a reset again; now lot·price = 10·1,000 = 10,000 < 11,300 → no incentive.
    expect(clip.redo(id, 1000, 8280 + 8280)).toBe(0);
    expect(reason(() => clip.redo(99, 1000, 0))).toBe('not-running-auction');
  });
});

describe('Clipper.take (dss clip.sol)', () => {
  /** tab 16,950, lot 10 ETH, top = 1,800 at t = 0. */
  function started(): { clip: Clipper; id: number } {
    const clip = new Clipper(ETH);
    return { clip, id: clip.kick(16_950, 10, 'owner', 1500, 0).id };
  }

  it('partial take: pays slice·price and leaves the rest running', () => {
    const { clip, id } = started();
    // slice 3, owe 3·1,800 = 5,400; tab left 16,950 − 5,400 = 11,550 ≥ chost 11,300.
    const t = clip.take(id, 3, 1800, 0);
    expect(t).toMatchObject({ slice: 3, owe: 5400, price: 1800, done: false, leftoverToOwner: 0, tab: 11_550, lot: 7 });
    expect(t.digs).toBe(5400);
    expect(clip.status(id, 0)).toMatchObject({ tab: 11_550, lot: 7 });
  });

  it('refuses a price above the buyer’s max', () => {
    const { clip, id } = started();
    expect(reason(() => clip.take(id, 1, 1799, 0))).toBe('too-expensive');
  });

  it('a take worth more than tab shrinks the slice to tab/price and returns the rest to the owner', () => {
    const { clip, id } = started();
    // owe 10·1,800 = 18,000 > tab 16,950 → owe = 16,950, slice = 16,950/1,800 = 9.41666…
    const t = clip.take(id, 10, 1800, 0);
    expect(t.owe).toBe(16_950);
    expectRel(t.slice, 16_950 / 1800);
    expectRel(t.leftoverToOwner, 10 - 16_950 / 1800); // 0.58333… ETH back to 'owner'
    expect(t.owner).toBe('owner');
    expect(t).toMatchObject({ done: true, tab: 0, lot: 0, digs: 16_950 });
    expect(clip.active()).toEqual([]);
  });

  it('never leaves 0 < tab < chost: shrinks the purchase, then allows only whole-lot purchases', () => {
    const { clip, id } = started();
    // slice 4 → owe 7,200 would leave 9,750 < chost 11,300; tab 16,950 > chost →
    // owe = 16,950 − 11,300 = 5,650, slice = 5,650/1,800 = 3.13888…
    const t = clip.take(id, 4, 1800, 0);
    expect(t.owe).toBe(5650);
    expectRel(t.slice, 5650 / 1800);
    expectRel(t.tab, 11_300);
    expectRel(t.lot, 10 - 5650 / 1800);
    // Now tab = chost: a partial purchase is refused ...
    expect(reason(() => clip.take(id, 1, 1800, 0))).toBe('no-partial-purchase');
    // ... buying everything works: owe 6.8611·1,800 = 12,350 > 11,300 → owe = tab, slice 11,300/1,800.
    const all = clip.take(id, 100, 1800, 0);
    expectRel(all.owe, 11_300);
    expectRel(all.slice, 11_300 / 1800);
    expectRel(all.leftoverToOwner, 10 - 5650 / 1800 - 11_300 / 1800); // 10 − 16,950/1,800
    expect(all.done).toBe(true);
  });

  it('an exact-tab take completes the auction', () => {
    const clip = new Clipper(ETH);
    const { id } = clip.kick(9000, 10, 'owner', 1500, 0);
    // slice 5·1,800 = 9,000 = tab exactly → tab 0, lot 5 back to the owner.
    expect(clip.take(id, 5, 1800, 0)).toMatchObject({
      slice: 5,
      owe: 9000,
      done: true,
      leftoverToOwner: 5,
      digs: 9000,
    });
    // Float: for tab 13,024 at price 1,800·0.99^10, (13,024/price)·price falls 1.8e-12 short of 13,024;
    // without the 1e-12-relative snap the chost rule would fire and collect only 13,024 − 11,300 = 1,724.
    const k = clip.kick(13_024, 10, 'owner', 1500, 0).id;
    const price = clip.status(k, 900).price;
    expect((13_024 / price) * price).toBeLessThan(13_024);
    const t = clip.take(k, 13_024 / price, price, 900);
    expect(t.owe).toBe(13_024);
    expect(t.done).toBe(true);
    expectRel(t.leftoverToOwner, 10 - 13_024 / price);
  });

  it('a take larger than the lot buys the whole lot; the Dog releases the unraised tab too', () => {
    const clip = new Clipper(ETH);
    const { id } = clip.kick(20_000, 10, 'owner', 1500, 0);
    // slice = min(10, 50) = 10, owe 18,000 < tab 20,000 but slice = lot → no chost rule.
    const t = clip.take(id, 50, 1800, 0);
    expect(t).toMatchObject({ slice: 10, owe: 18_000, done: true, leftoverToOwner: 0, tab: 2000, lot: 0 });
    expect(t.digs).toBe(20_000); // dss: lot = 0 → digs(tab + owe) = 2,000 + 18,000
  });

  it('yank cancels an auction and releases its whole tab', () => {
    const { clip, id } = started();
    expect(clip.yank(id)).toEqual({ tab: 16_950, lot: 10, owner: 'owner', digs: 16_950 });
    expect(reason(() => clip.status(id, 0))).toBe('not-running-auction');
  });
});

describe('Dog + Clipper', () => {
  it('bark → kick → takes → digs returns Dirt to 0', () => {
    const dog = new Dog({ Hole: 100e6, ilks: { 'ETH-A': { hole: 40e6, chop: 1.13, dust: 10_000 } } });
    const clip = new Clipper(ETH);
    const b = dog.bark({ ink: 10, art: 15_000 }, 1, 1400); // tab 16,950, lot 10
    const { id } = clip.kick(b.tab, b.dink, 'vault', 1500, 0);
    dog.digs(clip.take(id, 3, 1800, 0).digs); // 5,400
    expectRel(dog.Dirt, 11_550); // 16,950 − 5,400
    dog.digs(clip.take(id, 100, 1e9, 900).digs); // the rest of the tab
    expect(dog.Dirt).toBe(0);
  });

  it('property: collateral is conserved and no more than tab is ever collected', () => {
    const step = fc.record({ amt: fc.double({ min: 0, max: 20, noNaN: true }), dt: fc.integer({ min: 0, max: 3000 }) });
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }), // lot
        fc.double({ min: 1000, max: 200_000, noNaN: true }), // vault debt (art at rate 1)
        fc.double({ min: 100, max: 5000, noNaN: true }), // oracle price
        fc.array(step, { minLength: 1, maxLength: 30 }),
        (lot0, art, oracle, steps) => {
          const dog = new Dog({ Hole: 1e12, ilks: { X: { hole: 1e12, chop: 1.13, dust: 10_000 } } });
          // spot = art/lot0/2 makes ink·spot = art/2 < art·rate: unsafe; ample room → whole vault.
          const b = dog.bark({ ink: lot0, art }, 1, art / lot0 / 2);
          expect(b.dink).toBe(lot0);
          const tab0 = b.tab;
          const clip = new Clipper(ETH);
          const { id } = clip.kick(tab0, lot0, 'owner', oracle, 0);
          let now = 0;
          let bought = 0;
          let paid = 0;
          let returned = 0;
          let running = true;
          for (const s of steps) {
            if (!running) break;
            now += s.dt;
            if (clip.status(id, now).needsRedo) clip.redo(id, oracle, now);
            const before = clip.status(id, now).tab;
            let t;
            try {
              t = clip.take(id, s.amt, Infinity, now);
            } catch (e) {
              expect(e instanceof MakerError && e.reason).toBe('no-partial-purchase');
              t = clip.take(id, Infinity, Infinity, now); // tab ≤ chost: only the whole lot may go
            }
            bought += t.slice;
            paid += t.owe;
            returned += t.leftoverToOwner;
            dog.digs(t.digs);
            running = !t.done;
            // dss: a partial purchase never takes a tab that was ≥ chost below chost
            if (running && before >= ETH.chost) expect(t.tab).toBeGreaterThanOrEqual(ETH.chost * (1 - 1e-12));
          }
          const left = running ? clip.status(id, now).lot : 0;
          // Float tolerance 1e-12 relative: each subtraction rounds once.
          expect(Math.abs(bought + returned + left - lot0)).toBeLessThanOrEqual(1e-12 * lot0);
          expect(paid).toBeLessThanOrEqual(tab0 * (1 + 1e-12));
          const owed = running ? clip.status(id, now).tab : 0;
          expect(Math.abs(dog.Dirt - owed)).toBeLessThanOrEqual(1e-9 * tab0);
        },
      ),
    );
  });
});

describe('Clipper incentives without a call', () => {
  it('kickIncentive and redoIncentive tell what kick and redo pay, changing nothing', () => {
    const clip = new Clipper(ETH);
    expectRel(clip.kickIncentive(16_950), 316.95); // 300 + 0.001·16,950
    const { id } = clip.kick(16_950, 10, 'v', 1500, 0);
    // tab 16,950 ≥ chost 11,300; lot·price 10·1,400 = 14,000 ≥ 11,300 → paid; 10·1,000 < 11,300 → 0.
    expectRel(clip.redoIncentive(id, 1400), 316.95);
    expect(clip.redoIncentive(id, 1000)).toBe(0);
    expect(clip.auction(id)).toMatchObject({ tic: 0, top: 1800 });
    expect(clip.redo(id, 1400, 8280)).toBe(clip.redoIncentive(id, 1400));
  });
});
