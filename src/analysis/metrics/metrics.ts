import type { World } from '../../world/world.js';
import type { CapitalEfficiency } from './capital-efficiency.js';
import type { Venue } from '../../market/venues/venue.js';
import type { HealthHistogram, RunMetrics } from '../result.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { maxDrawdown } from '../../kernel/statistics.js';
import { protocolMetrics, total } from './protocol-metrics.js';
import { InvariantError } from '../../kernel/errors.js';
import type { LendingLedger } from '../../protocol/lending/ledger.js';
import { enginesOfKind, type EngineOfKind } from '../../protocol/engine-kinds.js';
import { healthFactorOf, totalDebtUsd } from '../../protocol/cross/cross-account.js';

/** Health-factor bin edges of the before/after histogram; the last bin is open-ended. */
export const HEALTH_EDGES = [0, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.2, 1.3, 1.5, 1.75, 2, 2.5, 3, 4];

/**
 * Histogram of every open account's distance to liquidation, 1 being the boundary: a lending account's health factor
 * at its protocol's oracle price, a perp trader's equity / maintenance margin at the mark.
 *
 * @example healthCounts(world); // counts per HEALTH_EDGES bin
 */
export function healthCounts(world: Pick<World, 'protocols' | 'engines'>): number[] {
  const counts = new Array<number>(HEALTH_EDGES.length - 1).fill(0);
  for (const protocol of world.protocols) countLendingHealth(protocol, counts);
  for (const perp of enginesOfKind(world, 'perp'))
    perp.forEachMarginRatio((health) => (counts[healthBin(health)] += 1));
  return counts;
}

/**
 * Bin of a health value among the {@link healthCounts} counts: the last bin k ≥ 1 whose lower edge HEALTH_EDGES[k] the
 * health is not below, else 0 (NaN and +∞ fall in the last bin). Counted without branches, as the edges rise: a book's
 * healths come in no order.
 */
function healthBin(health: number): number {
  let bin = 0;
  for (let k = 1; k < HEALTH_EDGES.length - 1; k++) bin += +!(health < HEALTH_EDGES[k]);
  return bin;
}

/** Adds every account of `protocol` with debt to `counts` by its health factor at the oracle price. */
function countLendingHealth(protocol: LendingProtocol, counts: number[]): void {
  const { book } = protocol;
  const { debt } = book;
  const bins = new Float64Array(counts.length);
  // Without size tiers every account has the same threshold: read once.
  const uniform = protocol.uniformThreshold();
  for (let i = 0; i < book.count; i++) {
    if (!(debt[i] > 0)) continue;
    bins[healthBin(protocol.healthAt(i, uniform ?? protocol.thresholdOf(i)))] += 1;
  }
  for (let k = 0; k < counts.length; k++) counts[k] += bins[k];
}

/** Size of the books at block 0: accounts with debt or an open position, their collateral (at the oracle; perp traders'
 * equity), their debt and perp notional, USD. */
export interface BookSize {
  accounts: number;
  collateralUsd: number;
  debtUsd: number;
  perpNotionalUsd: number;
}

/**
 * Size of the lending protocols' and perp exchanges' books now; taken at block 0 for the metrics (cross-asset pools
 * keep their own, `initialBook`).
 *
 * @example bookSize(world).debtUsd;
 */
export function bookSize(world: Pick<World, 'protocols' | 'engines'>): BookSize {
  const size = { accounts: 0, collateralUsd: 0, debtUsd: 0, perpNotionalUsd: 0 };
  for (const { book, price, debtPrice } of world.protocols) {
    for (let i = 0; i < book.count; i++) {
      if (book.debt[i] <= 0) continue;
      size.accounts += 1;
      size.collateralUsd += book.collateral[i] * price;
      size.debtUsd += book.debt[i] * debtPrice;
    }
  }
  for (const perp of enginesOfKind(world, 'perp')) {
    const traders = perp.bookSize();
    size.accounts += traders.traders;
    size.collateralUsd += traders.equityUsd;
    size.perpNotionalUsd += traders.notionalUsd;
  }
  return size;
}

/**
 * Assembles the histogram from the counts taken at block 0 and now.
 *
 * @example healthHistogram(before, healthCounts(world));
 */
export function healthHistogram(before: number[], after: number[]): HealthHistogram {
  return { edges: [...HEALTH_EDGES], before, after };
}

