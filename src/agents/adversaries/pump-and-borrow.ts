import type { AdversaryWorld } from './adversary-world.js';
import { ScenarioError } from '../../kernel/errors.js';
import type { Transaction } from '../../chain/chain.js';
import type { Venue } from '../../market/venues/venue.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { tieredThreshold } from '../../protocol/lending/threshold-tiers.js';
import type { PumpAndBorrowAdversarySpec } from '../../scenario/schema-adversary-manipulation.js';
import type { Adversary, AdversaryReport } from './adversary.js';
import {
  atomicVenueNamed,
  checkBlocksFit,
  collateralMarketOf,
  fundamentalOf,
  isAtomicVenue,
  lendingProtocolNamed,
  spareSlot,
} from './manipulation-world.js';

/** The borrow stays this far (relative) below health factor 1, so float rounding cannot make openPosition refuse it. */
const HEALTH_MARGIN = 1e-12;

/**
 * Builds a pump-and-borrow attacker (Mango Markets, October 2022) from its validated spec; throws a `ScenarioError`
 * naming the field when `protocol` is not a lending protocol of the world, `pool` not an on-chain pool (cpamm or
 * StableSwap) of the protocol's chain trading its collateral (the last purchase is deposited and borrowed against in
 * the
 * same transaction, which cannot take delivery from the off-chain market or another chain),
 * the pump would end after the run, or the protocol has no spare account slot (build the world with `spareAccounts`).
 *
 * At step 6 of each of `pumpBlocks` consecutive blocks from `atBlock`, one transaction spends capitalUsd / pumpBlocks
 * of
 * the quote asset buying the collateral on `pool` (arbitrageurs may sell into it between blocks). The last one then
 * makes the protocol re-read its oracle (`refreshWithinBlock`, which only a spot oracle has, and `rescan`), deposits
 * every unit bought into a spare account slot (`protocol.openPosition`) and borrows the most the protocol allows, and
 * the attacker walks away with the loan, leaving the position to be liquidated.
 *
 * The most the protocol allows: this model's lending protocol has no separate loan-to-value limit, so `openPosition`
 * lends up to health factor 1 at the oracle price, debt·debtPrice = units·oraclePrice·threshold (the threshold of the
 * debt's size tier, times any dynamic scale), a hair below (1e-12 relative); and never more than `borrowLimitUsd`,
 * the liquidity it has to lend.
 *
 * Report (USD): revenueUsd = the loan (debt·debtPrice; if the borrow was refused, the units held instead, at the
 * fundamental); costUsd = capital spent + gas (chain.gasCostUsd(gasUnits, priorityFeeGwei) per transaction);
 * profitUsd = revenueUsd − costUsd (that subtraction, so it holds exactly); capitalUsd = capital spent; borrowedUsd =
 * the loan; protocolLossUsd = max(0, loan − deposited units·fundamental at the borrow): the bad debt left behind.
 * Details: collateralUnits, capitalSpentUsd, gasUsd, poolMidBefore, peakPoolMid, peakPumpPct (peak mid over the mid
 * before the first purchase, %), oraclePriceAtBorrow, fundamentalAtBorrow, collateralValueUsd, debtUsd, accountSlot
 * (−1 before the borrow), borrowed (1 or 0), pumpBlocks, transactions.
 *
 * @example
 * const world = buildWorld(scenario, { attribution, spareAccounts: 1 });
 * const spec = pumpAndBorrowAdversarySchema.parse({ type: 'pump-and-borrow', id: 'mango', protocol: 'lend', pool: 'thin', atBlock: 5, capitalUsd: 1e6, borrowLimitUsd: 1e7 });
 * world.adversaries.push(createPumpAndBorrowAttacker(spec, world));
 */
export function createPumpAndBorrowAttacker(spec: PumpAndBorrowAdversarySpec, world: AdversaryWorld): Adversary {
  const protocol = lendingProtocolNamed(world, spec.id, spec.protocol);
  // The last purchase is deposited in the same transaction, so it must be bought on chain, on the protocol's chain.
  const pools = collateralMarketOf(world, protocol).venues.filter((v) => isAtomicVenue(world, v));
  const pool = atomicVenueNamed(
    spec.id,
    'pool',
    spec.pool,
    pools,
    `pool of the protocol's chain trading ${protocol.settings.collateral}`,
  );
  checkBlocksFit(world, spec.id, 'atBlock', spec.atBlock, spec.pumpBlocks - 1);
  if (spareSlot(protocol) < 0) {
    throw new ScenarioError(
      `adversary ${spec.id}: protocol '${spec.protocol}' has no spare account slot to borrow in (build the world with spareAccounts ≥ 1)`,
    );
  }
  return new PumpAndBorrowAttacker(spec, world, protocol, pool);
}

/**
 * Most debt units a fresh account holding `units` of collateral may borrow now, at most `limitUnits`: health factor 1
 * at
 * the oracle price under the threshold of the debt's size tier. Tiers lower the threshold for larger debts, so the cap
 * is
 * re-evaluated at the capped debt until it holds (at most once per tier); a cap that falls into a smaller tier is kept,
 * which errs low.
 */
