/**
 * Margin-engine designs of perpetual exchanges for `cascade compare`: each sets one choice on every protocol of type
 * perp (and changes nothing in a lending-only scenario). They compare isolated and cross margin, partial and full
 * liquidation, a backstop vault, and ADL against loss socialisation on the same shock.
 */
import type { PerpSpec, Scenario } from '../../scenario/schema.js';
import type { Design } from './design.js';

/** `--set` overrides writing `field=value` on every perp protocol for which `keep` is false. */
function perpOverrides(
  scenario: Scenario,
  field: string,
  value: string,
  keep: (p: PerpSpec) => boolean = () => false,
): string[] {
  return scenario.protocols.flatMap((p, i) =>
    p.type === 'perp' && !keep(p) ? [`protocols.${i}.${field}=${value}`] : [],
  );
}

const perpDesign = (description: string, field: string, value: string, keep?: (p: PerpSpec) => boolean): Design => ({
  description,
  protocolKind: 'perp',
  overrides: (s) => perpOverrides(s, field, value, keep),
});

/**
 * The perp designs, in display order.
 *
 * @example Object.keys(PERP_DESIGNS) // ['perp-isolated', 'perp-cross', 'perp-partial', 'perp-full', 'perp-backstop', 'perp-adl', 'perp-socialise']
 */
export const PERP_DESIGNS: Readonly<Record<string, Design>> = Object.freeze({
  'perp-isolated': perpDesign(
    'Perps: isolated margin (each position its own account and margin)',
    'marginMode',
    'isolated',
  ),
  'perp-cross': perpDesign(
    "Perps: cross margin (one account's equity backs all the trader's positions)",
    'marginMode',
    'cross',
  ),
  'perp-partial': perpDesign(
    'Perps: partial liquidation (close just enough to restore margin with the buffer)',
    'liquidation.mode',
    'partial',
  ),
  'perp-full': perpDesign(
    'Perps: full liquidation (close every position of an account under maintenance)',
    'liquidation.mode',
    'full',
  ),
  // An exchange that has a backstop keeps it as set: writing {} would silently reset its capital and trigger to the
  // defaults.
  'perp-backstop': perpDesign(
    "Perps: a backstop vault takes over accounts below two thirds of maintenance (Hyperliquid-style); an exchange's own backstop is kept as set",
    'liquidation.backstop',
    '{}',
    (p) => p.liquidation.backstop !== undefined,
  ),
  'perp-adl': perpDesign('Perps: auto-deleveraging when the insurance fund cannot cover', 'lossMode', 'adl'),
  'perp-socialise': perpDesign(
    'Perps: losses beyond the insurance fund socialised across profitable accounts',
    'lossMode',
    'socialise',
  ),
});
