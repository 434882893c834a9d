import type { World } from '../world/world.js';
import { enginesOfKind, type EngineOfKind } from '../protocol/engine-kinds.js';

/** The family of a margin engine. */
export type ProtocolKind = 'lending' | 'cross-lending' | 'perp';

/**
 * One margin engine's part of a run's metrics, the same fields for every family. USD in the numeraire.
 *
 * @example result.metrics.byProtocol.find((p) => p.protocol === 'perp-dex')?.adlNotionalUsd;
 */
export interface ProtocolMetrics {
  protocol: string;
  kind: ProtocolKind;
  /** Liquidation calls (lending) or liquidation events: partial or full closes, backstop takeovers (perp). */
  liquidations: number;
  accountsLiquidated: number;
  /** Lending: collateral seized, at the oracle when seized. Perp: notional closed by liquidation, at the mark. USD. */
  liquidatedUsd: number;
  /** Lending: what borrowers lost to liquidation (see RunMetrics.borrowerPenaltiesUsd). Perp: liquidation fees charged
   * to traders. USD. */
  penaltiesUsd: number;
  /** Lending: debt written off with no collateral left. Perp: negative equity of accounts closed out. USD. */
  badDebtUsd: number;
  /** Part of the bad debt the insurance fund paid, USD. */
  insuranceFundUsedUsd: number;
  /** Part charged to suppliers (Morpho Blue, Euler v2) or to profitable traders (perp socialisation), USD. */
  socialisedBadDebtUsd: number;
  /** Part nobody covered, USD. */
  uncoveredBadDebtUsd: number;
  /** Times its insurance fund was asked for more than it held (a perp exchange's ADL counts: the fund could not pay).
   * */
  insuranceFundShortfalls: number;
  insuranceFundStartUsd: number;
  insuranceFundEndUsd: number;
  /** Perp: notional closed by auto-deleveraging, at the bankruptcy prices (0 for lending), USD. */
  adlNotionalUsd: number;
}

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
