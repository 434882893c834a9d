// The update messages of the live book, parsed and normalised (docs: /v1/updates). Re-exported by messages.ts.

/** Open, change or close one account of a lending protocol (the protocol resolved from `asset` if given so). */
export interface PositionUpdate {
  type: 'position';
  op: 'open' | 'change' | 'close';
  protocol: string;
  account: string;
  /** Collateral-asset units; set on open, optional on change, absent on close. */
  collateral?: number;
  /** Debt-asset units; set on open, optional on change, absent on close. */
  debt?: number;
  /** ms since the epoch. */
  time?: number;
}

/** The oracle price of an asset, USD. */
export interface PriceUpdate {
  type: 'price';
  asset: string;
  price: number;
  time?: number;
}

/** The depth of a venue: depthUsdPer1Pct (order-book-like venues) or liquidityUsd (pools). */
export interface DepthUpdate {
  type: 'depth';
  venue: string;
  depthUsdPer1Pct?: number;
  liquidityUsd?: number;
  time?: number;
}

/** The gas price, gwei. */
export interface GasUpdate {
  type: 'gas';
  gwei: number;
  time?: number;
}

/** One parsed update. */
export type Update = PositionUpdate | PriceUpdate | DepthUpdate | GasUpdate;
