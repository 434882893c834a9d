// Cross-field checks of `correlations` and `commonJumps`; part of checkReferences.
import { choleskyLower } from '../kernel/cholesky.js';
import { ScenarioError } from '../kernel/errors.js';
import type { PathSegment } from './paths.js';
import { list, str, type Rec } from './references-chains.js';

/** Price models whose normal shocks a correlation group can correlate. */
const CORRELATABLE = ['gbm', 'jump-diffusion', 'ou'];
/** Price models a market-wide jump can hit (a pegged asset follows its anchor's jumps). */
const JUMPABLE = ['gbm', 'jump-diffusion'];

/** The rules {@link checkCorrelations} enforces, in words (listed in docs/scenario.md). */
export const correlationReferenceRules: readonly string[] = [
  'A correlation group names declared assets priced `gbm`, `jump-diffusion` (its diffusion is correlated, its jumps stay independent) or `ou`, each in at most one group; its `matrix` is n × n for n assets, symmetric with ones on the diagonal, entries in [-1, 1], and positive definite (checked by Cholesky factorisation).',
  '`commonJumps` ids are unique; their `betas` name declared assets priced `gbm` or `jump-diffusion` (a `pegged` asset follows its anchor and so its anchor’s jumps).',
];

/**
 * Checks `correlations` and `commonJumps` of a raw or validated scenario against its assets.
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
  /** The problem with `symbol` for a feature open to `allowed` models, if any. */
  const problem = (symbol: string, allowed: readonly string[], what: string): string | undefined => {
    const model = models.get(symbol);
    if (model === undefined) return `unknown asset "${symbol}"; known assets: ${[...models.keys()].join(', ')}`;
    if (!allowed.includes(String(model)))
      return `${symbol} uses the ${String(model)} price model; ${what} (allowed models: ${allowed.join(', ')})`;
    return undefined;
  };
  const grouped = new Set<string>();
  for (const [g, group] of list(input, 'correlations')) {
    const assets = Array.isArray(group.assets) ? group.assets : [];
    assets.forEach((symbol, k) => {
      const path = ['correlations', g, 'assets', k];
      const wrong = problem(String(symbol), CORRELATABLE, 'only gbm, jump-diffusion and ou assets can be correlated');
      if (wrong) report(path, wrong);
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
  const ids = new Set<string>();
  for (const [g, jumps] of list(input, 'commonJumps')) {
    const id = str(jumps.id);
    if (id !== undefined && ids.has(id)) report(['commonJumps', g, 'id'], `duplicate common-jump id "${id}"`);
    if (id !== undefined) ids.add(id);
    const betas = typeof jumps.betas === 'object' && jumps.betas !== null ? Object.keys(jumps.betas) : [];
    for (const symbol of betas) {
      const pegged = models.get(symbol) === 'pegged' ? ' (a pegged asset already moves with its anchor’s jumps)' : '';
      const wrong = problem(symbol, JUMPABLE, `only gbm and jump-diffusion assets take a common-jump beta${pegged}`);
      if (wrong) report(['commonJumps', g, 'betas', symbol], wrong);
    }
  }
}
