import type { World } from '../../world/world.js';
import { enginesOfKind } from '../../protocol/engine-kinds.js';
import { healthFactor } from '../../liquidation/health.js';
import type { HealthBucketCount, LiquidationCurve } from '../result.js';

/**
 * Fixed edges of the liquidation-curve buckets, by health at block 0 (a lending account's health factor at its
 * oracle price; a perp trader's equity / maintenance margin at the mark). Bucket k holds [edge k−1, edge k); the
 * first holds everything below 1 (already liquidatable at block 0), the last everything from 3 up.
 *
 * @example HEALTH_BUCKET_EDGES.length + 1; // 9 buckets
 */
export const HEALTH_BUCKET_EDGES: readonly number[] = [1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3];

/**
 * Index of the bucket of a health value: 0 below 1, k for [edge k−1, edge k), the last from 3 up (also +∞, an account
 * whose collateral has no threshold).
 *
 * @example healthBucket(1.07); // 2, the bucket [1.05, 1.1)
 */
export function healthBucket(health: number): number {
  // The number of edges the health is not below (the first edge above it, as the edges rise; NaN and +∞ count all),
  // without branches: a book's healths come in no order. The edges of HEALTH_BUCKET_EDGES, written out.
  return (
    +!(health < 1) +
    +!(health < 1.05) +
    +!(health < 1.1) +
    +!(health < 1.2) +
    +!(health < 1.35) +
    +!(health < 1.5) +
    +!(health < 2) +
    +!(health < 3)
  );
}

/** Block-0 bucket and weight of every account of one book; bucket −1 for an account left out (no debt, no position).
 * */
interface BookSnapshot {
  bucket: Int8Array;
  weightUsd: Float64Array;
}

/** The books' buckets at block 0, taken before the first block; {@link liquidationCurve} reads them at the end. */
export interface HealthBucketSnapshot {
  lending: BookSnapshot[];
  perp: BookSnapshot[];
}

/**
 * Buckets every lending account with debt (weight: its debt, USD) and every perp trader with a position (weight: its
 * notional at the mark, USD) by its health now. Call at block 0, before the first block.
 *
 * @example const snapshot = snapshotHealthBuckets(world);
 */
export function snapshotHealthBuckets(world: Pick<World, 'protocols' | 'engines'>): HealthBucketSnapshot {
  const lending = world.protocols.map((protocol) => {
    const { book, debtPrice, price } = protocol;
    const { collateral, debt } = book;
    const bucket = new Int8Array(book.count).fill(-1);
    const weightUsd = new Float64Array(book.count);
    // Without size tiers every account has the same threshold: read once, health as protocol.health computes it.
    const uniform = protocol.uniformThreshold();
    for (let i = 0; i < book.count; i++) {
      if (!(debt[i] > 0)) continue;
      const health =
        uniform === undefined ? protocol.health(i) : healthFactor(collateral[i], price, uniform, debt[i], debtPrice);
      bucket[i] = healthBucket(health);
      weightUsd[i] = debt[i] * debtPrice;
    }
    return { bucket, weightUsd };
  });
  const perp = enginesOfKind(world, 'perp').map((exchange) => {
    const snapshot = {
      bucket: new Int8Array(exchange.traders).fill(-1),
      weightUsd: new Float64Array(exchange.traders),
    };
    for (let a = 0; a < exchange.traders; a++) {
      if (!exchange.hasPosition(a)) continue;
      const maintenance = exchange.maintenance(a);
      if (!(maintenance > 0)) continue;
      snapshot.bucket[a] = healthBucket(exchange.equity(a) / maintenance);
      let notional = 0;
      for (const market of exchange.markets)
        notional += Math.abs(exchange.book.size[exchange.book.at(a, market.position)]) * market.mark;
      snapshot.weightUsd[a] = notional;
    }
    return snapshot;
  });
  return { lending, perp };
}

/**
 * Per bucket: accounts at block 0, how many were liquidated at least once during the run, and their block-0 debt (perp:
 * notional). Lending protocols and perp exchanges are counted apart; cross-asset pools are left out.
 *
 * @example liquidationCurve(snapshot, world).lending[0].liquidated;
 */
export function liquidationCurve(
  snapshot: HealthBucketSnapshot,
  world: Pick<World, 'protocols' | 'engines'>,
): LiquidationCurve {
  const lending = emptyBuckets();
  world.protocols.forEach((protocol, p) => tally(lending, snapshot.lending[p], protocol.book.everLiquidated));
  const perps = enginesOfKind(world, 'perp');
  const curve: LiquidationCurve = { edges: [...HEALTH_BUCKET_EDGES], lending };
  if (perps.length > 0) {
    const perp = emptyBuckets();
    perps.forEach((exchange, p) => tally(perp, snapshot.perp[p], exchange.book.everLiquidated));
    curve.perp = perp;
  }
  return curve;
}

function emptyBuckets(): HealthBucketCount[] {
  return Array.from({ length: HEALTH_BUCKET_EDGES.length + 1 }, () => ({
    accounts: 0,
    liquidated: 0,
    weightUsd: 0,
    liquidatedWeightUsd: 0,
  }));
}

function tally(buckets: HealthBucketCount[], snapshot: BookSnapshot, everLiquidated: Uint8Array): void {
  for (let i = 0; i < snapshot.bucket.length; i++) {
    const k = snapshot.bucket[i];
    if (k < 0) continue;
    const bucket = buckets[k];
    bucket.accounts += 1;
    bucket.weightUsd += snapshot.weightUsd[i];
    if (everLiquidated[i] !== 0) {
      bucket.liquidated += 1;
      bucket.liquidatedWeightUsd += snapshot.weightUsd[i];
    }
  }
}
