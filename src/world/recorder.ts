import type { WorldParts } from './world-parts.js';
import type { SeriesColumn } from './series.js';
import { quantileSorted } from '../kernel/statistics.js';
import { HealthQuantiles } from './health-sample.js';
import type { LiquidationCounts } from '../protocol/liquidation-counts.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { CrossLendingProtocol } from '../protocol/cross/cross-protocol.js';
import type { PerpProtocol } from '../protocol/perp/perp-protocol.js';
import { ofKind } from '../protocol/engine-kinds.js';
import { LiquidationPressure } from './liquidation-pressure.js';

/**
 * Per-block series of one world, preallocated for every block, in CSV order; liquidation-by-generation
 * columns are added as generations appear. Every column a block writes is looked up once, at construction,
 * so recording a block allocates nothing.
 *
 * @example
 * const recorder = new Recorder(world, samples);
 * recorder.record(world.clock.block);
 * recorder.column('venue:cex'); // Float64Array, one value per block
 */
export class Recorder {
  private readonly columns: SeriesColumn[] = [];
  private readonly byName = new Map<string, Float64Array>();
  private readonly generationColumns: Float64Array[] = [];
  /** Column of each world.assets entry, undefined for assets no venue trades. */
  private readonly fundamentalColumns: (Float64Array | undefined)[] = [];
  private readonly venueColumns: Float64Array[];
  private readonly oracleColumns: Float64Array[];
  private readonly liquidationsColumn: Float64Array;
  private readonly liquidatedUsdColumn: Float64Array;
  /** Liquidation calls on the lending protocols (world.protocols) in the block. */
  private readonly lendingCallsColumn: Float64Array;
  private readonly badDebtColumn: Float64Array;
  private readonly fundColumn: Float64Array;
  private readonly unsafeColumn: Float64Array;
  private readonly healthP10: Float64Array;
  private readonly healthP50: Float64Array;
  private readonly healthP90: Float64Array;
  /** Lending then cross-asset protocols, the order the totals are summed in. */
  private readonly ledgerOwners: readonly (LendingProtocol | CrossLendingProtocol)[];
  /** The world's perpetual exchanges, in engine order. */
  private readonly perps: readonly PerpProtocol[];
  /** Every margin engine's liquidation counters: lending, cross-asset, then perp exchanges. */
  private readonly counters: readonly LiquidationCounts[];
  private readonly health: HealthQuantiles;
  /** Lending liquidation demand, backlog and saturation per block (kept by a metrics-only recorder too). */
  private readonly pressure: LiquidationPressure;
  /** Per perp exchange, the traders whose margin ratio joins the health quantiles: every k-th, at most
   * PERP_HEALTH_SAMPLE. */
  private readonly perpSamples: Int32Array[];
  /** The block's sampled health values, lending and perp together (only with perp exchanges). */
  private readonly mergedHealth: Float64Array;
  /** Per perpetual exchange: insurance fund, notional liquidated and ADL notional in the block. */
  private readonly perpColumns: { fund: Float64Array; liquidated: Float64Array; adl: Float64Array }[];
  /** Fee-market columns: base fee, clearing gas price, mempool size, and each oracle's answer age (only with a fee
   * market). */
  private readonly chainColumns?: {
    baseFee: Float64Array;
    gasPrice: Float64Array;
    pending: Float64Array;
    oracleAge: Float64Array[];
  };

  /** With detail 'metrics': where every column the metrics do not read is written, and never read. */
  private readonly discarded?: Float64Array;

