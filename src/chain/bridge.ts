/**
 * A token bridge between two chains: what is sent is locked on the source chain at once and released on the
 * destination `latencySeconds` later, within a rate limit of `capacityPerHour` units (a token bucket that refills
 * continuously, holding at most one hour's capacity), less a fee. Conservation: locked = delivered + fees + in flight.
 *
 * @example
 * const bridge = new Bridge({ id: 'canonical', asset: 'ETH', latencySeconds: 600, capacityPerHour: 1000, feeBps: 5 });
 * bridge.send(10, 0);          // 10 accepted at t = 0
 * bridge.arrived(600);         // 9.995 released at t = 600
 */
export interface BridgeSettings {
  readonly id: string;
  readonly asset: string;
  readonly latencySeconds: number;
  readonly capacityPerHour: number;
  readonly feeBps: number;
}

export class Bridge {
  /** Units locked on the source chain so far. */
  locked = 0;
  /** Units released on the destination chain so far. */
  delivered = 0;
  /** Units kept as fees so far. */
  fees = 0;
  private readonly inFlight: { units: number; arrivesAt: number }[] = [];
  private bucket: number;
  private lastRefill = 0;

  constructor(readonly settings: BridgeSettings) {
    this.bucket = settings.capacityPerHour;
  }

  /** Units travelling now. */
  get inFlightUnits(): number {
    return this.inFlight.reduce((sum, t) => sum + t.units, 0);
  }

  /** Units that could be sent at `timeSeconds` under the rate limit. */
  capacityAt(timeSeconds: number): number {
    this.refill(timeSeconds);
    return this.bucket;
  }

  /** Sends up to `units` at `timeSeconds`; returns the units accepted (locked now, released after the latency, less the
   * fee). */
  send(units: number, timeSeconds: number): number {
    this.refill(timeSeconds);
    const accepted = Math.max(0, Math.min(units, this.bucket));
    if (accepted === 0) return 0;
    this.bucket -= accepted;
    this.locked += accepted;
    const fee = (accepted * this.settings.feeBps) / 10_000;
    this.fees += fee;
    this.inFlight.push({ units: accepted - fee, arrivesAt: timeSeconds + this.settings.latencySeconds });
    return accepted;
  }

  /** Releases every transfer that has arrived by `timeSeconds`; returns the units released. */
  arrived(timeSeconds: number): number {
    let released = 0;
    while (this.inFlight.length > 0 && this.inFlight[0].arrivesAt <= timeSeconds)
      released += (this.inFlight.shift() as { units: number }).units;
    this.delivered += released;
    return released;
  }

  private refill(timeSeconds: number): void {
    const { capacityPerHour } = this.settings;
    this.bucket = Math.min(capacityPerHour, this.bucket + ((timeSeconds - this.lastRefill) * capacityPerHour) / 3600);
    this.lastRefill = timeSeconds;
  }
}
