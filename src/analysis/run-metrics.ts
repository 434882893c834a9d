/**
 * The headline metrics of one run ({@link RunMetrics}) and each margin engine's part of them ({@link ProtocolMetrics}).
 * Types only; re-exported by ./result.ts.
 */
/**
 * Headline metrics of one run. All USD values are in the numeraire; drawdowns and deviations
 * are fractions (0.1 = 10%). Never NaN or Infinity: undefined ratios are `null`. Totals cover every
 * margin engine of the run (lending, cross-asset, perp) unless a field says otherwise; `byProtocol`
 * has each engine's share.
 */
export interface RunMetrics {
  /** Accounts with debt (lending) or an open position (perp traders) at block 0, over all protocols. */
  accounts: number;
  /** Their collateral at block 0, valued at the protocols' oracle prices (perp traders: their equity), USD. */
  initialCollateralUsd: number;
  /** Their debt at block 0 (lending), USD. */
  initialDebtUsd: number;
  /** Notional of perp traders' positions at block 0, longs and shorts added, at the mark, USD. */
  initialPerpNotionalUsd: number;
  /** Largest peak-to-trough fall of the exogenous (fundamental) price of the collateral. */
  externalDrawdown: number;
  /** Largest peak-to-trough fall of the broad off-chain market price. */
  marketDrawdown: number;
  /** Largest peak-to-trough fall of the pool's spot price. */
  poolDrawdown: number;
  /** Largest peak-to-trough fall of the price the protocol sees (its oracle). */
  oracleDrawdown: number;
  /** oracleDrawdown / externalDrawdown; null when the external price never fell. */
  amplification: number | null;
  /** Largest |oracle − market| / market seen at any block. */
  maxOracleDeviation: number;
  /** Liquidation calls (lending) and liquidation events (perp: partial or full closes, backstop takeovers). */
  liquidations: number;
  /** Distinct accounts liquidated at least once. */
  accountsLiquidated: number;
  /** Lending: collateral seized, valued at the oracle price at seizure, USD. */
  liquidatedCollateralUsd: number;
  /** Lending: debt repaid by liquidations (keepers, auction proceeds, stability pools, purchases of absorbed
   * collateral), USD. */
  liquidatedDebtUsd: number;
  /** Lending: value handed back to owners of liquidated accounts (auction leftovers at the oracle when seized, surplus
   * credits), USD. */
  collateralReturnedUsd: number;
  /** Perp: notional closed by liquidations, at the mark, USD. */
  perpLiquidatedNotionalUsd: number;
  /**
   * What borrowers lost to liquidation, USD. Lending, for every mechanism: collateral seized (at the oracle when
   * seized) − value handed back − debt taken off the accounts (repaid, redistributed, written off or still in
   * liquidation); negative for an account liquidated underwater. Perp: liquidation fees charged to traders.
   */
  borrowerPenaltiesUsd: number;
  /** The protocols' liquidation income: Aave's protocol fee, Maker's chop, Compound's store-front income, perp
   * liquidation fees, USD. */
  protocolFeesUsd: number;
  /** Keepers' realised profit: sale proceeds − debt repaid − gas, USD. */
  keeperProfitUsd: number;
  /** Gas paid by keepers for liquidations, USD. */
  keeperGasUsd: number;
  /**
   * Price impact and fees paid by liquidation trades: units sold at the venue's mid just before each sale − proceeds
   * (keepers' sales of seized collateral, perp liquidation orders; for perp buy-backs, cost − units at the mid). Never
   * negative.
   */
  slippageCostUsd: number;
  /** Lending: debt left with no collateral behind it, written off when collateral ran out; perp: negative equity of
   * accounts closed out, USD. */
  badDebtUsd: number;
  /**
   * Lending capital efficiency, averaged over the run's blocks (docs/closed-loop.md): Σ debt / Σ collateral·price over
   * every lending protocol; null without one.
   */
  averageLtv: number | null;
  /** Σ debt / Σ collateral·price·threshold in force, averaged over blocks: the share of borrowing power in use. */
  borrowingPowerUsed: number | null;
  /** Σ collateral·price·threshold in force / Σ collateral·price·set threshold, averaged over blocks (1 = as set). */
  borrowingCapacity: number | null;
  /** Part of badDebtUsd covered by the insurance / reserve funds, USD. */
  insuranceFundUsedUsd: number;
  /** Times an insurance fund paid toward bad debt. */
  insuranceDraws: number;
  /** Part of badDebtUsd nobody covered (the fund was empty and no rule socialised it), USD. */
  uncoveredBadDebtUsd: number;
  /** Part of badDebtUsd taken from suppliers (Morpho Blue, Euler v2) or profitable traders (perp socialisation), USD.
   * */
  socialisedBadDebtUsd: number;
  /** Times an insurance fund was asked for more than it held: bad debt it could not cover in full, a perp loss handed
   * to ADL. */
  insuranceFundShortfalls: number;
  /** Perp: auto-deleveraging fills, and their notional at the bankruptcy prices, USD. */
  adlFills: number;
  adlNotionalUsd: number;
  /** Debt of liquidated troves moved onto the other troves (Liquity redistribution), USD. */
  redistributedDebtUsd: number;
  /** Incentives protocols paid keepers for starting or restarting liquidations (Maker tip + chip·tab, Liquity gas
   * compensation), USD. */
  keeperIncentivesUsd: number;
  /** At the end of the run: debt taken out of accounts but not yet repaid or written off (running auctions, absorbed
   * debt), USD. */
  inLiquidationDebtUsd: number;
  /** At the end of the run: collateral in running auctions or held by the protocol for sale, at the final oracle price,
   * USD. */
  inLiquidationCollateralUsd: number;
  /** At the end of the run: debt exceeding collateral value (at the final market price) in accounts still open, USD. */
  underwaterDebtUsd: number;
  /** At the end of the run: debt of accounts still liquidatable (health factor < 1 at the oracle price), USD. */
  unsafeDebtUsd: number;
  /** Borrower top-up transactions executed. */
  topUps: number;
  /** Collateral added by top-ups, valued at the oracle price, USD. */
  topUpCollateralUsd: number;
  /** Peak over blocks of (USD of collateral liquidated in the block) / (USD depth per 1% of all venues). */
  maxLiquidationSpeed: number;
  /** Mean of the same ratio over blocks with at least one liquidation (0 if none). */
  meanLiquidationSpeed: number;
  /** Number of cascade generations with at least one liquidation (0 = no liquidations; 1 = exogenous only). */
  cascadeGenerations: number;
  /** Liquidation calls by generation, index = generation. */
  liquidationsByGeneration: number[];
  /** Arbitrage trades executed between venues. */
  arbitrageTrades: number;
  /** Oracle updates published. */
  oracleUpdates: number;
  /** Liquidation pauses tripped by circuit breakers (each is listed in `events`). */
  liquidationPauses: number;
  /** Blocks during which some protocol's liquidations were paused, summed over protocols. */
  pausedBlocks: number;
  /** Calibration warnings the run raised (see `warnings` and analysis/metrics/calibration.ts): 0 when it stayed in the
   * range its models are calibrated for. */
  calibrationWarnings: number;
  /** Each margin engine's part: lending protocols, cross-asset pools, then perp exchanges. */
  byProtocol: ProtocolMetrics[];
}

