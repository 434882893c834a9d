// Cross-field checks of perpetual exchanges (protocols of type perp); part of checkReferences.
import type { PathSegment } from './paths.js';

type Rec = Record<string, unknown>;

/** The rules {@link checkPerp} enforces, in words (listed in docs/scenario.md). */
export const perpReferenceRules: readonly string[] = [
  "A perp market's `asset` is declared; its `indexOracle` and `markOracle` exist and price that asset; its `venue` exists and trades it.",
  "A perp exchange's `quote` asset uses the `constant` price model; market ids are unique within the exchange; maintenance brackets have strictly ascending caps.",
];

/** What checkReferences knows of the rest of the scenario, handed to {@link checkPerp}. */
export interface PerpReferenceContext {
  report: (path: PathSegment[], message: string, dependsOn?: PathSegment[][]) => void;
  assetRef: (path: PathSegment[], value: unknown) => string | undefined;
  modelOf: (symbol: string) => string | undefined;
  oracles: ReadonlyMap<string, { index: number; item: Rec }>;
  venues: ReadonlyMap<string, { index: number; item: Rec }>;
  known: (kind: string, names: Iterable<string>) => string;
}

const isRec = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks one perp exchange (`protocols[i]`, raw or validated input; malformed parts are skipped).
 *
 * @example checkPerp(0, scenario.protocols[0], context);
 */
export function checkPerp(i: number, protocol: Rec, ctx: PerpReferenceContext): void {
  const quote = ctx.assetRef(['protocols', i, 'quote'], protocol.quote);
  if (quote !== undefined && ctx.modelOf(quote) !== undefined && ctx.modelOf(quote) !== 'constant') {
    ctx.report(
      ['protocols', i, 'quote'],
      `settlement asset "${quote}" must use the constant price model (it uses ${ctx.modelOf(quote)})`,
    );
  }
  const markets = Array.isArray(protocol.markets) ? protocol.markets : [];
  const seen = new Map<string, number>();
  markets.forEach((market: unknown, k) => {
    if (!isRec(market)) return;
    const at = (field: string): PathSegment[] => ['protocols', i, 'markets', k, field];
    if (typeof market.id === 'string') {
      const first = seen.get(market.id);
      if (first !== undefined)
        ctx.report(
          at('id'),
          `duplicate market id "${market.id}" (first declared at protocols.${i}.markets.${first}.id)`,
        );
      else seen.set(market.id, k);
    }
    const asset = ctx.assetRef(at('asset'), market.asset);
    for (const field of ['indexOracle', 'markOracle'] as const) {
      const id = market[field];
      if (typeof id !== 'string') continue;
      const oracle = ctx.oracles.get(id);
      if (!oracle) ctx.report(at(field), `unknown oracle "${id}"; ${ctx.known('oracles', ctx.oracles.keys())}`);
      else if (asset !== undefined && oracle.item.asset !== asset)
        ctx.report(at(field), `oracle "${id}" prices ${String(oracle.item.asset)}, not the market's asset ${asset}`);
    }
    if (typeof market.venue === 'string') {
      const venue = ctx.venues.get(market.venue);
      if (!venue) ctx.report(at('venue'), `unknown venue "${market.venue}"; ${ctx.known('venues', ctx.venues.keys())}`);
      else if (asset !== undefined && venue.item.base !== asset)
        ctx.report(
          at('venue'),
          `venue "${market.venue}" trades ${String(venue.item.base)}, not the market's asset ${asset}`,
        );
    }
    const maintenance = market.maintenance;
    if (isRec(maintenance) && Array.isArray(maintenance.brackets)) {
      let previous = 0;
      maintenance.brackets.forEach((bracket: unknown, b) => {
        if (!isRec(bracket) || typeof bracket.notionalCapUsd !== 'number') return;
        if (bracket.notionalCapUsd <= previous)
          ctx.report(
            [...at('maintenance'), 'brackets', b, 'notionalCapUsd'],
            `must be above the previous bracket's cap (${previous})`,
          );
        previous = bracket.notionalCapUsd;
      });
    }
  });
}
