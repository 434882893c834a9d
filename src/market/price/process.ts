/**
 * An exogenous ("fundamental") price path of one asset in USD, advanced one block at a time.
 * Implementations draw randomness only from the {@link RandomStream} given at construction.
 */
export interface PriceProcess {
  /** Price at time 0 (block 0), USD per unit. */
  readonly initial: number;
  /**
   * Advances the path to the end of a block and returns the new price.
   * @param timeSeconds time at the end of the block, seconds since the start of the run
   * @param dtSeconds block length in seconds (timeSeconds − previous timeSeconds)
   */
  next(timeSeconds: number, dtSeconds: number): number;
}
