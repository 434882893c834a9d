/**
 * Gas market: the EIP-1559 base fee (or none, in first-price mode) and the exogenous background demand
 * for block space. Pure: every output is a function of the config and the arguments; nothing random.
 */

/**
 * How the chain prices inclusion: 'eip1559' (base fee burned + tip) or 'first-price' (pre-London: each tx pays its
 * bid).
 *
 * @example
 * const mode: FeeMode = 'first-price';
 */
export type FeeMode = 'eip1559' | 'first-price';

/**
 * A scheduled burst of background demand: blocks `startBlock`..`endBlock` (both inclusive) demand `multiplier`× the
 * level,
 * and the background bids `tipGwei` per gas while it lasts (when given).
 *
 * @example
 * const spike: DemandSpike = { startBlock: 100, endBlock: 120, multiplier: 2.5, tipGwei: 80 };
 */
export interface DemandSpike {
  readonly startBlock: number;
  readonly endBlock: number;
  readonly multiplier: number;
  readonly tipGwei?: number;
}

/**
 * Exogenous demand for block space, in gas per block, from users outside the simulation.
 *
 * @example
 * const demand: BackgroundDemandConfig = { baseGas: 14e6, volatility: { k: 0.5, referenceReturn: 0.005 } };
 */
export interface BackgroundDemandConfig {
  /** Gas per block demanded in calm markets. */
  readonly baseGas: number;
  /** Scheduled spikes; overlapping spikes multiply. */
  readonly spikes?: readonly DemandSpike[];
  /** Volatility link: demand × (1 + k·|r|/referenceReturn), r the block's return of a reference price. */
  readonly volatility?: { readonly k: number; readonly referenceReturn: number };
  /**
   * Price response: demand × (referenceBaseFeeGwei / baseFee)^priceElasticity (at most ×{@link MAX_PRICE_RESPONSE}),
   * so users outside the simulation transact less when the base fee is high; without it demand ignores price.
   */
  readonly price?: { readonly referenceBaseFeeGwei: number; readonly elasticity: number };
}

/** Cap on the price response's boost when the base fee falls far below its reference. */
export const MAX_PRICE_RESPONSE = 4;

/**
 * Parameters of the fee market.
 *
 * @example
 * const config: GasMarketConfig = { mode: 'eip1559', gasLimit: 30e6, initialBaseFeeGwei: 20, demand: { baseGas: 15e6 } };
 */
export interface GasMarketConfig {
  readonly mode: FeeMode;
  /** Block gas limit (gas units). */
  readonly gasLimit: number;
  /** Base fee of the first block, gwei (ignored in first-price mode). */
  readonly initialBaseFeeGwei: number;
  /** gasLimit / elasticity is the gas target; 2 on Ethereum (EIP-1559 ELASTICITY_MULTIPLIER). */
  readonly elasticity?: number;
  /** Largest per-block change is 1/denominator; 8 on Ethereum (BASE_FEE_MAX_CHANGE_DENOMINATOR). */
  readonly denominator?: number;
  /** Optional floor under the base fee, gwei (0 on Ethereum mainnet). */
  readonly minBaseFeeGwei?: number;
  /** 'wei' (default) follows go-ethereum's integer arithmetic in wei exactly; 'float' uses the real-valued formula. */
  readonly rounding?: 'wei' | 'float';
  readonly demand: BackgroundDemandConfig;
}

/**
 * Options of {@link nextBaseFee}; defaults are Ethereum mainnet's (2, 8, no floor, integer wei).
 *
 * @example
 * const rule: BaseFeeRule = { elasticity: 2, denominator: 8, minBaseFeeGwei: 0.1, rounding: 'float' };
 */
export interface BaseFeeRule {
  readonly elasticity?: number;
  readonly denominator?: number;
  readonly minBaseFeeGwei?: number;
  readonly rounding?: 'wei' | 'float';
}

const WEI_PER_GWEI = 1e9;

/**
 * Base fee of the next block from its parent's base fee, gas used and gas limit.
 *
 * 'wei' rounding reproduces go-ethereum `consensus/misc/eip1559.CalcBaseFee`: the fee is held in integer
 * wei (the gwei input is rounded to the nearest wei), gas used to whole units, target = ⌊limit/elasticity⌋,
 * delta = ⌊⌊base·|used − target|/target⌋/denominator⌋, at least 1 wei when rising, floored at 0 when falling.
 * 'float' drops the integer steps. A `minBaseFeeGwei` floor (not in mainnet Ethereum) is applied last.
 *
 * @example
 * nextBaseFee(100, 30_000_000, 30_000_000) // 112.5: a full block raises the fee by 1/8
 * nextBaseFee(100, 0, 30_000_000)          // 87.5: an empty block lowers it by 1/8
 */
export function nextBaseFee(
  parentBaseFeeGwei: number,
  gasUsed: number,
  gasLimit: number,
  rule: BaseFeeRule = {},
): number {
  const elasticity = rule.elasticity ?? 2;
  const denominator = rule.denominator ?? 8;
  const floor = rule.minBaseFeeGwei ?? 0;
  let next: number;
  if (rule.rounding === 'float') {
    const target = gasLimit / elasticity;
    // EIP-1559: base·(1 + (gasUsed − target)/target/denominator).
    next = parentBaseFeeGwei * (1 + (gasUsed - target) / target / denominator);
  } else {
    next =
      Number(
        calcBaseFeeWei(
          toWei(parentBaseFeeGwei),
          BigInt(Math.round(gasUsed)),
          BigInt(Math.round(gasLimit)),
          BigInt(elasticity),
          BigInt(denominator),
        ),
      ) / WEI_PER_GWEI;
  }
  return Math.max(next, floor);
}

