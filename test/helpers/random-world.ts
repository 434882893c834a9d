/**
 * Random VALID scenarios for property tests: small worlds (at most a few hundred accounts and 120 blocks, so a run
 * takes milliseconds) of every protocol kind (lending, CDP stablecoin, cross-lending, perp), every liquidation rule
 * and mechanism, every venue kind and every oracle kind, with random shocks.
 *
 * Every number is drawn from the range the scenario schema allows at its field (read from the schema's JSON Schema,
 * so a change of the schema changes the draws), with the schema's own bounds tried as edge cases. Where the schema
 * leaves a side open (a "positive" USD amount) or allows sizes that would make the test slow (10 million blocks), a
 * practical range narrows it; those ranges are written next to each field. Refinements the JSON Schema cannot
 * express (ltv ≤ threshold, min ≤ max, tiers ascending, LT·(1 + bonus) ≤ 1) are respected by construction, and the
 * result goes through the real loader, so a world this returns is one a user could run.
 */
import fc from 'fast-check';
import { scenarioJsonSchema, schemaAtPath, type JsonSchema } from '../../src/scenario/jsonSchema.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { PathSegment } from '../../src/scenario/paths.js';
import type { Scenario } from '../../src/scenario/schema.js';

/** Protocol kinds a random world is built around. */
export const PROTOCOL_KINDS = ['lending', 'cdp-stablecoin', 'cross-lending', 'perp'] as const;
export type ProtocolKind = (typeof PROTOCOL_KINDS)[number];

/** Every liquidation rule and mechanism of a lending protocol (`protocols[].liquidationRule.type`). */
export const LIQUIDATION_RULES = [
  'aave-v3',
  'aave-v3.3',
  'morpho-blue',
  'euler-v2',
  'volatility-bonus',
  'maker-clip',
  'maker-flip',
  'compound-v3',
  'liquity-v1',
] as const;
export type LiquidationRuleType = (typeof LIQUIDATION_RULES)[number];

/** Every venue kind of the schema. */
export const VENUE_KINDS = ['offchain', 'cpamm', 'stableswap', 'orderbook', 'vamm'] as const;

/** What a test asks of a random world; anything left out is drawn. */
export interface WorldRequest {
  kind: ProtocolKind;
  /** The main lending protocol's rule (lending and cdp-stablecoin worlds). */
  rule?: LiquidationRuleType;
  /** The stablecoin's pool in a cdp-stablecoin world (drawn when left out). */
  debtPool?: 'stableswap' | 'cpamm';
}

/** A random world and a one-line description of its structure (for failure messages and coverage counts). */
export interface RandomWorld {
  scenario: Scenario;
  /** The scenario as plain data, before the loader filled in defaults (what a user would write). */
  raw: Record<string, unknown>;
  venueKinds: string[];
  oracleKinds: string[];
  rules: string[];
}

/** Practical narrowing of a field's schema range: [lo, hi] intersected with it; `log` draws log-uniformly. */
interface Practical {
  lo?: number;
  hi?: number;
  log?: boolean;
}

type Rec = Record<string, unknown>;

/** An unbiased integer arbitrary (fc.gen needs a factory). */
const uniformInteger = (min: number, max: number) => fc.noBias(fc.integer({ min, max }));

/** Draws the parts of one world from a fast-check generator, field by field, against the schema. */
class WorldDraw {
  readonly data: Rec = {};
  readonly venueKinds = new Set<string>();
  readonly oracleKinds = new Set<string>();
  readonly rules: string[] = [];
  /**
   * Whether keepers and arbitrageurs may route split (see {@link randomWorld}); such a world is kept to
   * {@link SPLIT_WORLD_SIZE} blocks and accounts per protocol.
   */
  splitWorld = false;
  private readonly schema: JsonSchema = scenarioJsonSchema();

  constructor(private readonly g: fc.GeneratorValue) {}

  /** An integer in [lo, hi], uniformly (fast-check's default bias towards small values would skew every draw). */
  int(lo: number, hi: number): number {
    return this.g(uniformInteger, lo, hi);
  }

  /** `practicalHi`, or (one draw in seven) undefined: the schema's own upper bound. */
  wide(practicalHi: number): number | undefined {
    return this.chance(0.15) ? undefined : practicalHi;
  }

  /** True with probability p (to 1/1000). */
  chance(p: number): boolean {
    return this.int(0, 999) < p * 1000;
  }

  pick<T>(options: readonly T[]): T {
    return options[this.int(0, options.length - 1)];
  }

  /** A uniform number in [lo, hi] on a grid of 1e6 steps (fc.double favours denormals and extremes). */
  uniform(lo: number, hi: number): number {
    return lo + ((hi - lo) * this.int(0, 1_000_000)) / 1_000_000;
  }

  /** The schema node of the field at `path` of the world drawn so far. */
  node(path: readonly PathSegment[]): JsonSchema {
    const found = schemaAtPath(this.schema, this.data, path);
    if (!found) throw new Error(`random-world: no schema field at ${path.join('.')}`);
    return found;
  }

