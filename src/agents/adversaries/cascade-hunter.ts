import type { AdversaryWorld } from './adversary-world.js';
import { ScenarioError } from '../../kernel/errors.js';
import type { Venue } from '../../market/venues/venue.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { CascadeHunterSpec } from '../../scenario/schema-adversary-hunter.js';
import type { Adversary, AdversaryReport } from './adversary.js';
import {
  cpammSaleToMid,
  liquidationHistogram,
  nearestCluster,
  saleToMidByQuotes,
  type LiquidationCluster,
} from './liquidation-clusters.js';
import { buyOnCheapest } from './manipulation-trades.js';

/** Seconds in the 365-day year simple interest is quoted over. */
const SECONDS_PER_YEAR = 365 * 86_400;
/** Each buy-back slice is bought in this many equal pieces, each on the venue that sells it cheapest. */
const BUY_PIECES = 20;

/** What the protocol's ledger said when the attack started or ended. */
interface LedgerSnapshot {
  liquidations: number;
  accountsLiquidated: number;
  collateralSeizedUsd: number;
  badDebtUsd: number;
  penaltiesUsd: number;
}

/**
 * A cascade hunter on one lending protocol. Design, in order:
 * 1. At `atBlock`, off chain, it reads every account's liquidation price (public on chain) and builds the histogram
 *    of collateral USD by distance below the protocol's oracle price (`liquidation-clusters.ts`); the target is the
 *    bottom edge of the nearest bucket holding at least `minClusterUsd` (with `push-anyway`, the window's bottom
 *    edge when none does).
 * 2. One transaction: it borrows the collateral asset from a lender outside the model and sells `shortUsd` of it on
 *    the short venue, then sells into the push venue until its mid reaches the target (at most `maxPushUsd`); a
 *    protocol whose oracle reads the pool on chain (spot) re-reads it at once, so keepers later in the same block
 *    liquidate at the pushed price.
 * 3. After `holdBlocks` it buys back every borrowed unit in `closeBlocks` equal slices, one transaction a block,
 *    each slice split in pieces bought on whichever venue trading the collateral is cheapest for that piece.
 *
 * PnL: revenue = what the sales fetched; cost = buy-back cost + interest (simple, per second held, on the units
 * repaid, valued at the fundamental when repaid) + gas; units still owed are marked at the fundamental with their
 * accrued interest. Capital = margin posted with the lender = borrowed value at the fundamental × `marginRatio`.
 * From the attack to the last buy-back: protocolLossUsd = bad debt the protocol wrote off; borrowerLossUsd = the
 * borrowers' liquidation penalties it booked (RunMetrics.borrowerPenaltiesUsd's definition).
 *
 * details (all finite; 0 when not applicable): clusterFound, referencePrice, clusterPrice (the push target),
 * clusterDistancePct, clusterValueUsd, valueThroughClusterUsd, shortUnits, pushUnits, shortProceedsUsd,
 * pushProceedsUsd, pushMidBefore, pushMidAfter, pushPct (fall of the push venue's mid, %), pushReachedTarget,
 * oraclePriceAfterPush, lowestOraclePrice, liquidationsDuringWindow, accountsLiquidatedDuringWindow,
 * collateralSeizedUsdDuringWindow, badDebtUsdDuringWindow, penaltiesUsdDuringWindow, buyBackUsd, interestUsd,
 * gasUsd, marginRatio, unitsOwed, closedBlock.
 */
class CascadeHunter implements Adversary {
  private phase: 'waiting' | 'opening' | 'open' | 'closed' | 'skipped' = 'waiting';
  private cluster: LiquidationCluster | null = null;
  private referencePrice = 0;
  private target = 0;
  private executedBlock: number | null = null;
  private openTime = 0;
  private borrowedUnits = 0;
  private borrowedUsd = 0;
  private unitsOwed = 0;
  private slicesDone = 0;
  private closedBlock = 0;
  private readonly numbers = {
    shortUnits: 0,
    pushUnits: 0,
    shortProceedsUsd: 0,
    pushProceedsUsd: 0,
    pushMidBefore: 0,
    pushMidAfter: 0,
    oraclePriceAfterPush: 0,
    lowestOraclePrice: 0,
    buyBackUsd: 0,
    interestUsd: 0,
    gasUsd: 0,
  };
  private start: LedgerSnapshot | null = null;
  private end: LedgerSnapshot | null = null;

