// The live book of the risk service: the scenario's lending protocols, kept up to date by update messages.
import type { Scenario } from '../../scenario/schema.js';
import { UsageError } from '../../kernel/errors.js';
import { ProtocolBook } from './protocol-book.js';
import type { Update } from './update-types.js';
import { ingestHints } from './ingest-hints.js';
import { accountRisk, densityBuckets, healthBuckets, largestUnsafe, type ProtocolPrices } from './book-queries.js';
import { initialAccounts, initialPrices, lendingSpecs, type InitialBookOptions } from './initial-book.js';
import type {
  BookSummary,
  DensityMap,
  HealthDistribution,
  LiveProtocol,
  UnsafeAccounts,
  VenueDepth,
} from './live-book-types.js';

export type {
  BookSummary,
  DensityMap,
  HealthDistribution,
  LiveProtocol,
  ProtocolSummary,
  UnsafeAccounts,
  VenueDepth,
} from './live-book-types.js';

/** Venue types whose depth is depthUsdPer1Pct; the others (pools) give liquidityUsd. */
export const DEPTH_PER_PCT_VENUES: readonly string[] = ['offchain', 'orderbook', 'curve'];

/**
 * The live book: prices, gas, venue depth and every lending protocol's accounts (perp and cross-asset books are out of
 * scope), updated incrementally by {@link LiveBook.apply}. Thresholds are each protocol's base liquidationThreshold
 * from the scenario (size tiers, dynamic thresholds and mechanism-specific thresholds are not applied). The
 * debt asset's price is the scenario's (a constant 1 for a USD stablecoin) until a price update moves it.
 *
 * @example
 * const book = LiveBook.fromScenario(loadScenario('scenarios/thin-pool-shock.yaml').scenario);
 * book.apply([{ type: 'price', asset: 'ETH', price: 1800 }]);
 * book.summary().protocols[0].unsafeAccounts;
 */
export class LiveBook {
  /** Updates applied since the book was created (a restored book counts those of its checkpoint and log). */
  sequence = 0;
  private readonly prices = new Map<string, number>();
  private gas: number;
  private readonly venueDepths = new Map<string, VenueDepth>();
  private readonly venueTypes = new Map<string, string>();
  private readonly protocols = new Map<string, LiveProtocol>();
  /** Protocols whose collateral or debt is an asset. */
  private readonly byAsset = new Map<string, LiveProtocol[]>();
  private readonly popped: number[] = [];

  private constructor(
    readonly scenario: Scenario,
    prices: Record<string, number>,
  ) {
    for (const [asset, price] of Object.entries(prices)) this.prices.set(asset, price);
    this.gas = scenario.chain.gasPriceGwei;
    for (const venue of scenario.venues) {
      this.venueTypes.set(venue.id, venue.type);
      const depth: VenueDepth = {};
      if ('depthUsdPer1Pct' in venue && typeof venue.depthUsdPer1Pct === 'number')
        depth.depthUsdPer1Pct = venue.depthUsdPer1Pct;
      if ('liquidityUsd' in venue && typeof venue.liquidityUsd === 'number') depth.liquidityUsd = venue.liquidityUsd;
      this.venueDepths.set(venue.id, depth);
    }
  }

  /**
   * The book at block 0 of `scenario`: asset prices at their initial values and each lending protocol's borrowers as
   * the simulator builds them (see initialAccounts), or no accounts with `startEmpty`. File books must have been read
   * (loadScenarioWithBooks) and `baseDir` must be the scenario's directory.
   */
  static fromScenario(scenario: Scenario, options: InitialBookOptions = {}): LiveBook {
    const baseDir = options.baseDir ?? process.cwd();
    const seed = options.seed ?? scenario.seed;
    const book = new LiveBook(scenario, initialPrices(scenario, baseDir, seed));
    for (const spec of lendingSpecs(scenario)) {
      const start = initialAccounts(spec, Object.fromEntries(book.prices), { ...options, baseDir }, seed);
      const protocol = book.addProtocol(
        spec.id,
        spec.collateral,
        spec.debt,
        spec.liquidationThreshold,
        start.names.length,
      );
      protocol.liquidationBonus = spec.liquidationBonus;
      protocol.book.load(start.names, start.collateral, start.debt, []);
    }
    return book;
  }

  /** Adds an empty protocol (used by fromScenario and by checkpoint restore). */
  addProtocol(id: string, collateral: string, debt: string, threshold: number, capacity: number): LiveProtocol {
    const ratio = this.price(collateral) / this.price(debt);
    const protocol: LiveProtocol = {
      id,
      collateral,
      debt,
      liquidationBonus: 0,
      book: new ProtocolBook(threshold, ratio, Math.ceil(capacity * 1.25)),
    };
    this.protocols.set(id, protocol);
    for (const asset of new Set([collateral, debt])) {
      const list = this.byAsset.get(asset) ?? [];
      list.push(protocol);
      this.byAsset.set(asset, list);
    }
    return protocol;
  }