  /**
   * A number for the field at `path`, within its schema range narrowed by `practical`; the schema's inclusive bounds
   * inside that window are drawn as edge cases (one draw in eight each). Sets it in the world and returns it.
   */
  num(path: PathSegment[], practical: Practical = {}): number {
    const node = this.node(path);
    const integer = node.type === 'integer';
    const schemaLo = typeof node.exclusiveMinimum === 'number' ? node.exclusiveMinimum : (node.minimum ?? -Infinity);
    const schemaHi = typeof node.exclusiveMaximum === 'number' ? node.exclusiveMaximum : (node.maximum ?? Infinity);
    const loOpen = typeof node.exclusiveMinimum === 'number';
    const hiOpen = typeof node.exclusiveMaximum === 'number';
    let lo = Math.max(schemaLo, practical.lo ?? -Infinity);
    let hi = Math.min(schemaHi, practical.hi ?? Infinity);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi)
      throw new Error(`random-world: ${path.join('.')} needs a practical range (schema ${schemaLo}..${schemaHi})`);
    const edgeLo = lo === schemaLo && !loOpen;
    const edgeHi = hi === schemaHi && !hiOpen;
    if (lo === schemaLo && loOpen) lo = integer ? Math.floor(lo) + 1 : lo + Math.max(Math.abs(lo), 1) * 1e-9;
    if (hi === schemaHi && hiOpen) hi = integer ? Math.ceil(hi) - 1 : hi - Math.max(Math.abs(hi), 1) * 1e-9;
    const r = this.int(0, 15);
    let value: number;
    if (r === 0 && edgeLo) value = lo;
    else if (r === 1 && edgeHi) value = hi;
    else if (integer && practical.log && lo >= 1)
      value = Math.round(Math.exp(this.uniform(Math.log(lo), Math.log(hi))));
    else if (integer)
      value = hi - lo < 2 ** 30 ? this.int(Math.ceil(lo), Math.floor(hi)) : Math.floor(this.uniform(lo, hi));
    else if (practical.log) {
      const logLo = Math.log(lo > 0 ? lo : hi * 1e-9);
      value = Math.exp(this.uniform(logLo, Math.log(hi)));
      if (lo <= 0 && this.chance(0.1)) value = lo;
    } else value = this.uniform(lo, hi);
    value = Math.min(Math.max(value, lo), hi);
    this.set(path, value);
    return value;
  }

  /** Like {@link num}, but leaves a field with a default or an optional field out 30% of the time (its default is then
   * used). */
  opt(path: PathSegment[], practical: Practical = {}): number | undefined {
    if (this.chance(0.3)) return undefined;
    return this.num(path, practical);
  }

  /** One of the values the schema's enum at `path` allows (left at its default 20% of the time). */
  choice(path: PathSegment[]): string | undefined {
    const values = this.node(path).enum;
    if (!values) throw new Error(`random-world: ${path.join('.')} is not an enum`);
    if (this.chance(0.2)) return undefined;
    const value = String(this.pick(values));
    this.set(path, value);
    return value;
  }

  set(path: readonly PathSegment[], value: unknown): void {
    let target: Rec | unknown[] = this.data;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      const holder = target as Record<string | number, unknown>;
      if (holder[key] === undefined) holder[key] = typeof path[i + 1] === 'number' ? [] : {};
      target = holder[key] as Rec;
    }
    (target as Record<string | number, unknown>)[path[path.length - 1]] = value;
  }

  /** Appends `item` to the list at `key` and returns its path. */
  push(key: string, item: Rec): PathSegment[] {
    const list = (this.data[key] ??= []) as Rec[];
    list.push(item);
    return [key, list.length - 1];
  }
}

/**
 * Fees and spreads in basis points: log-uniform from 0.01 bp to the schema's 1000 (and the edges 0 and 1000), so the
 * few bps of real venues are as likely as the schema's large values.
 */
const BPS: Practical = { lo: 0.01, log: true };

/** Blocks, and accounts per protocol, of a world whose keepers and arbitrageurs may route split. */
const SPLIT_WORLD_SIZE = 40;

/** Minutes the run lasts. */
function runMinutes(d: WorldDraw): number {
  const chain = d.data.chain as Rec;
  return ((d.data.blocks as number) * ((chain.blockTimeSeconds as number | undefined) ?? 12)) / 60;
}

/** A random exogenous price path for an asset: every model but csv (which needs a file) and constant. */
function priceModel(d: WorldDraw, at: PathSegment[], initial: number): void {
  const model = d.pick(['gbm', 'jump-diffusion', 'shock', 'shock', 'bridge']);
  const price = [...at, 'price'];
  const minutes = runMinutes(d);
  d.set(price, { model });
  if (model === 'bridge') {
    const anchors = d.int(2, 4);
    let minute = 0;
    for (let k = 0; k < anchors; k++) {
      d.set([...price, 'anchors', k], { minute, price: k === 0 ? initial : initial * Math.exp(d.uniform(-3, 1)) });
      minute += d.uniform(1e-3, minutes);
    }
    d.opt([...price, 'volatilityAnnual']);
    return;
  }
  d.set([...price, 'initial'], initial);
  if (model === 'shock') {
    d.opt([...price, 'startMinute'], { hi: minutes });
    d.num([...price, 'dropPct']);
    d.num([...price, 'dropMinutes'], { hi: minutes });
    d.opt([...price, 'holdMinutes'], { hi: minutes });
    d.opt([...price, 'recoveryPct']);
    d.opt([...price, 'recoveryMinutes'], { hi: minutes });
    if (d.chance(0.4)) d.num([...price, 'volatilityAnnual']);
    return;
  }
  d.opt([...price, 'driftAnnual']);
  d.num([...price, 'volatilityAnnual']);
  if (model === 'jump-diffusion') {
    d.num([...price, 'jumpsPerYear'], { log: true });
    d.num([...price, 'jumpMean']);
    d.num([...price, 'jumpStd']);
  }
}

