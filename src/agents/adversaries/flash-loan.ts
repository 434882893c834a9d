import type { World } from '../../kernel/world.js';
import { ScenarioError } from '../../kernel/errors.js';
import type { Transaction } from '../../chain/chain.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { CollateralMarket } from '../../liquidation/mechanisms/mechanism.js';
import type { FlashLoanAdversarySpec } from '../../scenario/schema-adversary-manipulation.js';
import type { Adversary, AdversaryReport } from './adversary.js';
import { baseToSellForMid, buyOnCheapest } from './manipulation-trades.js';
import { checkBlocksFit, collateralMarketOf, collateralVenueNamed, fundamentalOf, lendingProtocolNamed } from './manipulation-world.js';
import { ledgerSnapshot, liquidateAsAdversary, protocolLossBetween } from './manipulation-liquidate.js';

/** Basis points in one unit. */
const BPS = 10_000;
/** Slices of a hold's final buy-back, each bought on the cheapest venue (see buyOnCheapest). */
const HOLD_BUY_BACK_SLICES = 64;

/**
 * Builds a flash-loan oracle manipulator from its validated spec; throws a `ScenarioError` naming the field when
 * `protocol` is not a lending protocol of the world, `pool` not a constant-product pool trading its collateral, or the
 * attack would end after the run.
 *
 * What one attack transaction does (holdBlocks = 0, a flash loan; all in one transaction at step 6 of `atBlock`):
 * 1. flash-borrow u = pushUsd / fundamental collateral units and sell them into `pool` (its mid falls);
 * 2. make the protocol re-read its oracle (`refreshWithinBlock`, which only a spot oracle has) and `rescan`;
 * 3. liquidate everything liquidatable through the protocol's own mechanism with a keeper turn whose capital is a
 *    second flash loan, of the debt asset (the mechanism sells the seized collateral on the best venue);
 * 4. buy the u units back in `pool` (its mid recovers), re-read the oracle and rescan, so the protocol does not keep the
 *    manipulated price; repay both loans and their premium.
 * The attacker does not simulate first: it always sends the attack, so a protected oracle shows up as a loss.
 *
 * With holdBlocks = H > 0 (against a TWAP) the first push comes from the attacker's own collateral (`capitalUsd`); in
 * each of the next H blocks its transaction sells again just enough to bring the pool back to the first push's mid
 * (arbitrageurs pulled it up in between), within its capital; every transaction liquidates what is liquidatable; the
 * last one buys back every unit sold, slice by slice on the cheapest venue of the collateral.
 *
 * Report (USD; u·F at the fundamental F when sold):
 * - revenueUsd = liquidation sale proceeds + incentives − debt repaid;
 * - costUsd = round trip + flash premiums + gas, where round trip = quote paid buying back − quote received selling (it can
 *   be negative if liquidation sales pushed the pool further down before the buy-back), flash premiums =
 *   flashFeeBps/10⁴ · (u·F of a flash loan + debt repaid), gas = chain.gasCostUsd(gasUnits, priorityFeeGwei) per transaction;
 * - profitUsd = revenueUsd − costUsd (computed as that subtraction, so it holds exactly);
 * - protocolLossUsd = penalties borrowers paid in the attacker's liquidations, valued at the fundamental
 *   (collateral seized·F − debt repaid − debt written off; the protocol's fee cut included), + bad debt written off
 *   during its transactions (ledger before/after each), which adds up to collateral seized·F − debt repaid;
 * - capitalUsd = 0 for a flash loan, else the peak of own collateral sold and not yet bought back;
 * - borrowedUsd = the largest amount flash-borrowed in one transaction (collateral loan + debt loan).
 * Details: pushUnits, repushUnits, poolMidBefore, poolMidPushed, lowestOraclePrice (protocol price seen when
 * liquidating), protocolPriceAfter, liquidations, accountsLiquidated, collateralReceivedUnits, liquidationProceedsUsd,
 * incentivesUsd, debtRepaidUsd, saleProceedsUsd, buyBackUsd, roundTripUsd, flashFeesUsd, gasUsd, penaltiesAtOracleUsd,
 * penaltiesAtFundamentalUsd, badDebtUsd, holdBlocks, transactions, unitsNotBoughtBack.
 *
 * @example
 * const world = buildWorld(scenario);
 * const attacker = createFlashLoanAttacker(flashLoanAdversarySchema.parse({ type: 'flash-loan', id: 'fl', protocol: 'lend', pool: 'pool', atBlock: 10, pushUsd: 1e6 }), world);
 * world.adversaries.push(attacker);
 * for (let b = 0; b < world.blocks; b++) stepBlock(world);
 * attacker.report().profitUsd;
 */
