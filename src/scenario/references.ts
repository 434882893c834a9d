import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ScenarioIssue } from './issues.js';
import { formatPath, type PathSegment } from './paths.js';
import { checkCrossLending, crossReferenceRules } from './references-cross.js';
import { adversaryReferenceRules, checkAdversary } from './references-adversaries.js';
import { checkPerp, perpReferenceRules } from './references-perp.js';
import { chainReferenceRules, checkChains } from './references-chains.js';
import { checkStablecoins, stablecoinReferenceRules } from './references-stablecoin.js';
import { checkCorrelations, correlationReferenceRules } from './references-correlations.js';
import { venueDataIssues, venueDataRules } from './venue-data.js';
import { bookReferenceRules, checkBookFiles } from './references-books.js';

/** The rules {@link checkReferences} enforces, in words (listed in docs/scenario.md). */
export const referenceRules: readonly string[] = [
  'Ids are unique within each kind (venues, oracles, protocols, keepers, arbitrageurs); asset symbols are unique.',
  'Venue `base` and `quote`, oracle `asset`, protocol `collateral` and `debt`, and `chain.nativeAsset` name declared assets.',
  "Oracle `sources` name venues whose `base` is the oracle's `asset`.",
  "A protocol's `oracle` exists and prices the protocol's `collateral`.",
  "A protocol's `debt` asset uses the `constant` price model.",
  '`liquidationThreshold` ≥ `ltv`.',
  'A `bridge` price model starts at minute 0 and its anchor minutes strictly increase.',
  "A `pegged` price model's `anchor` is an asset declared before it.",
  'Every non-constant asset used as protocol collateral has at least one `offchain` venue (the broad market).',
  "A `csv` price model's `file` exists, relative to the scenario file's directory.",
  ...crossReferenceRules,
  ...adversaryReferenceRules,
  ...perpReferenceRules,
  ...chainReferenceRules,
  ...stablecoinReferenceRules,
  ...correlationReferenceRules,
  ...venueDataRules,
  ...bookReferenceRules,
];

type Rec = Record<string, unknown>;