  constructor(
    private readonly world: WorldParts,
    /** Sampled account indices per protocol (same order as world.protocols) for health quantiles. */
    healthSample: readonly Int32Array[],
    detail: SeriesDetail = 'full',
  ) {
    const rows = world.blocks + 1;
    if (detail === 'metrics') this.discarded = new Float64Array(rows);
    const add = (name: string, unit: string) => {
      if (this.discarded && !readByMetrics(name)) return this.discarded;
      const values = new Float64Array(rows);
      this.columns.push({ name, unit, values });
      this.byName.set(name, values);
      return values;
    };
    const traded = new Set(world.venues.map((v) => v.base));
    for (const asset of world.assets) if (traded.has(asset.symbol)) add(`fundamental:${asset.symbol}`, 'usd');
    for (const venue of world.venues) add(`venue:${venue.id}`, 'usd');
    for (const oracle of world.oracles) add(`oracle:${oracle.id}`, 'usd');
    // Each component writes the column its name maps to (as a per-block lookup by name would).
    const named = (name: string) => this.byName.get(name) as Float64Array;
    this.fundamentalColumns = world.assets.map((asset) => this.byName.get(`fundamental:${asset.symbol}`));
    this.venueColumns = world.venues.map((venue) => named(`venue:${venue.id}`));
    this.oracleColumns = world.oracles.map((oracle) => named(`oracle:${oracle.id}`));
    this.liquidationsColumn = add('liquidations', 'count');
    this.liquidatedUsdColumn = add('liquidatedUsd', 'usd');
    this.badDebtColumn = add('badDebtUsd', 'usd');
    this.fundColumn = add('insuranceFundUsd', 'usd');
    this.unsafeColumn = add('unsafeAccounts', 'count');
    this.healthP10 = add('health:p10', 'ratio');
    this.healthP50 = add('health:p50', 'ratio');
    this.healthP90 = add('health:p90', 'ratio');
    this.ledgerOwners = [...world.protocols, ...ofKind(world.engines, 'cross-lending')];
    this.perps = ofKind(world.engines, 'perp');
    this.counters = [...this.ledgerOwners.map((p) => p.ledger), ...this.perps.map((p) => p.ledger)];
    this.perpColumns = this.perps.map((perp) => ({
      fund: add(`perp:${perp.id}:insuranceFundUsd`, 'usd'),
      liquidated: add(`perp:${perp.id}:liquidatedUsd`, 'usd'),
      adl: add(`perp:${perp.id}:adlUsd`, 'usd'),
    }));
    this.chainColumns = world.chain.feeMarket && {
      baseFee: add('gas:baseFeeGwei', 'gwei'),
      gasPrice: add('gas:priceGwei', 'gwei'),
      pending: add('gas:pendingTxs', 'count'),
      oracleAge: world.oracles.map((oracle) => add(`oracle-age:${oracle.id}`, 'seconds')),
    };
    this.lendingCallsColumn = add(PRESSURE_COLUMNS.calls, 'count');
    this.pressure = new LiquidationPressure(world, {
      demand: add(PRESSURE_COLUMNS.demand, 'usd'),
      backlog: add(PRESSURE_COLUMNS.backlog, 'usd'),
      inLiquidation: add(PRESSURE_COLUMNS.inLiquidation, 'usd'),
      saturated: add(PRESSURE_COLUMNS.saturated, 'flag'),
    });
    this.health = new HealthQuantiles(world.protocols, healthSample);
    this.perpSamples = this.perps.map((perp) => {
      const step = Math.max(1, Math.ceil(perp.traders / PERP_HEALTH_SAMPLE));
      return Int32Array.from({ length: Math.ceil(perp.traders / step) }, (_, k) => k * step);
    });
    const perpSlots = this.perpSamples.reduce((n, s) => n + s.length, 0);
    this.mergedHealth = new Float64Array(
      perpSlots > 0 ? perpSlots + healthSample.reduce((n, s) => n + s.length, 0) : 0,
    );
  }