  constructor(
    private readonly spec: CascadeHunterSpec,
    private readonly world: AdversaryWorld,
    private readonly protocol: LendingProtocol,
    /** Every venue trading the protocol's collateral (where the buy-back shops). */
    private readonly venues: readonly Venue[],
    private readonly shortVenue: Venue,
    private readonly pushVenue: Venue,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  /**
   * Step 6. A transaction not yet included is sent again each block under the same key (a fee market keeps one per
   * key, so this only matters once it was dropped); each execute checks it is still due, so none runs twice.
   */
  /** It never liquidates. */
  collateralFromLiquidations(): number {
    return 0;
  }

  submit(): void {
    const block = this.world.clock.block;
    if (this.phase === 'waiting' && block >= this.spec.atBlock) this.aim();
    if (this.phase === 'opening') this.send(`${this.spec.id}:open`, this.open);
    if (this.phase !== 'open' || this.executedBlock === null) return;
    this.numbers.lowestOraclePrice = Math.min(this.numbers.lowestOraclePrice, this.protocol.price);
    if (block < this.executedBlock + this.spec.holdBlocks) return;
    const slice = this.slicesDone;
    this.send(`${this.spec.id}:close:${slice}`, () =>
      slice === this.slicesDone && this.phase === 'open' ? this.closeSlice() : 0,
    );
  }

  /** Off chain (reading is free): finds the nearest cluster and the push target, or gives up. */
  private aim(): void {
    const { spec, protocol } = this;
    const { book } = protocol;
    const prices: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < book.count; i++) {
      if (!(book.debt[i] > 0)) continue;
      prices.push(protocol.liquidationPrice(i));
      values.push(book.collateral[i] * protocol.price);
    }
    this.referencePrice = protocol.price;
    const window = { referencePrice: protocol.price, bucketPct: spec.bucketPct, searchDepthPct: spec.searchDepthPct };
    this.cluster = nearestCluster(liquidationHistogram(prices, values, window), spec.minClusterUsd);
    if (!this.cluster && spec.onNoCluster === 'skip') {
      this.phase = 'skipped';
      return;
    }
    this.target = this.cluster ? this.cluster.bucket.bottomPrice : protocol.price * (1 - spec.searchDepthPct / 100);
    this.phase = 'opening';
  }

  private send(key: string, execute: () => number): void {
    const { spec } = this;
    this.world.chain.submit({
      sender: spec.id,
      kind: 'attack',
      priorityFeeGwei: spec.priorityFeeGwei,
      gasUnits: spec.gasUnits,
      key,
      execute,
    });
  }

  /** The attack transaction: short on the deep venue, push the thin one onto the cluster, let the oracle see it. */
  private readonly open = (): number => {
    const { spec, protocol, numbers, world } = this;
    if (this.phase !== 'opening') return 0;
    this.start = this.snapshot();
    const fundamental = this.fundamental();
    numbers.shortUnits = spec.shortUsd / this.shortVenue.mid();
    numbers.shortProceedsUsd = this.shortVenue.sell(numbers.shortUnits);
    numbers.pushMidBefore = this.pushVenue.mid();
    numbers.pushUnits = saleToReach(this.pushVenue, this.target, spec.maxPushUsd / numbers.pushMidBefore);
    numbers.pushProceedsUsd = numbers.pushUnits > 0 ? this.pushVenue.sell(numbers.pushUnits) : 0;
    numbers.pushMidAfter = this.pushVenue.mid();
    // A contract reading the pool (spot oracle) sees the push inside the block; push, TWAP and OSM answers cannot move.
    if (protocol.oracle.refreshWithinBlock) {
      protocol.oracle.refreshWithinBlock(world.clock.timeSeconds, fundamental);
      protocol.rescan(world.clock.timeSeconds);
    }
    numbers.oraclePriceAfterPush = protocol.price;
    numbers.lowestOraclePrice = protocol.price;
    this.borrowedUnits = numbers.shortUnits + numbers.pushUnits;
    this.unitsOwed = this.borrowedUnits;
    this.borrowedUsd = this.borrowedUnits * fundamental;
    this.executedBlock = world.clock.block;
    this.openTime = world.clock.timeSeconds;
    this.payGas();
    this.phase = 'open';
    return spec.gasUnits;
  };

