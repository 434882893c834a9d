import { CascadeError } from '../../kernel/errors.js';

/** The custom errors of compound-finance/comet `Comet.sol` that Cascade models. */
export type CometErrorCode =
  'NotLiquidatable' | 'NotForSale' | 'TooMuchSlippage' | 'InsufficientReserves' | 'BadAsset' | 'BadPrice';

/**
 * A Comet call that the contract would revert; `code` is the contract's custom error name.
 *
 * @example
 * try { market.buyCollateral('WETH', 1000, 0, prices); } catch (e) { if (e instanceof CometError) console.log(e.code); }
 */
export class CometError extends CascadeError {
  override name = 'CometError';
  constructor(
    readonly code: CometErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