/** Adds an asset with a random price path (or a constant one) and returns its initial price. */
function asset(d: WorldDraw, symbol: string, kind: 'random' | 'constant', initial?: number): number {
  const at = d.push('assets', { symbol });
  if (kind === 'constant') {
    d.set([...at, 'price'], { model: 'constant', initial: initial ?? 1 });
    return initial ?? 1;
  }
  const price = initial ?? Math.exp(d.uniform(Math.log(1e-2), Math.log(1e6)));
  priceModel(d, at, price);
  return price;
}

/** The venues of `base` against USDC: always an off-chain market; the other kinds at random (`want` forces some in). */
function venues(d: WorldDraw, base: string, want: readonly string[] = []): string[] {
  const ids: string[] = [];
  const add = (type: string): PathSegment[] => {
    const id = `${base.toLowerCase()}-${type}-${ids.length}`;
    ids.push(id);
    d.venueKinds.add(type);
    return d.push('venues', { type, id, base, quote: 'USDC' });
  };
  const usd = { lo: 1e3, hi: 1e10, log: true };
  const offchain = add('offchain');
  d.num([...offchain, 'depthUsdPer1Pct'], usd);
  d.choice([...offchain, 'impact']);
  d.opt([...offchain, 'resilienceHalfLifeSeconds'], { hi: 7200 });
  d.opt([...offchain, 'feeBps'], BPS);
  for (const type of ['cpamm', 'stableswap', 'orderbook', 'vamm']) {
    if (!want.includes(type) && !d.chance(0.4)) continue;
    const at = add(type);
    if (type === 'orderbook') {
      d.num([...at, 'depthUsdPer1Pct'], usd);
      const half = d.opt([...at, 'halfSpreadBps'], BPS) ?? (d.node([...at, 'halfSpreadBps']).default as number);
      const step = d.opt([...at, 'levelStepBps'], BPS) ?? (d.node([...at, 'levelStepBps']).default as number);
      // The schema's rule: halfSpreadBps + (levels − 1)·levelStepBps < 10000 (the deepest bid keeps a positive price).
      const most = Math.ceil((10_000 - half) / step);
      d.set([...at, 'levels'], Math.min(d.num([...at, 'levels'], { hi: 400 }), most));
      d.opt([...at, 'refillHalfLifeSeconds'], { hi: 3600 });
      if (d.chance(0.3)) {
        d.num([...at, 'pullOnVolatility', 'windowSeconds'], { lo: 1, hi: 3600 });
        d.num([...at, 'pullOnVolatility', 'thresholdAnnual'], { lo: 1e-3, hi: 50, log: true });
        d.num([...at, 'pullOnVolatility', 'keepFraction']);
      }
    } else d.num([...at, 'liquidityUsd'], usd);
    if (type === 'stableswap') {
      d.opt([...at, 'amplification'], { lo: 1e-3, log: true });
      if (d.chance(0.2)) d.num([...at, 'pegPrice'], { lo: 1e-3, hi: 1e7, log: true });
    }
    d.opt([...at, 'feeBps'], BPS);
  }
  return ids;
}

/** An oracle of `asset` reading some of `sources` (every kind that reads venues); returns its id. */
function oracle(
  d: WorldDraw,
  asset: string,
  sources: readonly string[],
  kinds: readonly string[] = ['push', 'spot', 'twap', 'osm'],
): string {
  const id = `${asset.toLowerCase()}-oracle-${((d.data.oracles as unknown[] | undefined) ?? []).length}`;
  const kind = d.pick(kinds);
  d.oracleKinds.add(kind);
  const single = kind === 'spot' || kind === 'twap';
  const chosen = single ? [d.pick(sources)] : sources.filter(() => d.chance(0.6));
  if (chosen.length === 0) chosen.push(d.pick(sources));
  const at = d.push('oracles', { id, asset, kind, sources: chosen });
  // Mostly feeds that follow the market closely enough for shocks to liquidate; now and then the whole allowed range.
  if (kind === 'push' || kind === 'redemption') {
    d.opt([...at, 'deviationPct'], { hi: d.wide(2) });
    d.opt([...at, 'heartbeatSeconds'], { lo: 1, hi: 7200, log: true });
    d.opt([...at, 'delayBlocks'], { hi: 10 });
  }
  if (kind === 'twap') {
    d.opt([...at, 'windowSeconds'], { lo: 1, hi: 7200, log: true });
    if (d.chance(0.3)) d.num([...at, 'cardinality'], { hi: 2000, log: true });
  }
  if (kind === 'osm') d.opt([...at, 'hopSeconds'], { lo: 1, hi: 7200, log: true });
  return id;
}