/**
 * Headline metrics of a finished run, computed from the recorder's series and the components' ledgers.
 * Prices are those of the first protocol's collateral: its fundamental, the first off-chain market and
 * the first pool trading it, and its oracle.
 *
 * @example computeMetrics(world, initialBook).amplification;
 */
export function computeMetrics(
  world: World,
  initialBook: BookSize,
  capital: CapitalEfficiency = { averageLtv: null, borrowingPowerUsed: null, borrowingCapacity: null },
): RunMetrics {
  const { recorder } = world;
  const first = world.protocols[0];
  // Without a lending protocol, the first oracle-priced reserve of the first cross-asset pool gives the prices, and
  // without either, the first market of the first perpetual exchange (its mark oracle).
  const perpMarket = enginesOfKind(world, 'perp')[0]?.markets[0];
  const { asset, oracleId } = first
    ? { asset: first.settings.collateral, oracleId: first.oracle.id }
    : (enginesOfKind(world, 'cross-lending')[0]?.headline() ?? {
        asset: perpMarket.spec.asset,
        oracleId: perpMarket.markOracle.id,
      });
  const market = world.venues.find((v) => v.base === asset && isMarket(world, v));
  const pool = world.venues.find((v) => v.base === asset && !isMarket(world, v));
  const column = (name: string) => recorder.column(name) ?? new Float64Array(0);
  const fundamental = column(`fundamental:${asset}`);
  const oracle = column(`oracle:${oracleId}`);
  const marketPrices = market ? column(`venue:${market.id}`) : fundamental;

  const externalDrawdown = maxDrawdown(fundamental);
  const oracleDrawdown = maxDrawdown(oracle);
  const maxOracleDeviation = maxRelativeDeviation(oracle, marketPrices);

  const depth = world.venues.filter((v) => v.base === asset).reduce((sum, v) => sum + initialDepth(world, v.id), 0);
  const { maxSpeed, speedSum, activeBlocks } = liquidationSpeeds(column('liquidatedUsd'), depth);

  const owners = [...world.protocols, ...enginesOfKind(world, 'cross-lending')];
  const ledger = ledgerTotals(owners.map((p) => p.ledger));
  const byProtocol = protocolMetrics(world);
  const perps = enginesOfKind(world, 'perp');
  const crossBooks = enginesOfKind(world, 'cross-lending').map((p) => p.initialBook);
  const lending = lendingTotals(world.protocols, world.clock.block);
  const byGeneration: number[] = [];
  for (const counts of [...owners.map((p) => p.ledger), ...perps.map((p) => p.ledger)]) {
    counts.liquidationsByGeneration.forEach((n, g) => (byGeneration[g] = (byGeneration[g] ?? 0) + n));
  }
  const end = endOfRunExposure(world);

  const metrics: RunMetrics = {
    accounts: initialBook.accounts + total(crossBooks, (b) => b.accounts),
    initialCollateralUsd: initialBook.collateralUsd + total(crossBooks, (b) => b.collateralUsd),
    initialDebtUsd: initialBook.debtUsd + total(crossBooks, (b) => b.debtUsd),
    initialPerpNotionalUsd: initialBook.perpNotionalUsd,
    externalDrawdown,
    marketDrawdown: maxDrawdown(marketPrices),
    poolDrawdown: pool ? maxDrawdown(column(`venue:${pool.id}`)) : 0,
    oracleDrawdown,
    amplification: externalDrawdown > 0 ? oracleDrawdown / externalDrawdown : null,
    maxOracleDeviation,
    liquidations: total(byProtocol, (p) => p.liquidations),
    accountsLiquidated: total(byProtocol, (p) => p.accountsLiquidated),
    liquidatedCollateralUsd: ledger.collateralSeizedUsd,
    liquidatedDebtUsd: ledger.debtRepaidUsd,
    collateralReturnedUsd: ledger.collateralReturnedUsd,
    perpLiquidatedNotionalUsd: total(byProtocol, (p) => (p.kind === 'perp' ? p.liquidatedUsd : 0)),
    borrowerPenaltiesUsd: total(byProtocol, (p) => p.penaltiesUsd),
    protocolFeesUsd: ledger.protocolFeesUsd + total(perps, (p) => p.ledger.feesUsd),
    keeperProfitUsd: total(world.keepers, (k) => k.profitUsd),
    keeperGasUsd: total(world.keepers, (k) => k.gasUsd),
    slippageCostUsd: total(world.keepers, (k) => k.slippageUsd) + total(perps, (p) => p.ledger.slippageUsd),
    badDebtUsd: total(byProtocol, (p) => p.badDebtUsd),
    ...capital,
    insuranceFundUsedUsd: total(byProtocol, (p) => p.insuranceFundUsedUsd),
    insuranceDraws: total(owners, (p) => p.fund.draws) + total(perps, (p) => p.fund.draws),
    uncoveredBadDebtUsd: total(byProtocol, (p) => p.uncoveredBadDebtUsd),
    socialisedBadDebtUsd: total(byProtocol, (p) => p.socialisedBadDebtUsd),
    insuranceFundShortfalls: total(byProtocol, (p) => p.insuranceFundShortfalls),
    adlFills: total(perps, (p) => p.ledger.adlEvents.length),
    adlNotionalUsd: total(byProtocol, (p) => p.adlNotionalUsd),
    redistributedDebtUsd: lending.redistributedDebtUsd,
    keeperIncentivesUsd: ledger.keeperIncentivesUsd,
    inLiquidationDebtUsd: lending.inLiquidationDebtUsd,
    inLiquidationCollateralUsd: lending.inLiquidationCollateralUsd,
    underwaterDebtUsd: end.underwaterUsd,
    unsafeDebtUsd: end.unsafeUsd,
    topUps: ledger.topUps,
    topUpCollateralUsd: ledger.topUpCollateralUsd,
    maxLiquidationSpeed: maxSpeed,
    meanLiquidationSpeed: activeBlocks > 0 ? speedSum / activeBlocks : 0,
    cascadeGenerations: byGeneration.length,
    liquidationsByGeneration: Array.from(byGeneration, (n) => n ?? 0),
    arbitrageTrades: total(world.arbitrageurs, (a) => a.trades),
    oracleUpdates: total(world.oracles, (o) => o.updates),
    liquidationPauses: lending.liquidationPauses,
    pausedBlocks: lending.pausedBlocks,
    // Set by the runner, which has the scenario the checks need (analysis/run.ts).
    calibrationWarnings: 0,
    byProtocol,
  };
  assertFinite(metrics);
  return metrics;
}

