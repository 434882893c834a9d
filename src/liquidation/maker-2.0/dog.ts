/**
 * Maker Liquidations 2.0 liquidation module (dss `dog.sol`): decides how much of an unsafe vault
 * goes to auction, under a global (`Hole`/`Dirt`) and a per-collateral (`hole`/`dirt`) limit on
 * the DAI that active auctions may still raise.
 *
 * Float64 against dss fixed point: dss floors `room·WAD/rate/chop` and `ink·dart/art` to wei and
 * `dart·rate·chop/WAD` to rad; those floors are dropped. Two float accommodations keep exact-math
 * invariants that floors gave dss for free: a full liquidation seizes exactly `ink` (not ink·art/art,
 * which can be off by one ulp), and `digs` treats an overshoot of ≤ 1e-9 relative as float noise.
 */
import { MakerError, requireFinite } from './errors.js';

/**
 * Per-collateral (ilk) parameters of the Dog and the Vat.
 *
 * @example
 * const ethA: DogIlkParams = { hole: 40e6, chop: 1.13, dust: 10_000 };
 */
export interface DogIlkParams {
  /** Most DAI (debt + penalty) that this collateral's active auctions may target; `Infinity` = no limit. */
  readonly hole: number;
  /** Liquidation penalty as a factor ≥ 1 (1.13 = 13%). */
  readonly chop: number;
  /** Vat `dust`: the smallest debt (art·rate) a vault may carry, in DAI. */
  readonly dust: number;
}

/**
 * A vault (urn) as the Dog reads it: locked collateral `ink` and normalised debt `art`.
 *
 * @example
 * const v: Vault = { ink: 10, art: 15_000 }; // debt = art·rate
 */
export interface Vault {
  readonly ink: number;
  readonly art: number;
}

/**
 * What `bark` sends to auction; the caller removes `dink`/`dart` from the vault (Vat `grab`).
 *
 * @example
 * const { dink, tab }: BarkResult = dog.bark(vault, rate, spot);
 * clip.kick(tab, dink, owner, oraclePrice, now);
 */
export interface BarkResult {
  /** Normalised debt taken from the vault. */
  dart: number;
  /** Collateral taken from the vault: the auction's `lot`. */
  dink: number;
  /** Debt moved to the system's bad-debt queue (Vow `fess`): dart·rate. */
  due: number;
  /** DAI the auction must raise, penalty included: dart·rate·chop. */
  tab: number;
}

interface IlkState extends DogIlkParams {
  dirt: number;
}

function requireLimit(name: string, value: number): void {
  if (Number.isNaN(value) || value < 0) throw new MakerError('bad-parameter', `${name} must be ≥ 0, got ${value}`);
}

/**
 * The dss Dog: `bark` starts liquidations and books their tab against the limits, `digs` releases
 * it as auctions collect DAI or end.
 *
 * @example
 * const dog = new Dog({ Hole: 100e6, ilks: { 'ETH-A': { hole: 40e6, chop: 1.13, dust: 10_000 } } });
 * const r = dog.bark({ ink: 10, art: 15_000 }, 1, 1400); // 10·1400 < 15,000·1: unsafe
 * // r = { dart: 15000, dink: 10, due: 15000, tab: 16950 }; dog.Dirt === 16950
 */
export class Dog {
  /** Most DAI that all active auctions together may target; `Infinity` = no limit. */
  readonly Hole: number;
  /** DAI that all active auctions together still target. */
  Dirt = 0;
  private readonly ilks = new Map<string, IlkState>();

  constructor(params: { Hole: number; ilks: Record<string, DogIlkParams> }) {
    requireLimit('Hole', params.Hole);
    this.Hole = params.Hole;
    for (const [name, ilk] of Object.entries(params.ilks)) {
      requireLimit(`${name}.hole`, ilk.hole);
      // dss dog.sol file: chop must be ≥ WAD (a penalty, never a discount)
      requireFinite(`${name}.chop`, ilk.chop, 1);
      requireFinite(`${name}.dust`, ilk.dust, 0);
      this.ilks.set(name, { hole: ilk.hole, chop: ilk.chop, dust: ilk.dust, dirt: 0 });
    }
  }

  /**
   * The named ilk's parameters and its `dirt`; `ilk` may be omitted when the Dog has exactly one.
   *
   * @example
   * dog.ilk('ETH-A'); // { hole: 40e6, chop: 1.13, dust: 10000, dirt: 0 }
   */
  ilk(ilk?: string): Readonly<DogIlkParams & { dirt: number }> {
    return { ...this.state(ilk) };
  }

  /**
   * Liquidates an unsafe vault as dss `Dog.bark` does; throws `MakerError` where dss reverts.
   * `rate` is the ilk's debt accumulator (debt = art·rate) and `spot` the Vat's collateral price
   * already divided by the liquidation ratio. The caller then removes `dink`/`dart` from the vault
   * and starts the auction with `Clipper.kick(tab, dink, …)`. `maxTab` (not in dss) is the caller's
   * own limit on the tab, e.g. a per-block seizure cap: see {@link Dog.preview}.
   *
   * @example
   * dog.bark({ ink: 10, art: 15_000 }, 1, 1400); // { dart: 15000, dink: 10, due: 15000, tab: 16950 }
   * dog.bark({ ink: 10, art: 10_000 }, 1, 1400); // throws MakerError('not-unsafe')
   */
  bark(vault: Vault, rate: number, spot: number, ilk?: string, maxTab = Infinity): BarkResult {
    const result = this.preview(vault, rate, spot, ilk, maxTab);
    const s = this.state(ilk);
    // dss dog.sol bark: the auction's tab is booked against both limits
    this.Dirt += result.tab;
    s.dirt += result.tab;
    return result;
  }

