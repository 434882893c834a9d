/**
 * MakerDAO Liquidations 2.0 (dss `dog.sol`, `clip.sol`, `abaci.sol`) in float64, independent of the world.
 *
 * @example
 * import { Dog, Clipper } from '../liquidation/maker-2.0/index.js';
 */
export {
  type PriceCurve,
  auctionPrice,
  exponentialDecrease,
  linearDecrease,
  stairstepExponentialDecrease,
  validatePriceCurve,
} from './abaci.js';
export { type BarkResult, Dog, type DogIlkParams, type Vault } from './dog.js';
export {
  type Auction,
  type AuctionStatus,
  Clipper,
  type ClipperParams,
  type KickResult,
  type TakeResult,
  type YankResult,
} from './clipper.js';
export { MakerError, type MakerErrorReason } from './errors.js';
