// The answers the live book gives (summary, unsafe accounts, density, health) and what it keeps per protocol.
import type { AccountRisk, DensityBucket, HealthBucket } from './book-queries.js';
import type { ProtocolBook } from './protocol-book.js';

/** One protocol in {@link BookSummary}; USD at the current prices. */
export interface ProtocolSummary {
  id: string;
  collateral: string;
  debt: string;
  /** Collateral price, USD. */
  price: number;
  accounts: number;
  debtUsd: number;
  collateralUsd: number;
  unsafeAccounts: number;
  unsafeDebtUsd: number;
  unsafeCollateralUsd: number;
  liquidationThreshold: number;
  liquidationBonus: number;
}

/** The whole book at a glance. */
export interface BookSummary {
  sequence: number;
  prices: Record<string, number>;
  gasGwei: number;
  protocols: ProtocolSummary[];
}

/** The unsafe set of one protocol and its largest accounts. */
export interface UnsafeAccounts {
  protocol: string;
  price: number;
  accounts: number;
  debtUsd: number;
  collateralUsd: number;
  /** Largest debt first (ties: account name). */
  top: AccountRisk[];
}

/** Liquidation-density map of one protocol. */
export interface DensityMap {
  protocol: string;
  price: number;
  unsafeDebtUsd: number;
  buckets: DensityBucket[];
}

/** Health distribution of one protocol's accounts with debt. */
export interface HealthDistribution {
  protocol: string;
  buckets: HealthBucket[];
}

/** Depth of one venue as last set. */
export interface VenueDepth {
  depthUsdPer1Pct?: number;
  liquidityUsd?: number;
}

/** What the book keeps of one lending protocol. */
export interface LiveProtocol {
  id: string;
  collateral: string;
  debt: string;
  liquidationBonus: number;
  book: ProtocolBook;
}
