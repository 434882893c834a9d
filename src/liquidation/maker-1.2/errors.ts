import { CascadeError } from '../../kernel/errors.js';

/** The revert reasons of dss `cat.sol` (Liquidations 1.2 and the 2019 launch version) and `flip.sol` that Cascade
 * models. */
export type FlipperErrorCode =
  | 'Cat/not-unsafe'
  | 'Cat/liquidation-limit-hit'
  | 'Cat/null-auction'
  | 'Cat/claw-underflow'
  | 'Flipper/guy-not-set'
  | 'Flipper/not-finished'
  | 'Flipper/bid-already-placed'
  | 'Flipper/already-finished-tic'
  | 'Flipper/already-finished-end'
  | 'Flipper/lot-not-matching'
  | 'Flipper/higher-than-tab'
  | 'Flipper/bid-not-higher'
  | 'Flipper/insufficient-increase'
  | 'Flipper/not-matching-bid'
  | 'Flipper/tend-not-finished'
  | 'Flipper/lot-not-lower'
  | 'Flipper/insufficient-decrease';

/**
 * A Cat or Flipper call that the contract would revert; `code` is the contract's revert string
 * (`Flipper/guy-not-set` also stands for "no such auction", as in flip.sol after `deal` deletes the bid).
 *
 * @example
 * try { flipper.tend(1, 'keeper', 10, 50, now); } catch (e) { if (e instanceof FlipperError) console.log(e.code); }
 */
export class FlipperError extends CascadeError {
  override name = 'FlipperError';
  constructor(
    readonly code: FlipperErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
