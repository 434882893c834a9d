import type { World } from '../world/world.js';
import { EXOGENOUS } from './cause-tally.js';
import type { LiquidationCauses } from '../protocol/attribution-records.js';
import { enginesOfKind } from '../protocol/engine-kinds.js';

/**
 * How liquidations spread between protocols: each protocol's liquidations (lending, cross-asset lending and perp
 * exchanges) split by cause, the exogenous
 * price move (generation 0) or the liquidation sales of a protocol (its own or another's) that pushed the shared
 * price past the account's liquidation price. A generation-k liquidation is attributed to the protocols whose sales
 * of generations below k were outstanding when it happened, in proportion to their decayed weight.
 *
 * @example
 * const c: ContagionReport = result.contagion!;
 * c.liquidations[c.causes.indexOf('lend-a')][c.protocols.indexOf('lend-b')]; // B's liquidations caused by A's sales
 */
export interface ContagionReport {
  /** Rows: `exogenous`, then every protocol that sold. */
  causes: string[];
  /** Columns: the lending protocols, then cross-asset pools, then perp exchanges. */
  protocols: string[];
  /** liquidations[cause][protocol]: liquidation calls (fractional, split by cause). */
  liquidations: number[][];
  /** seizedUsd[cause][protocol]: collateral seized in them, USD at the oracle (perps: notional closed at the mark). */
  seizedUsd: number[][];
  /** Per protocol: share of its liquidations caused by other protocols' sales (0 with none). */
  causedByOthersShare: number[];
  /** Bad debt summed over every protocol (perps: deficits paid by the fund, socialised or uncovered), USD. */
  systemicBadDebtUsd: number;
}

/**
 * The contagion report of a world with at least two protocols (undefined otherwise).
 *
 * @example const contagion = contagionReport(world);
 */
export function contagionReport(world: World): ContagionReport | undefined {
  const tallies: [string, LiquidationCauses][] = [
    ...[...world.protocols, ...enginesOfKind(world, 'cross-lending')].map((p): [string, LiquidationCauses] => [
      p.id,
      p.ledger.causes,
    ]),
    ...enginesOfKind(world, 'perp').map((p): [string, LiquidationCauses] => [p.id, p.causes]),
  ];
  if (tallies.length < 2) return undefined;
  const protocols = tallies.map(([id]) => id);
  const sellers = new Set<string>();
  for (const [, tally] of tallies)
    for (const cause of tally.causedBy.keys()) if (cause !== EXOGENOUS) sellers.add(cause);
  const causes = [EXOGENOUS, ...[...sellers].sort()];
  const cell = (cause: string, p: number, field: 'liquidations' | 'seizedUsd') =>
    tallies[p][1].causedBy.get(cause)?.[field] ?? 0;
  const liquidations = causes.map((cause) => protocols.map((_, p) => cell(cause, p, 'liquidations')));
  const seizedUsd = causes.map((cause) => protocols.map((_, p) => cell(cause, p, 'seizedUsd')));
  const causedByOthersShare = protocols.map((id, p) => {
    const total = causes.reduce((sum, _, c) => sum + liquidations[c][p], 0);
    const others = causes.reduce(
      (sum, cause, c) => sum + (cause !== EXOGENOUS && cause !== id ? liquidations[c][p] : 0),
      0,
    );
    return total > 0 ? others / total : 0;
  });
  const lendingBadDebt = [...world.protocols, ...enginesOfKind(world, 'cross-lending')].reduce(
    (sum, p) => sum + p.ledger.badDebtUsd,
    0,
  );
  const perpDeficits = enginesOfKind(world, 'perp').reduce(
    (sum, p) => sum + p.ledger.fundPaidUsd + p.ledger.socialisedLossUsd + p.ledger.uncoveredDeficitUsd,
    0,
  );
  return {
    causes,
    protocols,
    liquidations,
    seizedUsd,
    causedByOthersShare,
    systemicBadDebtUsd: lendingBadDebt + perpDeficits,
  };
}
