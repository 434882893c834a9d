import { describe, expect, it } from 'vitest';
import { checkReferences } from './references.js';

function world(adversaries: Record<string, unknown>[]): Record<string, unknown> {
  return {
    blocks: 100,
    chain: { nativeAsset: 'ETH' },
    chains: [{ id: 'l2', blockTimeSeconds: 12 }],
    assets: [
      { symbol: 'ETH', price: { model: 'constant', initial: 2000 } },
      { symbol: 'TKN', price: { model: 'constant', initial: 1 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      { type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6 },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: 1e7 },
      { type: 'cpamm', id: 'tkn-pool', base: 'TKN', quote: 'USDC', liquidityUsd: 1e6 },
      { type: 'cpamm', id: 'l2-pool', chain: 'l2', base: 'ETH', quote: 'USDC', liquidityUsd: 1e7 },
      { type: 'stableswap', id: 'curve', base: 'ETH', quote: 'USDC', liquidityUsd: 1e7 },
    ],
    oracles: [{ id: 'eth', asset: 'ETH', sources: ['pool'] }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'eth',
        ltv: 0.8,
        liquidationThreshold: 0.85,
      },
    ],
    adversaries,
  };
}

const check = (adversaries: Record<string, unknown>[]) =>
  checkReferences(world(adversaries), { dir: '/scenarios', fileExists: () => false }).map(
    (i) => `${i.path.join('.')}: ${i.message}`,
  );

describe('adversary references', () => {
  it('accepts adversaries naming a lending protocol and venues trading its collateral', () => {
    expect(check([{ type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'pool', atBlock: 10 }])).toEqual([]);
    expect(
      check([{ type: 'cascade-hunter', id: 'h', protocol: 'lend', shortVenue: 'cex', pushVenue: 'pool', atBlock: 10 }]),
    ).toEqual([]);
  });

  it('names the field and the allowed ids when a reference is wrong', () => {
    expect(check([{ type: 'flash-loan', id: 'a', protocol: 'nope', pool: 'pool', atBlock: 10 }])).toEqual([
      'adversaries.0.protocol: "nope" is not a lending protocol; known lending protocols: lend',
    ]);
    expect(check([{ type: 'cascade-hunter', id: 'h', protocol: 'lend', pushVenue: 'tkn-pool', atBlock: 10 }])).toEqual([
      'adversaries.0.pushVenue: "tkn-pool" is not a venue trading ETH; known venues trading it: cex, pool, l2-pool, curve',
    ]);
    expect(check([{ type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'tkn-pool', atBlock: 10 }])).toEqual([
      'adversaries.0.pool: "tkn-pool" is not a venue trading ETH; known cpamm pools of chain "main" trading it: pool',
    ]);
  });

  it("keeps an atomic attack on the on-chain pools of the protocols' chain: never the off-chain market or another chain", () => {
    expect(check([{ type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'cex', atBlock: 10 }])).toEqual([
      'adversaries.0.pool: "cex" is a venue of type offchain on chain "main"; a flash-loan transaction is atomic and trades only cpamm pools of the protocols\' chain "main"; allowed: pool',
    ]);
    expect(check([{ type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'l2-pool', atBlock: 10 }])).toEqual([
      'adversaries.0.pool: "l2-pool" is a venue of type cpamm on chain "l2"; a flash-loan transaction is atomic and trades only cpamm pools of the protocols\' chain "main"; allowed: pool',
    ]);
    expect(check([{ type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'curve', atBlock: 10 }])).toEqual([
      'adversaries.0.pool: "curve" is a venue of type stableswap on chain "main"; a flash-loan transaction is atomic and trades only cpamm pools of the protocols\' chain "main"; allowed: pool',
    ]);
    const pump = (pool: string) =>
      check([
        { type: 'pump-and-borrow', id: 'm', protocol: 'lend', pool, atBlock: 10, capitalUsd: 1e6, borrowLimitUsd: 1e7 },
      ]);
    expect(pump('cex')).toEqual([
      'adversaries.0.pool: "cex" is a venue of type offchain on chain "main"; a pump-and-borrow transaction is atomic and trades only cpamm or stableswap pools of the protocols\' chain "main"; allowed: pool, curve',
    ]);
    expect(pump('curve')).toEqual([]);
    // The cascade hunter's short is held across blocks with an outside lender: it may sell on the off-chain market.
    expect(check([{ type: 'cascade-hunter', id: 'h', protocol: 'lend', shortVenue: 'cex', atBlock: 10 }])).toEqual([]);
  });

  it('rejects an attack block past the run and duplicate adversary ids', () => {
    expect(check([{ type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'pool', atBlock: 100 }])).toEqual([
      'adversaries.0.atBlock: must be below blocks (100) (got 100)',
    ]);
    const duplicate = check([
      { type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'pool', atBlock: 1 },
      { type: 'flash-loan', id: 'a', protocol: 'lend', pool: 'pool', atBlock: 2 },
    ]);
    expect(duplicate).toEqual(['adversaries.1.id: duplicate adversary id "a" (first declared at adversaries.0.id)']);
  });
});
