// Cross-field checks of adversaries[]; part of checkReferences.
import type { PathSegment } from './paths.js';

type Rec = Record<string, unknown>;

/** The rules {@link checkAdversary} enforces, in words (listed in docs/scenario.md). */
export const adversaryReferenceRules: readonly string[] = [
  "An adversary's `protocol` names a protocol of type lending; its venue fields (`pool`, `shortVenue`, `pushVenue`) name venues trading that protocol's collateral.",
  'A transaction is atomic only on its own chain: a flash-loan `pool` is a cpamm pool, and a pump-and-borrow `pool` a cpamm or stableswap pool, of the chain the protocols live on ("main"), never the off-chain market or another chain.',
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

/** Chain the lending protocols live on (their keepers and adversaries' transactions run there). */
const PROTOCOL_CHAIN = 'main';

/**
 * Venue types an adversary's atomic transaction may trade, per adversary type and field: the flash loan's push and
 * repayment and the pump's purchase-and-deposit happen in one transaction, so only on-chain pools of the protocol's
 * chain qualify (the flash loan's push needs a constant-product pool). The cascade hunter holds its short across blocks
 * with a lender outside the model, so its venues are not restricted.
 */
const ATOMIC_VENUE_TYPES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'flash-loan': { pool: ['cpamm'] },
  'pump-and-borrow': { pool: ['cpamm', 'stableswap'] },
};

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
    ctx.report(
      ['adversaries', i, 'protocol'],
      `"${protocolId}" is not a lending protocol; ${ctx.known('lending protocols', lending)}`,
      [['protocols']],
    );
    return;
  }
  const collateral = protocol.item.collateral;
  for (const field of VENUE_FIELDS) {
    const venueId = adversary[field];
    if (typeof venueId !== 'string') continue;
    const venue = ctx.venues.get(venueId);
    const trading = [...ctx.venues].filter(([, v]) => v.item.base === collateral);
    const atomicTypes = typeof adversary.type === 'string' ? ATOMIC_VENUE_TYPES[adversary.type]?.[field] : undefined;
    const allowed = atomicTypes
      ? trading.filter(([, v]) => atomicTypes.includes(String(v.item.type)) && chainOf(v.item) === PROTOCOL_CHAIN)
      : trading;
    const allowedIds = allowed.map(([id]) => id);
    if (!venue || venue.item.base !== collateral) {
      const kind = atomicTypes
        ? `${atomicTypes.join(' or ')} pools of chain "${PROTOCOL_CHAIN}" trading it`
        : 'venues trading it';
      ctx.report(
        ['adversaries', i, field],
        `"${venueId}" is not a venue trading ${String(collateral)}; ${ctx.known(kind, allowedIds)}`,
        [['protocols', protocol.index, 'collateral']],
      );
    } else if (atomicTypes && !allowedIds.includes(venueId)) {
      const where = `a venue of type ${String(venue.item.type)} on chain "${chainOf(venue.item)}"`;
      ctx.report(
        ['adversaries', i, field],
        `"${venueId}" is ${where}; a ${String(adversary.type)} transaction is atomic and trades only ${atomicTypes.join(' or ')} pools of the protocols' chain "${PROTOCOL_CHAIN}"; allowed: ${allowedIds.join(', ') || 'none'}`,
        [
          ['venues', venue.index, 'type'],
          ['venues', venue.index, 'chain'],
        ],
      );
    }
  }
}

/** Chain a raw venue entry is on ("main" unless it says otherwise). */
function chainOf(venue: Rec): string {
  return typeof venue.chain === 'string' ? venue.chain : PROTOCOL_CHAIN;
}
