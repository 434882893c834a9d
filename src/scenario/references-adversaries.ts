// Cross-field checks of adversaries[]; part of checkReferences.
import type { PathSegment } from './paths.js';

type Rec = Record<string, unknown>;

/** The rules {@link checkAdversary} enforces, in words (listed in docs/scenario.md). */
export const adversaryReferenceRules: readonly string[] = [
  "An adversary's `protocol` names a protocol of type lending; its venue fields (`pool`, `shortVenue`, `pushVenue`) name venues trading that protocol's collateral, and a flash-loan `pool` is a cpamm pool.",
  "An adversary's `atBlock` is below the scenario's `blocks`.",
];

/** What checkReferences knows of the rest of the scenario, handed to {@link checkAdversary}. */
export interface AdversaryReferenceContext {
  report: (path: PathSegment[], message: string, dependsOn?: PathSegment[][]) => void;
  venues: ReadonlyMap<string, { index: number; item: Rec }>;
  protocols: ReadonlyMap<string, { index: number; item: Rec }>;
  blocks: number | undefined;
  known: (kind: string, names: Iterable<string>) => string;
}

const VENUE_FIELDS = ['pool', 'shortVenue', 'pushVenue'] as const;

/**
 * Checks one adversary (`adversaries[i]`, raw or validated input; malformed parts are skipped).
 *
 * @example checkAdversary(0, scenario.adversaries[0], context);
 */
export function checkAdversary(i: number, adversary: Rec, ctx: AdversaryReferenceContext): void {
  const at = typeof adversary.atBlock === 'number' ? adversary.atBlock : undefined;
  if (at !== undefined && ctx.blocks !== undefined && at >= ctx.blocks) {
    ctx.report(['adversaries', i, 'atBlock'], `must be below blocks (${ctx.blocks}) (got ${at})`, [['blocks']]);
  }
  const protocolId = typeof adversary.protocol === 'string' ? adversary.protocol : undefined;
  if (protocolId === undefined) return;
  const protocol = ctx.protocols.get(protocolId);
  const lending = [...ctx.protocols].filter(([, p]) => p.item.type === 'lending').map(([id]) => id);
  if (!protocol || protocol.item.type !== 'lending') {
    ctx.report(['adversaries', i, 'protocol'], `"${protocolId}" is not a lending protocol; ${ctx.known('lending protocols', lending)}`, [['protocols']]);
    return;
  }
  const collateral = protocol.item.collateral;
  for (const field of VENUE_FIELDS) {
    const venueId = adversary[field];
    if (typeof venueId !== 'string') continue;
    const venue = ctx.venues.get(venueId);
    const trading = [...ctx.venues].filter(([, v]) => v.item.base === collateral).map(([id]) => id);
    if (!venue || venue.item.base !== collateral) {
      ctx.report(['adversaries', i, field], `"${venueId}" is not a venue trading ${String(collateral)}; ${ctx.known('venues trading it', trading)}`, [
        ['protocols', protocol.index, 'collateral'],
      ]);
    } else if (adversary.type === 'flash-loan' && field === 'pool' && venue.item.type !== 'cpamm') {
      ctx.report(['adversaries', i, field], `"${venueId}" is an ${String(venue.item.type)} venue; a flash-loan attack pushes a cpamm pool`, [['venues', venue.index, 'type']]);
    }
  }
}