/** The family of a margin engine. */
export type ProtocolKind = 'lending' | 'cross-lending' | 'perp';

/**
 * One margin engine's part of a run's metrics, the same fields for every family. USD in the numeraire.
 *
 * @example result.metrics.byProtocol.find((p) => p.protocol === 'perp-dex')?.adlNotionalUsd;
 */
export interface ProtocolMetrics {
  protocol: string;
  kind: ProtocolKind;
  /** Liquidation calls (lending) or liquidation events: partial or full closes, backstop takeovers (perp). */
  liquidations: number;
  accountsLiquidated: number;
  /** Lending: collateral seized, at the oracle when seized. Perp: notional closed by liquidation, at the mark. USD. */
  liquidatedUsd: number;
  /** Lending: what borrowers lost to liquidation (see RunMetrics.borrowerPenaltiesUsd). Perp: liquidation fees charged
   * to traders. USD. */
  penaltiesUsd: number;
  /** Lending: debt written off with no collateral left. Perp: negative equity of accounts closed out. USD. */
  badDebtUsd: number;
  /** Part of the bad debt the insurance fund paid, USD. */
  insuranceFundUsedUsd: number;
  /** Part charged to suppliers (Morpho Blue, Euler v2) or to profitable traders (perp socialisation), USD. */
  socialisedBadDebtUsd: number;
  /** Part nobody covered, USD. */
  uncoveredBadDebtUsd: number;
  /** Times its insurance fund was asked for more than it held (a perp exchange's ADL counts: the fund could not pay).
   * */
  insuranceFundShortfalls: number;
  insuranceFundStartUsd: number;
  insuranceFundEndUsd: number;
  /** Perp: notional closed by auto-deleveraging, at the bankruptcy prices (0 for lending), USD. */
  adlNotionalUsd: number;
}