  /** One buy-back slice: an equal share of what is still owed over the slices left (all of it in the last one). */
  private closeSlice(): number {
    const { spec, world, numbers } = this;
    const slicesLeft = Math.max(1, spec.closeBlocks - this.slicesDone);
    const { baseBought: units, quoteSpent: spentUsd } = buyOnCheapest(
      this.venues,
      this.unitsOwed / slicesLeft,
      BUY_PIECES,
    );
    const repaid = Math.min(units, this.unitsOwed);
    this.unitsOwed -= repaid;
    numbers.buyBackUsd += spentUsd;
    numbers.interestUsd += this.interestUsd(repaid);
    this.slicesDone += 1;
    this.payGas();
    // A relative remainder this small is float dust from the piecewise purchases, not a position.
    if (this.unitsOwed <= this.borrowedUnits * 1e-12) {
      this.unitsOwed = 0;
      this.phase = 'closed';
      this.closedBlock = world.clock.block;
      this.end = this.snapshot();
    }
    return spec.gasUnits;
  }

  /** Interest on `units` borrowed since the attack: Aave-style debt grows per second, here simple, at the fundamental.
   * */
  private interestUsd(units: number): number {
    const heldSeconds = this.world.clock.timeSeconds - this.openTime;
    return (units * this.fundamental() * this.spec.borrowRateAnnual * heldSeconds) / SECONDS_PER_YEAR;
  }

  private payGas(): void {
    this.numbers.gasUsd += this.world.chain.gasCostUsd(this.spec.gasUnits, this.spec.priorityFeeGwei);
  }

  private fundamental(): number {
    const collateral = this.protocol.settings.collateral;
    return this.world.assets.find((a) => a.symbol === collateral)?.fundamental ?? this.protocol.price;
  }

  private snapshot(): LedgerSnapshot {
    const { ledger } = this.protocol;
    const { liquidations, accountsLiquidated, collateralSeizedUsd, badDebtUsd, penaltiesUsd } = ledger;
    return { liquidations, accountsLiquidated, collateralSeizedUsd, badDebtUsd, penaltiesUsd };
  }

  report(): AdversaryReport {
    const { spec, numbers, cluster } = this;
    const start = this.start;
    const end = this.end ?? (start ? this.snapshot() : null);
    const during = (field: keyof LedgerSnapshot) => (start && end ? end[field] - start[field] : 0);
    // A position still open is marked at the fundamental, with the interest it has accrued.
    const openMarkUsd = this.unitsOwed > 0 ? this.unitsOwed * this.fundamental() + this.interestUsd(this.unitsOwed) : 0;
    const revenueUsd = numbers.shortProceedsUsd + numbers.pushProceedsUsd;
    const costUsd = numbers.buyBackUsd + numbers.interestUsd + numbers.gasUsd + openMarkUsd;
    const pushPct = numbers.pushMidBefore > 0 ? (1 - numbers.pushMidAfter / numbers.pushMidBefore) * 100 : 0;
    const attacked = this.executedBlock !== null;
    return {
      id: spec.id,
      type: spec.type,
      capitalUsd: this.borrowedUsd * spec.marginRatio,
      borrowedUsd: this.borrowedUsd,
      revenueUsd,
      costUsd,
      profitUsd: revenueUsd - costUsd,
      protocolLossUsd: during('badDebtUsd'),
      borrowerLossUsd: during('penaltiesUsd'),
      executedBlock: this.executedBlock,
      details: {
        clusterFound: cluster ? 1 : 0,
        referencePrice: this.referencePrice,
        clusterPrice: this.target,
        clusterDistancePct: cluster ? cluster.bucket.toPct : 0,
        clusterValueUsd: cluster ? cluster.bucket.valueUsd : 0,
        valueThroughClusterUsd: cluster ? cluster.valueThroughUsd : 0,
        ...numbers,
        pushPct,
        // Within a millionth of the target counts as reached (bisection and float rounding).
        pushReachedTarget: attacked && numbers.pushMidAfter <= this.target * (1 + 1e-6) ? 1 : 0,
        liquidationsDuringWindow: during('liquidations'),
        accountsLiquidatedDuringWindow: during('accountsLiquidated'),
        collateralSeizedUsdDuringWindow: during('collateralSeizedUsd'),
        badDebtUsdDuringWindow: during('badDebtUsd'),
        penaltiesUsdDuringWindow: during('penaltiesUsd'),
        marginRatio: spec.marginRatio,
        unitsOwed: this.unitsOwed,
        closedBlock: this.closedBlock,
      },
    };
  }
}

