import type { AdversaryWorld } from './adversary-world.js';
import type { Transaction } from '../../chain/chain.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { InsufficientLiquidityError } from '../../market/venues/venue-errors.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { CollateralMarket } from '../liquidators/turn.js';
import type { FlashLoanAdversarySpec } from '../../scenario/schema-adversary-manipulation.js';
import type { Adversary, AdversaryReport } from './adversary.js';
import { baseToSellForMid, buyOnCheapest } from './manipulation-trades.js';
import {
  atomicCollateralMarket,
  atomicVenueNamed,
  checkBlocksFit,
  collateralMarketOf,
  fundamentalOf,
  lendingProtocolNamed,
} from './manipulation-world.js';
import {
  ledgerSnapshot,
  liquidateAsAdversary,
  protocolLossBetween,
  type LiquidationTally,
} from './manipulation-liquidate.js';
import { captureState, type StateCapture } from './transaction-revert.js';
import { zeroTotals } from './flash-loan-totals.js';

/** Basis points in one unit. */
const BPS = 10_000;
/** Slices of a large buy-back, each bought on the cheapest venue (see buyOnCheapest). */
const BUY_BACK_SLICES = 64;

/**
 * Builds a flash-loan oracle manipulator from its validated spec; throws a `ScenarioError` naming the field when
 * `protocol` is not a lending protocol of the world, `pool` not an on-chain constant-product pool of the protocol's
 * chain trading its collateral, no on-chain pool trades it, or the attack would end after the run.
 *
 * What the flash-loan transaction does (holdBlocks = 0; one atomic transaction at step 6 of `atBlock`). An atomic
 * transaction can trade only on the on-chain pools of its own chain (`atomicCollateralMarket`): the off-chain market
 * is a separate order filled after the transaction lands, so nothing in it can repay a flash loan.
 * 1. flash-borrow u = pushUsd / fundamental collateral units and sell them into `pool` (its mid falls);
 * 2. make the protocol re-read its oracle (`refreshWithinBlock`, which only a spot oracle has) and `rescan`;
 * 3. liquidate what is liquidatable through the protocol's own mechanism with a keeper turn whose capital is a
 *    second flash loan, of the debt asset; the mechanism sells the seized collateral (and buys a CDP's stablecoin) on
 *    the best on-chain pool of the protocol's chain, never the off-chain market. It passes over the list again while a
 *    pass liquidated something, the protocol re-reading its oracle in between (a spot oracle on the pool sees the
 *    attacker's own liquidation sales, so more accounts fall under), for at most floor((maxGasUnits − gasUnits) /
 *    liquidationGasUnits) calls: the transaction's gas, up to a block's, bounds what it can do;
 * 4. buy back u·(1 + flashFeeBps/10⁴) units (the collateral loan and its premium, owed in kind) on the cheapest of
 * those
 *    pools, re-read the oracle and rescan, so the protocol does not keep the manipulated price;
 * 5. repay: the transaction holds push proceeds + liquidation sale proceeds + incentives − debt repaid·(1 + premium) −
 *    buy-back cost, all from on-chain trades. If that is negative the loans cannot be repaid and the transaction
 *    reverts: every write it made is undone (`captureState`), and the attacker pays only its gas.
 * The attacker does not simulate first: it always sends the attack, so a protected oracle shows up as a loss of gas.
 * All seized collateral is sold within the transaction; keeping some to sell on the off-chain market later would be a
 * separate, non-atomic trade with its own price risk, which this adversary does not make.
 *
 * With holdBlocks = H > 0 (against a TWAP) the first push comes from the attacker's own collateral (`capitalUsd`); in
 * each of the next H blocks its transaction sells again just enough to bring the pool back to the first push's mid
 * (arbitrageurs pulled it up in between), within its capital; every transaction liquidates what is liquidatable (sales
 * on-chain, as a flash loan of the debt asset pays for them; a shortfall comes from the attacker's own funds); the last
 * one buys back every unit sold, slice by slice on the cheapest venue of the collateral on the protocol's chain. That
 * buy-back restores the attacker's own inventory and repays no loan, so it may use the off-chain market: it is a
 * separate trade at that block's prices, not part of any atomic leg.
 *
 * Report (USD; u·F at the fundamental F when sold):
 * - revenueUsd = liquidation sale proceeds + incentives − debt repaid;
 * - costUsd = round trip + flash premiums + gas, where round trip = quote paid buying back the units sold − quote
 * received
 *   selling them (it can be negative if liquidation sales pushed the pool further down before the buy-back), flash
 *   premiums = flashFeeBps/10⁴ · debt repaid + what the collateral premium's u·flashFeeBps/10⁴ units cost at the
 *   buy-back, gas = chain.gasCostUsd(gasUnits + calls·liquidationGasUnits, priorityFeeGwei) per transaction (a
 *   reverted one included: the EVM charges the gas used up to the revert);
 * - profitUsd = revenueUsd − costUsd (computed as that subtraction, so it holds exactly); for a flash loan that did not
 *   revert, profit + gas is what the transaction kept after repaying, ≥ 0;
 * - borrowerLossUsd = penalties borrowers paid in the attacker's liquidations, valued at the fundamental
 *   (collateral seized·F − debt repaid − debt written off; the protocol's fee cut included); protocolLossUsd = bad
 *   debt written off during its transactions (ledger before/after each); the two add up to collateral seized·F − debt
 *   repaid;
 * - capitalUsd = 0 for a flash loan, else the peak of own collateral sold and not yet bought back;
 * - borrowedUsd = the largest amount flash-borrowed in one transaction (collateral loan + debt loan).
 * Details: pushUnits, repushUnits, poolMidBefore, poolMidPushed, lowestOraclePrice (protocol price seen when
 * liquidating), protocolPriceAfter, liquidations, accountsLiquidated, collateralReceivedUnits, liquidationProceedsUsd,
 * incentivesUsd, debtRepaidUsd, saleProceedsUsd, buyBackUsd, roundTripUsd, flashFeesUsd, gasUsd, penaltiesAtOracleUsd,
 * penaltiesAtFundamentalUsd, badDebtUsd, holdBlocks, transactions, gasUnits (of every transaction), maxLiquidationCalls
 * (the calls one transaction's gas allows), unitsNotBoughtBack, reverted (transactions that reverted),
 * liquidationsReverted (liquidation calls they made and undid), revertShortfallUsd (what the on-chain proceeds lacked
 * to
 * repay, in the reverted transaction; 0 when it reverted because the pools could not deliver the units owed),
 * atomicBalanceUsd (what the flash-loan transaction kept after repaying, before gas; 0 if it reverted). pushUnits,
 * poolMidBefore, poolMidPushed and lowestOraclePrice describe the attempt even when it reverted.
 *
 * @example
 * const world = buildWorld(scenario, { attribution });
 * const attacker = createFlashLoanAttacker(flashLoanAdversarySchema.parse({ type: 'flash-loan', id: 'fl', protocol: 'lend', pool: 'pool', atBlock: 10, pushUsd: 1e6 }), world);
 * world.adversaries.push(attacker);
 * for (let b = 0; b < world.blocks; b++) stepBlock(world);
 * attacker.report().profitUsd;
 */