function isRec(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The mapping items of a list field, with their indices (skipping anything malformed). */
function entries(root: Rec, key: string): [number, Rec][] {
  const list = root[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index): [number, Rec][] => (isRec(item) ? [[index, item]] : []));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function known(kind: string, names: Iterable<string>): string {
  const list = [...names];
  return `known ${kind}: ${list.length > 0 ? list.join(', ') : 'none'}`;
}

/** Options of {@link checkReferences}. */
export interface ReferenceCheckOptions {
  /** Directory that relative file paths (csv price files) are resolved against: the scenario file's directory. */
  dir: string;
  /** Whether a regular file exists at an absolute path; defaults to a `statSync` check. */
  fileExists?: (absolutePath: string) => boolean;
}

function defaultFileExists(absolutePath: string): boolean {
  try {
    return statSync(absolutePath).isFile();
  } catch {
    return false;
  }
}

/**
 * Checks what the schema alone cannot: that names refer to declared things, ids are unique, and
 * fields agree with each other. Works on validated scenarios and, defensively, on raw input that
 * failed validation (malformed parts are skipped; the schema reports them), so every problem can be
 * reported at once.
 */
export function checkReferences(input: unknown, options: ReferenceCheckOptions): ScenarioIssue[] {
  if (!isRec(input)) return [];
  const fileExists = options.fileExists ?? defaultFileExists;
  const issues: ScenarioIssue[] = [];
  /** Records a problem at `path`; `dependsOn` lists the other values the rule read. */
  const report = (path: PathSegment[], message: string, dependsOn: PathSegment[][] = []) =>
    issues.push(dependsOn.length > 0 ? { path, message, dependsOn } : { path, message });

  /** Collects `field` of each item of list `key`, reporting duplicates. */
  const index = (key: string, field: string, what: string): Map<string, { index: number; item: Rec }> => {
    const byName = new Map<string, { index: number; item: Rec }>();
    for (const [i, item] of entries(input, key)) {
      const name = str(item[field]);
      if (name === undefined) continue;
      const first = byName.get(name);
      if (first) {
        const firstPath = [key, first.index, field];
        report([key, i, field], `duplicate ${what} "${name}" (first declared at ${formatPath(firstPath)})`, [
          firstPath,
        ]);
      } else byName.set(name, { index: i, item });
    }
    return byName;
  };

  const assets = index('assets', 'symbol', 'asset symbol');
  const venues = index('venues', 'id', 'venue id');
  const oracles = index('oracles', 'id', 'oracle id');
  const protocols = index('protocols', 'id', 'protocol id');
  index('adversaries', 'id', 'adversary id');
  index('keepers', 'id', 'keeper id');
  index('arbitrageurs', 'id', 'arbitrageur id');

  /** The paths of the names a lookup in list `key` searched: the list itself and the `field` of every item. */
  const namesIn = (key: string, field: string): PathSegment[][] => [
    [key],
    ...entries(input, key).map(([i]) => [key, i, field]),
  ];

  const modelOf = (symbol: string): string | undefined => {
    const price = assets.get(symbol)?.item.price;
    return isRec(price) ? str(price.model) : undefined;
  };
  const assetRef = (path: PathSegment[], value: unknown): string | undefined => {
    const symbol = str(value);
    if (symbol === undefined) return undefined;
    if (!assets.has(symbol)) {
      report(path, `unknown asset "${symbol}"; ${known('assets', assets.keys())}`, namesIn('assets', 'symbol'));
      return undefined;
    }
    return symbol;
  };

  // Price models.
  for (const [i, asset] of entries(input, 'assets')) {
    const price = asset.price;
    if (!isRec(price)) continue;
    if (price.model === 'bridge') {
      let previous: { minute: number; path: PathSegment[] } | undefined;
      for (const [k, anchor] of entries(price, 'anchors')) {
        const minute = num(anchor.minute);
        if (minute === undefined) continue;
        const path = ['assets', i, 'price', 'anchors', k, 'minute'];
        if (k === 0 && minute !== 0) report(path, `the first anchor must be at minute 0 (got ${minute})`);
        if (k > 0 && previous !== undefined && minute <= previous.minute) {
          report(
            path,
            `must be greater than the previous anchor's minute (${previous.minute}); anchor minutes strictly increase (got ${minute})`,
            [previous.path],
          );
        }
        previous = { minute, path };
      }
    }
    if (price.model === 'pegged') {
      const anchor = str(price.anchor);
      const at = anchor === undefined ? -1 : entries(input, 'assets').findIndex(([, a]) => a.symbol === anchor);
      if (anchor !== undefined && !(at >= 0 && at < i)) {
        report(
          ['assets', i, 'price', 'anchor'],
          `anchor "${anchor}" must be an asset declared before this one; ${known('assets', assets.keys())}`,
          namesIn('assets', 'symbol'),
        );
      }
    }
    if (price.model === 'csv') {
      const file = str(price.file);
      if (file !== undefined && file !== '') {
        const absolute = resolve(options.dir, file);
        if (!fileExists(absolute)) {
          report(
            ['assets', i, 'price', 'file'],
            `file not found: "${file}" (looked for ${absolute}; paths are relative to the scenario file)`,
          );
        }
      }
    }
  }

  // Chain.
  if (isRec(input.chain)) assetRef(['chain', 'nativeAsset'], input.chain.nativeAsset);

  // Venues.
  for (const [i, venue] of entries(input, 'venues')) {
    assetRef(['venues', i, 'base'], venue.base);
    assetRef(['venues', i, 'quote'], venue.quote);
  }

  // Oracles.
  for (const [i, oracle] of entries(input, 'oracles')) {
    const priced = assetRef(['oracles', i, 'asset'], oracle.asset);
    // A redemption oracle reads its anchor's venues (and multiplies by the rate).
    const asset =
      oracle.kind === 'redemption' || oracle.kind === 'receipt'
        ? assetRef(['oracles', i, 'anchor'], oracle.anchor)
        : priced;
    const issuer = str(oracle.issuer);
    if (oracle.kind === 'receipt' && issuer !== undefined) {
      const lending = entries(input, 'protocols')
        .filter(([, p]) => p.type === 'lending')
        .map(([, p]) => str(p.id));
      if (!lending.includes(issuer))
        report(
          ['oracles', i, 'issuer'],
          `"${issuer}" is not a lending protocol; ${known(
            'lending protocols',
            lending.filter((x): x is string => x !== undefined),
          )}`,
          [['protocols']],
        );
    }
    const sources = Array.isArray(oracle.sources) ? oracle.sources : [];
    sources.forEach((source, k) => {
      const id = str(source);
      if (id === undefined) return;
      const venue = venues.get(id);
      if (!venue) {
        report(
          ['oracles', i, 'sources', k],
          `unknown venue "${id}"; ${known('venues', venues.keys())}`,
          namesIn('venues', 'id'),
        );
        return;
      }
      const base = str(venue.item.base);
      if (asset !== undefined && base !== undefined && base !== asset) {
        report(
          ['oracles', i, 'sources', k],
          `venue "${id}" trades ${base}, not the oracle's ${oracle.kind === 'redemption' || oracle.kind === 'receipt' ? 'anchor' : 'asset'} ${asset}`,
          [
            ['venues', venue.index, 'base'],
            ['oracles', i, 'asset'],
          ],
        );
      }
    });
  }

  // Protocols.
  const missingMarket = new Set<string>();
  /** Reports, once per asset, a non-constant collateral asset with no offchain venue (the broad market). */
  const requireMarket = (path: PathSegment[], collateral: string) => {
    const collateralAsset = assets.get(collateral);
    if (!collateralAsset || modelOf(collateral) === 'constant' || missingMarket.has(collateral)) return;
    const offchain = [...venues.values()].some(({ item }) => item.type === 'offchain' && item.base === collateral);
    if (offchain) return;
    missingMarket.add(collateral);
    const venueFields = entries(input, 'venues').flatMap(([k]): PathSegment[][] => [
      ['venues', k, 'type'],
      ['venues', k, 'base'],
    ]);
    report(
      path,
      `asset "${collateral}" needs at least one offchain venue (the broad market); add a venue with type: offchain and base: ${collateral}`,
      [['assets', collateralAsset.index, 'price', 'model'], ['venues'], ...venueFields],
    );
  };
  for (const [i, protocol] of entries(input, 'protocols')) {
    if (protocol.type === 'cross-lending') {
      checkCrossLending(i, protocol, { report, assetRef, assets, oracles, modelOf, requireMarket, known });
      continue;
    }
    if (protocol.type === 'perp') {
      checkPerp(i, protocol, { report, assetRef, modelOf, oracles, venues, known });
      continue;
    }
    const collateral = assetRef(['protocols', i, 'collateral'], protocol.collateral);
    const debt = assetRef(['protocols', i, 'debt'], protocol.debt);

    const oracleId = str(protocol.oracle);
    if (oracleId !== undefined) {
      const oracle = oracles.get(oracleId);
      if (!oracle) {
        report(
          ['protocols', i, 'oracle'],
          `unknown oracle "${oracleId}"; ${known('oracles', oracles.keys())}`,
          namesIn('oracles', 'id'),
        );
      } else {
        const priced = str(oracle.item.asset);
        // An undeclared oracle asset is reported at the oracle already.
        if (collateral !== undefined && priced !== undefined && assets.has(priced) && priced !== collateral) {
          report(
            ['protocols', i, 'oracle'],
            `oracle "${oracleId}" prices ${priced}, not the protocol's collateral ${collateral}`,
            [
              ['oracles', oracle.index, 'asset'],
              ['protocols', i, 'collateral'],
            ],
          );
        }
      }
    }

    if (debt !== undefined) {
      const model = modelOf(debt);
      const declared = assets.get(debt);
      if (declared && model !== undefined && model !== 'constant') {
        report(['protocols', i, 'debt'], `debt asset "${debt}" must use the constant price model (it uses ${model})`, [
          ['assets', declared.index, 'price', 'model'],
        ]);
      }
    }

    const ltv = num(protocol.ltv);
    const threshold = num(protocol.liquidationThreshold);
    if (ltv !== undefined && threshold !== undefined && threshold < ltv) {
      report(['protocols', i, 'liquidationThreshold'], `must be ≥ ltv (${ltv}) (got ${threshold})`, [
        ['protocols', i, 'ltv'],
      ]);
    }

    if (collateral !== undefined) requireMarket(['protocols', i, 'collateral'], collateral);
  }

  checkChains(input, (path, message) => report(path, message));
  checkStablecoins(input, (path, message) => report(path, message));
  checkCorrelations(input, (path, message) => report(path, message));
  issues.push(...venueDataIssues(input, options.dir, fileExists));
  checkBookFiles(input, options.dir, fileExists, (path, message) => report(path, message));
  for (const [i, adversary] of entries(input, 'adversaries'))
    checkAdversary(i, adversary, { report, venues, protocols, blocks: num(input.blocks), known });

  return issues;
}
