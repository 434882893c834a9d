// What a keeper sees of the margin engines it liquidates on, apart from keeper.ts so the modules the keeper uses
// (its fee estimates, adversaries) can name it without importing the keeper.
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { CollateralMarket } from './liquidators/turn.js';
import type { OevAuction } from '../liquidation/oev-auction.js';
import type { CrossKeeperMarket } from './cross-liquidator.js';

/** What a keeper needs to see of one lending protocol: the protocol and its collateral market. */
export interface KeeperMarket extends CollateralMarket {
  /** Margin-engine family (absent means lending). */
  kind?: 'lending';
  protocol: LendingProtocol;
  /** The protocol's auction of the right to liquidate, when it recaptures oracle-extractable value. */
  oev?: OevAuction;
}

/** What a keeper sees of one margin engine it liquidates on: a lending protocol or a cross-asset pool. */
export type EngineMarket = KeeperMarket | CrossKeeperMarket;
