import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';
import { defaultScenarioPath } from '../src/cli/default-scenario.js';

/** Borrower count of the shipped default scenario, the unit the benchmark scales from. */
export const BASE_BORROWERS = 10_000;

/**
 * The default shock scenario with `borrowers` accounts over `blocks` blocks. Everything that sizes the
 * market (venue depth and liquidity, keeper and arbitrage capital, keepers' per-block liquidation caps,
 * insurance fund) is scaled by borrowers / 10,000 so that the cascade has the same shape at every size
 * and only the engine's work grows.
 */
export function scaledDefaultScenario(borrowers: number, blocks: number): Scenario {
  const scenario = structuredClone(loadScenario(defaultScenarioPath()).scenario);
  const factor = borrowers / BASE_BORROWERS;
  scenario.blocks = blocks;
  for (const venue of scenario.venues) {
    if (venue.type === 'offchain' || venue.type === 'orderbook')
      venue.depthUsdPer1Pct = (venue.depthUsdPer1Pct ?? 0) * factor;
    else if (venue.type === 'uniswap-v3') {
      for (const p of venue.positions) {
        if (p.liquidityUsd !== undefined) p.liquidityUsd *= factor;
        if (p.liquidity !== undefined) p.liquidity *= factor;
      }
      if (venue.generated) venue.generated.liquidityUsd *= factor;
    } else if (venue.type !== 'curve') venue.liquidityUsd *= factor;
  }
  for (const protocol of scenario.protocols) {
    if (protocol.type === 'perp' || 'file' in protocol.borrowers) continue;
    protocol.borrowers.count = Math.round(protocol.borrowers.count * factor);
    protocol.insuranceFundUsd *= factor;
  }
  for (const keeper of scenario.keepers) {
    keeper.capitalUsd *= factor;
    keeper.maxLiquidationsPerBlock = Math.max(1, Math.round(keeper.maxLiquidationsPerBlock * factor));
  }
  for (const arbitrageur of scenario.arbitrageurs) arbitrageur.capitalUsd *= factor;
  return scenario;
}

/**
 * The crash case: the default shock with `borrowers` accounts, keepers, arbitrage capital and insurance fund scaled as
 * in {@link scaledDefaultScenario}, but the off-chain market and the pool left at their shipped depth. The same 10%
 * fall then sells a book `borrowers / 10,000` times larger into the same liquidity: the cascade feeds on itself and
 * liquidates a large share of the book (at 1M accounts, 225,263 accounts in 240,942 liquidations), so the run's cost
 * is that of its liquidations, not of its book.
 */
export function crashScenario(borrowers: number, blocks: number): Scenario {
  const scenario = scaledDefaultScenario(borrowers, blocks);
  scenario.venues = structuredClone(loadScenario(defaultScenarioPath()).scenario.venues);
  return scenario;
}

/** Fall of the half-book crash, %: deep enough that about half of the default book ends below health 1. */
export const HALF_BOOK_DROP_PCT = 40;

/**
 * The half-book crash: {@link scaledDefaultScenario} (depth, capital and keepers' caps scale with the book, so the
 * cascade has the same shape at every size) with ETH falling `dropPct` instead of 10% over the same 30 minutes, which
 * liquidates about half of the accounts. Its cost is that of its liquidations: profit search, sale, attribution and
 * recording, once per liquidation.
 */
export function halfBookCrashScenario(borrowers: number, blocks: number, dropPct = HALF_BOOK_DROP_PCT): Scenario {
  const scenario = scaledDefaultScenario(borrowers, blocks);
  for (const asset of scenario.assets)
    if (asset.price.model === 'shock' && asset.symbol === 'ETH') asset.price.dropPct = dropPct;
  return scenario;
}
