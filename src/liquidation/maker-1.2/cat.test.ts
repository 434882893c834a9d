import { describe, expect, it } from 'vitest';
import { FlipperError, type FlipperErrorCode } from './errors.js';
import { bite, biteLump, claw, isUnsafe } from './cat.js';

function rejects(call: () => unknown, code: FlipperErrorCode): void {
  expect(call).toThrow(FlipperError);
  try {
    call();
  } catch (e) {
    expect((e as FlipperError).code).toBe(code);
  }
}

const CHOP = 1.13;

describe('Cat.bite (dss cat.sol)', () => {
  it('Liquidations 1.2: a small vault goes to auction whole, tab = art·rate·chop, litter grows by tab', () => {
    // 10 ETH, 1,500 art at rate 1, spot 100: 10·100 = 1,000 < 1,500, unsafe.
    const b = bite(
      { ink: 10, art: 1500 },
      { rate: 1, spot: 100, dust: 100 },
      { chop: CHOP, dunk: 50_000 },
      { box: 1e6, litter: 0 },
    );
    expect(b.lot).toBe(10);
    expect(b.art).toBe(1500);
    expect(b.debt).toBe(1500);
    expect(b.tab).toBeCloseTo(1695, 9); // 1,500·1.13
    expect(b.urn).toEqual({ ink: 0, art: 0 });
    expect(b.litter).toBeCloseTo(1695, 9);
  });

  it('Liquidations 1.2: dunk caps the tab; collateral is taken in proportion to the debt', () => {
    // 100 ETH, 90,000 art at rate 1.02 (91,800 DAI); spot 800: 80,000 < 91,800.
    // dart = 50,000/1.02/1.13 = 43,380.18; dink = 100·43,380.18/90,000 = 48.2002; tab = 50,000.
    const b = bite(
      { ink: 100, art: 90_000 },
      { rate: 1.02, spot: 800, dust: 100 },
      { chop: CHOP, dunk: 50_000 },
      { box: 1e6, litter: 0 },
    );
    expect(b.art).toBeCloseTo(50_000 / 1.02 / 1.13, 9);
    expect(b.lot).toBeCloseTo((100 * (50_000 / 1.02 / 1.13)) / 90_000, 9);
    expect(b.debt).toBeCloseTo(50_000 / 1.13, 9);
    expect(b.tab).toBeCloseTo(50_000, 9);
    expect(b.urn.ink).toBeCloseTo(100 - b.lot, 9);
    expect(b.urn.art).toBeCloseTo(90_000 - b.art, 9);
  });

  it('Liquidations 1.2: the litterbox room caps the tab, and a full or dusty-room box refuses', () => {
    const urn = { ink: 100, art: 90_000 };
    const ilk = { rate: 1, spot: 800, dust: 100 };
    // room = 30,000 − 10,000 = 20,000 < dunk: tab = 20,000, litter = 30,000.
    const b = bite(urn, ilk, { chop: CHOP, dunk: 50_000 }, { box: 30_000, litter: 10_000 });
    expect(b.tab).toBeCloseTo(20_000, 9);
    expect(b.litter).toBeCloseTo(30_000, 9);
    rejects(
      () => bite(urn, ilk, { chop: CHOP, dunk: 50_000 }, { box: 30_000, litter: 30_000 }),
      'Cat/liquidation-limit-hit',
    );
    // room 50 < dust 100
    rejects(
      () => bite(urn, ilk, { chop: CHOP, dunk: 50_000 }, { box: 30_000, litter: 29_950 }),
      'Cat/liquidation-limit-hit',
    );
  });

  it('only unsafe vaults: ink·spot < art·rate strictly, and spot > 0', () => {
    // 10·150 = 1,500 = 1,500·1: not unsafe.
    expect(isUnsafe({ ink: 10, art: 1500 }, 1, 150)).toBe(false);
    expect(isUnsafe({ ink: 10, art: 1500.001 }, 1, 150)).toBe(true);
    expect(isUnsafe({ ink: 10, art: 1500 }, 1, 0)).toBe(false);
    rejects(
      () =>
        bite(
          { ink: 10, art: 1500 },
          { rate: 1, spot: 150, dust: 0 },
          { chop: CHOP, dunk: 5e4 },
          { box: 1e6, litter: 0 },
        ),
      'Cat/not-unsafe',
    );
  });

  it('launch Cat (Black Thursday): at most lump collateral per auction, no global limit', () => {
    // 60 ETH, lump 50: lot 50, art = 50·9,000/60 = 7,500, tab = 7,500·1.13 = 8,475.
    const b = biteLump({ ink: 60, art: 9000 }, { rate: 1, spot: 100 }, { chop: CHOP, lump: 50 });
    expect(b.lot).toBe(50);
    expect(b.art).toBe(7500);
    expect(b.tab).toBeCloseTo(8475, 9);
    expect(b.urn).toEqual({ ink: 10, art: 1500 });
  });

  it('claw gives the tab back to the litterbox', () => {
    expect(claw(30_000, 20_000)).toBe(10_000);
    expect(claw(1695, 1695 * (1 + 1e-15))).toBe(0); // float rounding only
    rejects(() => claw(100, 200), 'Cat/claw-underflow');
  });
});
