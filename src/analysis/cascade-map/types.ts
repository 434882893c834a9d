/**
 * Shapes of the cascade map: the analytic, state-free picture of how far liquidations would carry a
 * price after an instantaneous exogenous shock (see `build.ts` for the model and its approximations).
 */

/**
 * Settings of a cascade map. Fractions throughout (0.005 = 0.5%).
 *
 * @example
 * const options: CascadeMapOptions = { shocks: defaultShocks(0.5, 100), priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 };
 */
export interface CascadeMapOptions {
  /** Initial exogenous shocks s to map, ascending, each in (0, 0.99]: the collateral's fundamental falls to P0·(1 − s). */
  shocks: readonly number[];
  /** Spacing of the liquidation-volume levels below P0, as a fraction of P0. */
  priceStep: number;
  /** Lowest level, as a fall from P0 (0.6 = levels down to 0.4·P0). */
  maxDrop: number;
  /**
   * A shock is critical when the final move grows at least this many times faster than the shock
   * between it and the previous grid point: (move_j − move_{j−1}) / (s_j − s_{j−1}) ≥ criticalSlope.
   */
  criticalSlope: number;
}

/**
 * What liquidations would seize and sell if the price stood at one level, starting from the block-0 book.
 *
 * @example
 * const level: PriceLevel = { price: 1990, drop: 0.005, seizedUnits: 12, soldUnits: 11.9, soldUsd: 23681, newSoldUnits: 11.9, newSoldUsd: 23681, accounts: 3, emptiedAccounts: 0 };
 */
export interface PriceLevel {
  /** Oracle price of the level, USD per unit of collateral. */
  price: number;
  /** Fall from P0 that reaches it, fraction. */
  drop: number;
  /** Collateral taken from accounts to make each one safe (or empty) at this price, units. */
  seizedUnits: number;
  /** Of that, what keepers receive and sell (seized less the protocol's fee), units. */
  soldUnits: number;
  /** soldUnits valued at this level's price, USD. */
  soldUsd: number;
  /** soldUnits minus the previous (higher) level's: what this level adds, units. */
  newSoldUnits: number;
  /** newSoldUnits valued at this level's price, USD (the bar of the liquidation heatmap). */
  newSoldUsd: number;
  /** Accounts liquidatable at this price. */
  accounts: number;
  /** Accounts whose collateral would run out (bad debt when debt is left), among them. */
  emptiedAccounts: number;
}

/**
 * Outcome of the cascade's fixed point for one initial shock.
 *
 * @example
 * const outcome: ShockOutcome = { shock: 0.1, initialPrice: 1800, finalPrice: 1700, totalMove: 0.15, multiplier: 1.5, rounds: 4, iterations: 31, converged: true, soldUnits: 5000, soldUsd: 8.5e6, accounts: 700, critical: false };
 */
export interface ShockOutcome {
  /** Exogenous shock s: the fundamental falls by this fraction. */
  shock: number;
  /** Common price of the venues after the shock and before any liquidation (P0·(1 − s) with off-chain venues only). */
  initialPrice: number;
  /** Price at the cascade's fixed point. */
  finalPrice: number;
  /** 1 − finalPrice/P0. */
  totalMove: number;
  /** totalMove / shock: above 1, liquidations carried the price beyond the shock. */
  multiplier: number;
  /** Rounds of the iteration that liquidated accounts not liquidatable in the round before (the first one counts when anything liquidates). */
  rounds: number;
  /** Price updates until the price moved less than the convergence tolerance. */
  iterations: number;
  /** False when the iteration cap was reached first (near a critical shock); finalPrice is then an upper bound. */
  converged: boolean;
  /** Collateral sold by keepers at the fixed point, units. */
  soldUnits: number;
  /** soldUnits valued at the final price, USD. */
  soldUsd: number;
  /** Accounts liquidated at the fixed point. */
  accounts: number;
  /** Marked by the rule of {@link CascadeMapOptions.criticalSlope}. */
  critical: boolean;
}

/**
 * How one protocol's liquidations enter the map.
 *
 * - `health bands`: closed form by health bands (Aave v3, volatility bonus at its block-0 bonus, Morpho Blue, Euler v2), summed with prefix sums;
 * - `rule per account`: the protocol's own rule called account by account (Aave v3.3, threshold tiers);
 * - `whole collateral sold`: auctions, absorption and stability pools, approximated as selling the whole collateral of every liquidatable account.
 *
 * @example
 * const model: SeizureModelName = 'health bands';
 */
export type SeizureModelName = 'health bands' | 'rule per account' | 'whole collateral sold';

/**
 * One lending protocol on the mapped collateral.
 *
 * @example
 * const p: MappedProtocol = { id: 'lend', mechanism: 'aave-v3', model: 'health bands', accounts: 10000, collateralUnits: 1e5, debtUsd: 1.2e8 };
 */
export interface MappedProtocol {
  id: string;
  /** The scenario's liquidationRule.type. */
  mechanism: string;
  model: SeizureModelName;
  /** Accounts with debt at block 0. */
  accounts: number;
  collateralUnits: number;
  debtUsd: number;
}

/**
 * One venue of the mapped collateral, as the depth model sees it.
 *
 * @example
 * const v: MappedVenue = { id: 'cex', kind: 'offchain-linear', depthUsdPer1Pct: 2e6 };
 */
export interface MappedVenue {
  id: string;
  kind: 'offchain-linear' | 'offchain-sqrt' | 'cpamm';
  /** USD of selling that moves this venue 1% from its block-0 state. */
  depthUsdPer1Pct: number;
}

/**
 * The whole map of one scenario.
 *
 * @example
 * const map = cascadeMap(scenario, options);
 * map.shocks.filter((s) => s.critical).map((s) => s.shock);
 */
export interface CascadeMap {
  scenario: string;
  seed: number;
  /** Symbol of the collateral whose price is shocked. */
  asset: string;
  /** Oracle price at block 0, P0. */
  initialPrice: number;
  settings: CascadeMapOptions;
  protocols: MappedProtocol[];
  venues: MappedVenue[];
  /** The model's simplifications, in words, for every output. */
  assumptions: string[];
  levels: PriceLevel[];
  shocks: ShockOutcome[];
}
