import type { Venue } from '../market/venues/venue.js';
import type { VenuePair } from '../agents/arbitrageur.js';
import { RoutedVenue } from '../market/venues/routed-venue.js';

/**
 * What arbitrageurs trade: every pair of venues of one asset on one chain ('pairs'), or ('split') each venue of an
 * asset and chain with three or more venues against all the others at once, as one routed venue that splits the
 * other leg across them (groups of two keep their pair).
 *
 * @example
 * venuePairs(venues, (k) => specs[k].chain ?? 'main', 'split'); // [{ a: cex, b: routed(pool-a, pool-b) }, …]
 */
export function venuePairs(
  venues: readonly Venue[],
  chainOf: (k: number) => string,
  routing: 'pairs' | 'split',
): VenuePair[] {
  const group = (k: number) => `${venues[k].base}@${chainOf(k)}`;
  const members = (k: number) => venues.filter((_, j) => group(j) === group(k));
  const pairs: VenuePair[] = [];
  for (let a = 0; a < venues.length; a++) {
    if (routing === 'split' && members(a).length > 2) {
      pairs.push({
        a: venues[a],
        b: new RoutedVenue(
          `routed:${venues[a].id}`,
          members(a).filter((v) => v !== venues[a]),
        ),
      });
      continue;
    }
    for (let b = a + 1; b < venues.length; b++) if (group(a) === group(b)) pairs.push({ a: venues[a], b: venues[b] });
  }
  return pairs;
}
