/**
 * The profile an order book's market makers quote: each level's distance from the mid (a fraction of it) and the share
 * of the per-level quote it holds, for the generated ladder (equal quotes at halfSpread + k·step) or for a snapshot of
 * real levels (its distances from its own mid and its USD per level).
 */
import { InvariantError } from '../../kernel/errors.js';
import { levelOffsets } from './order-book-levels.js';

/**
 * Levels of a snapshot, best first on each side: price (quote per base) and size (base).
 *
 * @example
 * const snapshot: BookSnapshotLevels = { bids: [{ price: 99, size: 10 }], asks: [{ price: 101, size: 8 }] };
 */
export interface BookSnapshotLevels {
  bids: readonly { price: number; size: number }[];
  asks: readonly { price: number; size: number }[];
}

/**
 * Distances from the mid and quote weights of every level, per side, best first.
 *
 * @example
 * const profile: BookProfile = generatedProfile(1, 10, 200);
 */
export interface BookProfile {
  bidOffsets: Float64Array;
  askOffsets: Float64Array;
  /** Quote of each level per unit of the book's level quote q (1 on a generated ladder; USD on a snapshot, q = 1). */
  bidWeights: Float64Array;
  askWeights: Float64Array;
}

/**
 * The generated ladder: δ_k = halfSpread + k·step on both sides, every level weighted 1.
 *
 * @example
 * generatedProfile(100, 100, 3).bidOffsets; // [0.01, 0.02, 0.03]
 */
export function generatedProfile(halfSpreadBps: number, levelStepBps: number, levels: number): BookProfile {
  const offsets = levelOffsets(halfSpreadBps, levelStepBps, levels);
  const weights = new Float64Array(levels).fill(1);
  return { bidOffsets: offsets, askOffsets: offsets, bidWeights: weights, askWeights: weights };
}

/**
 * A snapshot's profile: with m = (best bid + best ask)/2, bid k sits 1 − p_k/m below the mid and ask k p_k/m − 1 above
 * it, each weighted by its USD (price × size). Throws an {@link InvariantError} unless both sides have levels, each
 * side strictly worsens from its best, every price and size is positive and the bids sit below the asks.
 *
 * @example
 * snapshotProfile({ bids: [{ price: 99, size: 10 }], asks: [{ price: 101, size: 8 }] }, 'book').bidOffsets; // [0.01]
 */
export function snapshotProfile(snapshot: BookSnapshotLevels, name: string): BookProfile {
  const { bids, asks } = snapshot;
  if (bids.length === 0 || asks.length === 0) throw new InvariantError(`${name}: a snapshot needs bids and asks`);
  const mid = 0.5 * bids[0].price + 0.5 * asks[0].price;
  const side = (levels: BookSnapshotLevels['bids'], sign: 1 | -1) => {
    const offsets = new Float64Array(levels.length);
    const weights = new Float64Array(levels.length);
    levels.forEach(({ price, size }, k) => {
      const worse = k === 0 || sign * (price - levels[k - 1].price) > 0;
      if (!(price > 0 && size > 0 && Number.isFinite(price * size) && worse))
        throw new InvariantError(`${name}: snapshot level ${k} (price ${price}, size ${size}) is not usable`);
      offsets[k] = sign * (price / mid - 1);
      weights[k] = price * size;
    });
    return { offsets, weights };
  };
  const bid = side(bids, -1);
  const ask = side(asks, 1);
  if (!(bids[0].price < asks[0].price)) throw new InvariantError(`${name}: the snapshot is crossed`);
  return { bidOffsets: bid.offsets, askOffsets: ask.offsets, bidWeights: bid.weights, askWeights: ask.weights };
}
