/**
 * A running total under additions and subtractions, compensated (Neumaier's variant of Kahan summation) so that
 * millions of opens, changes and closes leave it within a few ulps of the exact sum instead of drifting by the
 * rounding of every step. `reset()` makes it exactly 0 again (the book does so when a set empties).
 *
 * @example
 * const s = new RunningSum();
 * s.add(1e16); s.add(1); s.add(-1e16);
 * s.value(); // 1
 */
export class RunningSum {
  private sum = 0;
  private compensation = 0;

  /** Adds `x` (subtracts when negative). */
  add(x: number): void {
    const t = this.sum + x;
    // Neumaier: keep the low-order bits lost by whichever operand is smaller in magnitude.
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  /** The total. */
  value(): number {
    return this.sum + this.compensation;
  }

  /** Sets the total to exactly 0. */
  reset(): void {
    this.sum = 0;
    this.compensation = 0;
  }
}
