import type { PriceSource } from './spot.js';
import { median } from './median.js';
import type { Oracle } from './oracle.js';
import type { OracleUpdates } from './oracle-updates.js';

/** Settings of a push oracle; see docs/scenario.md. */
export interface PushOracleSettings {
  id: string;
  asset: string;
  /** Publish when the reading moves this fraction from the last submitted answer (0.005 = 0.5%). */
  deviation: number;
  heartbeatSeconds: number;
  /** Blocks between a reading and its answer becoming visible to protocols. */
  delayBlocks: number;
  /**
   * Multiplies every reading: a redemption rate (the token's value in units of the asset its sources trade), read
   * at each reading, so it may change (a deposit receipt losing value with its issuer's losses); default 1.
   */
  scale?: () => number;
}

interface PendingAnswer {
  visibleAtBlock: number;
  price: number;
  /** Seconds when the reading was taken. */
  readAt: number;
  /** Exogenous price of the asset when the reading was taken (for cascade attribution). */
  fundamental: number;
}

/**
 * Chainlink-style push oracle: reads the median mid of its source venues every block and submits a
 * new answer when the reading deviates from the last submitted answer by the threshold or the
 * heartbeat has elapsed; the answer becomes visible `delayBlocks` later. Protocols read `price`.
 *
 * @example
 * const oracle = new PushOracle(settings, [market]);
 * oracle.start(fundamental);
 * oracle.onBlock(block, timeSeconds, fundamental); // maybe publishes
 */
export class PushOracle implements Oracle {
  /** Latest answer visible to protocols, USD. */
  price = Number.NaN;
  /** Exogenous price at the time the visible answer was read. */
  fundamentalAtRead = Number.NaN;
  /** Answers that reached the chain so far (deviation or heartbeat triggers). */
  updates = 0;
  /** Time the visible answer was read from the sources, seconds (its submission time; the delay makes it older). */
  updatedAt = 0;
  private lastSubmittedPrice = Number.NaN;
  private lastSubmittedTime = 0;
  private readonly pending: PendingAnswer[] = [];
  /** Update transactions, under a fee market. */
  private transport?: OracleUpdates;
  /** Answers sent as transactions so far (their round numbers). */
  private rounds = 0;
  /** Scratch for the sources' mids (median copies it before sorting). */
  private readonly mids: number[];

  constructor(
    readonly settings: PushOracleSettings,
    private readonly sources: readonly PriceSource[],
  ) {
    this.mids = sources.map(() => 0);
  }

  get id(): string {
    return this.settings.id;
  }

  /** Current reading of the sources: the median of their mids (times the scale, if any). */
  read(): number {
    const reading = this.medianMid();
    return this.settings.scale === undefined ? reading : reading * this.settings.scale();
  }

  private medianMid(): number {
    const { sources } = this;
    // One or two sources (the usual case) without allocating: median([x]) = x, and the median of two is the
    // sum of the sorted pair over 2, which is the same double in either order (IEEE addition commutes).
    if (sources.length === 1) return sources[0].mid();
    if (sources.length === 2) return (sources[0].mid() + sources[1].mid()) / 2;
    const mids = this.mids;
    for (let k = 0; k < sources.length; k++) mids[k] = sources[k].mid();
    return median(mids);
  }

  /** Publishes the initial answer at block 0, with no delay. */
  start(fundamental: number, timeSeconds = 0): void {
    this.price = this.lastSubmittedPrice = this.read();
    this.fundamentalAtRead = fundamental;
    this.lastSubmittedTime = timeSeconds;
    this.updatedAt = timeSeconds;
  }

  /**
   * Sends answers as chain transactions (under a fee market); without this, a submitted answer is on chain at once.
   *
   * @example oracle.sendThrough(new OracleUpdates('eth-usd', chain, { gasUnits: 200_000, priorityFeeGwei: 2 }));
   */
  sendThrough(updates: OracleUpdates): void {
    this.transport = updates;
  }

  /** Reads the sources, submits an answer if a trigger fires, and reveals answers whose delay has passed. */
  onBlock(block: number, timeSeconds: number, fundamental: number): void {
    this.transport?.rebid();
    const reading = this.read();
    // Chainlink OCR trigger: deviation from the latest answer beyond the threshold, or heartbeat elapsed.
    const moved = Math.abs(reading - this.lastSubmittedPrice) / this.lastSubmittedPrice;
    if (moved >= this.settings.deviation || timeSeconds - this.lastSubmittedTime >= this.settings.heartbeatSeconds) {
      const answer: PendingAnswer = {
        visibleAtBlock: block + this.settings.delayBlocks,
        price: reading,
        readAt: timeSeconds,
        fundamental,
      };
      this.lastSubmittedPrice = reading;
      this.lastSubmittedTime = timeSeconds;
      if (this.transport) this.transport.send(++this.rounds, (landed) => this.land(answer, landed));
      else this.land(answer);
    }
    this.reveal(block);
  }

  /** An answer reaches the chain (in block `landed`, for a transaction): queued until its delay has passed. */
  private land(answer: PendingAnswer, landed?: number): void {
    this.pending.push(answer);
    this.updates += 1;
    if (landed !== undefined) this.reveal(landed);
  }

  /** Makes visible every queued answer whose delay has passed by `block`. */
  private reveal(block: number): void {
    while (this.pending.length > 0 && this.pending[0].visibleAtBlock <= block) {
      const answer = this.pending.shift() as PendingAnswer;
      this.price = answer.price;
      this.fundamentalAtRead = answer.fundamental;
      this.updatedAt = answer.readAt;
    }
  }
}
