import type { LendingProtocol } from '../lending/lending-protocol.js';
import type { LendingSpec } from '../../scenario/schema.js';
import {
  liquidateTrove,
  planLiquidation,
  type LiquidationKind,
  type LiquidationResult,
} from '../../liquidation/liquity-v1/liquidate.js';
import type { StabilityPool } from '../../liquidation/liquity-v1/stability-pool.js';
import { CCR, MCR, type Troves } from '../../liquidation/liquity-v1/troves.js';
import { LiquityBookMirror, STABILITY_POOL_DEPOSITORS } from './liquity-book-mirror.js';
import type { LiquidationMechanism } from './mechanism.js';

type Settings = Extract<LendingSpec['liquidationRule'], { type: 'liquity-v1' }>;

/** Liquity MCR 110% as a liquidation threshold: health < 1 ⇔ ICR < 110%. */
export const LIQUITY_LIQUIDATION_THRESHOLD = 1 / MCR;

/** One liquidation, as the mechanism's history keeps it. */
export interface LiquityLiquidation {
  /** Block of the liquidation. */
  block: number;
  /** Account liquidated. */
  account: number;
  /** TroveManager branch taken. */
  kind: LiquidationKind;
  /** Debt units burnt from the Stability Pool. */
  debtOffset: number;
  /** Debt units redistributed to the other troves. */
  debtRedistributed: number;
}

/** What one `liquidate` call gave: the liquidator's gas compensation and what depositors sell of their gain. */
export interface LiquityCall {
  /** Cascade generation of the trove's collateral, for attributing its sales. */
  readonly generation: number;
  /** Collateral units of gas compensation the liquidator received. */
  readonly keeperCollateral: number;
  /** The LUSD gas compensation the liquidator received, USD. */
  readonly keeperIncentiveUsd: number;
  /** Collateral units of their gain the Stability Pool's depositors sell at once. */
  readonly depositorsSell: number;
}

/** Running totals of the Stability Pool side and the recovery-mode episodes. */
export interface LiquityStats {
  /** Blocks whose protocol check found TCR < 150%. */
  recoveryBlocks: number;
  /** First block in recovery mode, −1 if none. */
  firstRecoveryBlock: number;
  /** Collateral units the pool received from offsets. */
  collateralToDepositors: number;
  /** Of which depositors sold at once. */
  depositorCollateralSold: number;
  /** USD those sales fetched. */
  depositorProceedsUsd: number;
  /** Collateral units depositors hold (not sold). */
  depositorCollateralHeld: number;
}

/**
 * Liquity v1 (TroveManager, StabilityPool): a keeper calls `liquidate` on a trove and receives the gas
 * compensation (0.5% of the collateral, sold at once, and the 200 LUSD reserve); the Stability Pool offsets
 * what it can (depositors lose that LUSD and gain the matching collateral, `depositorsSellShare` of which
 * they sell at once); the rest is redistributed to the other troves by stake. Recovery mode (TCR < 150%)
 * also liquidates troves with 110% ≤ ICR < TCR when the pool covers their whole debt, taking collateral
 * only up to 1.1·debt/price and leaving the surplus claimable by the owner.
 *
 * Ledger: the trove's whole collateral and debt leave its account (`takeIntoLiquidation`); gas compensation
 * collateral → collateralToLiquidators; pool's collateral → collateralToStabilityPool; capped surplus →
 * collateralReturned; redistributed amounts → collateralRedistributed / debtRedistributed (and back into
 * the other accounts); debt offset → debt repaid, with penalty = pool collateral at the oracle − debt offset.
 * The 200 LUSD reserve is part of the trove's debt (minted to the gas pool when it opened), so it needs no
 * debt entry of its own: it is booked as keeper incentive, capped at the trove's debt for troves smaller than
 * Liquity's minimum. Bad debt never arises: the last trove cannot be liquidated (TroveManager), so there is
 * always a trove to redistribute to; an underwater last trove stays on the book.
 *
 * Keepers: the monitor lists troves below 110% (latency from `unsafeSince`); troves liquidatable only in
 * recovery mode are found by an O(N) scan at the protocol check, their latency counted from the first block
 * they were seen and their cascade generation that of the oracle price at which TCR reached 150%. A whole
 * trove must fit the circuit breaker's allowance for the block ({@link fitsAllowance}). Which troves a keeper
 * liquidates is its strategy (agents/liquidators/liquity.ts), between {@link beginCalls} and {@link endCalls}.
 * State: see {@link LiquityBookMirror} for how troves and the AccountBook agree.
 *
 * @example
 * protocol.attach(new LiquityStabilityPoolLiquidation(protocol, { type: 'liquity-v1', stabilityPoolUsd: 5e6, depositorsSellShare: 1 }));
 */