  /**
   * Applies validated updates in order (parseUpdates checks them against this book); each costs O(log N), a price
   * tick O(crossed · log N). Throws InvariantError on an update parseUpdates would have refused.
   */
  apply(updates: readonly Update[]): void {
    // Slots the parse looked up (ingest-hints.ts); each is checked to still hold its account before use.
    const slots = ingestHints(updates)?.slots;
    let last: LiveProtocol | undefined;
    for (let k = 0; k < updates.length; k++) {
      const u = updates[k];
      if (u.type === 'position') {
        const { book } = last !== undefined && last.id === u.protocol ? last : (last = this.mustProtocol(u.protocol));
        if (u.op === 'open') book.open(u.account, u.collateral ?? 0, u.debt ?? 0);
        else if (u.op === 'close') book.close(u.account);
        else book.change(u.account, u.collateral, u.debt, slots !== undefined && k < slots.length ? slots[k] : -1);
      } else if (u.type === 'price') {
        this.prices.set(u.asset, u.price);
        for (const p of this.byAsset.get(u.asset) ?? []) p.book.setRatio(this.ratioOf(p), this.popped);
      } else if (u.type === 'depth') {
        const depth = this.venueDepths.get(u.venue) ?? {};
        if (u.depthUsdPer1Pct !== undefined) depth.depthUsdPer1Pct = u.depthUsdPer1Pct;
        if (u.liquidityUsd !== undefined) depth.liquidityUsd = u.liquidityUsd;
        this.venueDepths.set(u.venue, depth);
      } else this.gas = u.gwei;
      this.sequence += 1;
    }
  }

  /** Ids of the lending protocols, in scenario order. */
  protocolIds(): string[] {
    return [...this.protocols.keys()];
  }

  /** Collateral and debt asset of each lending protocol, in scenario order. */
  protocolAssets(): { id: string; collateral: string; debt: string }[] {
    return [...this.protocols.values()].map(({ id, collateral, debt }) => ({ id, collateral, debt }));
  }

  /** Asset symbols, in scenario order. */
  assets(): string[] {
    return [...this.prices.keys()];
  }

  /** Venue type by id (undefined for an unknown venue). */
  venueType(venue: string): string | undefined {
    return this.venueTypes.get(venue);
  }

  /** Venue ids, in scenario order. */
  venues(): string[] {
    return [...this.venueTypes.keys()];
  }

  /** Whether `account` is open in `protocol`. */
  hasAccount(protocol: string, account: string): boolean {
    return this.protocols.get(protocol)?.book.has(account) ?? false;
  }

  /** Current price of `asset`, USD. */
  price(asset: string): number {
    const price = this.prices.get(asset);
    if (price === undefined) throw new UsageError(`asset: unknown '${asset}'; allowed: ${this.assets().join(', ')}`);
    return price;
  }

  /** Current gas price, gwei. */
  gasGwei(): number {
    return this.gas;
  }

  /** Current depth of `venue`. */
  depth(venue: string): VenueDepth {
    const depth = this.venueDepths.get(venue);
    if (depth === undefined) throw new UsageError(`venue: unknown '${venue}'; allowed: ${this.venues().join(', ')}`);
    return { ...depth };
  }

  /** Every price, the gas price and each protocol's totals at the current prices. */
  summary(): BookSummary {
    return {
      sequence: this.sequence,
      prices: Object.fromEntries(this.prices),
      gasGwei: this.gas,
      protocols: [...this.protocols.values()].map((p) => {
        const t = p.book.totals();
        const price = this.price(p.collateral);
        const debtPrice = this.price(p.debt);
        return {
          id: p.id,
          collateral: p.collateral,
          debt: p.debt,
          price,
          accounts: t.accounts,
          debtUsd: t.debt * debtPrice,
          collateralUsd: t.collateral * price,
          unsafeAccounts: t.unsafeAccounts,
          unsafeDebtUsd: t.unsafeDebt * debtPrice,
          unsafeCollateralUsd: t.unsafeCollateral * price,
          liquidationThreshold: p.book.liquidationThreshold,
          liquidationBonus: p.liquidationBonus,
        };
      }),
    };
  }

  /** The unsafe set of `protocol` and its `limit` largest accounts by debt. */
  unsafe(protocol: string, limit: number): UnsafeAccounts {
    const p = this.mustProtocol(protocol);
    const prices = this.pricesOf(p);
    const t = p.book.totals();
    return {
      protocol,
      price: prices.price,
      accounts: t.unsafeAccounts,
      debtUsd: t.unsafeDebt * prices.debtPrice,
      collateralUsd: t.unsafeCollateral * prices.price,
      top: largestUnsafe(p.book, limit).map((slot) => accountRisk(p.book, slot, prices)),
    };
  }

  /** Health factor (null without debt), liquidation price (null if infinite) and status of one account, or null. */
  accountStatus(
    protocol: string,
    account: string,
  ): { healthFactor: number | null; liquidationPrice: number | null; unsafe: boolean } | null {
    const p = this.mustProtocol(protocol);
    const slot = p.book.slot(account);
    if (slot < 0) return null;
    const { healthFactor, liquidationPrice } = accountRisk(p.book, slot, this.pricesOf(p));
    return { healthFactor, liquidationPrice, unsafe: p.book.isUnsafe(slot) };
  }