/** A random liquidation rule with every parameter drawn. */
function liquidationRule(d: WorldDraw, at: PathSegment[], type: LiquidationRuleType): void {
  const rule = [...at, 'liquidationRule'];
  d.set(rule, { type });
  d.rules.push(type);
  const usd = { lo: 1, hi: 1e9, log: true };
  const seconds = { lo: 1, hi: 20_000, log: true };
  switch (type) {
    case 'euler-v2':
      d.opt([...rule, 'maxDiscount']);
      break;
    case 'volatility-bonus':
      // minBonus ≤ maxBonus is not required by the schema: both orders are valid worlds.
      d.num([...rule, 'minBonus']);
      d.num([...rule, 'maxBonus']);
      d.num([...rule, 'referenceVolatilityAnnual']);
      d.opt([...rule, 'halfLifeBlocks'], { hi: 1e4 });
      break;
    case 'maker-clip': {
      d.opt([...rule, 'chop']);
      d.opt([...rule, 'holeUsd'], usd);
      d.opt([...rule, 'dustUsd'], { hi: 1e6 });
      d.opt([...rule, 'buf']);
      d.opt([...rule, 'tailSeconds'], seconds);
      d.opt([...rule, 'cusp']);
      d.opt([...rule, 'chip']);
      d.opt([...rule, 'tipUsd'], { hi: 1e5 });
      const curve = d.pick(['linear', 'stairstep', 'exponential', 'default']);
      if (curve === 'default') break;
      d.set([...rule, 'curve'], { kind: curve });
      if (curve === 'linear') d.num([...rule, 'curve', 'tauSeconds'], seconds);
      if (curve !== 'linear') d.num([...rule, 'curve', 'cut']);
      if (curve === 'stairstep') d.num([...rule, 'curve', 'stepSeconds'], seconds);
      break;
    }
    case 'maker-flip':
      d.opt([...rule, 'chop']);
      d.opt([...rule, 'dunkUsd'], usd);
      d.opt([...rule, 'boxUsd'], usd);
      d.opt([...rule, 'dustUsd'], { hi: 1e6 });
      d.opt([...rule, 'beg']);
      d.opt([...rule, 'ttlSeconds'], seconds);
      d.opt([...rule, 'tauSeconds'], seconds);
      break;
    case 'compound-v3':
      d.opt([...rule, 'liquidationFactor']);
      d.opt([...rule, 'storeFrontPriceFactor']);
      d.opt([...rule, 'targetReserves'], { hi: 1e9 });
      break;
    case 'liquity-v1':
      d.opt([...rule, 'stabilityPoolUsd'], { hi: 1e9 });
      d.opt([...rule, 'depositorsSellShare']);
      break;
    default:
      break;
  }
}

/** The borrower population of a lending protocol at `at`. */
function borrowers(d: WorldDraw, at: PathSegment[], maxCount: number): void {
  const b = [...at, 'borrowers'];
  d.num([...b, 'count'], { hi: maxCount });
  d.num([...b, 'collateralUsd', 'median'], { lo: 10, hi: 1e7, log: true });
  d.opt([...b, 'collateralUsd', 'sigma']);
  // Mostly books close to liquidation, so shocks liquidate; now and then the whole allowed range.
  const lo = d.num([...b, 'healthFactor', 'min'], { hi: d.wide(1.3) });
  d.num([...b, 'healthFactor', 'max'], { lo, hi: d.chance(0.15) ? undefined : lo + 1 });
}

/** A lending protocol (or CDP) of `collateral` against `debt`, read through `oracleId`, with every option at random. */
function lending(
  d: WorldDraw,
  id: string,
  collateral: string,
  debt: string,
  oracleId: string,
  rule: LiquidationRuleType,
  feeMarket: boolean,
): PathSegment[] {
  const at = d.push('protocols', { type: 'lending', id, collateral, debt, oracle: oracleId });
  const threshold = d.num([...at, 'liquidationThreshold']);
  d.num([...at, 'ltv'], { hi: threshold });
  d.opt([...at, 'liquidationBonus'], { lo: 1e-4, log: true });
  liquidationRule(d, at, rule);
  d.opt([...at, 'closeFactor']);
  d.opt([...at, 'fullCloseBelowHealth']);
  d.opt([...at, 'protocolFeeShare']);
  d.opt([...at, 'insuranceFundUsd'], { hi: 1e8 });
  d.opt([...at, 'feesToInsurance']);
  if (d.chance(0.2)) {
    d.num([...at, 'maxOracleAgeSeconds'], { hi: 7200 });
    d.choice([...at, 'stalePolicy']);
  }
  if (d.chance(0.2)) {
    let above = 0;
    for (let k = 0; k < d.int(1, 3); k++) {
      above = d.num([...at, 'thresholdTiers', k, 'aboveDebtUsd'], {
        lo: above * 1.01 + 1,
        hi: above * 100 + 1e4,
        log: true,
      });
      d.num([...at, 'thresholdTiers', k, 'liquidationThreshold']);
    }
  }
  if (feeMarket && d.chance(0.3)) d.num([...at, 'oevAuction', 'protocolShare']);
  if (d.chance(0.2)) {
    d.num([...at, 'dynamicThreshold', 'referenceVolatilityAnnual']);
    d.opt([...at, 'dynamicThreshold', 'sensitivity']);
    d.opt([...at, 'dynamicThreshold', 'minScale']);
    d.opt([...at, 'dynamicThreshold', 'updateEveryBlocks'], { hi: 200 });
    d.opt([...at, 'dynamicThreshold', 'halfLifeBlocks'], { hi: 1e4 });
  }
  if (d.chance(0.2)) {
    const breakers = [...at, 'circuitBreakers'];
    d.set(breakers, {});
    if (d.chance(0.6)) d.num([...breakers, 'pauseOnOracleMovePct']);
    d.opt([...breakers, 'windowBlocks'], { hi: 200 });
    d.opt([...breakers, 'pauseBlocks'], { hi: 200 });
    if (d.chance(0.5)) d.num([...breakers, 'maxLiquidatedUsdPerBlock'], { lo: 1, hi: 1e9, log: true });
    if (d.chance(0.5)) d.num([...breakers, 'maxInLiquidationUsd'], { lo: 1, hi: 1e9, log: true });
  }
  borrowers(d, at, d.splitWorld ? SPLIT_WORLD_SIZE : 300);
  if (d.chance(0.3)) {
    const topUp = [...at, 'borrowers', 'topUp'];
    d.num([...topUp, 'share']);
    const below = d.num([...topUp, 'belowHealth'], { hi: 99 });
    d.num([...topUp, 'targetHealth'], { lo: below + 1e-6 });
    d.num([...topUp, 'reserveShare']);
    d.opt([...topUp, 'priorityFeeGwei'], { hi: 1000 });
    d.opt([...topUp, 'gasUnits'], { hi: 1e6 });
    if (feeMarket && d.chance(0.3)) d.num([...topUp, 'maxFeeGwei'], { lo: 1e-3, log: true });
  }
  return at;
}

