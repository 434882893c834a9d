/**
 * Priority gas auction (Daian et al., "Flash Boys 2.0", 2019): bots that want the same opportunity in a block
 * keep replacing their transactions with higher tips until all but one would pay more than the opportunity is
 * worth to them. Modelled as the limit of that replacement game within one block interval.
 */

/**
 * One bidder: its opening tip and the most it will tip (tip at which its profit after gas reaches zero), gwei per gas.
 *
 * @example
 * const bid: PgaBid = { tipGwei: 2, maxTipGwei: 140 };
 */
export interface PgaBid {
  readonly tipGwei: number;
  readonly maxTipGwei: number;
}

/** 1 wei in gwei: the smallest step that puts a bid strictly above another. */
const ONE_WEI_GWEI = 1e-9;

/**
 * Final tips of a priority gas auction. Each round, every bidder that does not lead (highest tip; ties go to the
 * lower index, as the chain orders ties by arrival) replaces its bid with max(own·(1 + bump), leader + 1 wei),
 * the least that both passes the mempool's replacement rule (geth txpool.pricebump, 10%) and overtakes the
 * leader, if that is within its maximum; otherwise it stays where it is. Stops when a round changes nothing.
 * The winner ends between the runner-up's maximum over (1 + bump) and that maximum times (1 + bump): with rivals of
 * similar value, most of the opportunity goes to the block producer as tips.
 *
 * @example
 * priorityGasAuction([{ tipGwei: 2, maxTipGwei: 100 }, { tipGwei: 2, maxTipGwei: 80 }]) // ≈ [≥ 80, ≤ 80]
 */
export function priorityGasAuction(bids: readonly PgaBid[], bumpPercent = 10): number[] {
  if (bids.some((b) => !Number.isFinite(b.maxTipGwei) || !Number.isFinite(b.tipGwei)))
    throw new RangeError('priorityGasAuction: tips must be finite');
  // Each raise multiplies a tip by at least 1 + bump, so the rounds are logarithmic in the tips; without a bump they
  // would creep up 1 wei at a time (or, once 1 wei is below a tip's float resolution, never end).
  if (!(bumpPercent > 0)) throw new RangeError(`priorityGasAuction: bumpPercent must be > 0, got ${bumpPercent}`);
  const tips = bids.map((b) => Math.min(b.tipGwei, b.maxTipGwei));
  const factor = 1 + bumpPercent / 100;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < tips.length; i++) {
      const leader = leaderOf(tips);
      if (leader === i) continue;
      const raise = Math.max(tips[i] * factor, tips[leader] + ONE_WEI_GWEI);
      if (raise <= bids[i].maxTipGwei) {
        tips[i] = raise;
        changed = true;
      }
    }
  }
  return tips;
}

/** Index of the highest tip, the lower index on ties. */
function leaderOf(tips: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < tips.length; i++) if (tips[i] > tips[best]) best = i;
  return best;
}