  /**
   * What `bark` would send to auction now, without booking it; throws where `bark` would.
   * `maxTab` (not in dss) narrows the room like a third hole, but unlike Hole/hole it is never
   * overshot: when the dust rule would take a whole vault whose tab exceeds it, this throws
   * `liquidation-limit-hit`.
   *
   * @example
   * dog.preview({ ink: 10, art: 15_000 }, 1, 1400, undefined, 5650); // dust 0, chop 1.13: dart 5000, dink 3.33…, tab 5650
   */
  preview(vault: Vault, rate: number, spot: number, ilk?: string, maxTab = Infinity): BarkResult {
    const s = this.state(ilk);
    const { ink, art } = vault;
    requireFinite('ink', ink, 0);
    requireFinite('art', art, 0);
    requireFinite('rate', rate, Number.MIN_VALUE);
    requireFinite('spot', spot, 0);
    requireLimit('maxTab', maxTab);
    // dss dog.sol bark: only a vault with spot > 0 and ink·spot < art·rate may be liquidated
    if (!(spot > 0 && ink * spot < art * rate))
      throw new MakerError('not-unsafe', `ink·spot ${ink * spot} ≥ art·rate ${art * rate}`);
    // dss dog.sol bark: both limits must have room left, strictly
    if (!(this.Hole > this.Dirt && s.hole > s.dirt))
      throw new MakerError('liquidation-limit-hit', `Dirt ${this.Dirt}/${this.Hole}, dirt ${s.dirt}/${s.hole}`);
    if (!(maxTab > 0)) throw new MakerError('liquidation-limit-hit', 'the caller allows no tab');
    const room = Math.min(this.Hole - this.Dirt, s.hole - s.dirt, maxTab);
    // dss dog.sol bark: take as much debt as the room allows once the penalty is added
    let dart = Math.min(art, room / rate / s.chop);
    if (art > dart) {
      // dss dog.sol bark: a remainder below dust is not left behind; the whole vault goes
      if ((art - dart) * rate < s.dust) {
        if (art * rate * s.chop > maxTab)
          throw new MakerError('liquidation-limit-hit', `whole vault tab ${art * rate * s.chop} > maxTab ${maxTab}`);
        dart = art;
      }
      // dss dog.sol bark: a partial liquidation's own auction must not be dusty either
      else if (dart * rate < s.dust) {
        throw new MakerError('dusty-auction-from-partial-liquidation', `dart·rate ${dart * rate} < dust ${s.dust}`);
      }
    }
    // dss dog.sol bark: collateral in proportion to the debt taken (float: all of it when dart = art)
    const dink = dart === art ? ink : Math.min(ink, (ink * dart) / art);
    // dss dog.sol bark: an auction with no collateral is refused
    if (!(dink > 0)) throw new MakerError('null-auction', 'no collateral to auction');
    const due = dart * rate;
    // dss dog.sol bark: the auction targets debt plus penalty
    return { dart, dink, due, tab: due * s.chop };
  }

  /**
   * `bark`, but returns `undefined` instead of throwing where dss would revert (a safe vault, no
   * room, a dusty partial or an empty auction); still throws on malformed input.
   *
   * @example
   * dog.tryBark({ ink: 10, art: 10_000 }, 1, 1400); // undefined: the vault is safe
   */
  tryBark(vault: Vault, rate: number, spot: number, ilk?: string, maxTab = Infinity): BarkResult | undefined {
    return unlessReverted(() => this.bark(vault, rate, spot, ilk, maxTab));
  }

  /**
   * `preview`, but returns `undefined` where `bark` would revert; still throws on malformed input.
   *
   * @example
   * dog.tryPreview({ ink: 10, art: 15_000 }, 1, 1400)?.tab; // 16950, nothing booked
   */
  tryPreview(vault: Vault, rate: number, spot: number, ilk?: string, maxTab = Infinity): BarkResult | undefined {
    return unlessReverted(() => this.preview(vault, rate, spot, ilk, maxTab));
  }

  /**
   * Releases `amount` DAI of room, as dss `Dog.digs` does when a Clipper's `take` collects DAI or an
   * auction ends or is yanked (pass `TakeResult.digs` / `YankResult.digs`).
   *
   * @example
   * dog.digs(16_950); // Dirt and ETH-A dirt fall by 16,950
   */
  digs(amount: number, ilk?: string): void {
    const s = this.state(ilk);
    requireFinite('amount', amount, 0);
    this.Dirt = release(this.Dirt, amount, 'Dirt');
    s.dirt = release(s.dirt, amount, 'dirt');
  }

  private state(ilk?: string): IlkState {
    if (ilk === undefined) {
      if (this.ilks.size !== 1) throw new MakerError('unknown-ilk', `name the ilk: the Dog has ${this.ilks.size}`);
      return this.ilks.values().next().value as IlkState;
    }
    const s = this.ilks.get(ilk);
    if (s === undefined) throw new MakerError('unknown-ilk', `no ilk named ${ilk}`);
    return s;
  }
}

/** `f()`, or `undefined` where it throws a `MakerError` that mirrors a dss revert (not a malformed input). */
function unlessReverted<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof MakerError && e.reason !== 'bad-parameter' && e.reason !== 'unknown-ilk') return undefined;
    throw e;
  }
}

/** dss dog.sol digs: subtraction that reverts on underflow (float: overshoot ≤ 1e-9 relative is noise, floored at 0).
 * */
function release(total: number, amount: number, name: string): number {
  const left = total - amount;
  if (left >= 0) return left;
  if (-left <= 1e-9 * Math.max(total, amount)) return 0;
  throw new MakerError('underflow', `${name} ${total} < released ${amount}`);
}
