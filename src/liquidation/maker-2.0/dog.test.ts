import { describe, expect, it } from 'vitest';
import { Dog } from './dog.js';
import { expectRel, reason } from './maker.test-helper.js';

/** One ETH-A ilk: chop 1.13, dust 10,000 DAI unless overridden. */
function dog(Hole: number, hole: number, dust = 10_000, chop = 1.13): Dog {
  return new Dog({ Hole, ilks: { 'ETH-A': { hole, chop, dust } } });
}

describe('Dog.bark (dss dog.sol)', () => {
  it('liquidates a whole unsafe vault: tab = art·rate·chop', () => {
    const d = dog(100e6, 40e6);
    // ink·spot = 10·1400 = 14,000 < art·rate = 15,000·1.05 = 15,750: unsafe.
    // room = min(100e6, 40e6) = 40e6 ≫ 15,750·1.13, so dart = art = 15,000 and dink = ink = 10.
    const r = d.bark({ ink: 10, art: 15_000 }, 1.05, 1400);
    expect(r.dart).toBe(15_000);
    expect(r.dink).toBe(10);
    expectRel(r.due, 15_750); // 15,000·1.05
    expectRel(r.tab, 17_797.5); // 15,750·1.13
    expectRel(d.Dirt, 17_797.5);
    expectRel(d.ilk().dirt, 17_797.5);
  });

  it('refuses a safe vault, including ink·spot = art·rate exactly', () => {
    const d = dog(100e6, 40e6);
    expect(reason(() => d.bark({ ink: 10, art: 14_000 }, 1, 1400))).toBe('not-unsafe'); // 14,000 = 14,000
    expect(d.tryBark({ ink: 10, art: 10_000 }, 1, 1400)).toBeUndefined();
    expect(reason(() => d.bark({ ink: 10, art: 15_000 }, 1, 0))).toBe('not-unsafe'); // dss: spot > 0
    expect(d.Dirt).toBe(0);
  });

  it('limits dart by the global Hole', () => {
    const d = dog(11_300, 1e6, 1000);
    // room = min(11,300 − 0, 1e6 − 0) = 11,300; dart = 11,300/1/1.13 = 10,000 < art 20,000.
    // Remainder (20,000 − 10,000)·1 = 10,000 ≥ dust 1,000 and dart·rate = 10,000 ≥ dust: partial.
    const r = d.bark({ ink: 10, art: 20_000 }, 1, 1000);
    expectRel(r.dart, 10_000);
    expectRel(r.dink, 5); // 10·10,000/20,000
    expectRel(r.tab, 11_300); // 10,000·1·1.13
    // Dirt = Hole now: dss requires Hole > Dirt strictly.
    expect(reason(() => d.bark({ ink: 10, art: 20_000 }, 1, 1000))).toBe('liquidation-limit-hit');
    expect(d.tryBark({ ink: 10, art: 20_000 }, 1, 1000)).toBeUndefined();
  });

  it('limits dart by the ilk hole, net of its dirt', () => {
    const d = dog(1e9, 33_900, 1000);
    // First: rate 2, art 5,000 → whole vault, tab = 5,000·2·1.13 = 11,300; dirt = 11,300.
    expectRel(d.bark({ ink: 10, art: 5000 }, 2, 100).tab, 11_300);
    // Then room = min(1e9 − 11,300, 33,900 − 11,300) = 22,600; dart = 22,600/2/1.13 = 10,000.
    // Remainder (50,000 − 10,000)·2 = 80,000 ≥ dust: partial; dink = 20·10,000/50,000 = 4.
    const r = d.bark({ ink: 20, art: 50_000 }, 2, 100);
    expectRel(r.dart, 10_000);
    expectRel(r.dink, 4);
    expectRel(r.tab, 22_600); // 10,000·2·1.13
    expectRel(d.ilk().dirt, 33_900); // = hole
    expectRel(d.Dirt, 33_900);
  });

  it('takes the whole vault when the remainder would be below dust, overshooting hole', () => {
    const d = dog(1e9, 11_300, 1000);
    // room 11,300 → dart 10,000 of art 10,500; remainder 500·1 = 500 < dust 1,000 → dart = art = 10,500.
    const r = d.bark({ ink: 7, art: 10_500 }, 1, 1000);
    expect(r.dart).toBe(10_500);
    expect(r.dink).toBe(7);
    expectRel(r.tab, 11_865); // 10,500·1.13, above hole 11,300: dss accepts the overshoot
    expectRel(d.ilk().dirt, 11_865);
    expect(reason(() => d.bark({ ink: 7, art: 10_500 }, 1, 1000))).toBe('liquidation-limit-hit');
  });

  it('refuses a partial liquidation whose own auction would be dusty', () => {
    const d = dog(1e9, 1130, 2000);
    // room 1,130 → dart 1,130/1.13 = 1,000 of art 10,000; remainder 9,000 ≥ dust 2,000,
    // but dart·rate = 1,000 < dust 2,000 → dss reverts.
    expect(reason(() => d.bark({ ink: 5, art: 10_000 }, 1, 1000))).toBe('dusty-auction-from-partial-liquidation');
    expect(d.tryBark({ ink: 5, art: 10_000 }, 1, 1000)).toBeUndefined();
    expect(d.Dirt).toBe(0);
  });

  it('liquidates a whole vault that is itself below dust (dss checks dust only on partials)', () => {
    const d = dog(1e9, 1e9, 10_000);
    // art·rate = 500 < dust 10,000, but dart = art: no dust check applies.
    const r = d.bark({ ink: 0.3, art: 500 }, 1, 1000); // 0.3·1000 = 300 < 500
    expect(r.dart).toBe(500);
    expect(r.dink).toBe(0.3);
    expectRel(r.tab, 565); // 500·1.13
  });

  it('refuses an auction with no collateral (null-auction)', () => {
    const d = dog(1e9, 1e9, 0);
    expect(reason(() => d.bark({ ink: 0, art: 100 }, 1, 1000))).toBe('null-auction');
  });
});

