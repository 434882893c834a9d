// Cross-field checks of cross-asset pools (protocols of type cross-lending); part of checkReferences.
import type { PathSegment } from './paths.js';

type Rec = Record<string, unknown>;

/** The rules {@link checkCrossLending} enforces, in words (listed in docs/scenario.md). */
export const crossReferenceRules: readonly string[] = [
  'A cross-lending pool has one reserve per asset; every reserve `asset` names a declared asset.',
  "A reserve's `oracle` exists and prices the reserve's asset; a reserve without an oracle has an asset using the `constant` price model.",
  'A reserve has `ltv` ≤ `liquidationThreshold`; with `liquidationThreshold` > 0 its `liquidationBonus` is > 0 and liquidationThreshold·(1 + liquidationBonus) ≤ 1 (Aave PoolConfigurator); with `liquidationThreshold` 0 its bonus is 0.',
  '`borrowers.collateralMix` names reserves with `liquidationThreshold` > 0; `borrowers.debtMix` names reserves whose asset uses the `constant` price model.',
];

/** What checkReferences knows of the rest of the scenario, handed to {@link checkCrossLending}. */
export interface CrossReferenceContext {
  /** Records a problem at `path`; `dependsOn` lists the other values the rule read. */
  report: (path: PathSegment[], message: string, dependsOn?: PathSegment[][]) => void;
  /** Checks that `value` names a declared asset (reporting it at `path` otherwise); returns the symbol if so. */
  assetRef: (path: PathSegment[], value: unknown) => string | undefined;
  /** Declared assets by symbol. */
  assets: ReadonlyMap<string, { index: number; item: Rec }>;
  /** Declared oracles by id. */
  oracles: ReadonlyMap<string, { index: number; item: Rec }>;
  /** The price model of a declared asset. */
  modelOf: (symbol: string) => string | undefined;
  /** Reports, once per asset, a non-constant collateral asset with no offchain venue. */
  requireMarket: (path: PathSegment[], symbol: string) => void;
  /** `known oracles: a, b` style list of names. */
  known: (kind: string, names: Iterable<string>) => string;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isRec(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one cross-lending protocol (`protocols[i]`, raw or validated input; malformed parts are skipped):
 * reserve assets and oracles, per-reserve Aave parameter rules, and the borrower mixes.
 *
 * @example checkCrossLending(2, scenario.protocols[2], context);
 */
export function checkCrossLending(i: number, protocol: Rec, ctx: CrossReferenceContext): void {
  const reserves = Array.isArray(protocol.reserves) ? protocol.reserves : [];
  const bySymbol = new Map<string, { index: number; item: Rec }>();
  reserves.forEach((reserve: unknown, k) => {
    if (!isRec(reserve)) return;
    const at = (field: string): PathSegment[] => ['protocols', i, 'reserves', k, field];
    const symbol = ctx.assetRef(at('asset'), reserve.asset);
    if (symbol !== undefined) {
      const first = bySymbol.get(symbol);
      if (first)
        ctx.report(at('asset'), `asset "${symbol}" already has a reserve (protocols.${i}.reserves.${first.index})`, [
          ['protocols', i, 'reserves', first.index, 'asset'],
        ]);
      else bySymbol.set(symbol, { index: k, item: reserve });
    }
    checkOracle(ctx, at, reserve, symbol);
    checkParameters(ctx, at, reserve);
  });

  const borrowers = isRec(protocol.borrowers) ? protocol.borrowers : {};
  const mixPath = (field: string, symbol: string): PathSegment[] => ['protocols', i, 'borrowers', field, symbol];
  const reserveNamed = (field: string, symbol: string) => {
    const found = bySymbol.get(symbol);
    if (!found)
      ctx.report(
        mixPath(field, symbol),
        `"${symbol}" is not a reserve of this pool; reserves: ${[...bySymbol.keys()].join(', ') || 'none'}`,
      );
    return found;
  };
  for (const symbol of Object.keys(isRec(borrowers.collateralMix) ? borrowers.collateralMix : {})) {
    const found = reserveNamed('collateralMix', symbol);
    if (!found) continue;
    if (num(found.item.liquidationThreshold) === 0) {
      ctx.report(
        mixPath('collateralMix', symbol),
        `reserve "${symbol}" has liquidationThreshold 0, so it cannot be collateral`,
        [['protocols', i, 'reserves', found.index, 'liquidationThreshold']],
      );
    }
    ctx.requireMarket(mixPath('collateralMix', symbol), symbol);
  }
  // A debt asset with a moving price is priced by its reserve's oracle (checked above) and bought by liquidators
  // before they repay (agents/cross-liquidator.ts), so it needs a market as collateral does.
  for (const symbol of Object.keys(isRec(borrowers.debtMix) ? borrowers.debtMix : {})) {
    const found = reserveNamed('debtMix', symbol);
    const model = ctx.modelOf(symbol);
    if (found && model !== undefined && model !== 'constant') ctx.requireMarket(mixPath('debtMix', symbol), symbol);
  }
}

function checkOracle(
  ctx: CrossReferenceContext,
  at: (field: string) => PathSegment[],
  reserve: Rec,
  symbol: string | undefined,
): void {
  const oracleId = typeof reserve.oracle === 'string' ? reserve.oracle : undefined;
  if (oracleId === undefined) {
    const model = symbol === undefined ? undefined : ctx.modelOf(symbol);
    const declared = symbol === undefined ? undefined : ctx.assets.get(symbol);
    if (symbol !== undefined && declared && model !== undefined && model !== 'constant') {
      ctx.report(at('asset'), `asset "${symbol}" uses the ${model} price model, so its reserve needs an oracle`, [
        ['assets', declared.index, 'price', 'model'],
      ]);
    }
    return;
  }
  const oracle = ctx.oracles.get(oracleId);
  if (!oracle) {
    ctx.report(at('oracle'), `unknown oracle "${oracleId}"; ${ctx.known('oracles', ctx.oracles.keys())}`);
    return;
  }
  const priced = typeof oracle.item.asset === 'string' ? oracle.item.asset : undefined;
  if (symbol !== undefined && priced !== undefined && ctx.assets.has(priced) && priced !== symbol) {
    ctx.report(at('oracle'), `oracle "${oracleId}" prices ${priced}, not the reserve's asset ${symbol}`, [
      ['oracles', oracle.index, 'asset'],
      at('asset'),
    ]);
  }
}

function checkParameters(ctx: CrossReferenceContext, at: (field: string) => PathSegment[], reserve: Rec): void {
  const ltv = num(reserve.ltv);
  const threshold = num(reserve.liquidationThreshold);
  const bonus = num(reserve.liquidationBonus);
  if (ltv !== undefined && threshold !== undefined && threshold < ltv) {
    ctx.report(at('liquidationThreshold'), `must be ≥ ltv (${ltv}) (got ${threshold})`, [at('ltv')]);
  }
  if (threshold === undefined || bonus === undefined) return;
  if (threshold > 0 && !(bonus > 0))
    ctx.report(at('liquidationBonus'), 'must be > 0 on a collateral reserve (liquidationThreshold > 0) (got 0)', [
      at('liquidationThreshold'),
    ]);
  // Aave v3 PoolConfigurator: liquidationThreshold.percentMul(liquidationBonus) ≤ 100%, bonus 1.05-style.
  if (threshold > 0 && threshold * (1 + bonus) > 1 + 1e-12) {
    ctx.report(
      at('liquidationBonus'),
      `liquidationThreshold·(1 + liquidationBonus) must be ≤ 1 (got ${threshold}·(1 + ${bonus}))`,
      [at('liquidationThreshold')],
    );
  }
  if (threshold === 0 && bonus !== 0)
    ctx.report(at('liquidationBonus'), `must be 0 when liquidationThreshold is 0 (got ${bonus})`, [
      at('liquidationThreshold'),
    ]);
}
