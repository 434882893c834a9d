import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import { priceAtHealth } from '../liquidation/health.js';
import type { Keeper } from '../agents/keeper.js';
import type { Chain } from '../chain/chain.js';

/** The world parts the pressure tracker reads. */
export interface PressureParts {
  readonly protocols: readonly LendingProtocol[];
  readonly keepers: readonly Keeper[];
  readonly chain: Chain;
}

/** The per-block columns the tracker writes (one value per block, index = block). */
export interface PressureColumns {
  /** USD debt of lending accounts liquidatable after the engines' refresh (step 5), before any transaction. */
  demand: Float64Array;
  /** USD debt of lending accounts still liquidatable at the end of the block. */
  backlog: Float64Array;
  /** USD debt taken out of accounts but not yet repaid (auctions, absorbed debt) at the end of the block. */
  inLiquidation: Float64Array;
  /** 1 when the block was saturated (see {@link LiquidationPressure}), else 0. */
  saturated: Float64Array;
}

/**
 * Liquidation demand against what keepers could serve, block by block, over the lending protocols (read-only: it
 * never changes the world). `noteDemand` runs after step 5, `record` with the recorder at step 8.
 *
 * A block is saturated when debt is still liquidatable at its end (backlog > 0) and every keeper was stopped by its
 * call limit: it made as many calls as one transaction allows (`maxLiquidationsPerBlock`, and under a fee market
 * also ⌊maxTxGas / gasUnits⌋, as Keeper.submit sizes its transaction), or its liquidation transaction is still
 * waiting in the mempool (the block's gas went to others). A keeper stopped by capital, latency, profit or a paused
 * protocol leaves the block unsaturated: its backlog is not a throughput limit.
 *
 * @example
 * const pressure = new LiquidationPressure(world, columns);
 * pressure.noteDemand(block); // after the engines' refresh
 * pressure.record(block);     // at the recorder's step
 */
export class LiquidationPressure {
  /** Each keeper's call count at the start of the block's transactions. */
  private readonly callsBefore: Float64Array;

  constructor(
    private readonly world: PressureParts,
    private readonly columns: PressureColumns,
  ) {
    this.callsBefore = new Float64Array(world.keepers.length);
  }

  /** After step 5: the debt keepers face, and each keeper's call count before the block's transactions. */
  noteDemand(block: number): void {
    let demand = 0;
    const { protocols, keepers } = this.world;
    for (let p = 0; p < protocols.length; p++) demand += listedDebtUsd(protocols[p]);
    this.columns.demand[block] = demand;
    for (let k = 0; k < keepers.length; k++) this.callsBefore[k] = keepers[k].calls;
  }

  /** At step 8: backlog, debt in liquidation and whether the block was saturated. Block 0 scans every account. */
  record(block: number): void {
    const { protocols } = this.world;
    let backlog = 0;
    let inLiquidation = 0;
    for (let p = 0; p < protocols.length; p++) {
      const protocol = protocols[p];
      backlog += block === 0 ? allUnsafeDebtUsd(protocol) : listedDebtUsd(protocol);
      inLiquidation += protocol.mechanism.debtPending() * protocol.debtPrice;
    }
    this.columns.backlog[block] = backlog;
    this.columns.inLiquidation[block] = inLiquidation;
    if (block === 0) this.columns.demand[0] = backlog;
    this.columns.saturated[block] = block > 0 && backlog > 0 && this.everyKeeperAtLimit() ? 1 : 0;
  }

  /** Whether every keeper used its whole call allowance this block or still waits for inclusion (false without any). */
  private everyKeeperAtLimit(): boolean {
    const { keepers, chain } = this.world;
    if (keepers.length === 0) return false;
    const market = chain.feeMarket;
    for (let k = 0; k < keepers.length; k++) {
      const keeper = keepers[k];
      if (market?.isPending(keeper.settings.id)) continue;
      const allowance = keeper.callAllowance();
      if (keeper.calls - this.callsBefore[k] < allowance) return false;
    }
    return true;
  }
}

/** USD debt of the protocol's listed liquidatable accounts that are liquidatable now. */
function listedDebtUsd(protocol: LendingProtocol): number {
  // Unchanged since the relist: its sum, added in the same order over the same (all liquidatable) accounts.
  const known = protocol.listedDebt();
  if (known !== undefined) return known * protocol.debtPrice;
  const list = protocol.liquidatable;
  const { debt, collateral } = protocol.book;
  const threshold = protocol.uniformThreshold();
  let usd = 0;
  if (threshold === undefined) {
    for (let k = 0; k < list.length; k++) if (protocol.isLiquidatable(list[k])) usd += debt[list[k]];
  } else {
    // isLiquidatable with the threshold read once: debt > 0 and the liquidation price (health 1) above the price.
    const { debtPrice, price } = protocol;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (debt[i] > 0 && priceAtHealth(1, debt[i], debtPrice, collateral[i], threshold) > price) usd += debt[i];
    }
  }
  return usd * protocol.debtPrice;
}

/** USD debt of every liquidatable account of the protocol (block 0: before the first refresh lists them). */
function allUnsafeDebtUsd(protocol: LendingProtocol): number {
  const debt = protocol.book.debt;
  let usd = 0;
  for (let i = 0; i < protocol.book.count; i++) if (protocol.isLiquidatable(i)) usd += debt[i];
  return usd * protocol.debtPrice;
}
