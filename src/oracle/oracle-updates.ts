import type { Chain } from '../chain/chain.js';

/**
 * Gas settings of an oracle's update transactions (a Chainlink OCR `transmit`, a Maker OSM `poke`).
 *
 * @example
 * const tx: OracleTxSettings = { gasUnits: 200_000, priorityFeeGwei: 2, maxFeeGwei: 150 };
 */
export interface OracleTxSettings {
  readonly gasUnits: number;
  readonly priorityFeeGwei: number;
  /** Most the oracle pays per gas, base fee included, gwei (undefined: no cap). */
  readonly maxFeeGwei?: number;
}

/**
 * How an on-chain oracle's updates reach the chain under a fee market: each update is a transaction that
 * applies the answer when included, so congestion delays publication. Rounds are numbered; an update whose
 * round is older than one already applied is ignored when it lands (Chainlink OCR rejects stale rounds; an OSM
 * poke reverts before its hop). While the latest round waits it is resubmitted every block, which the fee market
 * turns into a re-bid once it has waited (or a new entry if it was dropped).
 *
 * @example
 * const updates = new OracleUpdates('eth-usd', chain, { gasUnits: 200_000, priorityFeeGwei: 2 });
 * updates.send(7, (block) => publish(answer, block)); // runs when the transaction is included, with its block
 */
export class OracleUpdates {
  private latestRound = -1;
  private appliedRound = -1;
  private apply: (block: number) => void = () => {};

  constructor(
    private readonly oracleId: string,
    private readonly chain: Chain,
    private readonly tx: OracleTxSettings,
  ) {}

  /** Submits round `round`'s update; `apply` gets the block it lands in (a round already waiting just takes the new
   * `apply`). */
  send(round: number, apply: (block: number) => void): void {
    this.apply = apply;
    if (round === this.latestRound) return;
    this.latestRound = round;
    this.submit();
  }

  /** Each block: resubmits the waiting round (the fee market re-bids it once it has waited long enough, or re-enters it
   * if dropped). */
  rebid(): void {
    if (this.latestRound > this.appliedRound) this.submit();
  }

  private key(): string {
    return `oracle:${this.oracleId}:${this.latestRound}`;
  }

  private submit(): void {
    const round = this.latestRound;
    const apply = this.apply;
    this.chain.submit({
      sender: `oracle:${this.oracleId}`,
      key: this.key(),
      kind: 'oracle',
      gasUnits: this.tx.gasUnits,
      priorityFeeGwei: this.tx.priorityFeeGwei,
      maxFeeGwei: this.tx.maxFeeGwei,
      execute: () => {
        if (round <= this.appliedRound) return;
        this.appliedRound = round;
        apply(this.chain.clock.block);
      },
    });
  }
}
