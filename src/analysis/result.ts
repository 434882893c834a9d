/**
 * The shape of what one run produces ({@link RunResult}) and of each report in it that analysis computes: metrics,
 * per-protocol metrics, English-auction reports, mechanism overrides, calibration warnings. Types only; the modules
 * that compute them (analysis/metrics/, analysis/designs/mechanism-overrides.ts) import them from here, so this file
 * depends on no other analysis module.
 */
import type { SeriesColumn } from '../world/series.js';
import type { InsuranceDrawRunEvent } from '../protocol/attribution-records.js';
import type { ContagionReport } from '../attribution/contagion.js';
import type { StablecoinReport } from '../agents/stablecoin.js';
import type { ProtocolOwnedReport } from '../agents/protocol-owned-liquidity.js';
import type { UniswapV3Report } from './metrics/uniswap-v3-report.js';
import type { PerpReport } from '../protocol/perp/perp-ledger.js';
import type { AdversaryReport } from '../agents/adversaries/adversary.js';
import type { ChainReport } from '../chain/chain-report.js';
import type { CurveBeyondReport } from '../market/venues/curve.js';
import type { BookReport } from '../world/file-books.js';
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

export type { SeriesColumn } from '../world/series.js';
export type { CurveBeyondReport } from '../market/venues/curve.js';

/** Health-factor histogram of open accounts with debt, at the start and at the end of the run. */
export interface HealthHistogram {
  /** Bin edges, length bins + 1; the last bin collects everything above the last-but-one edge. */
  edges: number[];
  before: number[];
  after: number[];
}

/** A circuit-breaker pause of a protocol's liquidations. */
export interface PauseRunEvent {
  kind: 'liquidation-pause';
  block: number;
  protocol: string;
  /** First block liquidations are allowed again. */
  resumesAtBlock: number;
  /** Oracle move over the breaker's window that tripped it (signed fraction). */
  oracleMove: number;
}

export type { InsuranceDrawRunEvent } from '../protocol/attribution-records.js';

/** Something that happened once during a run: a circuit-breaker pause, an insurance-fund draw. */
export type RunEvent = PauseRunEvent | InsuranceDrawRunEvent;

/** Everything one run produces; the source of the summary, the CSV and the report. */
export interface RunResult {
  scenario: string;
  seed: number;
  /** Number of simulated blocks (block 0, the initial state, not counted). */
  blocks: number;
  blockTimeSeconds: number;
  metrics: RunMetrics;
  /** Per-block series; every column has blocks + 1 values. */
  series: SeriesColumn[];
  health: HealthHistogram;
  /** Events in block order. */
  events: RunEvent[];
  /** Each adversary's outcome, in scenario order (absent when the scenario has none). */
  adversaries?: AdversaryReport[];
  /** Fee-market statistics of the chain (absent when the scenario has no fee market). */
  chain?: ChainReport;
  /** English (Flipper) auctions by protocol (absent when no protocol uses them). */
  auctions?: EnglishAuctionReport[];
  /** Perpetual exchanges (absent when the scenario has none). */
  perps?: PerpReport[];
  /** How liquidations spread between lending protocols (present with two or more). */
  contagion?: ContagionReport;
  /** CDP stablecoins priced by their pool (absent when the scenario has none). */
  stablecoins?: StablecoinReport[];
  /** Protocol-owned liquidity positions (absent when the scenario has none). */
  protocolOwned?: ProtocolOwnedReport[];
  /** Uniswap v3 pools: liquidity withdrawn, depth, fees (absent when the scenario has none). */
  uniswapV3?: UniswapV3Report[];
  /** Scenario fields the protocols' liquidation mechanisms replace, with the value in effect (absent when none). */
  overrides?: ParameterOverride[];
  /** Calibration warnings: where the run left the range its models are calibrated for (absent when none). */
  warnings?: RunWarning[];
  /** Curve venues: volume traded past their measured tables (absent when the scenario has none). */
  curves?: CurveBeyondReport[];
  /** Position books read from files, with the accounts unsafe at block 0 (absent when every book is generated). */
  books?: BookReport[];
  /** Liquidation probability by block-0 health, lending recovery and liquidation-throughput saturation (runScenario
   * always sets it; absent only in results built by hand). */
  liquidationRisk?: LiquidationRiskReport;
}

/**
 * One health bucket of a {@link LiquidationCurve}: accounts in it at block 0, how many were liquidated at least once
 * during the run, and their block-0 weight (lending: debt; perp: position notional at the mark), USD.
 */
export interface HealthBucketCount {
  accounts: number;
  liquidated: number;
  weightUsd: number;
  liquidatedWeightUsd: number;
}

/**
 * Accounts by health at block 0 and whether each was liquidated during the run (analysis/metrics/health-buckets.ts).
 * `lending[k]` is bucket k: k = 0 below edges[0], k for [edges[k−1], edges[k]), the last from the last edge up.
 */
export interface LiquidationCurve {
  edges: number[];
  lending: HealthBucketCount[];
  /** Perp traders by equity / maintenance margin (present with a perp exchange). */
  perp?: HealthBucketCount[];
}

/**
 * How long the lending protocols took to absorb a shock (analysis/metrics/liquidation-risk.ts). At-risk debt is the
 * debt of accounts liquidatable at the end of a block plus debt taken into liquidation and not yet repaid, USD. Blocks
 * count from the first block with a lending liquidation; null when that never happened or the state was not reached
 * within the run (never a stand-in number).
 */
