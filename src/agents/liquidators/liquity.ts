import type { LiquityStabilityPoolLiquidation } from '../../protocol/mechanisms/liquity-pool.js';
import { bestSaleVenue, sellOnBestVenue } from '../../market/best-sale.js';
import type { CollateralMarket, KeeperTurn } from './turn.js';

/**
 * A keeper's calls on a Liquity v1 protocol: it liquidates the monitor's troves (ICR < 110%, largest debt first),
 * then the recovery-mode candidates, each once its latency has passed, when the whole trove fits the circuit
 * breaker's allowance and the gas compensation (0.5% of the collateral, sold at once on the best venue, and the
 * 200 LUSD reserve) less gas exceeds its minimum profit. The Stability Pool's depositors sell their share of each
 * collateral gain at once on the best venue.
 *
 * @example
 * actOnLiquity(protocol.mechanism as LiquityStabilityPoolLiquidation, turn, market);
 */
export function actOnLiquity(
  mechanism: LiquityStabilityPoolLiquidation,
  turn: KeeperTurn,
  market: CollateralMarket,
): void {
  mechanism.beginCalls();
  const { protocol } = mechanism;
  const { book } = protocol;
  try {
    for (const account of protocol.liquidatable) {
      if (turn.actionsLeft <= 0) return;
      const t = mechanism.troveOf(account);
      tryLiquidate(mechanism, turn, market, t, book.unsafeSince[account], book.generation[account]);
    }
    for (const t of mechanism.recoveryCandidates) {
      if (turn.actionsLeft <= 0) return;
      tryLiquidate(mechanism, turn, market, t, mechanism.recoverySinceOf(t), mechanism.recoveryGenerationOf(t));
    }
  } finally {
    mechanism.endCalls();
  }
}

/** Liquidates trove `t` (unsafe since block `since`, cascade generation `generation`) if the keeper's latency and
 * profit allow. */
function tryLiquidate(
  mechanism: LiquityStabilityPoolLiquidation,
  turn: KeeperTurn,
  market: CollateralMarket,
  t: number,
  since: number,
  generation: number,
): void {
  const { protocol } = mechanism;
  if (t < 0 || since < 0 || protocol.block < since + turn.settings.latencyBlocks) return;
  const plan = mechanism.plan(t);
  if (!plan.liquidated) return;
  // Liquity liquidates whole troves: one that would exceed this block's seizure allowance waits.
  if (!mechanism.fitsAllowance(plan)) return;
  const incentiveUsd = mechanism.compensationUsd(plan);
  // The keeper's reward is the gas compensation (0.5% of collateral + 200 LUSD); it pays no debt.
  if (
    bestSaleVenue(market.venues, plan.collGasCompensation).proceeds + incentiveUsd - turn.gasUsd <=
    turn.settings.minProfitUsd
  )
    return;

  const call = mechanism.liquidate(t, generation);
  turn.actionsLeft -= 1;
  // The gas compensation's collateral, sold at once; its LUSD reserve as an incentive.
  const collateral = call.keeperCollateral;
  const sale = sellOnBestVenue(market.venues, collateral);
  const proceedsUsd = sale.proceeds;
  market.sales.record(call.generation, proceedsUsd, protocol.id);
  turn.record({
    collateral,
    proceedsUsd,
    costUsd: 0,
    preTradeValueUsd: sale.preTradeValue,
    gasUsd: turn.gasUsd,
    incentiveUsd: call.keeperIncentiveUsd,
    liquidation: true,
  });
  // The depositors' share of their collateral gain, sold at once.
  const sold = call.depositorsSell;
  if (!(sold > 0)) return;
  const depositorProceedsUsd = bestSaleVenue(market.venues, sold).venue.sell(sold);
  market.sales.record(call.generation, depositorProceedsUsd, protocol.id);
  mechanism.recordDepositorSale(sold, depositorProceedsUsd);
}