  /**
   * Liquidation-density map: debt, collateral and accounts of the safe accounts whose liquidation price falls in each
   * of `buckets` (default 50, 1–1000) price buckets from price·(1 − rangePct/100) up to the price (rangePct default
   * 50, above 0 up to 100), plus the debt already unsafe. An O(N) pass over the accounts.
   */
  density(protocol: string, options: { buckets?: number; rangePct?: number } = {}): DensityMap {
    const p = this.mustProtocol(protocol);
    const buckets = options.buckets ?? 50;
    const rangePct = options.rangePct ?? 50;
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > 1000)
      throw new UsageError(`buckets: must be an integer from 1 to 1000, got ${buckets}`);
    if (!(rangePct > 0 && rangePct <= 100))
      throw new UsageError(`rangePct: must be above 0 and at most 100, got ${rangePct}`);
    const prices = this.pricesOf(p);
    return {
      protocol,
      price: prices.price,
      unsafeDebtUsd: p.book.totals().unsafeDebt * prices.debtPrice,
      buckets: densityBuckets(p.book, prices, buckets, rangePct),
    };
  }

  /** Accounts with debt of `protocol` by health factor over fixed edges (src/service/book/book-queries.ts). */
  healthDistribution(protocol: string): HealthDistribution {
    const p = this.mustProtocol(protocol);
    return { protocol, buckets: healthBuckets(p.book, this.pricesOf(p)) };
  }

  /**
   * The live accounts of `protocol`, in slot order (a copy). With `withNames` false, `account` is empty: a book about
   * to be merged (sampled-book.ts) does not need a million names copied.
   */
  rows(protocol: string, withNames = true): { account: string[]; collateral: Float64Array; debt: Float64Array } {
    const { book } = this.mustProtocol(protocol);
    const n = book.accounts;
    const account = withNames ? new Array<string>(n) : [];
    const collateral = new Float64Array(n);
    const debt = new Float64Array(n);
    let k = 0;
    for (let slot = 0; slot < book.slots; slot++) {
      const name = book.names[slot];
      if (name === undefined) continue;
      if (withNames) account[k] = name;
      collateral[k] = book.collateral[slot];
      debt[k] = book.debt[slot];
      k++;
    }
    return { account, collateral, debt };
  }

  /** Sets a protocol's liquidation threshold (and bonus) and rebuilds its index, O(N log N). */
  setThreshold(protocol: string, liquidationThreshold: number, liquidationBonus?: number): void {
    const p = this.mustProtocol(protocol);
    if (!(liquidationThreshold >= 0 && liquidationThreshold < 1))
      throw new UsageError(`liquidationThreshold: must be from 0 to below 1, got ${liquidationThreshold}`);
    if (liquidationBonus !== undefined && !(liquidationBonus >= 0 && liquidationBonus <= 1))
      throw new UsageError(`liquidationBonus: must be from 0 to 1, got ${liquidationBonus}`);
    p.book.setThreshold(liquidationThreshold);
    if (liquidationBonus !== undefined) p.liquidationBonus = liquidationBonus;
  }

  /** The protocol's account store (for checkpoints and benchmarks). */
  protocolBook(protocol: string): ProtocolBook {
    return this.mustProtocol(protocol).book;
  }

  /** Restores gas, depth and prices (checkpoint restore); the protocols are re-placed at the new prices. */
  restoreMarket(prices: Record<string, number>, gasGwei: number, depths: Record<string, VenueDepth>): void {
    for (const [asset, price] of Object.entries(prices)) this.prices.set(asset, price);
    this.gas = gasGwei;
    for (const [venue, depth] of Object.entries(depths)) this.venueDepths.set(venue, { ...depth });
    for (const p of this.protocols.values()) p.book.setRatio(this.ratioOf(p), this.popped);
  }

  /** Removes every protocol (checkpoint restore adds them back). */
  clearProtocols(): void {
    this.protocols.clear();
    this.byAsset.clear();
  }

  /** Every venue's depth, by id. */
  depths(): Record<string, VenueDepth> {
    return Object.fromEntries([...this.venueDepths].map(([venue, depth]) => [venue, { ...depth }]));
  }

  private ratioOf(p: LiveProtocol): number {
    return this.price(p.collateral) / this.price(p.debt);
  }

  private pricesOf(p: LiveProtocol): ProtocolPrices {
    return {
      price: this.price(p.collateral),
      debtPrice: this.price(p.debt),
      liquidationThreshold: p.book.liquidationThreshold,
    };
  }

  private mustProtocol(id: string): LiveProtocol {
    const p = this.protocols.get(id);
    if (p === undefined)
      throw new UsageError(`protocol: unknown '${id}'; allowed: ${this.protocolIds().join(', ') || '(none)'}`);
    return p;
  }
}
