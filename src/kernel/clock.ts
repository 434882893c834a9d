/**
 * Block clock: block 0 is the initial state; each `advance()` moves one block of fixed duration.
 *
 * @example
 * const clock = new Clock(12);
 * clock.advance(); // clock.block === 1, clock.timeSeconds === 12
 */
export class Clock {
  block = 0;
  timeSeconds = 0;

  constructor(readonly blockTimeSeconds: number) {}

  /** Moves to the next block. */
  advance(): void {
    this.block += 1;
    this.timeSeconds = this.block * this.blockTimeSeconds;
  }
}
