import type { World } from '../kernel/world.js';
import type { Venue } from '../market/venues/venue.js';
import type { HealthHistogram, RunMetrics } from './result.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import { maxDrawdown } from './statistics.js';
import { InvariantError } from '../kernel/errors.js';
import type { LendingLedger } from '../protocol/lending/ledger.js';

/** Health-factor bin edges of the before/after histogram; the last bin is open-ended. */
export const HEALTH_EDGES = [0, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.2, 1.3, 1.5, 1.75, 2, 2.5, 3, 4];

/**
 * Health-factor histogram of every open account with debt, at the protocols' current oracle prices.
 *
 * @example healthCounts(world.protocols); // counts per HEALTH_EDGES bin
 */
export function healthCounts(protocols: readonly LendingProtocol[]): number[] {
  const counts = new Array<number>(HEALTH_EDGES.length - 1).fill(0);
  for (const protocol of protocols) {
    for (let i = 0; i < protocol.book.count; i++) {
      if (protocol.book.debt[i] <= 0) continue;
      const health = protocol.health(i);
      let bin = counts.length - 1;
      while (bin > 0 && health < HEALTH_EDGES[bin]) bin -= 1;
      counts[bin] += 1;
    }
  }
  return counts;
}

/** Size of the protocols' books: accounts with debt, their collateral (at the oracle) and debt, USD. */
export interface BookSize {
  accounts: number;
  collateralUsd: number;
  debtUsd: number;
}

/**
 * Size of the protocols' books now; taken at block 0 for the metrics.
 *
 * @example bookSize(world.protocols).debtUsd;
 */
export function bookSize(protocols: readonly LendingProtocol[]): BookSize {
  const size = { accounts: 0, collateralUsd: 0, debtUsd: 0 };
  for (const { book, price, debtPrice } of protocols) {
    for (let i = 0; i < book.count; i++) {
      if (book.debt[i] <= 0) continue;
      size.accounts += 1;
      size.collateralUsd += book.collateral[i] * price;
      size.debtUsd += book.debt[i] * debtPrice;
    }
  }
  return size;
}

/**
 * Assembles the histogram from the counts taken at block 0 and now.
 *
 * @example healthHistogram(before, healthCounts(world.protocols));
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
export function computeMetrics(world: World, initialBook: BookSize): RunMetrics {
  const { recorder } = world;
  const first = world.protocols[0];
  // Without a lending protocol, the first oracle-priced reserve of the first cross-asset pool gives the prices, and
  // without either, the first market of the first perpetual exchange (its mark oracle).
  const perpMarket = world.perps[0]?.markets[0];
  const { asset, oracleId } = first
    ? { asset: first.settings.collateral, oracleId: first.oracle.id }
    : (world.crossProtocols[0]?.headline() ?? { asset: perpMarket.spec.asset, oracleId: perpMarket.markOracle.id });
  const market = world.venues.find((v) => v.base === asset && isMarket(world, v));
  const pool = world.venues.find((v) => v.base === asset && !isMarket(world, v));
  const column = (name: string) => recorder.column(name) ?? new Float64Array(0);
  const fundamental = column(`fundamental:${asset}`);
  const oracle = column(`oracle:${oracleId}`);
  const marketPrices = market ? column(`venue:${market.id}`) : fundamental;

  const externalDrawdown = maxDrawdown(fundamental);
  const oracleDrawdown = maxDrawdown(oracle);
  let maxOracleDeviation = 0;
  for (let b = 0; b < oracle.length; b++) maxOracleDeviation = Math.max(maxOracleDeviation, Math.abs(oracle[b] - marketPrices[b]) / marketPrices[b]);

  const depth = world.venues.filter((v) => v.base === asset).reduce((sum, v) => sum + initialDepth(world, v.id), 0);
  const liquidated = column('liquidatedUsd');
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

  const owners = [...world.protocols, ...world.crossProtocols];
  const ledger = ledgerTotals(owners.map((p) => p.ledger));
  const funds = owners.map((p) => p.fund);
  const crossBooks = world.crossProtocols.map((p) => p.initialBook);
  const lending = lendingTotals(world.protocols, world.clock.block);
  const byGeneration: number[] = [];
  for (const owner of owners) owner.ledger.liquidationsByGeneration.forEach((n, g) => (byGeneration[g] = (byGeneration[g] ?? 0) + n));
  const end = endOfRunExposure(world);

  const metrics: RunMetrics = {
    accounts: initialBook.accounts + total(crossBooks, (b) => b.accounts),
    initialCollateralUsd: initialBook.collateralUsd + total(crossBooks, (b) => b.collateralUsd),
    initialDebtUsd: initialBook.debtUsd + total(crossBooks, (b) => b.debtUsd),
    externalDrawdown,
    marketDrawdown: maxDrawdown(marketPrices),
    poolDrawdown: pool ? maxDrawdown(column(`venue:${pool.id}`)) : 0,
    oracleDrawdown,
    amplification: externalDrawdown > 0 ? oracleDrawdown / externalDrawdown : null,
    maxOracleDeviation,
    liquidations: ledger.liquidations,
    accountsLiquidated: ledger.accountsLiquidated,
    liquidatedCollateralUsd: ledger.collateralSeizedUsd,
    liquidatedDebtUsd: ledger.debtRepaidUsd,
    borrowerPenaltiesUsd: ledger.penaltiesUsd,
    protocolFeesUsd: ledger.protocolFeesUsd,
    keeperProfitUsd: total(world.keepers, (k) => k.profitUsd),
    keeperGasUsd: total(world.keepers, (k) => k.gasUsd),
    slippageCostUsd: total(world.keepers, (k) => k.slippageUsd),
    badDebtUsd: ledger.badDebtUsd,
    insuranceFundUsedUsd: total(funds, (f) => f.usedUsd),
    insuranceDraws: total(funds, (f) => f.draws),
    uncoveredBadDebtUsd: total(funds, (f) => f.uncoveredUsd),
    socialisedBadDebtUsd: ledger.socialisedBadDebtUsd,
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
  };
  assertFinite(metrics);
  return metrics;
}

// The totals below are sums in list order from 0, as a reduce would give. The ledgers' eleven are one loop: a worker
// compiles computeMetrics several times while it warms up, and with thirty inlined reduce callbacks that took
// TurboFan about 180 ms each time.

/** Σ f(item) in list order, from 0 (one small loop: its call of `f` is not inlined into each caller). */
function total<T>(items: readonly T[], f: (item: T) => number): number {
  let sum = 0;
  for (let k = 0; k < items.length; k++) sum += f(items[k]);
  return sum;
}

