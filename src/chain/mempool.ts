/**
 * Mempool: pending transactions, geth-style replacement, TTL, and block building by effective tip under a
 * gas limit, sharing the block with exogenous background demand. Pure bookkeeping: it never runs a transaction;
 * it returns the included ones in order and the caller executes their payloads.
 */

/**
 * An EIP-1559 bid (type-2 transaction) or a legacy single gas price; legacy is treated as maxFee = maxPriority =
 * gasPrice, as in geth.
 *
 * @example
 * const bid: FeeBid = { maxFeePerGasGwei: 60, maxPriorityFeePerGasGwei: 2 }; // or { gasPriceGwei: 40 }
 */
export type FeeBid =
  { readonly maxFeePerGasGwei: number; readonly maxPriorityFeePerGasGwei: number } | { readonly gasPriceGwei: number };

/**
 * A transaction as submitted.
 *
 * @example
 * const req: TxRequest<string> = { key: 'k1:0', sender: 'k1', gasUnits: 250_000, fees: { gasPriceGwei: 40 }, submitBlock: 7, payload: 'liquidate' };
 */
export interface TxRequest<T> {
  /** Replacement key (sender + nonce-like slot): a later tx with the same key replaces this one if it bumps both caps.
   * */
  readonly key: string;
  readonly sender: string;
  readonly gasUnits: number;
  readonly fees: FeeBid;
  /** Block in which it was submitted; the TTL counts from here. */
  readonly submitBlock: number;
  /** Whatever the caller needs to run it (e.g. an execute closure). */
  readonly payload: T;
}

/**
 * A pending transaction, with its bid normalised to the two EIP-1559 caps and its arrival order.
 *
 * @example
 * pool.pending().map((tx: PendingTx<string>) => tx.maxTipGwei);
 */
export interface PendingTx<T> extends TxRequest<T> {
  readonly maxFeeGwei: number;
  readonly maxTipGwei: number;
  /** Arrival order across the pool; ties in tip go to the lower one. */
  readonly seq: number;
}

/**
 * Outcome of {@link Mempool.submit}.
 *
 * @example
 * const result: SubmitResult<string> = pool.submit(req);
 * if (result.status === 'underpriced') console.log('bump both caps by 10%');
 */
export type SubmitResult<T> =
  | { readonly status: 'added' }
  | { readonly status: 'replaced'; readonly replaced: PendingTx<T> }
  | { readonly status: 'underpriced'; readonly existing: PendingTx<T> };

/**
 * A transaction placed in a block and what it paid.
 *
 * @example
 * for (const inc of built.included as IncludedTx<() => void>[]) inc.tx.payload();
 */
export interface IncludedTx<T> {
  readonly tx: PendingTx<T>;
  /** min(maxPriority, maxFee − baseFee), gwei per gas. */
  readonly effectiveTipGwei: number;
  /** Burned: gasUnits · baseFee, gwei. */
  readonly burnedGwei: number;
  /** To the block producer: gasUnits · effective tip, gwei. */
  readonly tipGwei: number;
}

/**
 * One built block. Fee totals are in gwei (gas × gwei/gas); multiply by 1e-9 for native units.
 *
 * @example
 * const built: BuiltBlock<string> = pool.buildBlock(1, 20, 30e6, 15e6);
 * market.advance(built.gasUsed);
 */
export interface BuiltBlock<T> {
  readonly block: number;
  readonly baseFeeGwei: number;
  /** Agent transactions in execution order. */
  readonly included: readonly IncludedTx<T>[];
  /** Transactions dropped before building because their TTL ran out. */
  readonly dropped: readonly PendingTx<T>[];
  /** Total gas used: background plus agents; feed this to GasMarket.advance. */
  readonly gasUsed: number;
  readonly agentGasUsed: number;
  readonly backgroundGasUsed: number;
  /** Burned and tipped by agent transactions. */
  readonly burnedGwei: number;
  readonly tipsGwei: number;
  /** Burned and tipped by background demand. */
  readonly backgroundBurnedGwei: number;
  readonly backgroundTipsGwei: number;
}

/**
 * Mempool parameters.
 *
 * @example
 * const config: MempoolConfig = { ttlBlocks: 50, priceBumpPercent: 10, backgroundTipGwei: 1.5 };
 */
export interface MempoolConfig {
  /** A tx may be included in blocks submitBlock … submitBlock + ttlBlocks; it is dropped before any later block. */
  readonly ttlBlocks: number;
  /** Replacement needs both caps ≥ old·(100 + bump)/100; geth's default txpool.pricebump is 10. */
  readonly priceBumpPercent?: number;
  /** Tip (gwei) that background demand bids per gas; agents must beat it strictly to go ahead. Default 0. */
  readonly backgroundTipGwei?: number;
}

const WEI_PER_GWEI = 1e9;

/**
 * Pending transactions and the block builder.
 *
 * Background demand model: `backgroundGas` is many small price-inelastic transactions all bidding
 * `backgroundTipGwei` with an unbounded fee cap. In the block they stand as one divisible bid at that tip:
 * agent txs with a strictly higher effective tip go before it, then background fills min(backgroundGas, room),
 * then agent txs at or below its tip fill what is left. Agent txs are packed greedily in tip order (ties by arrival);
 * one that does not fit is skipped and waits, and smaller ones behind it may still enter (as geth's miner skips a
 * too-large tx). Per-sender nonce chains are not modelled: each key is an independent slot.
 *
 * @example
 * const pool = new Mempool<() => void>({ ttlBlocks: 10 });
 * pool.submit({ key: 'k1:0', sender: 'k1', gasUnits: 300_000, submitBlock: 1, payload: run,
 *   fees: { maxFeePerGasGwei: 150, maxPriorityFeePerGasGwei: 3 } });
 * const built = pool.buildBlock(1, market.baseFeeGwei, market.gasLimit, market.backgroundGas(1, r));
 * for (const { tx } of built.included) tx.payload();
 * market.advance(built.gasUsed);
 */