describe('Dog.digs and ilk selection', () => {
  it('releases room on both limits, and refuses to release more than booked', () => {
    const d = dog(100e6, 40e6);
    d.bark({ ink: 10, art: 15_000 }, 1, 1400); // tab 16,950
    d.digs(6950);
    expectRel(d.Dirt, 10_000); // 16,950 − 6,950
    expectRel(d.ilk('ETH-A').dirt, 10_000);
    expect(reason(() => d.digs(10_001))).toBe('underflow');
    d.digs(10_000 * (1 + 1e-13)); // float noise below 1e-9 relative floors at 0
    expect(d.Dirt).toBe(0);
  });

  it('needs the ilk name when there are several, and books each against the global Hole', () => {
    const d = new Dog({
      Hole: 20_000,
      ilks: { A: { hole: 1e9, chop: 1.13, dust: 0 }, B: { hole: 1e9, chop: 1, dust: 0 } },
    });
    expect(reason(() => d.bark({ ink: 1, art: 100 }, 1, 50))).toBe('unknown-ilk');
    expect(reason(() => d.bark({ ink: 1, art: 100 }, 1, 50, 'C'))).toBe('unknown-ilk');
    expectRel(d.bark({ ink: 10, art: 10_000 }, 1, 500, 'A').tab, 11_300); // 10,000·1.13
    // Room left = 20,000 − 11,300 = 8,700; B has chop 1: dart = 8,700 of 10,000, remainder 1,300 (dust 0).
    const b = d.bark({ ink: 10, art: 10_000 }, 1, 500, 'B');
    expectRel(b.dart, 8700);
    expectRel(b.dink, 8.7); // 10·8,700/10,000
    expectRel(d.Dirt, 20_000);
    expect(d.ilk('A').dirt).toBeCloseTo(11_300, 9);
  });

  it('refuses chop < 1 (dss file: chop ≥ WAD)', () => {
    expect(reason(() => dog(1, 1, 0, 0.9))).toBe('bad-parameter');
  });
});

describe('Dog.preview and the caller cap maxTab (Cascade, not in dss)', () => {
  it('preview books nothing; maxTab narrows the room like a third hole', () => {
    const d = dog(1e9, 1e9, 1000);
    // room = min(1e9, 1e9, 5,650) = 5,650 → dart = 5,650/1/1.13 = 5,000 of art 15,000;
    // remainder 10,000 ≥ dust 1,000 and dart 5,000 ≥ dust: partial; dink = 10·5,000/15,000.
    const p = d.preview({ ink: 10, art: 15_000 }, 1, 1000, undefined, 5650);
    expectRel(p.dart, 5000);
    expectRel(p.dink, 10 / 3);
    expectRel(p.tab, 5650);
    expect(d.Dirt).toBe(0);
    expect(d.bark({ ink: 10, art: 15_000 }, 1, 1000, undefined, 5650)).toEqual(p);
    expectRel(d.Dirt, 5650);
  });

  it('is never overshot by the dust rule, unlike Hole', () => {
    // dust 12,000: dart 5,000 would leave 10,000 < dust → the whole vault, tab 15,000·1.13 = 16,950.
    const capped = dog(1e9, 1e9, 12_000);
    expect(reason(() => capped.preview({ ink: 10, art: 15_000 }, 1, 1000, undefined, 5650))).toBe(
      'liquidation-limit-hit',
    );
    expect(capped.tryPreview({ ink: 10, art: 15_000 }, 1, 1000, undefined, 5650)).toBeUndefined();
    expect(capped.tryBark({ ink: 10, art: 15_000 }, 1, 1000, undefined, 5650)).toBeUndefined();
    expect(capped.Dirt).toBe(0);
    // The same limit as Hole: dss takes the whole vault and overshoots it.
    expectRel(dog(5650, 1e9, 12_000).bark({ ink: 10, art: 15_000 }, 1, 1000).tab, 16_950);
    expect(reason(() => capped.preview({ ink: 10, art: 15_000 }, 1, 1000, undefined, 0))).toBe('liquidation-limit-hit');
    expect(reason(() => capped.preview({ ink: 10, art: 15_000 }, 1, 1000, undefined, Number.NaN))).toBe(
      'bad-parameter',
    );
  });
});