export class LiquityStabilityPoolLiquidation implements LiquidationMechanism {
  readonly name = 'liquity-v1';
  readonly badDebtBearer = 'suppliers' as const;
  /** Every liquidation, in order. */
  readonly history: LiquityLiquidation[] = [];
  /** Stability Pool and recovery-mode totals. */
  readonly stats: LiquityStats = {
    recoveryBlocks: 0,
    firstRecoveryBlock: -1,
    collateralToDepositors: 0,
    depositorCollateralSold: 0,
    depositorProceedsUsd: 0,
    depositorCollateralHeld: 0,
  };
  private mirrorState?: LiquityBookMirror;
  /** Per trove: block it was first seen liquidatable only because of recovery mode (110% ≤ ICR < TCR), −1 otherwise. */
  private recoverySince = new Int32Array(0);
  /** Per trove: cascade generation given when it was first seen so. */
  private recoveryGeneration = new Int16Array(0);
  /** This block's recovery-mode candidates (troves), lowest ICR first as TroveManager.liquidateTroves goes. */
  private readonly recoveryCandidateList: number[] = [];
  private inRecovery = false;

  constructor(
    readonly protocol: LendingProtocol,
    private readonly settings: Settings,
  ) {}

  /** The troves, built from the book on first use. */
  get troves(): Troves {
    return this.mirror().system.troves;
  }

  /** The Stability Pool, holding `stabilityPoolUsd` of deposits at the start. */
  get pool(): StabilityPool {
    return this.mirror().system.pool;
  }

  /** Whether the latest protocol check found the system in recovery mode. */
  get recoveryMode(): boolean {
    return this.inRecovery;
  }

  collateralPending(): number {
    return 0;
  }

  debtPending(): number {
    return 0;
  }

  /** Picks up top-ups, then checks recovery mode and, in it, lists the troves only recovery mode makes liquidatable
   * (O(N)). */
  onBlock(): void {
    const mirror = this.mirror();
    mirror.pickUpTopUps();
    const { protocol } = this;
    const { troves } = mirror.system;
    const price = this.priceInDebt();
    const tcr = troves.tcr(price);
    const wasRecovery = this.inRecovery;
    this.recoveryCandidateList.length = 0;
    // LiquityBase._checkRecoveryMode: TCR < CCR.
    this.inRecovery = tcr < CCR;
    if (!this.inRecovery) {
      if (wasRecovery) this.recoverySince.fill(-1);
      return;
    }
    this.stats.recoveryBlocks += 1;
    if (this.stats.firstRecoveryBlock < 0) this.stats.firstRecoveryBlock = protocol.block;
    // Such troves became liquidatable when the oracle crossed the price at which TCR = CCR.
    const recoveryPrice = (CCR * troves.totalDebt() * protocol.debtPrice) / troves.totalCollateral();
    const generation = protocol.classifier.generationOf(recoveryPrice);
    const icrs = new Map<number, number>();
    for (let t = 0; t < troves.size; t++) {
      const icr = troves.isActive(t) ? troves.icr(t, price) : Number.NaN;
      // TroveManager recovery branch: MCR ≤ ICR < TCR (below MCR the monitor already lists the trove).
      if (icr >= MCR && icr < tcr) {
        this.recoveryCandidateList.push(t);
        icrs.set(t, icr);
        if (this.recoverySince[t] < 0) {
          this.recoverySince[t] = protocol.block;
          this.recoveryGeneration[t] = generation;
        }
      } else {
        this.recoverySince[t] = -1;
      }
    }
    this.recoveryCandidateList.sort((a, b) => (icrs.get(a) as number) - (icrs.get(b) as number) || a - b);
  }

  /** Opens a keeper's calls: picks up borrowers' top-ups. Close them with {@link endCalls} (in a `finally`). */
  beginCalls(): void {
    this.mirror().pickUpTopUps();
  }

  /** Closes a keeper's calls: writes redistributions back into the book once (O(N)) and reindexes the monitor. */
  endCalls(): void {
    this.mirror().flush();
  }

  /** The trove of `account`, −1 if it has none. */
  troveOf(account: number): number {
    return this.mirror().troveOf(account);
  }

  /** This block's recovery-mode candidates (troves), lowest ICR first as TroveManager.liquidateTroves goes. */
  get recoveryCandidates(): readonly number[] {
    return this.recoveryCandidateList;
  }

  /** Block at which trove `t` was first seen liquidatable only because of recovery mode, −1 otherwise. */
  recoverySinceOf(t: number): number {
    return this.recoverySince[t];
  }

  /** Cascade generation given to trove `t` when it was first seen liquidatable in recovery mode. */
  recoveryGenerationOf(t: number): number {
    return this.recoveryGeneration[t];
  }

  /**
   * What `liquidate` on trove `t` would do at the oracle price now (TroveManager: normal or recovery branch, offset
   * and redistribution, gas compensation), without doing it.
   */
  plan(t: number): LiquidationResult {
    return planLiquidation(t, this.priceInDebt(), this.mirror().system);
  }