/** A fee market on the main chain. */
function feeMarket(d: WorldDraw): void {
  const fm = ['chain', 'feeMarket'];
  d.set(fm, {});
  d.choice([...fm, 'mode']);
  const limit = d.opt([...fm, 'gasLimit'], { lo: 1e5, hi: 1e8, log: true }) ?? 30e6;
  d.opt([...fm, 'initialBaseFeeGwei'], { hi: 1000 });
  d.opt([...fm, 'elasticity']);
  d.opt([...fm, 'denominator']);
  d.num([...fm, 'backgroundGas'], { hi: 2 * limit });
  d.opt([...fm, 'backgroundTipGwei'], { hi: 1000 });
  const blocks = d.data.blocks as number;
  for (let k = 0; k < d.int(0, 2); k++) {
    const start = d.num([...fm, 'spikes', k, 'startBlock'], { hi: blocks });
    d.num([...fm, 'spikes', k, 'endBlock'], { lo: start, hi: blocks + 10 });
    d.num([...fm, 'spikes', k, 'multiplier'], { hi: 1000 });
    if (d.chance(0.5)) d.num([...fm, 'spikes', k, 'tipGwei'], { hi: 1e4 });
  }
  if (d.chance(0.3)) {
    d.num([...fm, 'volatilityDemand', 'k'], { hi: 100 });
    d.num([...fm, 'volatilityDemand', 'referenceReturn'], { lo: 1e-6, hi: 1, log: true });
  }
  d.opt([...fm, 'backgroundPriceElasticity']);
  d.opt([...fm, 'rebidAfterBlocks'], { hi: 20 });
  d.opt([...fm, 'ttlBlocks'], { hi: 100 });
  d.opt([...fm, 'priceBumpPercent']);
}

/** Keepers and arbitrageurs with every setting drawn. */
function agents(d: WorldDraw, hasFeeMarket: boolean): void {
  const keepers = d.chance(0.1) ? 0 : d.int(1, 3);
  for (let k = 0; k < keepers; k++) {
    const at = d.push('keepers', { id: `keeper-${k}` });
    d.num([...at, 'capitalUsd'], { lo: 10, hi: 1e9, log: true });
    d.opt([...at, 'gasUnits'], { hi: 2e6 });
    d.opt([...at, 'latencyBlocks'], { hi: 20 });
    d.opt([...at, 'minProfitUsd'], { lo: 1e-3, hi: 1e4, log: true });
    d.opt([...at, 'priorityFeeGwei'], { lo: 1e-3, hi: 500, log: true });
    d.opt([...at, 'maxLiquidationsPerBlock'], { hi: 2000, log: true });
    d.choice([...at, 'auctionBidding']);
    splitNowAndThen(d, [...at, 'routing']);
    if (hasFeeMarket) {
      if (d.chance(0.4)) d.num([...at, 'maxFeeGwei'], { lo: 1e-3, log: true });
      d.choice([...at, 'gasBidding']);
      d.opt([...at, 'revertGasUnits'], { hi: 1e6 });
      d.opt([...at, 'maxTxGas'], { lo: 1e4, hi: 3e7, log: true });
    }
  }
  for (let k = 0; k < d.int(0, 2); k++) {
    const at = d.push('arbitrageurs', { id: `arb-${k}` });
    d.num([...at, 'capitalUsd'], { lo: 10, hi: 1e9, log: true });
    d.opt([...at, 'gasUnits'], { hi: 1e6 });
    d.opt([...at, 'priorityFeeGwei'], { hi: 500 });
    d.opt([...at, 'minProfitUsd'], { hi: 1e4 });
    splitNowAndThen(d, [...at, 'routing']);
  }
}

/**
 * A keeper's or arbitrageur's routing: in a "split world" (one in eight, see {@link randomWorld}) 'split' half the
 * time, else the other value or the default.
 */
