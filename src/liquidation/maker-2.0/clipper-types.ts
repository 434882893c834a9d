/** Parameter and result types of the Maker Liquidations 2.0 `Clipper` (dss `clip.sol`). */
import type { PriceCurve } from './abaci.js';

/**
 * Clipper parameters (dss clip.sol `file`), in USD and seconds.
 *
 * @example
 * const eth: ClipperParams = { buf: 1.2, tail: 8400, cusp: 0.4, chip: 0.001, tip: 300,
 *   curve: { kind: 'stairstep', cut: 0.99, step: 90 }, chost: 10_000 * 1.13 };
 */
export interface ClipperParams {
  /** Starting-price multiplier over the oracle price (1.2 = start 20% above). */
  readonly buf: number;
  /** Seconds after which an auction needs a reset. */
  readonly tail: number;
  /** Fraction of `top` below which an auction needs a reset (0.4 = after a 60% drop). */
  readonly cusp: number;
  /** Keeper incentive as a fraction of `tab`. */
  readonly chip: number;
  /** Flat keeper incentive, USD. */
  readonly tip: number;
  /** Price curve from `top` over elapsed seconds. */
  readonly curve: PriceCurve;
  /** Smallest `tab` a partial purchase may leave: Vat dust × Dog chop, USD. */
  readonly chost: number;
}

/**
 * One running auction (dss clip.sol `Sale`).
 *
 * @example
 * clip.auction(1); // { id: 1, tab: 16950, lot: 10, owner: 'vault-7', tic: 0, top: 1800 }
 */
export interface Auction {
  readonly id: number;
  /** DAI still to raise. */
  tab: number;
  /** Collateral still for sale. */
  lot: number;
  /** Vault owner; receives collateral left once `tab` is raised. */
  readonly owner: string;
  /** Time (s) the auction started or was last reset. */
  tic: number;
  /** Starting price (USD per collateral unit) since `tic`. */
  top: number;
}

/**
 * Returned by `Clipper.kick`.
 *
 * @example
 * const { id, incentive }: KickResult = clip.kick(16_950, 10, 'vault-7', 1500, 0);
 */
export interface KickResult {
  /** The new auction's id (1, 2, 3, … in kick order). */
  id: number;
  /** Keeper incentive paid by the system: tip + chip·tab. */
  incentive: number;
}

/**
 * Returned by `Clipper.status`.
 *
 * @example
 * const s: AuctionStatus = clip.status(1, 900); // { needsRedo: false, price: 1800·0.99^10, tab, lot }
 */
export interface AuctionStatus {
  needsRedo: boolean;
  /** Current auction price (USD per collateral unit). */
  price: number;
  tab: number;
  lot: number;
}

/**
 * Returned by `Clipper.take`.
 *
 * @example
 * const t: TakeResult = clip.take(1, 10, 1800, 900);
 * dog.digs(t.digs);
 */
export interface TakeResult {
  /** Collateral bought. */
  slice: number;
  /** DAI paid for it. */
  owe: number;
  /** The price paid per unit. */
  price: number;
  /** The auction ended (tab or lot reached 0) and was removed. */
  done: boolean;
  /** Collateral returned to `owner` because `tab` was fully raised (0 otherwise). */
  leftoverToOwner: number;
  owner: string;
  /** Tab left after the take; when `done` with collateral gone, this debt was never raised. */
  tab: number;
  /** Lot left after the take (0 once `done`). */
  lot: number;
  /** Room to release with `Dog.digs`: owe, or tab + owe when the lot ran out (dss clip.sol take). */
  digs: number;
}

/**
 * Returned by `Clipper.yank`.
 *
 * @example
 * const y: YankResult = clip.yank(1);
 * dog.digs(y.digs);
 */
export interface YankResult {
  tab: number;
  lot: number;
  owner: string;
  /** Room to release with `Dog.digs`: the whole remaining tab. */
  digs: number;
}
