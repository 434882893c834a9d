// An adversary liquidating through a protocol's own mechanism, with its own keeper turn, and what that did to the
// protocol's ledger.
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { CollateralMarket, KeeperOutcome, KeeperTurn, LiquidatorMarket } from '../liquidators/turn.js';
import { liquidatorFor } from '../liquidators/index.js';
import type { KeeperSettings } from '../keeper-settings.js';

/**
 * What an adversary's liquidation calls in one transaction brought in.
 *
 * @example const earned = tally.proceedsUsd + tally.incentivesUsd - tally.debtRepaidUsd;
 */
export interface LiquidationTally {
  /** Liquidation calls made. */
  calls: number;
  /** Contract calls of every kind (liquidations, auction kicks and bids), each paying a liquidation's gas. */
  actions: number;
  /** Collateral units received (and sold at once by the mechanism). */
  collateralUnits: number;
  /** USD the sales of that collateral fetched. */
  proceedsUsd: number;
  /** USD paid to the protocol for it (debt repaid, bids). */
  debtRepaidUsd: number;
  /** USD the protocol paid as incentives (Maker tip and chip, Liquity gas compensation); 0 for instant rules. */
  incentivesUsd: number;
}

/**
 * An empty {@link LiquidationTally}.
 *
 * @example const tally = emptyTally();
 */
export function emptyTally(): LiquidationTally {
  return { calls: 0, actions: 0, collateralUnits: 0, proceedsUsd: 0, debtRepaidUsd: 0, incentivesUsd: 0 };
}

/**
 * How an adversary's transaction liquidates: its flash-loan capital, how many calls fit in its gas, and what happens
 * between passes over the liquidatable list.
 *
 * @example const options: AdversaryLiquidation = { repayLimitUsd: 1e8, maxActions: 71, betweenPasses: reread };
 */
export interface AdversaryLiquidation {
  /** Most debt asset flash-borrowed to repay debt, USD. */
  repayLimitUsd: number;
  /** Most contract calls (liquidations, kicks, bids) the transaction's gas allows. */
  maxActions: number;
  /** Run after each pass that liquidated something, before the next (the protocol re-reads a spot oracle there). */
  betweenPasses?: () => void;
}

/**
 * Liquidates what is liquidatable on `protocol` now through the keepers' strategy (`liquidatorFor`), as a keeper with
 * no
 * latency and
 * no
 * minimum profit whose capital is a flash loan of up to `repayLimitUsd` of the debt asset, making at most `maxActions`
 * calls. It passes over the list again while a pass liquidated something and calls are left, so it takes what a later
 * keeper in the block would; `betweenPasses` runs before each further pass. Gas is not charged here (the caller charges
 * its transaction, `actions` calls included). Does nothing while the protocol pauses liquidations.
 *
 * @example
 * const tally = liquidateAsAdversary(protocol, market, 'fl', 50, { repayLimitUsd: 1e8, maxActions: 71 });
 * tally.proceedsUsd - tally.debtRepaidUsd; // what the liquidations earned before fees and gas
 */
export function liquidateAsAdversary(
  protocol: LendingProtocol,
  market: CollateralMarket,
  adversaryId: string,
  priorityFeeGwei: number,
  options: AdversaryLiquidation,
): LiquidationTally {
  const tally = emptyTally();
  const { repayLimitUsd, maxActions, betweenPasses } = options;
  const settings: KeeperSettings = {
    id: adversaryId,
    capitalUsd: repayLimitUsd,
    gasUnits: 0,
    latencyBlocks: 0,
    minProfitUsd: 0,
    priorityFeeGwei,
    maxLiquidationsPerBlock: maxActions,
    auctionBidding: 'value',
  };
  const turn: KeeperTurn = {
    settings,
    gasUsd: 0,
    capitalLeft: repayLimitUsd,
    actionsLeft: maxActions,
    record: (outcome: KeeperOutcome) => {
      if (outcome.liquidation) tally.calls += 1;
      tally.collateralUnits += outcome.collateral;
      tally.proceedsUsd += outcome.proceedsUsd;
      tally.debtRepaidUsd += outcome.costUsd;
      tally.incentivesUsd += outcome.incentiveUsd ?? 0;
    },
  };
  const target: LiquidatorMarket = {
    protocol,
    venues: market.venues,
    sales: market.sales,
    debtMarket: market.debtMarket,
  };
  const liquidator = liquidatorFor(target);
  // Every productive pass spends at least one call of the finite maxActions, so the loop ends.
  for (let pass = 0; ; pass++) {
    if (pass > 0) betweenPasses?.();
    if (
      !protocol.liquidationsAllowed() ||
      protocol.liquidatable.length === 0 ||
      turn.capitalLeft <= 0 ||
      turn.actionsLeft <= 0
    )
      break;
    const before = turn.actionsLeft;
    liquidator.act(turn);
    if (turn.actionsLeft === before) break;
  }
  tally.actions = maxActions - turn.actionsLeft;
  return tally;
}

/**
 * The protocol ledger totals an attack is judged by, read before and after it.
 *
 * @example const before: LedgerSnapshot = ledgerSnapshot(protocol);
 */
export interface LedgerSnapshot {
  collateralSeized: number;
  debtRepaidUsd: number;
  penaltiesUsd: number;
  badDebtUsd: number;
  accountsLiquidated: number;
}

/**
 * The ledger totals of `protocol` now.
 *
 * @example const before = ledgerSnapshot(protocol);
 */
export function ledgerSnapshot(protocol: LendingProtocol): LedgerSnapshot {
  const { collateralSeized, debtRepaidUsd, penaltiesUsd, badDebtUsd, accountsLiquidated } = protocol.ledger;
  return { collateralSeized, debtRepaidUsd, penaltiesUsd, badDebtUsd, accountsLiquidated };
}

/**
 * What borrowers and the protocol lost between two snapshots.
 *
 * @example const { penaltiesAtFundamentalUsd, badDebtUsd }: ProtocolLoss = protocolLossBetween(before, after, 2000);
 */
export interface ProtocolLoss {
  /** Penalties as the protocol books them: seized collateral at the (manipulated) oracle price − debt repaid, USD. */
  penaltiesAtOracleUsd: number;
  /**
   * What borrowers really gave up, USD: seized collateral at the fundamental price − debt repaid − debt written off
   * (an account whose collateral runs out loses its collateral but no longer owes the written-off debt).
   */
  penaltiesAtFundamentalUsd: number;
  /** Debt written off, USD. */
  badDebtUsd: number;
  /** Accounts liquidated for the first time. */
  accountsLiquidated: number;
}

/**
 * Loss between `before` and `after`, valuing seized collateral at `fundamental` for the borrowers' side. Borrowers'
 * penalties + bad debt = seized·fundamental − repaid: the value liquidators (and the protocol's fee) took out.
 *
 * @example const loss = protocolLossBetween(before, ledgerSnapshot(protocol), 2000);
 */
export function protocolLossBetween(before: LedgerSnapshot, after: LedgerSnapshot, fundamental: number): ProtocolLoss {
  const seized = after.collateralSeized - before.collateralSeized;
  const repaid = after.debtRepaidUsd - before.debtRepaidUsd;
  const badDebtUsd = after.badDebtUsd - before.badDebtUsd;
  return {
    penaltiesAtOracleUsd: after.penaltiesUsd - before.penaltiesUsd,
    penaltiesAtFundamentalUsd: seized * fundamental - repaid - badDebtUsd,
    badDebtUsd,
    accountsLiquidated: after.accountsLiquidated - before.accountsLiquidated,
  };
}