  /** Writes every column's value for `block` and clears the protocols' per-block counters. */
  record(block: number): void {
    const { world } = this;
    const { assets, venues, oracles } = world;
    for (let a = 0; a < assets.length; a++) {
      const column = this.fundamentalColumns[a];
      if (column) column[block] = assets[a].fundamental;
    }
    for (let v = 0; v < venues.length; v++) this.venueColumns[v][block] = venues[v].mid();
    for (let o = 0; o < oracles.length; o++) this.oracleColumns[o][block] = oracles[o].price;
    this.liquidatedUsdColumn[block] = this.takeLiquidations(block);
    this.pressure.record(block);
    // A metrics-only recorder keeps nothing else: the columns below all go to the discarded array.
    if (this.discarded) {
      this.clearPerpBlocks();
      return;
    }
    let badDebtUsd = 0;
    let fundUsd = 0;
    let unsafe = 0;
    // Cross-asset pools keep the same USD ledger; their accounts are not in the health sample.
    const owners = this.ledgerOwners;
    for (let p = 0; p < owners.length; p++) {
      const protocol = owners[p];
      badDebtUsd += protocol.ledger.badDebtUsd;
      fundUsd += protocol.fund.balanceUsd();
      unsafe += protocol.liquidatable.length;
    }
    const { perps } = this;
    for (let p = 0; p < perps.length; p++) {
      badDebtUsd += perps[p].ledger.deficitUsd;
      fundUsd += perps[p].fund.balanceUsd();
      unsafe += perps[p].unsafeAtScan;
    }
    this.badDebtColumn[block] = badDebtUsd;
    this.fundColumn[block] = fundUsd;
    this.unsafeColumn[block] = unsafe;
    const sorted =
      this.perpSamples.length > 0 ? this.withPerpHealth(this.health.sortedHealth()) : this.health.sortedHealth();
    const n = sorted.length;
    this.healthP10[block] = n > 0 ? quantileSorted(sorted, 0.1) : 0;
    this.healthP50[block] = n > 0 ? quantileSorted(sorted, 0.5) : 0;
    this.healthP90[block] = n > 0 ? quantileSorted(sorted, 0.9) : 0;
    if (this.chainColumns) this.recordChain(block, this.chainColumns);
    for (let p = 0; p < this.perpColumns.length; p++) {
      const perp = this.perps[p];
      const columns = this.perpColumns[p];
      columns.fund[block] = perp.fund.balanceUsd();
      columns.liquidated[block] = perp.ledger.blockLiquidatedUsd;
      columns.adl[block] = perp.ledger.blockAdlUsd;
    }
    this.clearPerpBlocks();
  }

  /**
   * Writes the block's liquidation count and liquidated USD by generation, clears the ledgers' per-block counters and
   * returns the USD liquidated in the block (summed in protocol, then generation order).
   */
  private takeLiquidations(block: number): number {
    let liquidations = 0;
    let lendingCalls = 0;
    let liquidatedUsd = 0;
    const { counters } = this;
    const lending = this.world.protocols.length;
    for (let p = 0; p < counters.length; p++) {
      const ledger = counters[p];
      // The per-block accumulators move only with a liquidation (countLiquidation), so a block without one has nothing
      // to add or clear.
      if (ledger.blockLiquidations === 0) continue;
      liquidations += ledger.blockLiquidations;
      if (p < lending) lendingCalls += ledger.blockLiquidations;
      const byGeneration = ledger.blockLiquidatedUsdByGeneration;
      // Every generation the ledger knows has a column (created in generation order), whether it sold this block or
      // not.
      if (byGeneration.length > this.generationColumns.length) this.generationColumn(byGeneration.length - 1);
      for (let generation = 0; generation < byGeneration.length; generation++) {
        const usd = byGeneration[generation];
        // Adding ±0 changes neither sum: both start at +0 and a sum of doubles that starts at +0 is never −0.
        if (usd === 0) continue;
        liquidatedUsd += usd;
        this.generationColumns[generation][block] += usd;
      }
      ledger.clearBlock();
    }
    this.liquidationsColumn[block] = liquidations;
    this.lendingCallsColumn[block] = lendingCalls;
    return liquidatedUsd;
  }

