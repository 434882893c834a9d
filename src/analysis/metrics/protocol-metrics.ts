import type { World } from '../../world/world.js';
import type { ProtocolKind, ProtocolMetrics } from '../result.js';
import { enginesOfKind, type EngineOfKind } from '../../protocol/engine-kinds.js';

/**
 * Each margin engine's metrics: lending protocols, then cross-asset pools, then perp exchanges, in scenario order
 * within each family (the order every total over them is summed in).
 *
 * @example protocolMetrics(world).map((p) => p.kind); // ['lending', 'perp']
 */
export function protocolMetrics(world: World): ProtocolMetrics[] {
  return [
    ...world.protocols.map((p) => lendingMetrics(p, 'lending')),
    ...enginesOfKind(world, 'cross-lending').map((p) => lendingMetrics(p, 'cross-lending')),
    ...enginesOfKind(world, 'perp').map(perpMetrics),
  ];
}

/** A lending protocol's or a cross-asset pool's metrics, from its USD ledger and fund. */
function lendingMetrics(
  p: World['protocols'][number] | EngineOfKind['cross-lending'],
  kind: ProtocolKind,
): ProtocolMetrics {
  const { ledger, fund } = p;
  return {
    protocol: p.id,
    kind,
    liquidations: ledger.liquidations,
    accountsLiquidated: ledger.accountsLiquidated,
    liquidatedUsd: ledger.collateralSeizedUsd,
    penaltiesUsd: ledger.penaltiesUsd,
    badDebtUsd: ledger.badDebtUsd,
    insuranceFundUsedUsd: fund.usedUsd,
    socialisedBadDebtUsd: ledger.socialisedBadDebtUsd,
    uncoveredBadDebtUsd: fund.uncoveredUsd,
    insuranceFundShortfalls: fund.shortfalls,
    insuranceFundStartUsd: fund.initialUsd,
    insuranceFundEndUsd: fund.balanceUsd(),
    adlNotionalUsd: 0,
  };
}

/** A perp exchange's metrics, from its ledger and fund. */
function perpMetrics(perp: EngineOfKind['perp']): ProtocolMetrics {
  const { ledger, fund } = perp;
  return {
    protocol: perp.id,
    kind: 'perp',
    liquidations: ledger.liquidations,
    accountsLiquidated: ledger.accountsLiquidated,
    liquidatedUsd: total(ledger.byMarket, (m) => m.longNotionalUsd + m.shortNotionalUsd),
    penaltiesUsd: ledger.feesUsd,
    badDebtUsd: ledger.deficitUsd,
    insuranceFundUsedUsd: fund.usedUsd,
    socialisedBadDebtUsd: ledger.socialisedLossUsd,
    uncoveredBadDebtUsd: ledger.uncoveredDeficitUsd,
    insuranceFundShortfalls: fund.shortfalls,
    insuranceFundStartUsd: fund.initialUsd,
    insuranceFundEndUsd: fund.balanceUsd(),
    adlNotionalUsd: ledger.adlNotionalUsd,
  };
}

/** Σ f(item) in list order, from 0 (one small loop: its call of `f` is not inlined into each caller). */
export function total<T>(items: readonly T[], f: (item: T) => number): number {
  let sum = 0;
  for (let k = 0; k < items.length; k++) sum += f(items[k]);
  return sum;
}