  /** Whether the whole trove a plan liquidates fits this block's seizure allowance (Liquity liquidates whole troves).
   * */
  fitsAllowance(plan: LiquidationResult): boolean {
    const { protocol } = this;
    return !(plan.entireColl * protocol.price > protocol.breaker.allowanceUsd());
  }

  /** The LUSD part of the gas compensation a plan pays the liquidator, USD (the 200 LUSD reserve, capped at debt). */
  compensationUsd(plan: LiquidationResult): number {
    return this.lusdCompensation(plan) * this.protocol.debtPrice;
  }

  /**
   * TroveManager `liquidate` on trove `t` (first seen liquidatable with cascade generation `generation`): the
   * liquidator gets the gas compensation, the Stability Pool offsets what it can (depositors claim the collateral
   * gain, of which they sell `depositorsSellShare`), the rest is redistributed to the other troves, and a capped
   * surplus is left to the owner.
   */
  liquidate(t: number, generation: number): LiquityCall {
    const { protocol } = this;
    const mirror = this.mirror();
    const price = this.priceInDebt();
    const account = mirror.accountOf(t);
    mirror.syncAccount(t);
    // Recovery-mode troves are not on the monitor's list: give the account this episode's generation.
    if (protocol.book.generation[account] < 0) protocol.book.generation[account] = Math.max(0, generation);
    const result = liquidateTrove(t, price, mirror.system);
    const salesGeneration = protocol.takeIntoLiquidation(account, result.entireColl, result.entireDebt);
    // Gas compensation: the collateral part to the liquidator, the LUSD reserve as its incentive.
    const keeperIncentiveUsd = this.lusdCompensation(result) * protocol.debtPrice;
    protocol.ledger.collateralToLiquidators += result.collGasCompensation;
    protocol.ledger.keeperIncentivesUsd += keeperIncentiveUsd;
    const depositorsSell = this.offset(result);
    if (result.debtRedistributed > 0) {
      // _redistributeDebtAndColl: the rest goes to the other troves, written back into their accounts.
      protocol.ledger.collateralRedistributed += result.collRedistributed;
      protocol.ledger.debtRedistributed += result.debtRedistributed;
      mirror.markRedistributed();
    }
    // CollSurplusPool: above 1.1·debt/price, claimable by the owner.
    protocol.returnToOwner(result.collSurplus, result.collSurplus * protocol.price);
    this.history.push({
      block: protocol.block,
      account,
      kind: result.kind,
      debtOffset: result.debtOffset,
      debtRedistributed: result.debtRedistributed,
    });
    return {
      generation: salesGeneration,
      keeperCollateral: result.collGasCompensation,
      keeperIncentiveUsd,
      depositorsSell,
    };
  }

  /** Books that depositors sold `sold` units of their collateral gain for `proceedsUsd`. */
  recordDepositorSale(sold: number, proceedsUsd: number): void {
    this.stats.depositorCollateralSold += sold;
    this.stats.depositorProceedsUsd += proceedsUsd;
  }

  /**
   * StabilityPool.offset: depositors' LUSD burnt as debt repaid; they claim the collateral gain and hold what they do
   * not sell. Returns the units they sell.
   */
  private offset(result: LiquidationResult): number {
    if (!(result.debtOffset > 0)) return 0;
    const { protocol, stats } = this;
    const { ledger } = protocol;
    ledger.collateralToStabilityPool += result.collSentToPool;
    protocol.recordRepayment(result.debtOffset);
    stats.collateralToDepositors += result.collSentToPool;
    // withdrawFromSP(0): depositors claim their whole collateral gain, sell a share, hold the rest.
    const gain = this.mirror().system.pool.withdraw(STABILITY_POOL_DEPOSITORS, 0).coll;
    const sold = gain * this.settings.depositorsSellShare;
    stats.depositorCollateralHeld += gain - sold;
    return sold;
  }

  /** LUSD_GAS_COMPENSATION, capped at the trove's debt, which includes it (troves below Liquity's 2,000 LUSD minimum).
   * */
  private lusdCompensation(result: LiquidationResult): number {
    return Math.min(result.lusdGasCompensation, result.entireDebt);
  }

  /** The oracle price in debt units per collateral unit (what ICR and TCR use). */
  private priceInDebt(): number {
    return this.protocol.price / this.protocol.debtPrice;
  }

  /** The troves and pool, built from the book the first time they are needed. */
  private mirror(): LiquityBookMirror {
    if (this.mirrorState === undefined) {
      this.mirrorState = new LiquityBookMirror(this.protocol, this.settings.stabilityPoolUsd / this.protocol.debtPrice);
      const n = this.protocol.book.count;
      this.recoverySince = new Int32Array(n).fill(-1);
      this.recoveryGeneration = new Int16Array(n).fill(-1);
    }
    return this.mirrorState;
  }
}
