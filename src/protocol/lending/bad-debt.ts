// Who pays a lending protocol's bad debt: its suppliers (Morpho Blue, Euler v2 socialise it) or its insurance fund.
import type { InsuranceFund } from '../../liquidation/insurance-fund.js';
import type { BadDebtBearer } from '../../liquidation/rules/rule.js';
import type { InsuranceDrawRunEvent } from '../attribution-records.js';
import type { LendingLedger } from './ledger.js';

/** What {@link chargeBadDebt} reads and writes of a lending protocol (LendingProtocol satisfies it). */
export interface BadDebtBooks {
  readonly id: string;
  readonly block: number;
  readonly ledger: LendingLedger;
  readonly fund: InsuranceFund;
  readonly fundDraws: InsuranceDrawRunEvent[];
  readonly settings: { readonly badDebtBearer: BadDebtBearer };
}

/**
 * Records `badDebtUsd` of debt that will never be repaid and charges it to the suppliers or to the insurance fund,
 * listing each fund draw (what it covered, what it could not).
 *
 * @example chargeBadDebt(protocol, 12_500);
 */
export function chargeBadDebt(protocol: BadDebtBooks, badDebtUsd: number): void {
  if (!(badDebtUsd > 0)) return;
  const { ledger, fund } = protocol;
  ledger.badDebtUsd += badDebtUsd;
  if (protocol.settings.badDebtBearer === 'suppliers') {
    ledger.socialisedBadDebtUsd += badDebtUsd;
    return;
  }
  const { covered, uncovered } = fund.coverBadDebt(badDebtUsd);
  protocol.fundDraws.push({
    kind: 'insurance-draw',
    block: protocol.block,
    protocol: protocol.id,
    badDebtUsd,
    coveredUsd: covered,
    uncoveredUsd: uncovered,
    fundAfterUsd: fund.balanceUsd(),
  });
}
