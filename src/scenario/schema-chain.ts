import { z } from 'zod';
import { id, nonNegative, positive } from './schema-primitives.js';

const spike = z
  .strictObject({
    startBlock: z.number().int().min(0).describe('first block of the spike'),
    endBlock: z.number().int().min(0).describe('last block of the spike (inclusive)'),
    multiplier: positive
      .max(1000)
      .describe('background gas demanded is multiplied by this during the spike (overlapping spikes multiply)'),
    tipGwei: nonNegative
      .max(1e6)
      .optional()
      .describe(
        'tip background users bid per gas during the spike, gwei (the highest of the active spikes; default: backgroundTipGwei)',
      ),
  })
  .refine((s) => s.startBlock <= s.endBlock, { message: 'startBlock must not exceed endBlock' });

const feeMarket = z.strictObject({
  mode: z
    .enum(['eip1559', 'first-price'])
    .default('eip1559')
    .describe(
      "'eip1559': a base fee that moves with block fullness (burned) plus tips; 'first-price': pre-London, each transaction pays its own gas price",
    ),
  gasLimit: positive.max(1e10).default(30_000_000).describe('block gas limit, gas units'),
  initialBaseFeeGwei: nonNegative.max(1e6).default(20).describe('base fee of block 1, gwei (eip1559)'),
  elasticity: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(2)
    .describe('gas target = gasLimit / elasticity (EIP-1559 ELASTICITY_MULTIPLIER, 2 on Ethereum)'),
  denominator: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(8)
    .describe('largest base-fee change per block is 1/denominator (BASE_FEE_MAX_CHANGE_DENOMINATOR, 8 on Ethereum)'),
  backgroundGas: nonNegative
    .max(1e10)
    .describe('gas per block demanded by users outside the simulation in calm markets'),
  backgroundTipGwei: nonNegative
    .max(1e6)
    .default(1)
    .describe(
      'tip background users bid per gas, gwei; agents bidding more go first, and under first-price pricing it is the going gas price',
    ),
  spikes: z.array(spike).default([]).describe('scheduled bursts of background demand'),
  volatilityDemand: z
    .strictObject({
      k: nonNegative.describe('demand × (1 + k·|r| / referenceReturn), r the native asset’s log return over the block'),
      referenceReturn: positive.describe('block return that adds k× the base demand'),
    })
    .optional()
    .describe('background demand rising with the size of the block’s price move'),
  backgroundPriceElasticity: nonNegative
    .max(10)
    .default(1)
    .describe(
      'background demand × (initialBaseFeeGwei / base fee)^this (boost capped at 4×): users outside the simulation transact less as the base fee rises (0 = they ignore price)',
    ),
  rebidAfterBlocks: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(3)
    .describe(
      "blocks a pending transaction waits before its sender's resubmission re-bids it, both fee caps up by priceBumpPercent within the sender's budget (a gas escalator)",
    ),
  ttlBlocks: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(50)
    .describe('blocks a transaction may wait in the mempool before it is dropped'),
  priceBumpPercent: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe(
      'fee rise needed to replace a pending transaction of the same sender, a whole percent ≥ 1 (geth txpool.pricebump: an integer, and geth resets a value below 1 to 10)',
    ),
});

/** Chain settings: block time, gas price and, optionally, a fee market with a mempool. */
export const chainSchema = z.strictObject({
  blockTimeSeconds: positive
    .max(3600)
    .default(12)
    .describe(
      'seconds per block: block n is at n·blockTimeSeconds seconds, and price-model minutes count from block 0',
    ),
  gasPriceGwei: nonNegative
    .max(1e6)
    .default(20)
    .describe(
      "without a fee market: base fee + typical tip paid by every transaction, gwei per gas unit; agents' priorityFeeGwei is added on top",
    ),
  nativeAsset: id.describe('asset gas is paid in (its fundamental price converts gas to USD)'),
  feeMarket: feeMarket
    .optional()
    .describe(
      'a fee market: transactions wait in a mempool, compete for the gas limit with background demand and pay a moving price; without it, every transaction is included in its block at gasPriceGwei',
    ),
});

export type ChainSpec = z.infer<typeof chainSchema>;
export type FeeMarketSpec = NonNullable<ChainSpec['feeMarket']>;

/** Gas settings of an on-chain oracle's update transactions; used only under a fee market. */
export const oracleUpdateTxSchema = z.strictObject({
  gasUnits: nonNegative
    .max(1e8)
    .default(200_000)
    .describe('gas units of one update (a Chainlink OCR transmit, an OSM poke)'),
  priorityFeeGwei: nonNegative
    .max(1e6)
    .default(2)
    .describe('tip per gas, gwei (under first-price pricing: bid on top of the going price)'),
  maxFeeGwei: positive
    .max(1e9)
    .optional()
    .describe('most paid per gas, base fee included, gwei; above it updates wait (default: no cap)'),
});

/** A second chain: its own block time (a multiple of the main chain's) and gas price. */
export const otherChainSchema = z.strictObject({
  id: id
    .refine((v) => v !== 'main', { message: '"main" names the main chain' })
    .describe('chain id, named by venues[].chain and bridges (the main chain is "main")'),
  blockTimeSeconds: positive
    .max(3600)
    .describe(
      "seconds per block; a whole multiple of chain.blockTimeSeconds (the main chain's block is the world's tick)",
    ),
  gasPriceGwei: nonNegative
    .max(1e6)
    .default(20)
    .describe('without a fee market: base fee + typical tip on this chain, gwei'),
  feeMarket: feeMarket
    .optional()
    .describe(
      "this chain's own fee market (as chain.feeMarket); without it, every transaction is included in its block at gasPriceGwei",
    ),
});

/** A bridge carrying one asset from one chain to another. */
export const bridgeSchema = z.strictObject({
  id: id.describe('bridge id'),
  asset: id.describe('asset carried'),
  from: id.describe('source chain id ("main" or a chains[] id)'),
  to: id.describe('destination chain id'),
  latencySeconds: nonNegative.max(1e7).describe('seconds between locking on the source and release on the destination'),
  capacityPerHour: positive.describe('rate limit, units per hour (a token bucket holding one hour)'),
  feeBps: nonNegative.max(1000).default(0).describe('fee on what is bridged, basis points'),
});

/** An arbitrageur that buys on one chain, bridges, and sells on the other. */
export const bridgeArbitrageurSchema = z.strictObject({
  id: id.describe('arbitrageur id'),
  bridge: id.describe('bridge it uses'),
  buyVenue: id.describe("venue it buys on, on the bridge's source chain"),
  sellVenue: id.describe("venue it sells on, on the bridge's destination chain"),
  tradeUsd: positive.describe('USD spent per purchase'),
  minEdgeBps: nonNegative
    .default(20)
    .describe('buys while the destination mid exceeds the source mid by more than this, basis points'),
  gasUnits: nonNegative.default(200_000).describe('gas units per leg'),
  priorityFeeGwei: nonNegative.default(2).describe('tip per gas unit, gwei'),
});
