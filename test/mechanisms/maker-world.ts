/**
 * The world both Maker end-to-end tests run: 300 Maker-style vaults on ETH (mat 1.5: liquidation
 * threshold 0.6667), a 15% fall over 10 minutes, an off-chain market and a pool read by a median oracle.
 * `liquidationRule` is a YAML flow mapping; `keepers` YAML list lines.
 *
 * @example makerVaultWorld('maker-flip-e2e', '{ type: maker-flip }', '  - { id: k, capitalUsd: 1000000 }');
 */
export function makerVaultWorld(name: string, liquidationRule: string, keepers: string): string {
  return `
name: ${name}
seed: 7
blocks: 300
chain: { nativeAsset: ETH }
assets:
  - { symbol: ETH, price: { model: shock, initial: 2000, startMinute: 2, dropPct: 15, dropMinutes: 10 } }
  - { symbol: USDC, price: { model: constant, initial: 1 } }
venues:
  - { type: offchain, id: cex, base: ETH, quote: USDC, depthUsdPer1Pct: 3000000, resilienceHalfLifeSeconds: 600 }
  - { type: cpamm, id: pool, base: ETH, quote: USDC, liquidityUsd: 20000000 }
oracles:
  - { id: feed, asset: ETH, sources: [cex, pool] }
protocols:
  - type: lending
    id: maker
    collateral: ETH
    debt: USDC
    oracle: feed
    ltv: 0.6
    liquidationThreshold: 0.6667
    liquidationRule: ${liquidationRule}
    insuranceFundUsd: 100000
    borrowers: { count: 300, collateralUsd: { median: 30000, sigma: 1 }, healthFactor: { min: 1.01, max: 1.5 } }
keepers:
${keepers}
arbitrageurs:
  - { id: arb, capitalUsd: 5000000 }
`;
}