export function createFlashLoanAttacker(spec: FlashLoanAdversarySpec, world: World): Adversary {
  const protocol = lendingProtocolNamed(world, spec.id, spec.protocol);
  const collateral = protocol.settings.collateral;
  const venue = collateralVenueNamed(world, spec.id, 'pool', spec.pool, collateral);
  if (!(venue instanceof ConstantProductPool)) {
    const pools = world.venues.filter((v) => v.base === collateral && v instanceof ConstantProductPool).map((v) => v.id);
    throw new ScenarioError(
      `adversary ${spec.id}: pool '${spec.pool}' is not a constant-product pool (allowed: ${pools.length === 0 ? 'none' : pools.join(', ')})`,
    );
  }
  checkBlocksFit(world, spec.id, 'atBlock', spec.atBlock, spec.holdBlocks);
  return new FlashLoanAttacker(spec, world, protocol, venue);
}

/** Running totals of the attack, USD unless named in units. */
interface FlashTotals {
  pushUnits: number;
  repushUnits: number;
  poolMidBefore: number;
  poolMidPushed: number;
  lowestOraclePrice: number;
  protocolPriceAfter: number;
  liquidations: number;
  accountsLiquidated: number;
  collateralReceivedUnits: number;
  liquidationProceedsUsd: number;
  incentivesUsd: number;
  debtRepaidUsd: number;
  saleProceedsUsd: number;
  buyBackUsd: number;
  flashFeesUsd: number;
  gasUsd: number;
  penaltiesAtOracleUsd: number;
  penaltiesAtFundamentalUsd: number;
  badDebtUsd: number;
  transactions: number;
  /** Largest amount flash-borrowed in one transaction. */
  borrowedUsd: number;
  /** Peak of own collateral sold and not yet bought back (holds only). */
  peakCapitalUsd: number;
}

function zeroTotals(): FlashTotals {
  return {
    pushUnits: 0,
    repushUnits: 0,
    poolMidBefore: 0,
    poolMidPushed: 0,
    lowestOraclePrice: 0,
    protocolPriceAfter: 0,
    liquidations: 0,
    accountsLiquidated: 0,
    collateralReceivedUnits: 0,
    liquidationProceedsUsd: 0,
    incentivesUsd: 0,
    debtRepaidUsd: 0,
    saleProceedsUsd: 0,
    buyBackUsd: 0,
    flashFeesUsd: 0,
    gasUsd: 0,
    penaltiesAtOracleUsd: 0,
    penaltiesAtFundamentalUsd: 0,
    badDebtUsd: 0,
    transactions: 0,
    borrowedUsd: 0,
    peakCapitalUsd: 0,
  };
}

/** `value` if finite, else 0: a price that never published (NaN) must not reach a report. */
function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** The attacker behind {@link createFlashLoanAttacker}. */
class FlashLoanAttacker implements Adversary {
  readonly id: string;
  private readonly totals = zeroTotals();
  private readonly market: CollateralMarket;
  private executedBlock: number | null = null;
  /** Whether the first push has been sold. */
  private pushed = false;
  /** Mid of the pool right after the first push: the price a hold keeps it at. */
  private pushedMid = 0;
  /** Collateral units sold and not yet bought back. */
  private unitsOut = 0;
  /** Those units valued at the fundamental when sold (own capital in use during a hold). */
  private capitalOutUsd = 0;

  constructor(
    private readonly spec: FlashLoanAdversarySpec,
    private readonly world: World,
    private readonly protocol: LendingProtocol,
    private readonly pool: ConstantProductPool,
  ) {
    this.id = spec.id;
    this.market = collateralMarketOf(world, protocol);
  }

  collateralFromLiquidations(): number {
    return this.totals.collateralReceivedUnits;
  }

  submit(): void {
    const { spec, world } = this;
    const block = world.clock.block;
    if (block < spec.atBlock || block > spec.atBlock + spec.holdBlocks) return;
    const final = block === spec.atBlock + spec.holdBlocks;
    const tx: Transaction = {
      sender: spec.id,
      priorityFeeGwei: spec.priorityFeeGwei,
      gasUnits: spec.gasUnits,
      key: `${spec.id}:${block}`,
      kind: 'attack',
      execute: () => this.execute(final),
    };
    world.chain.submit(tx);
  }

