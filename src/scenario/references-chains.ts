// Cross-field checks of further chains, bridges and bridge arbitrageurs; part of checkReferences.
import type { PathSegment } from './paths.js';

/** A raw scenario mapping. */
export type Rec = Record<string, unknown>;

/** The rules {@link checkChains} enforces, in words (listed in docs/scenario.md). */
export const chainReferenceRules: readonly string[] = [
  'A further chain\'s `blockTimeSeconds` is a whole multiple of `chain.blockTimeSeconds`; venue `chain`s name a declared chain ("main" or a `chains[]` id).',
  'A bridge joins two different declared chains and carries a declared asset; a bridge arbitrageur names a bridge, buys on a venue of its source chain and sells on a venue of its destination chain, both trading its asset.',
];

/** `v` if it is a string. */
export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** The mappings of list `key` of `input`, with their indices (anything else skipped). */
export const list = (input: Rec, key: string): [number, Rec][] =>
  Array.isArray(input[key])
    ? (input[key] as unknown[]).flatMap((x, i): [number, Rec][] =>
        typeof x === 'object' && x !== null ? [[i, x as Rec]] : [],
      )
    : [];

/**
 * Checks `chains`, venue chains, `bridges` and `bridgeArbitrageurs` of a raw or validated scenario.
 *
 * @example checkChains(input, report);
 */
export function checkChains(input: Rec, report: (path: PathSegment[], message: string) => void): void {
  const main =
    typeof input.chain === 'object' && input.chain !== null ? (input.chain as Rec).blockTimeSeconds : undefined;
  const mainBlock = typeof main === 'number' ? main : 12;
  const chains = new Set(['main']);
  for (const [i, c] of list(input, 'chains')) {
    const id = str(c.id);
    if (id) chains.add(id);
    const t = c.blockTimeSeconds;
    if (typeof t === 'number' && Math.abs(t / mainBlock - Math.round(t / mainBlock)) > 1e-9) {
      report(
        ['chains', i, 'blockTimeSeconds'],
        `must be a whole multiple of chain.blockTimeSeconds (${mainBlock}) (got ${t})`,
      );
    }
  }
  const known = [...chains].join(', ');
  const venues = new Map(
    list(input, 'venues').map(([i, v]) => [str(v.id) ?? '', { i, chain: str(v.chain) ?? 'main', base: str(v.base) }]),
  );
  for (const [id, v] of venues)
    if (!chains.has(v.chain))
      report(['venues', v.i, 'chain'], `unknown chain "${v.chain}" of venue ${id}; known chains: ${known}`);
  const bridges = new Map<string, Rec>();
  for (const [i, b] of list(input, 'bridges')) {
    bridges.set(str(b.id) ?? '', b);
    for (const end of ['from', 'to'] as const) {
      const c = str(b[end]);
      if (c !== undefined && !chains.has(c))
        report(['bridges', i, end], `unknown chain "${c}"; known chains: ${known}`);
    }
    if (str(b.from) !== undefined && b.from === b.to)
      report(['bridges', i, 'to'], `must differ from from ("${String(b.from)}")`);
  }
  for (const [i, a] of list(input, 'bridgeArbitrageurs')) {
    const bridge = bridges.get(str(a.bridge) ?? '');
    if (!bridge) {
      report(
        ['bridgeArbitrageurs', i, 'bridge'],
        `unknown bridge "${String(a.bridge)}"; known bridges: ${[...bridges.keys()].join(', ') || 'none'}`,
      );
      continue;
    }
    for (const [field, end] of [
      ['buyVenue', 'from'],
      ['sellVenue', 'to'],
    ] as const) {
      const venue = venues.get(str(a[field]) ?? '');
      if (!venue || venue.chain !== bridge[end] || venue.base !== bridge.asset) {
        report(
          ['bridgeArbitrageurs', i, field],
          `must be a venue on chain "${String(bridge[end])}" trading ${String(bridge.asset)} (got "${String(a[field])}")`,
        );
      }
    }
  }
}