function splitNowAndThen(d: WorldDraw, path: PathSegment[]): void {
  const values = (d.node(path).enum ?? []).map(String);
  if (d.splitWorld && d.chance(0.5)) d.set(path, 'split');
  else if (d.chance(0.5)) d.set(path, values.find((v) => v !== 'split') as string);
}

/** A lending world: one collateral (ETH or an ETH-pegged token) against USDC. */
function lendingWorld(d: WorldDraw, rule: LiquidationRuleType, hasFeeMarket: boolean): void {
  const lst = d.chance(0.25);
  const collateral = lst ? 'LST' : 'ETH';
  const ethVenues = venues(d, 'ETH');
  let oracleId = oracle(d, 'ETH', ethVenues);
  if (lst) {
    const at = d.push('assets', { symbol: 'LST', price: { model: 'pegged', anchor: 'ETH' } });
    d.opt([...at, 'price', 'ratio'], { lo: 0.01, hi: 10, log: true });
    if (d.chance(0.6)) {
      const minutes = runMinutes(d);
      d.num([...at, 'price', 'depeg', 'startMinute'], { hi: minutes });
      d.num([...at, 'price', 'depeg', 'dropPct']);
      d.num([...at, 'price', 'depeg', 'dropMinutes'], { lo: 1e-3, hi: minutes });
      d.opt([...at, 'price', 'depeg', 'recoverMinutes'], { hi: minutes });
    }
    const lstVenues = venues(d, 'LST');
    // A market feed of the token, or its redemption value (its anchor's venues times the rate).
    if (d.chance(0.3)) {
      oracleId = oracle(d, 'LST', ethVenues, ['redemption']);
      const oracles = d.data.oracles as Rec[];
      oracles[oracles.length - 1].anchor = 'ETH';
      if (d.chance(0.5)) d.num(['oracles', oracles.length - 1, 'rate'], { lo: 0.01, hi: 10, log: true });
    } else oracleId = oracle(d, 'LST', lstVenues);
  }
  lending(d, 'lend', collateral, 'USDC', oracleId, rule, hasFeeMarket);
  const pools = ((d.data.venues as Rec[]) ?? []).filter((v) => v.type === 'cpamm' || v.type === 'stableswap');
  if (pools.length > 0 && d.chance(0.2)) {
    const at = d.push('protocolOwnedLiquidity', { protocol: 'lend', venue: d.pick(pools).id });
    d.num([...at, 'share']);
    if (d.chance(0.5)) d.set([...at, 'coverBadDebt'], d.chance(0.5));
  }
}

/** A CDP world: a lending protocol whose debt is the stablecoin USDX, traded in its own pool; maybe a market that takes
 * USDX as collateral. */
function cdpWorld(
  d: WorldDraw,
  rule: LiquidationRuleType,
  hasFeeMarket: boolean,
  debtPool?: 'stableswap' | 'cpamm',
): void {
  asset(d, 'USDX', 'constant');
  const ethVenues = venues(d, 'ETH');
  const ethOracle = oracle(d, 'ETH', ethVenues);
  const poolType = debtPool ?? d.pick(['stableswap', 'cpamm']);
  const poolAt = d.push('venues', { type: poolType, id: 'usdx-pool', base: 'USDX', quote: 'USDC' });
  d.venueKinds.add(poolType);
  d.num([...poolAt, 'liquidityUsd'], { lo: 1e3, hi: 1e10, log: true });
  if (poolType === 'stableswap') {
    d.opt([...poolAt, 'amplification'], { lo: 1e-3, log: true });
    // Now and then a pool balanced away from par: buying the debt back then costs more (or less) than it repays.
    if (d.chance(0.3)) d.num([...poolAt, 'pegPrice'], { lo: 0.5, hi: 2 });
  }
  d.opt([...poolAt, 'feeBps'], BPS);
  lending(d, 'cdp', 'ETH', 'USDX', ethOracle, rule, hasFeeMarket);
  const coin = d.push('stablecoins', { asset: 'USDX', issuer: 'cdp', venue: 'usdx-pool' });
  if (d.chance(0.6)) {
    const holders = [...coin, 'holders'];
    const below = d.num([...holders, 'exitBelowCollateralRatio'], { hi: 5 });
    d.num([...holders, 'fullExitAtCollateralRatio'], { hi: below - 1e-6 });
    d.num([...holders, 'exitPctPerHour']);
    d.opt([...holders, 'maxExitPct']);
  }
  if (d.chance(0.6)) {
    const redemption = [...coin, 'redemption'];
    d.opt([...redemption, 'feeFloor']);
    d.opt([...redemption, 'beta'], { lo: 1e-3, log: true });
    d.opt([...redemption, 'halfLifeHours'], { lo: 1e-3, log: true });
    d.num([...redemption, 'capitalUsd'], { lo: 10, hi: 1e9, log: true });
    d.opt([...redemption, 'gasUnits'], { hi: 2e6 });
    d.opt([...redemption, 'priorityFeeGwei'], { hi: 500 });
    d.opt([...redemption, 'minProfitUsd'], { hi: 1e4 });
  }
  if (d.chance(0.5)) {
    const usdxOracle = oracle(d, 'USDX', ['usdx-pool'], ['push', 'spot', 'twap']);
    lending(d, 'stable-lend', 'USDX', 'USDC', usdxOracle, d.pick(LIQUIDATION_RULES), hasFeeMarket);
  }
  if (d.chance(0.2))
    d.num(d.push('protocolOwnedLiquidity', { protocol: 'cdp', venue: 'usdx-pool' }).concat('share'), {});
}