export function createFlashLoanAttacker(spec: FlashLoanAdversarySpec, world: AdversaryWorld): Adversary {
  const protocol = lendingProtocolNamed(world, spec.id, spec.protocol);
  const collateral = protocol.settings.collateral;
  const atomic = atomicCollateralMarket(world, protocol, spec.id);
  const pools = atomic.venues.filter((v) => v instanceof ConstantProductPool);
  const pool = atomicVenueNamed(
    spec.id,
    'pool',
    spec.pool,
    pools,
    `constant-product pool of the protocol's chain trading ${collateral}`,
  );
  checkBlocksFit(world, spec.id, 'atBlock', spec.atBlock, spec.holdBlocks);
  return new FlashLoanAttacker(spec, world, protocol, pool as ConstantProductPool, atomic);
}

/** `value` if finite, else 0: a price that never published (NaN) must not reach a report. */
function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** The attacker behind {@link createFlashLoanAttacker}. */
class FlashLoanAttacker implements Adversary {
  readonly id: string;
  private readonly totals = zeroTotals();
  /** Every venue of the protocol's chain trading the collateral (where a hold's final buy-back shops). */
  private readonly chainMarket: CollateralMarket;
  private executedBlock: number | null = null;
  /** Whether the first push has been sold (holds). */
  private pushed = false;
  /** Mid of the pool right after the first push: the price a hold keeps it at. */
  private pushedMid = 0;
  /** Collateral units sold and not yet bought back (holds). */
  private unitsOut = 0;
  /** Those units valued at the fundamental when sold (own capital in use during a hold). */
  private capitalOutUsd = 0;

