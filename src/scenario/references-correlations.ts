// Cross-field checks of `correlations`; part of checkReferences.
import { choleskyLower } from '../kernel/cholesky.js';
import { ScenarioError } from '../kernel/errors.js';
import type { PathSegment } from './paths.js';
import { list, str, type Rec } from './references-chains.js';

/** The rules {@link checkCorrelations} enforces, in words (listed in docs/scenario.md). */
export const correlationReferenceRules: readonly string[] = [
  'A correlation group names declared assets priced `gbm`, each in at most one group; its `matrix` is n × n for n assets, symmetric with ones on the diagonal, entries in [-1, 1], and positive definite (checked by Cholesky factorisation).',
];

/**
 * Checks `correlations` of a raw or validated scenario against its assets.
 *
 * @example checkCorrelations(input, report);
 */
export function checkCorrelations(input: Rec, report: (path: PathSegment[], message: string) => void): void {
  const models = new Map(
    list(input, 'assets').map(([, a]) => [
      str(a.symbol) ?? '',
      typeof a.price === 'object' && a.price !== null ? (a.price as Rec).model : undefined,
    ]),
  );
  const grouped = new Set<string>();
  for (const [g, group] of list(input, 'correlations')) {
    const assets = Array.isArray(group.assets) ? group.assets : [];
    assets.forEach((symbol, k) => {
      const path = ['correlations', g, 'assets', k];
      const model = models.get(String(symbol));
      if (model === undefined)
        report(path, `unknown asset "${String(symbol)}"; known assets: ${[...models.keys()].join(', ')}`);
      else if (model !== 'gbm')
        report(path, `${String(symbol)} uses the ${String(model)} price model; only gbm assets can be correlated`);
      if (grouped.has(String(symbol))) report(path, `${String(symbol)} is already in a correlation group`);
      grouped.add(String(symbol));
    });
    const matrix = group.matrix;
    if (!Array.isArray(matrix) || !matrix.every((row) => Array.isArray(row))) continue;
    if (matrix.length !== assets.length) {
      report(['correlations', g, 'matrix'], `has ${matrix.length} rows for ${assets.length} assets`);
      continue;
    }
    try {
      choleskyLower(matrix as number[][], 'matrix');
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      report(['correlations', g, 'matrix'], error.message.replace(/^matrix: /, ''));
    }
  }
}