  /** One attack transaction: push (or re-push), liquidate, and in the final one unwind. */
  private execute(final: boolean): void {
    const { spec, world, protocol, totals } = this;
    const fundamental = fundamentalOf(world, protocol.settings.collateral);
    const before = ledgerSnapshot(protocol);
    if (this.executedBlock === null) {
      this.executedBlock = world.clock.block;
      totals.poolMidBefore = this.pool.mid();
    }
    const flashUnits = this.push(fundamental);
    this.reread(fundamental);
    const price = finiteOrZero(protocol.price);
    if (totals.lowestOraclePrice === 0 || (price > 0 && price < totals.lowestOraclePrice)) totals.lowestOraclePrice = price;
    const tally = liquidateAsAdversary(protocol, this.market, spec.id, spec.priorityFeeGwei, spec.repayLimitUsd);
    if (final) this.unwind(fundamental);

    const borrowedUsd = flashUnits * fundamental + tally.debtRepaidUsd;
    // Aave v3 flashLoan: premium = amount·FLASHLOAN_PREMIUM_TOTAL / 10⁴ on every asset borrowed.
    totals.flashFeesUsd += (borrowedUsd * spec.flashFeeBps) / BPS;
    totals.borrowedUsd = Math.max(totals.borrowedUsd, borrowedUsd);
    totals.gasUsd += world.chain.gasCostUsd(spec.gasUnits, spec.priorityFeeGwei);
    totals.transactions += 1;
    totals.liquidations += tally.calls;
    totals.collateralReceivedUnits += tally.collateralUnits;
    totals.liquidationProceedsUsd += tally.proceedsUsd;
    totals.incentivesUsd += tally.incentivesUsd;
    totals.debtRepaidUsd += tally.debtRepaidUsd;
    const loss = protocolLossBetween(before, ledgerSnapshot(protocol), fundamental);
    totals.penaltiesAtOracleUsd += loss.penaltiesAtOracleUsd;
    totals.penaltiesAtFundamentalUsd += loss.penaltiesAtFundamentalUsd;
    totals.badDebtUsd += loss.badDebtUsd;
    totals.accountsLiquidated += loss.accountsLiquidated;
  }

  /** Sells into the pool: the first push, or a re-push back to its mid. Returns the units flash-borrowed (0 in a hold). */
  private push(fundamental: number): number {
    const { spec, totals, pool } = this;
    const holding = spec.holdBlocks > 0;
    let units: number;
    if (!this.pushed) {
      units = spec.pushUsd / fundamental;
      totals.pushUnits = units;
    } else {
      // Hold: sell what brings the mid back to the first push's, within the capital left.
      const room = Math.max(0, (spec.capitalUsd - this.capitalOutUsd) / fundamental);
      units = Math.min(baseToSellForMid(pool, this.pushedMid), room);
      totals.repushUnits += units;
    }
    if (units > 0) {
      totals.saleProceedsUsd += pool.sell(units);
      this.unitsOut += units;
      this.capitalOutUsd += units * fundamental;
    }
    if (!this.pushed) {
      this.pushed = true;
      this.pushedMid = pool.mid();
      totals.poolMidPushed = this.pushedMid;
    }
    if (holding) totals.peakCapitalUsd = Math.max(totals.peakCapitalUsd, this.capitalOutUsd);
    return holding ? 0 : units;
  }

  /** Buys back every unit sold: in the pool for a flash loan, slice by slice on the cheapest venue after a hold. */
  private unwind(fundamental: number): void {
    const { spec, totals } = this;
    const venues = spec.holdBlocks === 0 ? [this.pool] : this.market.venues;
    const purchase = buyOnCheapest(venues, this.unitsOut, spec.holdBlocks === 0 ? 1 : HOLD_BUY_BACK_SLICES);
    totals.buyBackUsd += purchase.quoteSpent;
    this.unitsOut = 0;
    this.capitalOutUsd = 0;
    this.reread(fundamental);
    totals.protocolPriceAfter = finiteOrZero(this.protocol.price);
  }

  /** The protocol re-reads its oracle inside the transaction (only a spot oracle can move) and relists unsafe accounts. */
  private reread(fundamental: number): void {
    const { protocol, world } = this;
    protocol.oracle.refreshWithinBlock?.(world.clock.timeSeconds, fundamental);
    protocol.rescan(world.clock.timeSeconds);
  }

  report(): AdversaryReport {
    const { spec, totals } = this;
    // Units still out (an unwind that never ran) are charged as if bought back at today's fundamental.
    const openUsd = this.unitsOut * fundamentalOf(this.world, this.protocol.settings.collateral);
    const roundTripUsd = totals.buyBackUsd + openUsd - totals.saleProceedsUsd;
    const revenueUsd = totals.liquidationProceedsUsd + totals.incentivesUsd - totals.debtRepaidUsd;
    const costUsd = roundTripUsd + totals.flashFeesUsd + totals.gasUsd;
    const { borrowedUsd, peakCapitalUsd, ...rest } = totals;
    return {
      id: spec.id,
      type: 'flash-loan',
      capitalUsd: spec.holdBlocks === 0 ? 0 : peakCapitalUsd,
      borrowedUsd,
      revenueUsd,
      costUsd,
      profitUsd: revenueUsd - costUsd,
      protocolLossUsd: totals.penaltiesAtFundamentalUsd + totals.badDebtUsd,
      executedBlock: this.executedBlock,
      details: { ...rest, roundTripUsd, holdBlocks: spec.holdBlocks, unitsNotBoughtBack: this.unitsOut },
    };
  }
}