/**
 * Base to sell into `venue` to bring its mid to `target`, at most `maxBase`: exact from the pool invariant for a
 * constant-product pool, by bisection on sale quotes for any other venue.
 */
function saleToReach(venue: Venue, target: number, maxBase: number): number {
  if (!(maxBase > 0) || venue.mid() <= target) return 0;
  if (venue instanceof ConstantProductPool) {
    const { base, quote } = venue.reserves();
    return Math.min(maxBase, cpammSaleToMid(base, quote, venue.feeBps, target));
  }
  return saleToMidByQuotes(venue, target, maxBase);
}

/**
 * Builds a cascade hunter for `world` from a validated spec. Throws a ScenarioError (an Error) naming the field and the
 * allowed ids
 * when `protocol` is not a lending protocol of the world, or a venue id is not a venue trading its collateral, and
 * when the last buy-back block (atBlock + holdBlocks + closeBlocks − 1) falls after the run's last block.
 * Without `shortVenue`/`pushVenue` it takes the deepest/thinnest such venue by depth at block 0 (ties: first listed).
 *
 * @example
 * const hunter = createCascadeHunter(cascadeHunterSchema.parse({ type: 'cascade-hunter', id: 'h', protocol: 'lend' }), world);
 * world.adversaries.push(hunter);
 * for (let b = 0; b < world.blocks; b++) stepBlock(world);
 * hunter.report().profitUsd;
 */
export function createCascadeHunter(spec: CascadeHunterSpec, world: AdversaryWorld): Adversary {
  const protocol = world.protocols.find((p) => p.id === spec.protocol);
  if (!protocol) {
    const allowed = world.protocols.map((p) => p.id).join(', ') || '(none)';
    throw new ScenarioError(
      `cascade-hunter ${spec.id}: protocol '${spec.protocol}' is not a lending protocol of the scenario (allowed: ${allowed})`,
    );
  }
  // The last buy-back slice must fall inside the run, or the report would price a short still open.
  const lastBlock = spec.atBlock + spec.holdBlocks + spec.closeBlocks - 1;
  if (lastBlock > world.blocks) {
    throw new ScenarioError(
      `cascade-hunter ${spec.id}: atBlock ${spec.atBlock} + holdBlocks ${spec.holdBlocks} + closeBlocks ${spec.closeBlocks} − 1 = ${lastBlock} is after the run's last block ${world.blocks}`,
    );
  }
  const collateral = protocol.settings.collateral;
  const venues = world.venues.filter((v) => v.base === collateral);
  if (venues.length === 0)
    throw new ScenarioError(
      `cascade-hunter ${spec.id}: no venue trades ${collateral}, the collateral of protocol '${protocol.id}'`,
    );
  const depth = (v: Venue) => world.initialDepthUsdPer1Pct.get(v.id) ?? v.depthUsdPer1Pct();
  const deepest = venues.reduce((best, v) => (depth(v) > depth(best) ? v : best));
  const thinnest = venues.reduce((best, v) => (depth(v) < depth(best) ? v : best));
  const venueFor = (field: 'shortVenue' | 'pushVenue', fallback: Venue): Venue => {
    const wanted = spec[field];
    if (wanted === undefined) return fallback;
    const found = venues.find((v) => v.id === wanted);
    if (!found) {
      const allowed = venues.map((v) => v.id).join(', ');
      throw new ScenarioError(
        `cascade-hunter ${spec.id}: ${field} '${wanted}' is not a venue trading ${collateral} (allowed: ${allowed})`,
      );
    }
    return found;
  };
  return new CascadeHunter(
    spec,
    world,
    protocol,
    venues,
    venueFor('shortVenue', deepest),
    venueFor('pushVenue', thinnest),
  );
}
