import { InvariantError } from '../../kernel/errors.js';
import { FlipperError } from './errors.js';

/**
 * MakerDAO Cat: starts a Flipper auction on an unsafe vault (makerdao/dss `src/cat.sol`).
 *
 * Two versions, both in float64 (the Vat's wad/ray/rad fixed point is not reproduced):
 * - {@link bite}: Liquidations 1.2 (in force from August 2020): the auction covers at most `dunk` DAI of
 *   tab and the global `box − litter` room, refuses to start when that room is below the ilk's dust, and
 *   adds the tab to `litter` until the Flipper's `deal` gives it back ({@link claw}).
 * - {@link biteLump}: the launch Cat of November 2019, in force on 12 March 2020: at most `lump`
 *   collateral per auction, no global limit.
 *
 * Units: `ink` collateral units; `art` normalised debt; `rate` DAI per unit of art; `spot` DAI of debt
 * allowed per collateral unit (price / liquidation ratio); `chop` the penalty multiplier (1.13 = 13%);
 * `dunk`, `box`, `litter`, `dust`, `tab` DAI.
 */

/** A vault of one collateral type (Vat `urn`). */
export interface Urn {
  /** Locked collateral. */
  ink: number;
  /** Normalised debt (DAI debt = art·rate). */
  art: number;
}

/** The Vat values of the collateral type that `bite` reads. */
export interface VatIlk {
  /** Accumulated stability-fee rate, DAI per unit of art. */
  rate: number;
  /** Collateral price divided by the liquidation ratio, DAI per collateral unit. */
  spot: number;
  /** Smallest debt a vault may hold, DAI (Liquidations 1.2 only). */
  dust: number;
}

/** Cat parameters of one collateral type, Liquidations 1.2. */
export interface CatIlk {
  /** Liquidation penalty multiplier (1.13 = 13%). */
  chop: number;
  /** Most tab (DAI, penalty included) one auction may ask for. */
  dunk: number;
}

/** The Cat's global circuit breaker, Liquidations 1.2. */
export interface CatLimits {
  /** Most tab (DAI) that may be out for auction at once. */
  box: number;
  /** Tab (DAI) now out for auction. */
  litter: number;
}

/** What one bite moved. */
export interface BiteResult {
  /** Collateral taken from the vault and put up for auction (cat.sol `dink` / `lot`). */
  lot: number;
  /** Normalised debt taken from the vault (cat.sol `dart` / `art`). */
  art: number;
  /** DAI debt moved to the Vow's queue, art·rate (`vow.fess`). */
  debt: number;
  /** DAI the auction must raise, debt·chop. */
  tab: number;
  /** The vault after the bite (it may be left dusty, as cat.sol allows). */
  urn: Urn;
}

/** A Liquidations 1.2 bite, with the Cat's new litter. */
export interface Bite extends BiteResult {
  /** litter + tab. */
  litter: number;
}

function finiteNonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new InvariantError(`${what} must be a finite number ≥ 0, got ${value}`);
  return value;
}

/**
 * Whether the Vat lets the Cat bite: spot > 0 and ink·spot < art·rate (cat.sol `Cat/not-unsafe`).
 *
 * @example
 * isUnsafe({ ink: 1, art: 100 }, 1, 90); // true: 1·90 < 100·1
 */
export function isUnsafe(urn: Urn, rate: number, spot: number): boolean {
  return spot > 0 && urn.ink * spot < urn.art * rate;
}

/**
 * Liquidations 1.2 `Cat.bite`: dart = min(art, min(dunk, box − litter)/rate/chop),
 * dink = min(ink, ink·dart/art), tab = dart·rate·chop; litter grows by tab.
 * Reverts when the vault is safe, when box − litter is below dust or litter ≥ box, and when dart or dink is 0.
 *
 * @example
 * // 10 ETH, 1,500 DAI of debt, spot 100 (unsafe: 1,000 < 1,500), chop 1.13, dunk 50,000, room 1e6:
 * bite({ ink: 10, art: 1500 }, { rate: 1, spot: 100, dust: 100 }, { chop: 1.13, dunk: 50_000 }, { box: 1e6, litter: 0 });
 * // { lot: 10, art: 1500, debt: 1500, tab: ≈1695, urn: { ink: 0, art: 0 }, litter: ≈1695 }
 */