  constructor(
    private readonly spec: FlashLoanAdversarySpec,
    private readonly world: AdversaryWorld,
    private readonly protocol: LendingProtocol,
    private readonly pool: ConstantProductPool,
    /** The on-chain pools of the protocol's chain trading the collateral: all an atomic transaction may trade. */
    private readonly atomic: CollateralMarket,
  ) {
    this.id = spec.id;
    this.chainMarket = collateralMarketOf(world, protocol);
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
      execute: () => (spec.holdBlocks === 0 ? this.executeFlashLoan() : this.executeHold(final)),
    };
    world.chain.submit(tx);
  }

  /**
   * The flash-loan transaction: push, liquidate and buy back on the protocol's chain's pools only, then repay from
   * what those trades left, or revert.
   */
  private executeFlashLoan(): number {
    const { spec, world, protocol, pool, atomic, totals } = this;
    const fundamental = fundamentalOf(world, protocol.settings.collateral);
    const premium = spec.flashFeeBps / BPS;
    this.executedBlock = world.clock.block;
    const capture = captureState([protocol, atomic, ...atomic.venues], this.boundary());
    const before = ledgerSnapshot(protocol);
    const units = spec.pushUsd / fundamental;
    totals.pushUnits = units;
    totals.poolMidBefore = pool.mid();
    const saleProceedsUsd = pool.sell(units);
    totals.poolMidPushed = pool.mid();
    this.reread(fundamental);
    const { tally, lowestPrice } = this.liquidate(fundamental);
    totals.lowestOraclePrice = lowestPrice;
    const gasUnits = this.payGas(tally.actions);
    // Aave v3 flashLoan: each asset borrowed is returned in kind with amount·FLASHLOAN_PREMIUM_TOTAL/10⁴ on top.
    const owedUnits = units * (1 + premium);
    let buyBackUsd: number;
    try {
      buyBackUsd = buyOnCheapest(atomic.venues, owedUnits, atomic.venues.length === 1 ? 1 : BUY_BACK_SLICES).quoteSpent;
    } catch (error) {
      if (!(error instanceof InsufficientLiquidityError)) throw error;
      this.revert(capture, tally, 0);
      return gasUnits;
    }
    this.reread(fundamental);
    const balanceUsd =
      saleProceedsUsd + tally.proceedsUsd + tally.incentivesUsd - tally.debtRepaidUsd * (1 + premium) - buyBackUsd;
    if (!(balanceUsd >= 0)) {
      this.revert(capture, tally, -balanceUsd);
      return gasUnits;
    }
    totals.atomicBalanceUsd = balanceUsd;
    totals.saleProceedsUsd += saleProceedsUsd;
    // The premium units cost what the buy-back paid per unit; they are a flash fee, not part of the round trip.
    const premiumUnitsUsd = (buyBackUsd * premium) / (1 + premium);
    totals.buyBackUsd += buyBackUsd - premiumUnitsUsd;
    totals.flashFeesUsd += premiumUnitsUsd + tally.debtRepaidUsd * premium;
    totals.borrowedUsd = Math.max(totals.borrowedUsd, units * fundamental + tally.debtRepaidUsd);
    totals.protocolPriceAfter = finiteOrZero(protocol.price);
    this.book(tally, before, fundamental);
    return gasUnits;
  }

  /** Undoes every write of the flash-loan transaction; only its gas (already paid) remains. */
  private revert(capture: StateCapture, tally: LiquidationTally, shortfallUsd: number): void {
    capture.restore();
    const { totals } = this;
    totals.reverted += 1;
    totals.liquidationsReverted += tally.calls;
    totals.revertShortfallUsd = shortfallUsd;
    totals.protocolPriceAfter = finiteOrZero(this.protocol.price);
  }

  /** What a transaction's capture must not enter: the world, the chains executing it and the recorder. */
  private boundary(): ReadonlySet<object> {
    const { world } = this;
    const chains = [world.chain, ...world.otherChains.map((c) => c.chain)];
    return new Set<object>([
      world,
      world.recorder,
      world.clock,
      world.adversaries,
      ...chains,
      ...chains.flatMap((c) => (c.feeMarket ? [c.feeMarket] : [])),
    ]);
  }

  /** One hold transaction (own capital): push or re-push, liquidate, and in the final one buy back. */
  private executeHold(final: boolean): number {
    const { spec, world, protocol, totals } = this;
    const fundamental = fundamentalOf(world, protocol.settings.collateral);
    const before = ledgerSnapshot(protocol);
    if (this.executedBlock === null) {
      this.executedBlock = world.clock.block;
      totals.poolMidBefore = this.pool.mid();
    }
    this.push(fundamental);
    this.reread(fundamental);
    const { tally, lowestPrice } = this.liquidate(fundamental);
    if (totals.lowestOraclePrice === 0 || (lowestPrice > 0 && lowestPrice < totals.lowestOraclePrice))
      totals.lowestOraclePrice = lowestPrice;
    if (final) this.unwindHold(fundamental);
    // The debt asset is flash-borrowed to repay liquidated debt (Aave v3 premium on it); the pushes are own capital.
    totals.flashFeesUsd += (tally.debtRepaidUsd * spec.flashFeeBps) / BPS;
    totals.borrowedUsd = Math.max(totals.borrowedUsd, tally.debtRepaidUsd);
    const gasUnits = this.payGas(tally.actions);
    this.book(tally, before, fundamental);
    return gasUnits;
  }

  /** Books one landed transaction's liquidations and the protocol's loss they caused. */
  private book(tally: LiquidationTally, before: ReturnType<typeof ledgerSnapshot>, fundamental: number): void {
    const { totals, protocol } = this;
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

  /**
   * Liquidates on the protocol's chain's pools as many calls as the transaction's gas allows. Between passes the
   * protocol re-reads its oracle: a spot oracle reads the pool at every call, so the attacker's own liquidation sales
   * into that pool lower the price the next accounts are judged at (a TWAP or push answer does not move in the block).
   */
  private liquidate(fundamental: number): { tally: LiquidationTally; lowestPrice: number } {
    const { spec, protocol } = this;
    let lowestPrice = finiteOrZero(protocol.price);
    const maxActions = this.maxActions();
    const betweenPasses = () => {
      this.reread(fundamental);
      const price = finiteOrZero(protocol.price);
      if (price > 0 && (lowestPrice === 0 || price < lowestPrice)) lowestPrice = price;
    };
    const tally = liquidateAsAdversary(protocol, this.atomic, spec.id, spec.priorityFeeGwei, {
      repayLimitUsd: spec.repayLimitUsd,
      maxActions,
      betweenPasses,
    });
    return { tally, lowestPrice };
  }

  /** Liquidation calls one transaction's gas allows: floor((maxGasUnits − gasUnits) / liquidationGasUnits). */
  private maxActions(): number {
    const { spec } = this;
    return Math.floor((spec.maxGasUnits - spec.gasUnits) / spec.liquidationGasUnits);
  }

  /** Charges one transaction's gas, its fixed part and `actions` liquidation calls; returns the gas units it used. */
  private payGas(actions: number): number {
    const { spec, totals } = this;
    const units = spec.gasUnits + actions * spec.liquidationGasUnits;
    totals.gasUsd += this.world.chain.gasCostUsd(units, spec.priorityFeeGwei);
    totals.gasUnits += units;
    totals.transactions += 1;
    return units;
  }

  /** A hold's sale into the pool: the first push, or a re-push back to its mid within the capital left. */
  private push(fundamental: number): void {
    const { spec, totals, pool } = this;
    let units: number;
    if (!this.pushed) {
      units = spec.pushUsd / fundamental;
      totals.pushUnits = units;
    } else {
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
    totals.peakCapitalUsd = Math.max(totals.peakCapitalUsd, this.capitalOutUsd);
  }

  /** A hold's final buy-back of every unit sold, slice by slice on the cheapest venue of the protocol's chain. */
  private unwindHold(fundamental: number): void {
    const purchase = buyOnCheapest(this.chainMarket.venues, this.unitsOut, BUY_BACK_SLICES);
    this.totals.buyBackUsd += purchase.quoteSpent;
    this.unitsOut = 0;
    this.capitalOutUsd = 0;
    this.reread(fundamental);
    this.totals.protocolPriceAfter = finiteOrZero(this.protocol.price);
  }

  /** The protocol re-reads its oracle inside the transaction (only a spot oracle can move) and relists unsafe accounts.
   * */
  private reread(fundamental: number): void {
    const { protocol, world } = this;
    protocol.oracle.refreshWithinBlock?.(world.clock.timeSeconds, fundamental);
    protocol.rescan(world.clock.timeSeconds);
  }

  report(): AdversaryReport {
    const { spec, totals } = this;
    // Units still out (a hold's unwind that never ran) are charged as if bought back at today's fundamental.
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
      protocolLossUsd: totals.badDebtUsd,
      borrowerLossUsd: totals.penaltiesAtFundamentalUsd,
      executedBlock: this.executedBlock,
      details: {
        ...rest,
        roundTripUsd,
        holdBlocks: spec.holdBlocks,
        unitsNotBoughtBack: this.unitsOut,
        maxLiquidationCalls: this.maxActions(),
      },
    };
  }
}
