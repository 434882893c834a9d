import type { World } from '../kernel/world.js';
import { EXOGENOUS } from '../protocol/lending/ledger.js';

/**
 * How liquidations spread between protocols: each lending protocol's liquidations split by cause, the exogenous
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
  /** Columns: the lending protocols. */
  protocols: string[];
  /** liquidations[cause][protocol]: liquidation calls (fractional, split by cause). */
  liquidations: number[][];
  /** seizedUsd[cause][protocol]: collateral seized in them, USD at the oracle. */
  seizedUsd: number[][];
  /** Per protocol: share of its liquidations caused by other protocols' sales (0 with none). */
  causedByOthersShare: number[];
  /** Bad debt summed over every protocol, USD. */
  systemicBadDebtUsd: number;
}

/**
 * The contagion report of a world with at least two lending protocols (undefined otherwise).
 *
 * @example const contagion = contagionReport(world);
 */
export function contagionReport(world: World): ContagionReport | undefined {
  const lending = world.protocols;
  if (lending.length < 2) return undefined;
  const protocols = lending.map((p) => p.id);
  const sellers = new Set<string>();
  for (const p of lending) for (const cause of p.ledger.causedBy.keys()) if (cause !== EXOGENOUS) sellers.add(cause);
  const causes = [EXOGENOUS, ...[...sellers].sort()];
  const cell = (cause: string, p: number, field: 'liquidations' | 'seizedUsd') => lending[p].ledger.causedBy.get(cause)?.[field] ?? 0;
  const liquidations = causes.map((cause) => protocols.map((_, p) => cell(cause, p, 'liquidations')));
  const seizedUsd = causes.map((cause) => protocols.map((_, p) => cell(cause, p, 'seizedUsd')));
  const causedByOthersShare = protocols.map((id, p) => {
    const total = causes.reduce((sum, _, c) => sum + liquidations[c][p], 0);
    const others = causes.reduce((sum, cause, c) => sum + (cause !== EXOGENOUS && cause !== id ? liquidations[c][p] : 0), 0);
    return total > 0 ? others / total : 0;
  });
  const systemicBadDebtUsd = [...lending, ...world.crossProtocols].reduce((sum, p) => sum + p.ledger.badDebtUsd, 0);
  return { causes, protocols, liquidations, seizedUsd, causedByOthersShare, systemicBadDebtUsd };
}