  /**
   * The lending sample's sorted health factors joined by the sampled perp traders' equity / maintenance margin (the
   * same boundary: liquidated below 1), sorted; traders without a position are left out.
   */
  private withPerpHealth(lending: Float64Array): Float64Array {
    const merged = this.mergedHealth;
    merged.set(lending);
    let n = lending.length;
    const { perps } = this;
    for (let p = 0; p < perps.length; p++) {
      const perp = perps[p];
      for (const a of this.perpSamples[p]) {
        if (!perp.hasPosition(a)) continue;
        const maintenance = perp.maintenance(a);
        if (maintenance > 0) merged[n++] = perp.equity(a) / maintenance;
      }
    }
    return merged.subarray(0, n).sort();
  }

  /** Clears the perpetual exchanges' per-block liquidation and ADL counters. */
  private clearPerpBlocks(): void {
    const { perps } = this;
    for (let p = 0; p < perps.length; p++) {
      perps[p].ledger.blockLiquidatedUsd = 0;
      perps[p].ledger.blockAdlUsd = 0;
    }
  }

  private recordChain(block: number, columns: NonNullable<Recorder['chainColumns']>): void {
    const { chain, oracles, clock } = this.world;
    const market = chain.feeMarket;
    if (!market) return;
    columns.baseFee[block] = market.lastBaseFeeGwei;
    columns.gasPrice[block] = market.lastGasPriceGwei;
    columns.pending[block] = market.pendingCount;
    for (let o = 0; o < oracles.length; o++) columns.oracleAge[o][block] = clock.timeSeconds - oracles[o].updatedAt;
  }

  /** Step 5 done, before any transaction: notes the block's liquidation demand (see LiquidationPressure). */
  noteLiquidationDemand(block: number): void {
    this.pressure.noteDemand(block);
  }

  /** The recorded columns. */
  series(): SeriesColumn[] {
    return this.columns;
  }

  /** A column's values by name. */
  column(name: string): Float64Array | undefined {
    return this.byName.get(name);
  }

  private generationColumn(generation: number): Float64Array {
    while (this.discarded && this.generationColumns.length <= generation) this.generationColumns.push(this.discarded);
    while (this.generationColumns.length <= generation) {
      const values = new Float64Array(this.world.blocks + 1);
      const name = `liquidatedUsd:gen${this.generationColumns.length}`;
      this.generationColumns.push(values);
      this.columns.push({ name, unit: 'usd', values });
      this.byName.set(name, values);
    }
    return this.generationColumns[generation];
  }
}

/** Most traders of one perp exchange sampled for the per-block health quantiles. */
const PERP_HEALTH_SAMPLE = 1000;

/**
 * What a recorder keeps: every series ('full', for a single run's report and CSV), or only the prices and the
 * liquidated volume that `computeMetrics` reads ('metrics', for Monte Carlo paths: they keep no other series).
 */
export type SeriesDetail = 'full' | 'metrics';

/**
 * Names of the lending pressure columns (USD, a count and a 0/1 flag): liquidation calls, debt liquidatable after step
 * 5, debt still liquidatable
 * and debt in liquidation at the end of the block, and whether the block was saturated.
 *
 * @example recorder.column(PRESSURE_COLUMNS.backlog);
 */
export const PRESSURE_COLUMNS = {
  calls: 'lending:liquidations',
  demand: 'lending:liquidatableDebtUsd',
  backlog: 'lending:backlogDebtUsd',
  inLiquidation: 'lending:inLiquidationDebtUsd',
  saturated: 'lending:saturated',
} as const;

/** Whether computeMetrics (or a Monte Carlo path's kept price series, or the liquidation-risk report) reads the column
 * named `name`. */
function readByMetrics(name: string): boolean {
  return (
    name.startsWith('lending:') ||
    name.startsWith('fundamental:') ||
    name.startsWith('venue:') ||
    name.startsWith('oracle:') ||
    name === 'liquidatedUsd'
  );
}