/** The lending ledgers' counters summed over protocols. */
function ledgerTotals(ledgers: readonly LendingLedger[]) {
  const sums = {
    liquidations: 0,
    accountsLiquidated: 0,
    collateralSeizedUsd: 0,
    debtRepaidUsd: 0,
    penaltiesUsd: 0,
    protocolFeesUsd: 0,
    badDebtUsd: 0,
    socialisedBadDebtUsd: 0,
    keeperIncentivesUsd: 0,
    topUps: 0,
    topUpCollateralUsd: 0,
  };
  for (const l of ledgers) {
    sums.liquidations += l.liquidations;
    sums.accountsLiquidated += l.accountsLiquidated;
    sums.collateralSeizedUsd += l.collateralSeizedUsd;
    sums.debtRepaidUsd += l.debtRepaidUsd;
    sums.penaltiesUsd += l.penaltiesUsd;
    sums.protocolFeesUsd += l.protocolFeesUsd;
    sums.badDebtUsd += l.badDebtUsd;
    sums.socialisedBadDebtUsd += l.socialisedBadDebtUsd;
    sums.keeperIncentivesUsd += l.keeperIncentivesUsd;
    sums.topUps += l.topUps;
    sums.topUpCollateralUsd += l.topUpCollateralUsd;
  }
  return sums;
}

/** What only lending protocols have: redistributed and in-liquidation debt (USD), pauses and paused blocks up to `block`. */
function lendingTotals(protocols: readonly LendingProtocol[], block: number) {
  const sums = { redistributedDebtUsd: 0, inLiquidationDebtUsd: 0, inLiquidationCollateralUsd: 0, liquidationPauses: 0, pausedBlocks: 0 };
  for (const p of protocols) {
    sums.redistributedDebtUsd += p.ledger.debtRedistributed * p.debtPrice;
    sums.inLiquidationDebtUsd += p.mechanism.debtPending() * p.debtPrice;
    sums.inLiquidationCollateralUsd += p.mechanism.collateralPending() * p.price;
    sums.liquidationPauses += p.breaker.events.length;
    sums.pausedBlocks += p.breaker.pausedBlocks(block);
  }
  return sums;
}

/** Throws InvariantError naming the first metric that is NaN or infinite. */
function assertFinite(metrics: RunMetrics): void {
  for (const [key, value] of Object.entries(metrics)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== null && !Number.isFinite(v)) throw new InvariantError(`metric ${key} is not finite: ${v}`);
  }
}

/** Depth per 1% of a venue at block 0, recorded when the world was built. */
function initialDepth(world: World, venueId: string): number {
  return world.initialDepthUsdPer1Pct.get(venueId) ?? 0;
}

function isMarket(world: World, venue: Venue): boolean {
  return (world.markets as readonly Venue[]).includes(venue);
}

/** Debt still at risk when the run ends: shortfall of underwater accounts, and debt still liquidatable. */
function endOfRunExposure(world: World): { underwaterUsd: number; unsafeUsd: number } {
  let underwaterUsd = 0;
  let unsafeUsd = 0;
  for (const protocol of world.protocols) {
    const { book, debtPrice } = protocol;
    const market = world.venues.find((v) => v.base === protocol.settings.collateral && isMarket(world, v));
    const price = market ? market.mid() : protocol.price;
    for (let i = 0; i < book.count; i++) {
      if (book.debt[i] <= 0) continue;
      const debtUsd = book.debt[i] * debtPrice;
      underwaterUsd += Math.max(0, debtUsd - book.collateral[i] * price);
      if (protocol.isLiquidatable(i)) unsafeUsd += debtUsd;
    }
  }
  return { underwaterUsd, unsafeUsd };
}