/** Integer wei, rounded to nearest. */
function toWei(gwei: number): bigint {
  return BigInt(Math.round(gwei * WEI_PER_GWEI));
}

/** go-ethereum CalcBaseFee in integer wei (truncating division, +1 wei minimum step up, floor 0). */
function calcBaseFeeWei(base: bigint, used: bigint, limit: bigint, elasticity: bigint, denominator: bigint): bigint {
  const target = limit / elasticity;
  if (target === 0n || used === target) return base;
  if (used > target) {
    // go-ethereum CalcBaseFee: base + max(1, base·(used − target)/target/denominator).
    const delta = (base * (used - target)) / target / denominator;
    return base + (delta > 1n ? delta : 1n);
  }
  // go-ethereum CalcBaseFee: max(0, base − base·(target − used)/target/denominator).
  const delta = (base * (target - used)) / target / denominator;
  return base > delta ? base - delta : 0n;
}

/**
 * Background gas demanded in `block`, whole gas units:
 * ⌊baseGas · Π(active spike multipliers) · (1 + k·|r|/referenceReturn) · min(4, (B_ref/B)^ε)⌋, where `blockReturn` is
 * the reference asset's return over the block (e.g. log return of the market price) and B the block's base fee. A
 * model assumption, not a production rule: on-chain activity rises in scheduled events and with volatility, and
 * falls as block space gets dearer.
 *
 * @example
 * backgroundDemand({ baseGas: 10e6, spikes: [{ startBlock: 5, endBlock: 9, multiplier: 2 }] }, 7, 0) // 20,000,000
 */
export function backgroundDemand(
  config: BackgroundDemandConfig,
  block: number,
  blockReturn: number,
  baseFeeGwei = 0,
): number {
  let multiplier = 1;
  for (const spike of config.spikes ?? []) {
    if (block >= spike.startBlock && block <= spike.endBlock) multiplier *= spike.multiplier;
  }
  const vol = config.volatility;
  // Model: demand multiplier 1 + k·|r|/r_ref (linear in the size of the block's move).
  if (vol !== undefined) multiplier *= 1 + (vol.k * Math.abs(blockReturn)) / vol.referenceReturn;
  const price = config.price;
  // Model: constant-elasticity demand for block space, D ∝ (B_ref / B)^ε, boost capped.
  if (price !== undefined && baseFeeGwei > 0)
    multiplier *= Math.min(MAX_PRICE_RESPONSE, (price.referenceBaseFeeGwei / baseFeeGwei) ** price.elasticity);
  return Math.floor(config.baseGas * multiplier);
}

/**
 * Tip (gwei per gas) background users bid in `block`: the highest `tipGwei` of the spikes active then, else
 * `baseTipGwei`.
 * A model input: under first-price pricing this is the going gas price; documented gas paths enter here.
 *
 * @example
 * backgroundTipGwei({ baseGas: 10e6, spikes: [{ startBlock: 5, endBlock: 9, multiplier: 2, tipGwei: 80 }] }, 7, 13) // 80
 */
export function backgroundTipGwei(config: BackgroundDemandConfig, block: number, baseTipGwei: number): number {
  let tip = baseTipGwei;
  let spiked = false;
  for (const spike of config.spikes ?? []) {
    if (spike.tipGwei === undefined || block < spike.startBlock || block > spike.endBlock) continue;
    tip = spiked ? Math.max(tip, spike.tipGwei) : spike.tipGwei;
    spiked = true;
  }
  return tip;
}

/**
 * The fee market of one chain, block by block: holds the current base fee and moves it after each block.
 * In 'first-price' mode the base fee is always 0 and every transaction pays its own bid.
 *
 * @example
 * const market = new GasMarket({ mode: 'eip1559', gasLimit: 30e6, initialBaseFeeGwei: 100, demand: { baseGas: 15e6 } });
 * const background = market.backgroundGas(1, 0.002);
 * // … build block 1 at market.baseFeeGwei with the mempool, then:
 * market.advance(30e6); // market.baseFeeGwei === 112.5
 */
export class GasMarket {
  private baseFee: number;

  constructor(readonly config: GasMarketConfig) {
    this.baseFee = config.mode === 'first-price' ? 0 : Math.max(config.initialBaseFeeGwei, config.minBaseFeeGwei ?? 0);
  }

  /** Base fee of the block being built, gwei (0 in first-price mode). */
  get baseFeeGwei(): number {
    return this.baseFee;
  }

  /** Block gas limit. */
  get gasLimit(): number {
    return this.config.gasLimit;
  }

  /** Background gas demanded in `block` given the reference asset's return over it, at the current base fee; see {@link
   * backgroundDemand}. */
  backgroundGas(block: number, blockReturn: number): number {
    return backgroundDemand(this.config.demand, block, blockReturn, this.baseFee);
  }

  /** Closes a block that used `gasUsed` (background plus agents) and returns the next block's base fee. */
  advance(gasUsed: number): number {
    if (this.config.mode === 'first-price') return 0;
    this.baseFee = nextBaseFee(this.baseFee, gasUsed, this.config.gasLimit, this.config);
    return this.baseFee;
  }
}
