// Cross-field checks of `stablecoins` and `protocolOwnedLiquidity`; part of checkReferences.
import type { PathSegment } from './paths.js';
import { list, str, type Rec } from './references-chains.js';

/** The rules {@link checkStablecoins} enforces, in words (listed in docs/scenario.md). */
export const stablecoinReferenceRules: readonly string[] = [
  "A stablecoin names a declared asset priced `constant` (its par inside the issuer; its market price is its pool's), an issuer that is a `lending` protocol whose `debt` is that asset, and a venue whose `base` is that asset; each asset has at most one stablecoin entry.",
  'Protocol-owned liquidity names a `lending` protocol and a `cpamm` or `stableswap` venue.',
];

/**
 * Checks `stablecoins` and `protocolOwnedLiquidity` of a raw or validated scenario against its assets, protocols and
 * venues.
 *
 * @example checkStablecoins(input, report);
 */
export function checkStablecoins(input: Rec, report: (path: PathSegment[], message: string) => void): void {
  const assets = new Map(list(input, 'assets').map(([, a]) => [str(a.symbol) ?? '', a]));
  const lendings = new Map(
    list(input, 'protocols').flatMap(([, p]) => (p.type === 'lending' ? [[str(p.id) ?? '', p] as const] : [])),
  );
  const venues = new Map(list(input, 'venues').map(([, v]) => [str(v.id) ?? '', v]));
  const seen = new Set<string>();
  for (const [i, s] of list(input, 'stablecoins')) {
    const symbol = str(s.asset);
    if (symbol === undefined) continue;
    const asset = assets.get(symbol);
    const model =
      asset && typeof asset.price === 'object' && asset.price !== null ? (asset.price as Rec).model : undefined;
    if (!asset)
      report(['stablecoins', i, 'asset'], `unknown asset "${symbol}"; known assets: ${[...assets.keys()].join(', ')}`);
    else if (model !== 'constant')
      report(
        ['stablecoins', i, 'asset'],
        `${symbol} must use the constant price model (its par inside the issuer), not ${String(model)}`,
      );
    if (seen.has(symbol)) report(['stablecoins', i, 'asset'], `${symbol} already has a stablecoin entry`);
    seen.add(symbol);
    const issuer = lendings.get(str(s.issuer) ?? '');
    if (!issuer)
      report(
        ['stablecoins', i, 'issuer'],
        `must be a lending protocol (got "${String(s.issuer)}"); lending protocols: ${[...lendings.keys()].join(', ') || 'none'}`,
      );
    else if (issuer.debt !== symbol)
      report(
        ['stablecoins', i, 'issuer'],
        `${String(s.issuer)} lends ${String(issuer.debt)}, not ${symbol}: the issuer's debt must be the stablecoin`,
      );
    const venue = venues.get(str(s.venue) ?? '');
    if (!venue || venue.base !== symbol)
      report(['stablecoins', i, 'venue'], `must be a venue trading ${symbol} as its base (got "${String(s.venue)}")`);
  }
  const pools = [...venues].filter(([, v]) => v.type === 'cpamm' || v.type === 'stableswap').map(([id]) => id);
  for (const [i, p] of list(input, 'protocolOwnedLiquidity')) {
    if (!lendings.has(str(p.protocol) ?? ''))
      report(
        ['protocolOwnedLiquidity', i, 'protocol'],
        `must be a lending protocol (got "${String(p.protocol)}"); lending protocols: ${[...lendings.keys()].join(', ') || 'none'}`,
      );
    if (!pools.includes(str(p.venue) ?? ''))
      report(
        ['protocolOwnedLiquidity', i, 'venue'],
        `must be a cpamm or stableswap venue (got "${String(p.venue)}"); pools: ${pools.join(', ') || 'none'}`,
      );
  }
}
