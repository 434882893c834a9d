/**
 * Shapes of the cascade map: how far liquidations would carry a price after an exogenous shock, followed
 * block by block on aggregates, with its resilience band and the instantaneous worst case (see `build.ts`
 * and `stepped.ts` for the models and their approximations).
 */

/**
 * Settings of a cascade map. Fractions throughout (0.005 = 0.5%).
 *
 * @example
 * const options: CascadeMapOptions = { shocks: defaultShocks(0.5, 100), priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 };
 */
export interface CascadeMapOptions {
  /** Initial exogenous shocks s to map, ascending, each in (0, 0.99]: the collateral's fundamental falls to P0·(1 − s).
   * */
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
  /** Minutes the fall takes; default the collateral's shock model's dropMinutes (0, a gap, for any other model). */
  dropMinutes?: number;
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
 * The instantaneous, permanent-impact fixed point of one shock (the map's earlier and only model): the whole
 * shock at once, every liquidation at the final price, impact that never decays, keepers without limits.
 * A worst case for thin, slow-recovering markets; not a bound (a deep pool can hold the price above where
 * a decaying market settles).
 *
 * @example
 * const w: InstantFixedPoint = { initialPrice: 1800, finalPrice: 1700, totalMove: 0.15, rounds: 4, iterations: 31, converged: true, soldUnits: 5000, accounts: 700 };
 */
export interface InstantFixedPoint {
  /** Common price of the venues after the shock and before any liquidation (P0·(1 − s) with off-chain venues only). */
  initialPrice: number;
  /** Price at the fixed point. */
  finalPrice: number;
  /** 1 − finalPrice/P0. */
  totalMove: number;
  /** Rounds of the iteration that liquidated accounts not liquidatable in the round before (the first one counts when
   * anything liquidates). */
  rounds: number;
  /** Price updates until the price moved less than the convergence tolerance. */
  iterations: number;
  /** False when the iteration cap was reached first (near a critical shock); finalPrice is then an upper bound. */
  converged: boolean;
  /** Collateral sold by keepers at the fixed point, units. */
  soldUnits: number;
  /** Accounts liquidated at the fixed point. */
  accounts: number;
}

/**
 * How the central estimate moves with the market's resilience, all else as in the scenario.
 *
 * @example
 * const band: ResilienceBand = { fullRecoveryMove: 0.1, noRecoveryMove: 0.17, low: 0.1, high: 0.17 };
 */
export interface ResilienceBand {
  /** The oracle move when every block's off-chain impact has gone by the next block (half-life 0). */
  fullRecoveryMove: number;
  /** The oracle move when off-chain impact never decays (half-life ∞). */
  noRecoveryMove: number;
  /** Least of the two and the central move. */
  low: number;
  /** Greatest of the two and the central move. */
  high: number;
}

/**
 * The map's estimate for one initial shock: the stepped model at the scenario's own resilience (central),
 * its resilience band, and the instantaneous permanent-impact fixed point.
 *
 * @example
 * const outcome: ShockOutcome = { shock: 0.1, totalMove: 0.144, lowestPrice: 1712, marketMove: 0.146, multiplier: 1.44, troughMinute: 40, soldUnits: 6935, soldUsd: 1.25e7, liquidations: 801, keeperLimitedBlocks: 0, band, worstCase, critical: false };
 */
export interface ShockOutcome {
  /** Exogenous shock s: the fundamental falls by this fraction. */
  shock: number;
  /** Largest fall of the headline oracle from its running peak (what a run reports as oracleDrawdown). */
  totalMove: number;
  /** Lowest price the headline oracle showed, USD. */
  lowestPrice: number;
  /** Largest fall of the venues' common price from its running peak (a run's marketDrawdown). */
  marketMove: number;
  /** totalMove / shock: above 1, liquidations carried the price beyond the shock. */
  multiplier: number;
  /** Minute (from block 0) the oracle was lowest. */
  troughMinute: number;
  /** Collateral sold by keepers, units. */
  soldUnits: number;
  /** soldUnits at the venues' price of each block before its sales, USD. */
  soldUsd: number;
  /** Liquidation calls (one per account each time it is liquidated; shares where a keeper limit split one). */
  liquidations: number;
  /** Blocks in which due liquidations waited for keeper capital or calls. */
  keeperLimitedBlocks: number;
  band: ResilienceBand;
  worstCase: InstantFixedPoint;
  /** Marked by the rule of {@link CascadeMapOptions.criticalSlope}, on totalMove. */
  critical: boolean;
}

/**
 * How one protocol's liquidations enter the map.
 *
 * - `health bands`: closed form by health bands (Aave v3, volatility bonus at its block-0 bonus, Morpho Blue, Euler
 * v2), summed with prefix sums;
 * - `rule per account`: the protocol's own rule called account by account (Aave v3.3, threshold tiers);
 * - `auction sells the tab`: Maker auctions (maker-clip, maker-flip), approximated as selling collateral worth
 * debt·chop at the price, after the auction's run;
 * - `whole collateral sold`: absorption and stability pools, approximated as selling the whole collateral of every
 * liquidatable account.
 *
 * @example
 * const model: SeizureModelName = 'health bands';
 */
export type SeizureModelName = 'health bands' | 'rule per account' | 'auction sells the tab' | 'whole collateral sold';

/**
 * One lending protocol on the mapped collateral.
 *
 * @example
 * const p: MappedProtocol = { id: 'lend', mechanism: 'aave-v3', model: 'health bands', checkedAgainstRuns: true, accounts: 10000, collateralUnits: 1e5, debtUsd: 1.2e8 };
 */
export interface MappedProtocol {
  id: string;
  /** The scenario's liquidationRule.type. */
  mechanism: string;
  model: SeizureModelName;
  /**
   * Whether test/cascade-map.e2e.test.ts holds the map to runs for this mechanism (instant rules and maker-clip);
   * false for maker-flip, compound-v3 and liquity-v1, whose map is a rough estimate.
   */
  checkedAgainstRuns: boolean;
  /** Accounts with debt at block 0. */
  accounts: number;
  collateralUnits: number;
  debtUsd: number;
}

/**
 * One venue of the mapped collateral, as the depth model sees it.
 *
 * @example
 * const v: MappedVenue = { id: 'cex', kind: 'offchain-linear', depthUsdPer1Pct: 2e6, resilienceHalfLifeSeconds: 1800 };
 */
export interface MappedVenue {
  id: string;
  kind: 'offchain-linear' | 'offchain-sqrt' | 'offchain-bounded' | 'cpamm';
  /** USD of selling that moves this venue 1% from its block-0 state. */
  depthUsdPer1Pct: number;
  /** Off-chain markets: half-life of their price impact, seconds (absent for pools). */
  resilienceHalfLifeSeconds?: number;
}

/**
 * The timing of every shock of a map.
 *
 * @example
 * const timing: MapTiming = { startMinute: 10, dropMinutes: 30, holdMinutes: 0, recoveryPct: 0, recoveryMinutes: 0, source: 'scenario', horizonMinutes: 180 };
 */
export interface MapTiming {
  startMinute: number;
  /** Minutes the fall takes (0 = a gap). */
  dropMinutes: number;
  holdMinutes: number;
  /** Share of the fall recovered afterwards, %. */
  recoveryPct: number;
  recoveryMinutes: number;
  /** 'scenario': the collateral's own shock script; 'instant': its price model is not a shock, so the fall is a gap at
   * minute 0; 'flag': --drop-minutes set the duration. */
  source: 'scenario' | 'instant' | 'flag';
  /** Minutes the model follows at most (the scenario's run length, or longer to see the fall end). */
  horizonMinutes: number;
}

/**
 * One keeper as the map limits it.
 *
 * @example
 * const k: MappedKeeper = { id: 'fast', capitalUsd: 3e6, callsPerBlock: 1000, latencyBlocks: 0 };
 */
export interface MappedKeeper {
  id: string;
  capitalUsd: number;
  callsPerBlock: number;
  latencyBlocks: number;
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
  /** When and how fast each shock falls, and how long the model follows it. */
  timing: MapTiming;
  /** The keepers' limits the model applies, in the chain's order. */
  keepers: MappedKeeper[];
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
