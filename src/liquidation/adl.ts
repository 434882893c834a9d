/**
 * Auto-deleveraging (ADL): when a bankrupt position cannot be closed in the market and the insurance fund cannot
 * absorb the loss, profitable positions on the opposite side are closed against it at the bankruptcy price,
 * highest-ranked first. BitMEX, Bybit and others rank by PnL% × effective leverage; Hyperliquid by unrealised PnL
 * and leverage.
 */

/**
 * How profitable positions are ordered for ADL.
 * - `pnl-pct-leverage` (BitMEX): PnL% × effective leverage.
 * - `pnl-times-leverage`: unrealised PnL in USD × effective leverage, which puts large winning positions first.
 */
export type AdlRanking = 'pnl-pct-leverage' | 'pnl-times-leverage';

/** One position on the side that would be deleveraged. */
export interface AdlCandidate {
  /** Account index (breaks ties: lower first). */
  readonly account: number;
  /** Absolute position size in base units, > 0. */
  readonly size: number;
  /** Unrealised PnL at the mark price, USD. */
  readonly unrealizedPnlUsd: number;
  /** |size| × average entry price, USD. */
  readonly entryNotionalUsd: number;
  /** |size| × mark price, USD. */
  readonly notionalUsd: number;
  /** Equity backing the position (isolated margin + unrealised PnL, or the account's equity in cross), USD. */
  readonly equityUsd: number;
}

/**
 * ADL score of a candidate; higher is deleveraged first. Effective leverage is notional / equity, BitMEX's
 * |mark value| / (mark value − bankrupt value), since for a position marked at the mark price that denominator is
 * its equity.
 * - `pnl-pct-leverage`: (unrealisedPnl / entryNotional) × (notional / equity).
 * - `pnl-times-leverage`: unrealisedPnl × (notional / equity).
 *
 * Decisions: only profitable candidates (unrealisedPnl > 0) are ranked, so any other scores 0. A profitable
 * candidate with equity ≤ 0 (possible in cross margin, when other positions lose) has unbounded effective leverage
 * and scores `Number.MAX_VALUE`, the top of the queue; so does any score that would overflow or divide by a zero
 * entry notional. Scores are therefore always finite.
 *
 * @example
 * const c = { account: 1, size: 1, unrealizedPnlUsd: 1_000, entryNotionalUsd: 10_000, notionalUsd: 11_000, equityUsd: 2_000 };
 * adlScore(c, 'pnl-pct-leverage') // 0.55  (10% × 5.5x)
 * adlScore(c, 'pnl-times-leverage') // 5,500 (1,000 × 5.5x)
 */
export function adlScore(c: AdlCandidate, ranking: AdlRanking): number {
  if (!(c.unrealizedPnlUsd > 0)) return 0;
  if (!(c.equityUsd > 0)) return Number.MAX_VALUE;
  const leverage = c.notionalUsd / c.equityUsd;
  // BitMEX: ranking = PnL percentage × effective leverage for profitable positions.
  const score =
    ranking === 'pnl-pct-leverage'
      ? (c.unrealizedPnlUsd / c.entryNotionalUsd) * leverage
      : c.unrealizedPnlUsd * leverage;
  return Number.isFinite(score) ? score : Number.MAX_VALUE;
}

/**
 * The ADL queue: profitable candidates only (unrealisedPnl > 0), by score descending, ties broken by lower account
 * first. Returns a new array; the input is not changed. An empty input, or one with no profitable candidate, gives [].
 *
 * @example
 * rankAdl([
 *   { account: 1, size: 1, unrealizedPnlUsd: 100, entryNotionalUsd: 1_000, notionalUsd: 1_100, equityUsd: 200 },
 *   { account: 2, size: 1, unrealizedPnlUsd: -50, entryNotionalUsd: 1_000, notionalUsd: 950, equityUsd: 50 },
 *   { account: 3, size: 1, unrealizedPnlUsd: 200, entryNotionalUsd: 1_000, notionalUsd: 1_200, equityUsd: 300 },
 * ], 'pnl-pct-leverage').map((c) => c.account) // [3, 1]  (scores 0.8 and 0.55; account 2 is losing)
 */
export function rankAdl(candidates: readonly AdlCandidate[], ranking: AdlRanking): AdlCandidate[] {
  const scored: { candidate: AdlCandidate; score: number }[] = [];
  for (const candidate of candidates) {
    if (candidate.unrealizedPnlUsd > 0) scored.push({ candidate, score: adlScore(candidate, ranking) });
  }
  // BitMEX: positions ranked from highest to lowest score; equal scores go to the lower account first.
  scored.sort((a, b) =>
    b.score !== a.score ? (b.score > a.score ? 1 : -1) : a.candidate.account - b.candidate.account,
  );
  return scored.map((s) => s.candidate);
}

/**
 * Splits `sizeToClose` (base units) over a ranked queue: each position in turn is closed in full until the
 * remainder is smaller than the next position, which is closed in part. The sizes taken sum to
 * min(sizeToClose, total queue size) (up to float rounding); positions left untouched are not listed.
 * A non-positive `sizeToClose` or an empty queue gives [].
 *
 * @example
 * // BitMEX's example: a short of 20 is liquidated; the top long (account 2, 10) is closed in full, account 5 (20) gives 10.
 * allocateAdl(20, [
 *   { account: 2, size: 10, unrealizedPnlUsd: 60, entryNotionalUsd: 100, notionalUsd: 160, equityUsd: 20 },
 *   { account: 5, size: 20, unrealizedPnlUsd: 50, entryNotionalUsd: 200, notionalUsd: 250, equityUsd: 50 },
 * ]) // [{ account: 2, size: 10 }, { account: 5, size: 10 }]
 */
export function allocateAdl(sizeToClose: number, ranked: readonly AdlCandidate[]): { account: number; size: number }[] {
  const fills: { account: number; size: number }[] = [];
  let remaining = sizeToClose;
  for (const candidate of ranked) {
    if (!(remaining > 0)) break;
    if (!(candidate.size > 0)) continue;
    // BitMEX: take the whole position unless the remainder is smaller, then take the remainder.
    const take = Math.min(candidate.size, remaining);
    fills.push({ account: candidate.account, size: take });
    remaining = take === remaining ? 0 : remaining - take;
  }
  return fills;
}
