/**
 * What a protocol does when its oracle's answer is stale (or invalid).
 * - `FreezeLiquidations`: no usable price, so nothing priced happens; liquidations stop until a fresh answer
 *   (Euler v2 `ChainlinkOracle` reverts with `PriceOracle_TooStale` when age > maxStaleness, and every
 *   operation that needs the price, liquidation included, reverts with it).
 * - `UseLastGoodPrice`: keep going with the last fresh answer (Liquity v1 `PriceFeed`: Chainlink "frozen"
 *   when age > 4 h, and with no working fallback it returns `lastGoodPrice`); liquidations continue at an
 *   old price.
 *
 * @example const policy: StalePolicy = StalePolicy.FreezeLiquidations;
 */
export const StalePolicy = {
  FreezeLiquidations: 'freeze-liquidations',
  UseLastGoodPrice: 'use-last-good-price',
} as const;
export type StalePolicy = (typeof StalePolicy)[keyof typeof StalePolicy];

/** An oracle answer with the time it was updated (Chainlink `latestRoundData` `answer`, `updatedAt`). */
export interface TimedAnswer {
  price: number;
  /** Seconds. */
  updatedAt: number;
}

/** Result of {@link checkStaleness}. */
export interface StalenessCheck {
  price: number;
  /** True when the answer is older than allowed, or not a positive finite number. */
  stale: boolean;
  ageSeconds: number;
}

/**
 * Chainlink-consumer freshness check: stale when now − updatedAt > maxAgeSeconds (an answer exactly
 * maxAgeSeconds old passes), or when the price is not positive and finite (Aave's `answer > 0` check).
 * Throws on an answer from the future.
 *
 * @example checkStaleness({ price: 2000, updatedAt: 0 }, 3600, 3600) // { price: 2000, stale: false, ageSeconds: 3600 }
 * @example checkStaleness({ price: 2000, updatedAt: 0 }, 3601, 3600).stale // true
 */
export function checkStaleness(answer: TimedAnswer, nowSeconds: number, maxAgeSeconds: number): StalenessCheck {
  const ageSeconds = nowSeconds - answer.updatedAt;
  if (ageSeconds < 0)
    throw new RangeError(`checkStaleness: answer updated at ${answer.updatedAt}, after now ${nowSeconds}`);
  const valid = answer.price > 0 && Number.isFinite(answer.price);
  // Chainlink consumers (Euler v2, Liquity v1): reject when block.timestamp − updatedAt > maxAge.
  return { price: answer.price, stale: !valid || ageSeconds > maxAgeSeconds, ageSeconds };
}

/** Settings of a {@link StalenessGuard}. */
export interface StalenessGuardSettings {
  maxAgeSeconds: number;
  policy: StalePolicy;
}

/** What the protocol should do with one read (see {@link StalenessGuard.read}). */
export interface GuardedPrice extends StalenessCheck {
  /** Price the protocol uses: the answer when fresh; when stale, the last good price or NaN (frozen). */
  usablePrice: number;
  /** False when the protocol must not liquidate this block (stale under `FreezeLiquidations`, or no good price yet). */
  liquidationsAllowed: boolean;
}

/**
 * A protocol's view of an oracle through a freshness check and a stale-price policy. Remembers the last fresh
 * answer for `UseLastGoodPrice`.
 *
 * @example
 * const guard = new StalenessGuard({ maxAgeSeconds: 3600, policy: StalePolicy.FreezeLiquidations });
 * guard.read({ price: push.price, updatedAt: push.updatedAt }, now).liquidationsAllowed
 */
export class StalenessGuard {
  /** Last fresh answer seen, NaN before the first. */
  lastGoodPrice = Number.NaN;

  constructor(readonly settings: StalenessGuardSettings) {
    if (!(settings.maxAgeSeconds >= 0)) throw new RangeError('StalenessGuard: maxAgeSeconds must be ≥ 0');
  }

  /**
   * Checks an answer at `nowSeconds` and applies the policy.
   *
   * @example guard.read({ price: 2000, updatedAt: 0 }, 7200) // stale: frozen or last good price
   */
  read(answer: TimedAnswer, nowSeconds: number): GuardedPrice {
    const check = checkStaleness(answer, nowSeconds, this.settings.maxAgeSeconds);
    if (!check.stale) {
      this.lastGoodPrice = check.price;
      return { ...check, usablePrice: check.price, liquidationsAllowed: true };
    }
    if (this.settings.policy === StalePolicy.UseLastGoodPrice && Number.isFinite(this.lastGoodPrice)) {
      return { ...check, usablePrice: this.lastGoodPrice, liquidationsAllowed: true };
    }
    return { ...check, usablePrice: Number.NaN, liquidationsAllowed: false };
  }
}