/** A cross-lending world: ETH and WBTC collateral, USDC and DAI debt, in one Aave v3 pool. */
function crossWorld(d: WorldDraw): void {
  asset(d, 'WBTC', 'random');
  asset(d, 'DAI', 'constant');
  const oracles = { ETH: oracle(d, 'ETH', venues(d, 'ETH')), WBTC: oracle(d, 'WBTC', venues(d, 'WBTC')) };
  const at = d.push('protocols', { type: 'cross-lending', id: 'pool', reserves: [] });
  d.choice([...at, 'variant']);
  d.opt([...at, 'insuranceFundUsd'], { hi: 1e8 });
  const reserves: [string, string | undefined][] = [
    ['ETH', oracles.ETH],
    ['WBTC', oracles.WBTC],
    ['USDC', undefined],
    ['DAI', undefined],
  ];
  const collateral: string[] = [];
  reserves.forEach(([symbol, oracleId], k) => {
    const r = [...at, 'reserves', k];
    d.set(r, oracleId ? { asset: symbol, oracle: oracleId } : { asset: symbol });
    // ETH and WBTC always collateral (the mix needs one), the stablecoins sometimes (threshold 0 = not collateral).
    const threshold =
      symbol === 'ETH' || symbol === 'WBTC' || d.chance(0.5) ? d.num([...r, 'liquidationThreshold'], { lo: 1e-3 }) : 0;
    d.set([...r, 'liquidationThreshold'], threshold);
    d.num([...r, 'ltv'], { hi: threshold });
    if (threshold > 0) {
      collateral.push(symbol);
      // Aave's PoolConfigurator: LT·(1 + bonus) ≤ 1 (kept a hair inside, so rounding cannot cross it).
      const most = (1 / threshold - 1) * (1 - 1e-9);
      d.num([...r, 'liquidationBonus'], { lo: Math.min(1e-4, most / 2), hi: most, log: true });
    } else d.set([...r, 'liquidationBonus'], 0);
    d.opt([...r, 'protocolFeeShare']);
  });
  const b = [...at, 'borrowers'];
  d.num([...b, 'count'], { hi: d.splitWorld ? SPLIT_WORLD_SIZE : 200 });
  d.num([...b, 'collateralUsd', 'median'], { lo: 10, hi: 1e7, log: true });
  d.opt([...b, 'collateralUsd', 'sigma']);
  const shares = (symbols: string[]): Rec => {
    const chosen = symbols.filter(() => d.chance(0.7));
    if (chosen.length === 0) chosen.push(d.pick(symbols));
    const weights = chosen.map(() => d.uniform(0.05, 1));
    const total = weights.reduce((s, w) => s + w, 0);
    const mix: Rec = {};
    chosen.forEach((symbol, k) => (mix[symbol] = weights[k] / total));
    return mix;
  };
  d.set([...b, 'collateralMix'], shares(['ETH', 'WBTC']));
  d.set([...b, 'debtMix'], shares(['USDC', 'DAI']));
  d.opt([...b, 'mixJitter']);
  const lo = d.num([...b, 'healthFactor', 'min'], { hi: 1.3 });
  d.num([...b, 'healthFactor', 'max'], { lo, hi: lo + 1 });
}

