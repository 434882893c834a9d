import type { SalesByGeneration } from '../protocol/attribution-records.js';

/** Relative slack on a remembered share: far beyond the rounding that decay can add to it (see {@link ShareBounds}). */
const SHARE_SLACK = 1e-9;

/** Most decays a remembered share may span: (2·10⁶ + 4·G + 2)·2⁻⁵³ stays under 10⁻⁹ for up to 10⁵ generations. */
const MAX_DECAYS = 1_000_000;

/**
 * Upper bounds on the generation classifier's layer shares (share_k = weight below k / all weight) between sales.
 *
 * Decay multiplies every weight by the same factor, so it leaves the exact share unchanged; only rounding moves the
 * computed one. After m decays each weight is within (1 ± u)^m of its exact value (u = 2⁻⁵³) while it stays a normal
 * double, and the two sums of G weights within (1 ± u)^G, so a share computed m decays after a remembered one is at
 * most (1 + (2m + 4G + 2)·u) times it: under 1 + 10⁻⁹ for m ≤ 10⁶. A bound is given only while no sale has been
 * recorded since, m ≤ 10⁶, and the smallest positive weight stays above 2⁻¹⁰⁰⁰ (normal, with room) by the decays'
 * summed log₂ factors; otherwise the answer is 1, the bound every share has.
 *
 * @example
 * bounds.remember(k, share, sales, smallestPositiveLog2);
 * bounds.upperBound(k, sales); // share·(1 + 10⁻⁹) until the next sale
 */
export class ShareBounds {
  private readonly share: number[] = [];
  private readonly sales: number[] = [];
  private readonly decays: number[] = [];
  private readonly decayedLog2: number[] = [];
  private readonly smallestLog2: number[] = [];

  /** Records layer k's share as computed now, with log₂ of the smallest positive weight it was computed from. */
  remember(k: number, share: number, sales: SalesByGeneration, smallestLog2: number): void {
    while (this.share.length <= k) {
      this.share.push(1);
      this.sales.push(-1);
      this.decays.push(0);
      this.decayedLog2.push(0);
      this.smallestLog2.push(0);
    }
    this.share[k] = share;
    this.sales[k] = sales.sales;
    this.decays[k] = sales.decays;
    this.decayedLog2[k] = sales.decayedLog2;
    this.smallestLog2[k] = smallestLog2;
  }

  /** A number at least layer k's share now: the remembered share with its slack while that is provably valid, else 1.
   * */
  upperBound(k: number, sales: SalesByGeneration): number {
    if (k >= this.share.length || this.sales[k] !== sales.sales || sales.decays - this.decays[k] > MAX_DECAYS) return 1;
    // −Infinity after a factor of 0 gives NaN or −Infinity here, and no bound.
    if (!(this.smallestLog2[k] + (sales.decayedLog2 - this.decayedLog2[k]) > -1000)) return 1;
    return this.share[k] * (1 + SHARE_SLACK);
  }
}
