import { describe, expect, it } from 'vitest';
import { checkReferences } from './references.js';
import { scenarioSchema } from './schema.js';

type Rec = Record<string, unknown>;

/** A valid scenario with one cross-lending pool (ETH and WBTC collateral, USDC and DAI debt). */
function world(): Rec {
  return {
    name: 'x',
    blocks: 10,
    chain: { nativeAsset: 'ETH' },
    assets: [
      { symbol: 'ETH', price: { model: 'gbm', initial: 3000, volatilityAnnual: 0.8 } },
      { symbol: 'WBTC', price: { model: 'gbm', initial: 60_000, volatilityAnnual: 0.6 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
      { symbol: 'DAI', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      { type: 'offchain', id: 'cex-eth', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6 },
      { type: 'offchain', id: 'cex-btc', base: 'WBTC', quote: 'USDC', depthUsdPer1Pct: 1e6 },
    ],
    oracles: [
      { id: 'eth-usd', asset: 'ETH', sources: ['cex-eth'] },
      { id: 'btc-usd', asset: 'WBTC', sources: ['cex-btc'] },
    ],
    protocols: [
      {
        type: 'cross-lending',
        id: 'pool',
        reserves: [
          { asset: 'ETH', oracle: 'eth-usd', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
          { asset: 'WBTC', oracle: 'btc-usd', ltv: 0.73, liquidationThreshold: 0.78, liquidationBonus: 0.075 },
          { asset: 'USDC', ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 },
          { asset: 'DAI', ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
        ],
        borrowers: {
          count: 10,
          collateralUsd: { median: 10_000 },
          collateralMix: { ETH: 0.6, WBTC: 0.4 },
          debtMix: { USDC: 0.7, DAI: 0.3 },
          healthFactor: { min: 1.1, max: 2 },
        },
      },
    ],
  };
}

const pool = (w: Rec) => (w.protocols as Rec[])[0];
const reserve = (w: Rec, k: number) => (pool(w).reserves as Rec[])[k];
const borrowers = (w: Rec) => pool(w).borrowers as Rec;

function check(change: (w: Rec) => void): string[] {
  const w = world();
  change(w);
  return checkReferences(w, { dir: '/', fileExists: () => false }).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('cross-lending scenario checks', () => {
  it('accept a consistent pool, which the schema also accepts with its defaults', () => {
    expect(check(() => {})).toEqual([]);
    const parsed = scenarioSchema.parse(world());
    const spec = parsed.protocols[0];
    expect(spec.type).toBe('cross-lending');
    if (spec.type !== 'cross-lending') return;
    expect(spec.variant).toBe('v3');
    expect(spec.insuranceFundUsd).toBe(0);
    expect(spec.reserves[0].protocolFeeShare).toBe(0.1);
    expect(spec.borrowers.mixJitter).toBe(0);
  });

  it('require reserve oracles that exist and price the reserve, or a constant price without one', () => {
    expect(
      check((w) => {
        reserve(w, 0).oracle = 'btc-usd';
        reserve(w, 1).oracle = 'nope';
        delete reserve(w, 0).oracle;
      }),
    ).toEqual([
      'protocols.0.reserves.0.asset: asset "ETH" uses the gbm price model, so its reserve needs an oracle',
      'protocols.0.reserves.1.oracle: unknown oracle "nope"; known oracles: eth-usd, btc-usd',
    ]);
    expect(check((w) => (reserve(w, 1).oracle = 'eth-usd'))).toEqual([
      'protocols.0.reserves.1.oracle: oracle "eth-usd" prices ETH, not the reserve\'s asset WBTC',
    ]);
  });

  it('apply the Aave PoolConfigurator rules to each reserve', () => {
    expect(
      check((w) => {
        reserve(w, 0).ltv = 0.9; // above its threshold 0.83
        reserve(w, 1).liquidationBonus = 0.3; // 0.78·1.3 = 1.014 > 1
        reserve(w, 2).liquidationBonus = 0; // collateral without a bonus
        reserve(w, 3).liquidationBonus = 0.05; // not collateral, yet a bonus
      }),
    ).toEqual([
      'protocols.0.reserves.0.liquidationThreshold: must be ≥ ltv (0.9) (got 0.83)',
      'protocols.0.reserves.1.liquidationBonus: liquidationThreshold·(1 + liquidationBonus) must be ≤ 1 (got 0.78·(1 + 0.3))',
      'protocols.0.reserves.2.liquidationBonus: must be > 0 on a collateral reserve (liquidationThreshold > 0) (got 0)',
      'protocols.0.reserves.3.liquidationBonus: must be 0 when liquidationThreshold is 0 (got 0.05)',
    ]);
  });

  it('check the reserves and the borrower mixes against each other', () => {
    expect(
      check((w) => {
        (pool(w).reserves as Rec[]).push({ asset: 'DAI', ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 });
        borrowers(w).collateralMix = { ETH: 0.5, DAI: 0.3, LINK: 0.2 };
        borrowers(w).debtMix = { USDC: 0.5, WBTC: 0.5 };
      }),
    ).toEqual([
      'protocols.0.reserves.4.asset: asset "DAI" already has a reserve (protocols.0.reserves.3)',
      'protocols.0.borrowers.collateralMix.DAI: reserve "DAI" has liquidationThreshold 0, so it cannot be collateral',
      'protocols.0.borrowers.collateralMix.LINK: "LINK" is not a reserve of this pool; reserves: ETH, WBTC, USDC, DAI',
    ]);
  });

  it('require an offchain venue for every non-constant collateral asset', () => {
    expect(check((w) => (w.venues as Rec[]).splice(1, 1))).toEqual([
      'oracles.1.sources.0: unknown venue "cex-btc"; known venues: cex-eth',
      'protocols.0.borrowers.collateralMix.WBTC: asset "WBTC" needs at least one offchain venue (the broad market); add a venue with type: offchain and base: WBTC',
    ]);
  });

  it('accept a debt asset with a moving price (oracle-priced, bought by liquidators) only where it has a market', () => {
    expect(check((w) => (borrowers(w).debtMix = { USDC: 0.5, WBTC: 0.5 }))).toEqual([]);
    expect(
      check((w) => {
        borrowers(w).collateralMix = { ETH: 1 };
        borrowers(w).debtMix = { USDC: 0.5, WBTC: 0.5 };
        (w.venues as Rec[]).splice(1, 1);
      }),
    ).toEqual([
      'oracles.1.sources.0: unknown venue "cex-btc"; known venues: cex-eth',
      'protocols.0.borrowers.debtMix.WBTC: asset "WBTC" needs at least one offchain venue (the broad market); add a venue with type: offchain and base: WBTC',
    ]);
  });

  it('reject mixes whose shares do not sum to 1 (schema)', () => {
    const w = world();
    borrowers(w).collateralMix = { ETH: 0.6, WBTC: 0.3 };
    const result = scenarioSchema.safeParse(w);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'protocols.0.borrowers.collateralMix: shares must sum to 1',
    ]);
  });
});