function largestBorrow(protocol: LendingProtocol, units: number, limitUnits: number): number {
  const { settings, debtPrice } = protocol;
  if (!(protocol.price > 0) || !Number.isFinite(protocol.price)) return 0;
  const scale = protocol.dynamicThreshold?.scale ?? 1;
  let debt = limitUnits;
  for (let k = 0; k <= settings.thresholdTiers.length; k++) {
    const threshold = tieredThreshold(debt * debtPrice, settings.liquidationThreshold, settings.thresholdTiers) * scale;
    // Aave health factor = collateral·price·LT / (debt·debtPrice) = 1 at the cap.
    const cap = ((units * protocol.price * threshold) / debtPrice) * (1 - HEALTH_MARGIN);
    if (!(cap < debt)) break;
    debt = cap;
  }
  return Number.isFinite(debt) && debt > 0 ? debt : 0;
}

/** The attacker behind {@link createPumpAndBorrowAttacker}. */
class PumpAndBorrowAttacker implements Adversary {
  readonly id: string;
  private executedBlock: number | null = null;
  private transactions = 0;
  private spentUsd = 0;
  private gasUsd = 0;
  private units = 0;
  private poolMidBefore = 0;
  private peakPoolMid = 0;
  private oraclePriceAtBorrow = 0;
  private fundamentalAtBorrow = 0;
  private debtUnits = 0;
  private accountSlot = -1;
  private borrowed = false;

  constructor(
    private readonly spec: PumpAndBorrowAdversarySpec,
    private readonly world: AdversaryWorld,
    private readonly protocol: LendingProtocol,
    private readonly pool: Venue,
  ) {
    this.id = spec.id;
  }

  /** It never liquidates. */
  collateralFromLiquidations(): number {
    return 0;
  }

  submit(): void {
    const { spec, world } = this;
    const block = world.clock.block;
    const last = spec.atBlock + spec.pumpBlocks - 1;
    if (block < spec.atBlock || block > last) return;
    const tx: Transaction = {
      sender: spec.id,
      priorityFeeGwei: spec.priorityFeeGwei,
      gasUnits: spec.gasUnits,
      key: `${spec.id}:${block}`,
      kind: 'attack',
      execute: () => this.execute(block === last),
    };
    world.chain.submit(tx);
  }

  /** One purchase; in the last transaction also the deposit and the borrow. */
  private execute(final: boolean): void {
    const { spec, pool, world } = this;
    if (this.executedBlock === null) {
      this.executedBlock = world.clock.block;
      this.poolMidBefore = pool.mid();
    }
    this.transactions += 1;
    // Even slices; the last takes what is left, so the slices add up to capitalUsd exactly.
    const spend = final ? spec.capitalUsd - this.spentUsd : spec.capitalUsd / spec.pumpBlocks;
    if (spend > 0) {
      this.units += pool.buy(spend);
      this.spentUsd += spend;
    }
    this.peakPoolMid = Math.max(this.peakPoolMid, pool.mid());
    this.gasUsd += world.chain.gasCostUsd(spec.gasUnits, spec.priorityFeeGwei);
    if (final) this.borrow();
  }

  /** Re-reads the oracle, deposits everything bought into a spare slot and borrows the most allowed. */
  private borrow(): void {
    const { protocol, world, spec } = this;
    const fundamental = fundamentalOf(world, protocol.settings.collateral);
    protocol.oracle.refreshWithinBlock?.(world.clock.timeSeconds, fundamental);
    protocol.rescan(world.clock.timeSeconds);
    // A price that never published (NaN) must not reach the report; the borrow is then refused (largestBorrow = 0).
    this.oraclePriceAtBorrow = Number.isFinite(protocol.price) ? protocol.price : 0;
    this.fundamentalAtBorrow = fundamental;
    const slot = spareSlot(protocol);
    if (slot < 0) return;
    const debt = largestBorrow(protocol, this.units, spec.borrowLimitUsd / protocol.debtPrice);
    if (debt > 0 && protocol.openPosition(slot, this.units, debt)) {
      this.accountSlot = slot;
      this.debtUnits = debt;
      this.borrowed = true;
    }
  }

  report(): AdversaryReport {
    const { spec } = this;
    const debtUsd = this.debtUnits * this.protocol.debtPrice;
    const fundamental = this.borrowed
      ? this.fundamentalAtBorrow
      : fundamentalOf(this.world, this.protocol.settings.collateral);
    const collateralValueUsd = this.units * fundamental;
    // Units never deposited (the borrow was refused) stay with the attacker: they count at the fundamental.
    const revenueUsd = this.borrowed ? debtUsd : collateralValueUsd;
    const costUsd = this.spentUsd + this.gasUsd;
    const peakPumpPct = this.poolMidBefore > 0 ? (this.peakPoolMid / this.poolMidBefore - 1) * 100 : 0;
    return {
      id: spec.id,
      type: 'pump-and-borrow',
      capitalUsd: this.spentUsd,
      borrowedUsd: debtUsd,
      revenueUsd,
      costUsd,
      profitUsd: revenueUsd - costUsd,
      protocolLossUsd: this.borrowed ? Math.max(0, debtUsd - collateralValueUsd) : 0,
      borrowerLossUsd: 0,
      executedBlock: this.executedBlock,
      details: {
        collateralUnits: this.units,
        capitalSpentUsd: this.spentUsd,
        gasUsd: this.gasUsd,
        poolMidBefore: this.poolMidBefore,
        peakPoolMid: this.peakPoolMid,
        peakPumpPct,
        oraclePriceAtBorrow: this.oraclePriceAtBorrow,
        fundamentalAtBorrow: this.fundamentalAtBorrow,
        collateralValueUsd,
        debtUsd,
        accountSlot: this.accountSlot,
        borrowed: this.borrowed ? 1 : 0,
        pumpBlocks: spec.pumpBlocks,
        transactions: this.transactions,
      },
    };
  }
}
