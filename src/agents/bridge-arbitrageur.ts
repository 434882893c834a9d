import type { Chain } from '../chain/chain.js';
import type { Bridge } from '../chain/bridge.js';
import type { Venue } from '../market/venues/venue.js';

/** Settings of a cross-chain arbitrageur; see `bridgeArbitrageurs[]` in docs/scenario.md. */
export interface BridgeArbitrageurSettings {
  id: string;
  /** Quote spent per purchase, USD. */
  tradeUsd: number;
  /** Acts when the destination's mid exceeds the source's by more than this, basis points. */
  minEdgeBps: number;
  gasUnits: number;
  priorityFeeGwei: number;
}

/**
 * Arbitrage across a bridge: while selling everything bound for the destination chain (held, in flight and one more
 * purchase) would still average above the source price by the minimum edge, buy on the source chain's venue and
 * bridge it in the same transaction; once a transfer has arrived, sell it on the destination venue in a
 * transaction on that chain. Each leg runs when its chain includes it, and nothing sold on the destination can have
 * left the source less than the bridge's latency earlier, so the destination price lags by at least that much.
 * Units: bought = bridged + stranded (bought beyond the bridge's rate limit); delivered = sold + held.
 *
 * @example
 * const arb = new BridgeArbitrageur(settings, bridge, { chain: main, venue: cex }, { chain: l2, venue: pool });
 * arb.submit(); // every block, after the venues move
 */
export class BridgeArbitrageur {
  bought = 0;
  bridged = 0;
  stranded = 0;
  sold = 0;
  held = 0;
  spentUsd = 0;
  proceedsUsd = 0;
  gasUsd = 0;

  constructor(
    readonly settings: BridgeArbitrageurSettings,
    readonly bridge: Bridge,
    private readonly source: { readonly chain: Chain; readonly venue: Venue },
    private readonly destination: { readonly chain: Chain; readonly venue: Venue },
  ) {}

  /** Profit so far: proceeds − spent − gas, USD (units still held or in flight are not valued). */
  get profitUsd(): number {
    return this.proceedsUsd - this.spentUsd - this.gasUsd;
  }

  /** Collects arrived transfers and sends this block's legs. */
  submit(): void {
    const { settings, source, destination, bridge } = this;
    this.held += bridge.arrived(source.chain.clock.timeSeconds);
    // Resubmitted every block while something waits: a fee market keeps one pending (re-bid or re-entered if dropped).
    if (this.held > 0) {
      destination.chain.submit({
        sender: settings.id,
        key: `${settings.id}:sell`,
        kind: 'arbitrage',
        gasUnits: settings.gasUnits,
        priorityFeeGwei: settings.priorityFeeGwei,
        execute: this.sell,
      });
    }
    if (bridge.capacityAt(source.chain.clock.timeSeconds) > 0 && this.worthBuying()) {
      source.chain.submit({
        sender: settings.id,
        key: `${settings.id}:buy`,
        kind: 'arbitrage',
        gasUnits: settings.gasUnits,
        priorityFeeGwei: settings.priorityFeeGwei,
        execute: this.buyAndBridge,
      });
    }
  }

  /**
   * Whether one more purchase still pays: selling everything already bound for the destination (held and in flight)
   * plus this purchase at today's destination quote must average above the source mid by the minimum edge.
   */
  private worthBuying(): boolean {
    const { source, destination, settings } = this;
    const pending = this.held + this.bridge.inFlightUnits + source.venue.quoteBuy(settings.tradeUsd);
    const average = destination.venue.quoteSell(pending) / pending;
    return average > source.venue.mid() * (1 + settings.minEdgeBps / 10_000);
  }

  /** Source leg: buys with tradeUsd (less if the bridge's rate limit is nearer) and bridges what it bought. */
  private readonly buyAndBridge = (): void => {
    const { source, bridge, settings } = this;
    const now = source.chain.clock.timeSeconds;
    const room = bridge.capacityAt(now);
    const full = source.venue.quoteBuy(settings.tradeUsd);
    if (!(room > 0) || !(full > 0)) return;
    const spend = settings.tradeUsd * Math.min(1, room / full);
    const units = source.venue.buy(spend);
    const accepted = bridge.send(units, now);
    this.bought += units;
    this.bridged += accepted;
    this.stranded += units - accepted;
    this.spentUsd += spend;
    this.gasUsd += source.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
  };

  /** Destination leg: sells everything that has arrived. */
  private readonly sell = (): void => {
    const { destination, settings } = this;
    const units = this.held;
    if (!(units > 0)) return;
    this.proceedsUsd += destination.venue.sell(units);
    this.sold += units;
    this.held = 0;
    this.gasUsd += destination.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
  };
}
