import { attribution } from '../../attribution/cascade-generations.js';
import { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { AccountBook } from '../../protocol/lending/account-book.js';
import { PushOracle } from '../../oracle/push-oracle.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { GenerationSales } from '../../attribution/cascade-generations.js';
import { RealizedVolatility } from '../../liquidation/realized-volatility.js';
import { CircuitBreaker } from '../../liquidation/circuit-breaker.js';
import type { KeeperSettings } from '../keeper.js';
import type { CollateralMarket, KeeperOutcome, KeeperTurn } from './turn.js';
import type { MakerClipSettings } from '../../protocol/mechanisms/maker-clip-params.js';
import { MakerClipLiquidation } from '../../protocol/mechanisms/maker-clip.js';

/** The schema's defaults for a `maker-clip` entry (src/scenario/schema.ts). */
export const CLIP_DEFAULTS: MakerClipSettings = {
  type: 'maker-clip',
  chop: 1.13,
  holeUsd: 1e12,
  dustUsd: 0,
  buf: 1.2,
  tailSeconds: 8400,
  cusp: 0.4,
  chip: 0.001,
  tipUsd: 300,
  curve: { kind: 'stairstep', cut: 0.99, stepSeconds: 90 },
};

/** Options of {@link clipWorld}. */
export interface ClipWorldOptions {
  /** [collateral ETH, debt USDC] per account. */
  accounts: [number, number][];
  rule?: Partial<MakerClipSettings>;
  /** Oracle and venue price at block 0, USD per ETH. */
  price?: number;
  /** Taker fee of the one venue, basis points. */
  feeBps?: number;
  fundUsd?: number;
  maxLiquidatedUsdPerBlock?: number;
}

/**
 * A Maker-clip protocol over hand-set accounts (LT 0.825, USDC at 1), priced by an oracle reading
 * one off-chain venue so deep (1e15 USD per 1%) that its price does not move: proceeds = units·price·(1 − fee).
 */
export function clipWorld(options: ClipWorldOptions) {
  const price = options.price ?? 1600;
  const venue = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USDC',
    fundamental: price,
    depthUsdPer1Pct: 1e15,
    impact: 'linear',
    resilienceHalfLifeSeconds: 0,
    feeBps: options.feeBps ?? 0,
  });
  const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0, heartbeatSeconds: 3600, delayBlocks: 0 }, [
    venue,
  ]);
  oracle.start(price);
  const book = new AccountBook(options.accounts.length);
  options.accounts.forEach(([collateral, debt], i) => {
    book.collateral[i] = collateral;
    book.debt[i] = debt;
  });
  const sales = new GenerationSales(600);
  const fund = new InsuranceFund(options.fundUsd ?? 0);
  const breaker = new CircuitBreaker('lend', {
    windowBlocks: 1,
    pauseBlocks: 0,
    maxLiquidatedUsdPerBlock: options.maxLiquidatedUsdPerBlock,
  });
  const protocol = new LendingProtocol(
    {
      id: 'lend',
      collateral: 'ETH',
      debt: 'USDC',
      liquidationThreshold: 0.825,
      thresholdTiers: [],
      badDebtBearer: 'insurance-fund',
      feesToInsurance: 1,
      topUpBelowHealth: 1,
    },
    { attribution, book, oracle, debtPrice: 1, fund, sales, volatility: new RealizedVolatility(0, 300, 12), breaker },
  );
  const mechanism = new MakerClipLiquidation(protocol, { ...CLIP_DEFAULTS, ...options.rule });
  protocol.attach(mechanism);
  protocol.start();
  const market: CollateralMarket = { venues: [venue], sales };
  let current = price;
  /** Moves to `block` at `timeSeconds` (venue and oracle at `newPrice`, impact gone) and runs the protocol check. */
  const at = (block: number, timeSeconds: number, newPrice = current) => {
    current = newPrice;
    venue.advance(newPrice, 12);
    oracle.onBlock(block, timeSeconds, newPrice);
    protocol.refresh(block, timeSeconds);
    mechanism.onBlock();
  };
  at(0, 0);
  return { protocol, mechanism, market, venue, book, fund, sales, at };
}

/** A keeper's turn with `outcomes` collecting what it records. */
export function keeperTurn(
  options: {
    gasUsd?: number;
    capitalUsd?: number;
    actions?: number;
    latencyBlocks?: number;
    minProfitUsd?: number;
  } = {},
) {
  const settings: KeeperSettings = {
    id: 'k',
    capitalUsd: options.capitalUsd ?? 1e9,
    gasUnits: 400_000,
    latencyBlocks: options.latencyBlocks ?? 0,
    minProfitUsd: options.minProfitUsd ?? 0,
    priorityFeeGwei: 0,
    maxLiquidationsPerBlock: options.actions ?? 1000,
    auctionBidding: 'value',
  };
  const outcomes: KeeperOutcome[] = [];
  const turn: KeeperTurn = {
    settings,
    gasUsd: options.gasUsd ?? 10,
    capitalLeft: settings.capitalUsd,
    actionsLeft: settings.maxLiquidationsPerBlock,
    record: (outcome) => outcomes.push(outcome),
  };
  return { turn, outcomes };
}