/** A perp world: one or two markets on an order book or a vAMM, index from the off-chain market, mark from both. */
function perpWorld(d: WorldDraw): void {
  const assets = d.chance(0.3) ? ['ETH', 'WBTC'] : ['ETH'];
  if (assets.includes('WBTC')) asset(d, 'WBTC', 'random');
  const at = d.push('protocols', { type: 'perp', id: 'perp', quote: 'USDC', markets: [] });
  assets.forEach((symbol, k) => {
    const ids = venues(d, symbol, [d.pick(['orderbook', 'vamm'])]);
    const perpVenue = d.pick(ids.filter((id) => id.includes('orderbook') || id.includes('vamm')));
    const index = oracle(d, symbol, [ids[0]]);
    const mark = oracle(d, symbol, [ids[0], perpVenue], ['push', 'spot', 'twap', 'osm']);
    const m = [...at, 'markets', k];
    d.set(m, { id: `${symbol}-PERP`, asset: symbol, indexOracle: index, markOracle: mark, venue: perpVenue });
    d.opt([...m, 'initialMarginFraction']);
    d.opt([...m, 'maintenanceMarginFraction']);
    const maintenance = d.pick(['flat', 'tiers', 'default']);
    if (maintenance === 'tiers') {
      d.set([...m, 'maintenance'], { type: 'tiers', brackets: [] });
      let cap = 0;
      for (let b = 0; b < d.int(1, 3); b++) {
        cap = d.num([...m, 'maintenance', 'brackets', b, 'notionalCapUsd'], {
          lo: cap * 1.5 + 1e3,
          hi: cap * 100 + 1e6,
          log: true,
        });
        d.num([...m, 'maintenance', 'brackets', b, 'maintenanceMarginRate']);
      }
    } else if (maintenance === 'flat') d.set([...m, 'maintenance'], { type: 'flat' });
    const initial = d.pick(['flat', 'oi-scaled', 'size-premium', 'default']);
    if (initial === 'oi-scaled') {
      d.set([...m, 'initialMargin'], { type: 'oi-scaled' });
      const lower = d.num([...m, 'initialMargin', 'lowerCapUsd'], { hi: 1e9 });
      d.num([...m, 'initialMargin', 'upperCapUsd'], { lo: lower + 1, hi: lower * 10 + 1e6, log: true });
    } else if (initial === 'size-premium') {
      d.set([...m, 'initialMargin'], { type: 'size-premium' });
      d.num([...m, 'initialMargin', 'imfFactor'], { hi: 1 });
    } else if (initial === 'flat') d.set([...m, 'initialMargin'], { type: 'flat' });
    d.opt([...m, 'fundingIntervalSeconds'], { lo: 12, hi: 28_800 });
    d.opt([...m, 'fundingClamp']);
    d.opt([...m, 'liquidationFeeFraction']);
  });
  d.choice([...at, 'marginMode']);
  d.set([...at, 'liquidation'], {});
  d.choice([...at, 'liquidation', 'mode']);
  d.opt([...at, 'liquidation', 'buffer']);
  d.opt([...at, 'liquidation', 'fillBoundPct']);
  if (d.chance(0.3)) {
    d.set([...at, 'liquidation', 'backstop'], {});
    d.opt([...at, 'liquidation', 'backstop', 'belowMaintenanceFraction']);
    d.opt([...at, 'liquidation', 'backstop', 'capitalUsd'], { hi: 1e9 });
  }
  d.opt([...at, 'insuranceFundUsd'], { hi: 1e8 });
  d.choice([...at, 'lossMode']);
  d.choice([...at, 'adlRanking']);
  d.opt([...at, 'makerCapitalUsd'], { lo: 1, hi: 1e13, log: true });
  const t = [...at, 'traders'];
  d.num([...t, 'count'], { hi: d.splitWorld ? SPLIT_WORLD_SIZE : 300 });
  d.num([...t, 'notionalUsd', 'median'], { lo: 10, hi: 1e7, log: true });
  d.opt([...t, 'notionalUsd', 'sigma'], { hi: 5 });
  const lo = d.num([...t, 'leverage', 'min'], { hi: d.chance(0.1) ? 1000 : 50 });
  d.num([...t, 'leverage', 'max'], { lo, hi: d.chance(0.1) ? 1000 : lo + 30 });
  d.opt([...t, 'longShare']);
  d.opt([...t, 'entrySpreadPct']);
  if (d.chance(0.3)) {
    const add = [...t, 'addMargin'];
    d.num([...add, 'share']);
    const below = d.num([...add, 'belowMarginRatio']);
    d.num([...add, 'targetMarginRatio'], { lo: below });
    d.opt([...add, 'reserveShare']);
    d.opt([...add, 'gasUnits'], { hi: 1e6 });
    d.opt([...add, 'priorityFeeGwei'], { hi: 500 });
  }
}

/**
 * Draws one random valid world of `request.kind` (and rule, when given) from `g`, validated by the real loader.
 *
 * @example
 * fc.assert(fc.property(fc.gen(), (g) => { const world = randomWorld(g, { kind: 'perp' }); runScenario(world.scenario); }));
 */
export function randomWorld(g: fc.GeneratorValue, request: WorldRequest): RandomWorld {
  const d = new WorldDraw(g);
  d.data.name = `random-${request.kind}`;
  d.num(['seed']);
  // Split routing prices every route on a grid of 1,000 slices (market/routing.ts), so a keeper's profit search over
  // a few hundred liquidatable accounts costs about a second a block: it is drawn in one world in eight, kept small.
  d.splitWorld = d.chance(0.125);
  const size = d.splitWorld ? SPLIT_WORLD_SIZE : 120;
  d.num(['blocks'], { lo: d.chance(0.1) ? undefined : Math.min(20, size), hi: size });
  d.data.chain = { nativeAsset: 'ETH' };
  d.opt(['chain', 'blockTimeSeconds'], { lo: 1, hi: 600, log: true });
  d.opt(['chain', 'gasPriceGwei'], { lo: 1e-3, hi: 2000, log: true });
  const hasFeeMarket = d.chance(0.25);
  if (hasFeeMarket) feeMarket(d);
  asset(d, 'ETH', 'random');
  asset(d, 'USDC', 'constant');
  const rule = request.rule ?? d.pick(LIQUIDATION_RULES);
  if (request.kind === 'lending') lendingWorld(d, rule, hasFeeMarket);
  else if (request.kind === 'cdp-stablecoin') cdpWorld(d, rule, hasFeeMarket, request.debtPool);
  else if (request.kind === 'cross-lending') crossWorld(d);
  else perpWorld(d);
  agents(d, hasFeeMarket);
  d.opt(['record', 'healthSample'], { hi: 300 });
  const raw = structuredClone(d.data);
  const scenario = parseScenario(JSON.stringify(d.data), `random-${request.kind}.json`);
  return { scenario, raw, venueKinds: [...d.venueKinds], oracleKinds: [...d.oracleKinds], rules: d.rules };
}
