import { attribution } from '../../attribution/cascade-generations.js';
import { LendingProtocol, type LendingSettings, type ScanMode } from './lending-protocol.js';
import { AccountBook } from './account-book.js';
import { PushOracle } from '../../oracle/push-oracle.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { GenerationSales } from '../../attribution/cascade-generations.js';
import { RealizedVolatility } from '../../liquidation/realized-volatility.js';
import { CircuitBreaker, type CircuitBreakerSettings } from '../../liquidation/circuit-breaker.js';
import { aaveV3Rule } from '../../liquidation/rules/aave-v3.js';
import type { LiquidationRule } from '../../liquidation/rules/rule.js';
import type { ThresholdTier } from './threshold-tiers.js';

// A small lending protocol for unit tests: Aave v3's rule, LT 0.825, an oracle reading one deep off-chain market.

/** Aave v3's rule with a 5% bonus, close factor 0.5 (all below health 0.95) and protocol fee share `protocolFeeShare`.
 * */
export const aave = (protocolFeeShare: number) =>
  aaveV3Rule({ liquidationBonus: 0.05, closeFactor: 0.5, fullCloseBelowHealth: 0.95, protocolFeeShare });

export const settings = (rule: LiquidationRule, thresholdTiers: ThresholdTier[] = []): LendingSettings => ({
  id: 'lend',
  collateral: 'ETH',
  debt: 'USDC',
  liquidationThreshold: 0.825,
  thresholdTiers,
  rule,
  badDebtBearer: rule.badDebtBearer,
  feesToInsurance: 1,
  topUpBelowHealth: 1.1,
});

/** A protocol over `accounts` [collateral ETH, debt USDC, reserve ETH], priced by an oracle reading a market at
 * `price`. */
export function setup(
  accounts: [number, number, number][],
  price = 2000,
  fundUsd = 0,
  scan: ScanMode = 'index',
  rule: LiquidationRule = aave(0),
  breaker: CircuitBreakerSettings = { windowBlocks: 1, pauseBlocks: 0 },
  tiers: ThresholdTier[] = [],
) {
  const { market, oracle, book } = pricedBook(accounts, price, 'USDC');
  const volatility = new RealizedVolatility(0, 300, 12);
  const parts = {
    attribution,
    book,
    oracle,
    debtPrice: 1,
    fund: new InsuranceFund(fundUsd),
    sales: new GenerationSales(600),
    volatility,
    breaker: new CircuitBreaker('lend', breaker),
  };
  const protocol = new LendingProtocol(settings(rule, tiers), parts, scan);
  protocol.start();
  const moveTo = (p: number, block: number) => {
    market.advance(p, 12);
    oracle.onBlock(block, block * 12, p);
    protocol.refresh(block);
  };
  protocol.refresh(0);
  return { protocol, book, moveTo };
}

/**
 * A book of `accounts` [collateral ETH, debt, reserve ETH] and an oracle reading one ETH market at `price`, so deep
 * (1e12 USD per 1%) that sales barely move it.
 */
export function pricedBook(accounts: [number, number, number][], price: number, quote: string) {
  const market = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote,
    fundamental: price,
    depthUsdPer1Pct: 1e12,
    impact: 'linear',
    resilienceHalfLifeSeconds: 0,
  });
  const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0, heartbeatSeconds: 3600, delayBlocks: 0 }, [
    market,
  ]);
  oracle.start(price);
  const book = new AccountBook(accounts.length);
  accounts.forEach(([collateral, debt, reserve], i) => {
    book.collateral[i] = collateral;
    book.debt[i] = debt;
    book.reserve[i] = reserve;
  });
  return { market, oracle, book };
}