// The loops over blocks below are functions of their own, not loops in computeMetrics: a loop makes V8 compile the
// whole of computeMetrics on the stack (OSR), once per path or so while a batch warms up, at about 130 ms each time.

/** max over k of |a[k] − b[k]| / b[k], folded with Math.max from 0. */
function maxRelativeDeviation(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] - b[k]) / b[k]);
  return max;
}

/** Liquidation speed (liquidated USD / depth per 1%) over blocks 1… with a liquidation: its maximum, its sum and the
 * number of such blocks. */
function liquidationSpeeds(liquidated: Float64Array, depth: number) {
  let maxSpeed = 0;
  let speedSum = 0;
  let activeBlocks = 0;
  for (let b = 1; b < liquidated.length; b++) {
    if (liquidated[b] <= 0) continue;
    const speed = liquidated[b] / depth;
    maxSpeed = Math.max(maxSpeed, speed);
    speedSum += speed;
    activeBlocks += 1;
  }
  return { maxSpeed, speedSum, activeBlocks };
}

// The totals below are sums in list order from 0, as a reduce would give. The ledgers' are one loop: a worker
// compiles computeMetrics several times while it warms up, and with thirty inlined reduce callbacks that took
// TurboFan about 180 ms each time.

/** The lending ledgers' counters summed over protocols. */
function ledgerTotals(ledgers: readonly LendingLedger[]) {
  const sums = {
    collateralSeizedUsd: 0,
    debtRepaidUsd: 0,
    collateralReturnedUsd: 0,
    protocolFeesUsd: 0,
    keeperIncentivesUsd: 0,
    topUps: 0,
    topUpCollateralUsd: 0,
  };
  for (const l of ledgers) {
    sums.collateralSeizedUsd += l.collateralSeizedUsd;
    sums.debtRepaidUsd += l.debtRepaidUsd;
    sums.collateralReturnedUsd += l.collateralReturnedUsd;
    sums.protocolFeesUsd += l.protocolFeesUsd;
    sums.keeperIncentivesUsd += l.keeperIncentivesUsd;
    sums.topUps += l.topUps;
    sums.topUpCollateralUsd += l.topUpCollateralUsd;
  }
  return sums;
}

/** What only lending protocols have: redistributed and in-liquidation debt (USD), pauses and paused blocks up to
 * `block`. */
