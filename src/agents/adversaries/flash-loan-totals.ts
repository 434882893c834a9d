// The running totals a flash-loan attacker keeps (src/agents/adversaries/flash-loan.ts).

/**
 * Running totals of a flash-loan attack, USD unless named in units (the report's details; see createFlashLoanAttacker).
 *
 * @example const totals: FlashTotals = zeroTotals();
 */
export interface FlashTotals {
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
  /** Gas units of every transaction, liquidation calls included. */
  gasUnits: number;
  reverted: number;
  liquidationsReverted: number;
  revertShortfallUsd: number;
  atomicBalanceUsd: number;
  /** Largest amount flash-borrowed in one transaction. */
  borrowedUsd: number;
  /** Peak of own collateral sold and not yet bought back (holds only). */
  peakCapitalUsd: number;
}

/**
 * Totals before the attack: every field 0.
 *
 * @example const totals = zeroTotals();
 */
export function zeroTotals(): FlashTotals {
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
    gasUnits: 0,
    reverted: 0,
    liquidationsReverted: 0,
    revertShortfallUsd: 0,
    atomicBalanceUsd: 0,
    borrowedUsd: 0,
    peakCapitalUsd: 0,
  };
}