export interface LendingRecovery {
  /** 'no-liquidations', 'not-cleared' (at-risk debt was still above its block-0 level at the end), 'cleared' (it fell
   * back for good, the oracle did not come back), 'recovered' (both). */
  status: 'no-liquidations' | 'not-cleared' | 'cleared' | 'recovered';
  /** First and last blocks with a lending liquidation call (null without any). */
  firstLiquidationBlock: number | null;
  lastLiquidationBlock: number | null;
  /** At-risk debt at block 0 (the pre-shock level) and its peak, USD. */
  baselineAtRiskDebtUsd: number;
  peakAtRiskDebtUsd: number;
  /** First block after the first liquidation from which at-risk debt stays at most its block-0 level + debtTolerance ×
   * the block-0 debt to the end of the run; blocks and minutes from the first liquidation. */
  clearedBlock: number | null;
  blocksToClear: number | null;
  minutesToClear: number | null;
  /** First block from which, to the end of the run, the protocols stay cleared and every lending oracle stays at least
   * (1 − oracleTolerance) × its block-0 answer. */
  recoveredBlock: number | null;
  blocksToRecovery: number | null;
  minutesToRecovery: number | null;
  /** Fraction below the block-0 oracle answer still counted as recovered. */
  oracleTolerance: number;
  /** At-risk debt above the block-0 level still counted as cleared, as a fraction of the block-0 debt. */
  debtTolerance: number;
}

/**
 * Blocks where lending liquidations were throughput-bound (world/liquidation-pressure.ts): debt still liquidatable at
 * the end of the block while every keeper had used its call allowance or waited for inclusion.
 */
export interface LiquidationSaturation {
  saturatedBlocks: number;
  firstSaturatedBlock: number | null;
  longestSaturatedRunBlocks: number;
  /** Largest debt left liquidatable at the end of a saturated block, USD. */
  peakSaturatedBacklogUsd: number;
  /** Blocks ending with any debt left liquidatable (saturated or not: unprofitable, paused, keepers late). */
  backlogBlocks: number;
  longestBacklogRunBlocks: number;
  /** Largest debt left liquidatable at the end of a block, USD. */
  peakBacklogUsd: number;
  /** Largest debt liquidatable after the engines' refresh, before the block's transactions, USD. */
  peakDemandUsd: number;
}

/** The three team-facing liquidation risk reports of one run. */
export interface LiquidationRiskReport {
  curve: LiquidationCurve;
  recovery: LendingRecovery;
  saturation: LiquidationSaturation;
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

/**
 * English (Flipper) auctions of one protocol over a run.
 *
 * @example
 * const a: EnglishAuctionReport = result.auctions![0];
 * console.log(`${(100 * a.zeroBidShare).toFixed(0)}% of auctions went for nothing`);
 */
export interface EnglishAuctionReport {
  protocol: string;
  /** Auctions settled (dealt). */
  settled: number;
  /** Of those, won with a bid under ZERO_BID_USD (analysis/metrics/auction-metrics.ts). */
  zeroBid: number;
  /** zeroBid / settled (0 with none settled). */
  zeroBidShare: number;
  /** Collateral those zero-bid auctions handed over, at the final oracle price, USD. */
  zeroBidCollateralUsd: number;
  /** Sum of winning bids / sum of tabs over settled auctions (0 with none). */
  bidToTab: number;
  /** Principal settled auctions left unpaid, USD. */
  badDebtUsd: number;
  /** Auctions still running at the end. */
  open: number;
}

/**
 * A scenario field the protocol's liquidation mechanism does not use as written, and what it uses instead.
 *
 * @example
 * const o: ParameterOverride = {
 *   protocol: 'lend', mechanism: 'liquity-v1', field: 'protocols.0.liquidationThreshold', scenarioValue: 0.825,
 *   isDefault: false, effectiveValue: 0.9090909090909091, reason: 'Liquity v1 liquidates troves below its fixed MCR of 110%…',
 * };
 */
export interface ParameterOverride {
  /** Protocol id. */
  protocol: string;
  /** The protocol's liquidation rule type. */
  mechanism: string;
  /** Scenario path of the field, as `--set` writes it. */
  field: string;
  /** The scenario's value of the field. */
  scenarioValue: number;
  /** True when that value is the schema's default (the scenario may not have written it). */
  isDefault: boolean;
  /** The value the mechanism uses instead: a number when one number says it, else a description. */
  effectiveValue: number | string;
  /** The production rule behind the replacement, one sentence. */
  reason: string;
}

/**
 * A calibration warning of one run.
 *
 * @example
 * const w: RunWarning = { code: 'impact-beyond-calibration', subject: 'cex', value: 161, limit: 20, block: 180, message: 'cex: …' };
 */
export interface RunWarning {
  /** Which check fired. */
  code:
    | 'impact-beyond-calibration'
    | 'market-off-fundamental'
    | 'venues-diverge'
    | 'runaway-amplification'
    | 'price-bound'
    | 'beyond-measured-curve';
  /** The venue, venue pair (`a/b`) or oracle the warning is about. */
  subject: string;
  /** The measured figure (depths, minutes or a ratio, as the check's message says). */
  value: number;
  /** The limit it passed, in the same unit. */
  limit: number;
  /** The block where the figure peaked or the episode began. */
  block: number;
  /** One paragraph for the reader: what was seen, why it is outside the calibrated range, what to make of it. */
  message: string;
}