export class Mempool<T> {
  private readonly byKey = new Map<string, PendingTx<T>>();
  private nextSeq = 0;

  constructor(readonly config: MempoolConfig) {}

  /** Pending transactions in arrival order. */
  pending(): PendingTx<T>[] {
    return [...this.byKey.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Whether a transaction with this key is pending. */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The pending transaction with this key, if any. */
  get(key: string): PendingTx<T> | undefined {
    return this.byKey.get(key);
  }

  /** Number of pending transactions. */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * Adds a transaction, or replaces the pending one with the same key when both caps rise by the price bump
   * (geth legacypool list.Add: new caps strictly above the old and ≥ old·(100+bump)/100 in integer wei).
   * A replacement takes a new arrival order and restarts the TTL from its own submitBlock.
   */
  submit(request: TxRequest<T>): SubmitResult<T> {
    const [maxFeeGwei, maxTipGwei] = caps(request.fees);
    const existing = this.byKey.get(request.key);
    if (existing !== undefined && !this.bumpsEnough(existing, maxFeeGwei, maxTipGwei))
      return { status: 'underpriced', existing };
    this.byKey.set(request.key, { ...request, maxFeeGwei, maxTipGwei, seq: this.nextSeq++ });
    return existing === undefined ? { status: 'added' } : { status: 'replaced', replaced: existing };
  }

  /** Removes a pending transaction (e.g. the sender gave up); true if it was there. */
  cancel(key: string): boolean {
    return this.byKey.delete(key);
  }

  /**
   * Builds `block`: drops expired txs, then fills `gasLimit` with agent txs and `backgroundGas` as described on the
   * class (background bidding `backgroundTipGwei`, by default the configured one). Txs with maxFee < baseFee are not
   * includable and wait, as do txs that do not fit. Included txs leave the pool.
   */
  buildBlock(
    block: number,
    baseFeeGwei: number,
    gasLimit: number,
    backgroundGas: number,
    backgroundTipGwei = this.config.backgroundTipGwei ?? 0,
  ): BuiltBlock<T> {
    const dropped: PendingTx<T>[] = [];
    for (const tx of this.pending()) {
      if (block - tx.submitBlock > this.config.ttlBlocks) {
        dropped.push(tx);
        this.byKey.delete(tx.key);
      }
    }
    const bgTip = backgroundTipGwei;
    // EIP-1559: effective tip = min(maxPriorityFee, maxFee − baseFee); not includable when maxFee < baseFee.
    const candidates = this.pending()
      .filter((tx) => tx.maxFeeGwei >= baseFeeGwei)
      .map((tx) => ({ tx, tip: Math.min(tx.maxTipGwei, tx.maxFeeGwei - baseFeeGwei) }))
      .sort((a, b) => b.tip - a.tip || a.tx.seq - b.tx.seq);
    const included: IncludedTx<T>[] = [];
    let room = gasLimit;
    let backgroundGasUsed = 0;
    let backgroundPlaced = false;
    const placeBackground = (): void => {
      backgroundGasUsed = Math.max(0, Math.min(backgroundGas, room));
      room -= backgroundGasUsed;
      backgroundPlaced = true;
    };
    for (const { tx, tip } of candidates) {
      if (!backgroundPlaced && tip <= bgTip) placeBackground();
      if (tx.gasUnits > room) continue;
      room -= tx.gasUnits;
      included.push({ tx, effectiveTipGwei: tip, burnedGwei: tx.gasUnits * baseFeeGwei, tipGwei: tx.gasUnits * tip });
      this.byKey.delete(tx.key);
    }
    if (!backgroundPlaced) placeBackground();
    let agentGasUsed = 0;
    let burnedGwei = 0;
    let tipsGwei = 0;
    for (const inc of included) {
      agentGasUsed += inc.tx.gasUnits;
      burnedGwei += inc.burnedGwei;
      tipsGwei += inc.tipGwei;
    }
    return {
      block,
      baseFeeGwei,
      included,
      dropped,
      gasUsed: agentGasUsed + backgroundGasUsed,
      agentGasUsed,
      backgroundGasUsed,
      burnedGwei,
      tipsGwei,
      backgroundBurnedGwei: backgroundGasUsed * baseFeeGwei,
      backgroundTipsGwei: backgroundGasUsed * bgTip,
    };
  }

  private bumpsEnough(old: PendingTx<T>, maxFeeGwei: number, maxTipGwei: number): boolean {
    const bump = BigInt(100 + (this.config.priceBumpPercent ?? 10));
    const [oldFee, oldTip, newFee, newTip] = [old.maxFeeGwei, old.maxTipGwei, maxFeeGwei, maxTipGwei].map(toWei);
    // geth list.Add: reject unless both caps strictly rise …
    if (newFee <= oldFee || newTip <= oldTip) return false;
    // … and reach old·(100 + priceBump)/100 (integer wei).
    return newFee >= (oldFee * bump) / 100n && newTip >= (oldTip * bump) / 100n;
  }
}

/** [maxFee, maxTip] of a bid; a legacy gas price is both. */
function caps(fees: FeeBid): [number, number] {
  return 'gasPriceGwei' in fees
    ? [fees.gasPriceGwei, fees.gasPriceGwei]
    : [fees.maxFeePerGasGwei, fees.maxPriorityFeePerGasGwei];
}

function toWei(gwei: number): bigint {
  return BigInt(Math.round(gwei * WEI_PER_GWEI));
}