function lendingTotals(protocols: readonly LendingProtocol[], block: number) {
  const sums = {
    redistributedDebtUsd: 0,
    inLiquidationDebtUsd: 0,
    inLiquidationCollateralUsd: 0,
    liquidationPauses: 0,
    pausedBlocks: 0,
  };
  for (const p of protocols) {
    sums.redistributedDebtUsd += p.ledger.debtRedistributed * p.debtPrice;
    sums.inLiquidationDebtUsd += p.mechanism.debtPending() * p.debtPrice;
    sums.inLiquidationCollateralUsd += p.mechanism.collateralPending() * p.price;
    sums.liquidationPauses += p.breaker.events.length;
    sums.pausedBlocks += p.breaker.pausedBlocks(block);
  }
  return sums;
}

/** Throws InvariantError naming the first metric (or per-protocol metric) that is NaN or infinite. */
function assertFinite(metrics: RunMetrics): void {
  const check = (key: string, value: unknown): void => {
    if (value === null || typeof value === 'string') return;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new InvariantError(`metric ${key} is not finite: ${value}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => check(`${key}[${i}]`, v));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) check(`${key}.${k}`, v);
  };
  for (const [key, value] of Object.entries(metrics)) check(key, value);
}

/** Depth per 1% of a venue at block 0, recorded when the world was built. */
function initialDepth(world: World, venueId: string): number {
  return world.initialDepthUsdPer1Pct.get(venueId) ?? 0;
}

function isMarket(world: World, venue: Venue): boolean {
  return (world.markets as readonly Venue[]).includes(venue);
}

/** Debt still at risk when the run ends: shortfall of underwater accounts, and debt still liquidatable (lending and
 * cross-asset pools). */
function endOfRunExposure(world: World): Exposure {
  const exposure = { underwaterUsd: 0, unsafeUsd: 0 };
  for (const protocol of world.protocols) {
    const market = world.venues.find((v) => v.base === protocol.settings.collateral && isMarket(world, v));
    addLendingExposure(protocol, market ? market.mid() : protocol.price, exposure);
  }
  // Cross-asset pools at their oracle prices: Aave v3 keeps debt left without collateral on the books.
  for (const pool of enginesOfKind(world, 'cross-lending')) addCrossExposure(pool, exposure);
  return exposure;
}

/** Underwater and unsafe debt, USD, summed in account order. */
interface Exposure {
  underwaterUsd: number;
  unsafeUsd: number;
}

// The loops over accounts are functions of their own, not loops in endOfRunExposure: they read no world, whose hidden
// class V8 saw change from one Monte Carlo path to the next (a deoptimisation per path).

/** Adds a lending protocol's accounts to `into`: shortfall against collateral at `price`, debt liquidatable now. */
function addLendingExposure(protocol: LendingProtocol, price: number, into: Exposure): void {
  const { book, debtPrice } = protocol;
  const { debt, collateral } = book;
  // Without size tiers every account has the same threshold: read once.
  const uniform = protocol.uniformThreshold();
  let { underwaterUsd, unsafeUsd } = into;
  for (let i = 0; i < book.count; i++) {
    if (debt[i] <= 0) continue;
    const debtUsd = debt[i] * debtPrice;
    underwaterUsd += Math.max(0, debtUsd - collateral[i] * price);
    if (protocol.isLiquidatableAt(i, uniform ?? protocol.thresholdOf(i))) unsafeUsd += debtUsd;
  }
  into.underwaterUsd = underwaterUsd;
  into.unsafeUsd = unsafeUsd;
}

/** Adds a cross-asset pool's accounts to `into`, at the pool's oracle prices. */
function addCrossExposure(pool: EngineOfKind['cross-lending'], into: Exposure): void {
  const { book } = pool;
  let { underwaterUsd, unsafeUsd } = into;
  for (let account = 0; account < book.accounts; account++) {
    const debtUsd = totalDebtUsd(book, account);
    if (!(debtUsd > 0)) continue;
    let collateralUsd = 0;
    for (let asset = 0; asset < book.assets; asset++)
      collateralUsd += book.collateral[book.slot(account, asset)] * book.prices[asset];
    underwaterUsd += Math.max(0, debtUsd - collateralUsd);
    if (healthFactorOf(book, account) < 1) unsafeUsd += debtUsd;
  }
  into.underwaterUsd = underwaterUsd;
  into.unsafeUsd = unsafeUsd;
}