export function bite(urn: Urn, ilk: VatIlk, catIlk: CatIlk, limits: CatLimits): Bite {
  finiteNonNegative(urn.ink, 'ink');
  finiteNonNegative(urn.art, 'art');
  if (!(ilk.rate > 0) || !(catIlk.chop > 0)) throw new InvariantError('rate and chop must be > 0');
  // cat.sol: the Vat must call the vault unsafe, with a live price (spot > 0).
  if (!isUnsafe(urn, ilk.rate, ilk.spot)) {
    throw new FlipperError('Cat/not-unsafe', `ink·spot ${urn.ink * ilk.spot} ≥ art·rate ${urn.art * ilk.rate}`);
  }
  // cat.sol: room left in the litterbox; refuse when it is full or smaller than a dusty vault.
  const room = limits.box - limits.litter;
  if (!(limits.litter < limits.box) || room < ilk.dust) {
    throw new FlipperError('Cat/liquidation-limit-hit', `box ${limits.box}, litter ${limits.litter}, dust ${ilk.dust}`);
  }
  // cat.sol: take as much debt as min(dunk, room) of tab allows, penalty included.
  const dart = Math.min(urn.art, Math.min(catIlk.dunk, room) / ilk.rate / catIlk.chop);
  // cat.sol: collateral taken in proportion to the debt taken.
  const dink = Math.min(urn.ink, (urn.ink * dart) / urn.art);
  if (!(dart > 0) || !(dink > 0)) throw new FlipperError('Cat/null-auction', `dart ${dart}, dink ${dink}`);
  const debt = dart * ilk.rate;
  // cat.sol: tab = dart·rate·chop, added to litter.
  const tab = debt * catIlk.chop;
  return {
    lot: dink,
    art: dart,
    debt,
    tab,
    urn: { ink: urn.ink - dink, art: urn.art - dart },
    litter: limits.litter + tab,
  };
}

/**
 * The launch Cat's `bite` (dss before Liquidations 1.2, in force on Black Thursday):
 * lot = min(ink, lump), art = min(art, lot·art/ink), tab = art·rate·chop. No spot > 0 check, no global
 * limit and no dust rule. A vault with no collateral reverts (the contract divides by ink = 0);
 * reported as `Cat/null-auction`.
 *
 * @example
 * // 60 ETH with lump 50: one auction takes 50 ETH and 5/6 of the debt.
 * biteLump({ ink: 60, art: 9000 }, { rate: 1, spot: 100 }, { chop: 1.13, lump: 50 });
 * // { lot: 50, art: 7500, debt: 7500, tab: ≈8475, urn: { ink: 10, art: 1500 } }
 */
export function biteLump(
  urn: Urn,
  ilk: { rate: number; spot: number },
  catIlk: { chop: number; lump: number },
): BiteResult {
  finiteNonNegative(urn.ink, 'ink');
  finiteNonNegative(urn.art, 'art');
  if (!(ilk.rate > 0) || !(catIlk.chop > 0)) throw new InvariantError('rate and chop must be > 0');
  // launch cat.sol: unsafe when ink·spot < art·rate (no spot > 0 check in this version).
  if (!(urn.ink * ilk.spot < urn.art * ilk.rate)) {
    throw new FlipperError('Cat/not-unsafe', `ink·spot ${urn.ink * ilk.spot} ≥ art·rate ${urn.art * ilk.rate}`);
  }
  if (urn.ink === 0) throw new FlipperError('Cat/null-auction', 'ink is 0 (the contract divides by ink)');
  // launch cat.sol: at most lump collateral per auction, debt taken in proportion.
  const lot = Math.min(urn.ink, catIlk.lump);
  const art = Math.min(urn.art, (lot * urn.art) / urn.ink);
  const debt = art * ilk.rate;
  // launch cat.sol: the Flipper is kicked with tab = art·rate·chop and bid 0.
  return { lot, art, debt, tab: debt * catIlk.chop, urn: { ink: urn.ink - lot, art: urn.art - art } };
}

/**
 * Liquidations 1.2 `Cat.claw`: the Flipper gives back an auction's tab when it deals (or is yanked),
 * freeing litterbox room. cat.sol reverts on underflow; float64 rounding within 1e-9 relative is
 * floored at 0 instead.
 *
 * @example
 * claw(1695, 1695); // 0
 */
export function claw(litter: number, tab: number): number {
  const left = litter - tab;
  if (left >= 0) return left;
  if (-left <= 1e-9 * Math.max(litter, tab)) return 0;
  throw new FlipperError('Cat/claw-underflow', `claw ${tab} from litter ${litter}`);
}
