import type { World } from '../kernel/world.js';
import type { SeriesColumn } from './result.js';
import { quantileSorted } from './statistics.js';

/**
 * Per-block series of one world, preallocated for every block, in CSV order; liquidation-by-generation
 * columns are added as generations appear.
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
  private readonly healthScratch: Float64Array;

  constructor(
    private readonly world: Omit<World, 'recorder'>,
    /** Sampled account indices per protocol (same order as world.protocols) for health quantiles. */
    private readonly healthSample: readonly Int32Array[],
  ) {
    const rows = world.blocks + 1;
    const add = (name: string, unit: string) => {
      const values = new Float64Array(rows);
      this.columns.push({ name, unit, values });
      this.byName.set(name, values);
    };
    const traded = new Set(world.venues.map((v) => v.base));
    for (const asset of world.assets) if (traded.has(asset.symbol)) add(`fundamental:${asset.symbol}`, 'usd');
    for (const venue of world.venues) add(`venue:${venue.id}`, 'usd');
    for (const oracle of world.oracles) add(`oracle:${oracle.id}`, 'usd');
    add('liquidations', 'count');
    add('liquidatedUsd', 'usd');
    add('badDebtUsd', 'usd');
    add('insuranceFundUsd', 'usd');
    add('unsafeAccounts', 'count');
    add('health:p10', 'ratio');
    add('health:p50', 'ratio');
    add('health:p90', 'ratio');
    this.healthScratch = new Float64Array(healthSample.reduce((n, s) => n + s.length, 0));
  }

  /** Writes every column's value for `block` and clears the protocols' per-block counters. */
  record(block: number): void {
    const { world } = this;
    const put = (name: string, value: number) => ((this.byName.get(name) as Float64Array)[block] = value);
    for (const asset of world.assets) {
      const column = this.byName.get(`fundamental:${asset.symbol}`);
      if (column) column[block] = asset.fundamental;
    }
    for (const venue of world.venues) put(`venue:${venue.id}`, venue.mid());
    for (const oracle of world.oracles) put(`oracle:${oracle.id}`, oracle.price);
    let liquidations = 0;
    let liquidatedUsd = 0;
    let badDebtUsd = 0;
    let fundUsd = 0;
    let unsafe = 0;
    // Cross-asset pools keep the same USD ledger; their accounts are not in the health sample.
    for (const protocol of [...world.protocols, ...world.crossProtocols]) {
      const { ledger } = protocol;
      liquidations += ledger.blockLiquidations;
      ledger.blockLiquidatedUsdByGeneration.forEach((usd, generation) => {
        liquidatedUsd += usd;
        this.generationColumn(generation)[block] += usd;
      });
      ledger.clearBlock();
      badDebtUsd += ledger.badDebtUsd;
      fundUsd += protocol.fund.balanceUsd();
      unsafe += protocol.liquidatable.length;
    }
    put('liquidations', liquidations);
    put('liquidatedUsd', liquidatedUsd);
    put('badDebtUsd', badDebtUsd);
    put('insuranceFundUsd', fundUsd);
    put('unsafeAccounts', unsafe);
    this.recordHealth(block, put);
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
    while (this.generationColumns.length <= generation) {
      const values = new Float64Array(this.world.blocks + 1);
      const name = `liquidatedUsd:gen${this.generationColumns.length}`;
      this.generationColumns.push(values);
      this.columns.push({ name, unit: 'usd', values });
      this.byName.set(name, values);
    }
    return this.generationColumns[generation];
  }

  private recordHealth(block: number, put: (name: string, value: number) => void): void {
    let n = 0;
    this.world.protocols.forEach((protocol, p) => {
      for (const i of this.healthSample[p]) if (protocol.book.debt[i] > 0) this.healthScratch[n++] = protocol.health(i);
    });
    const sorted = this.healthScratch.subarray(0, n).sort();
    put('health:p10', n > 0 ? quantileSorted(sorted, 0.1) : 0);
    put('health:p50', n > 0 ? quantileSorted(sorted, 0.5) : 0);
    put('health:p90', n > 0 ? quantileSorted(sorted, 0.9) : 0);
  }
}
