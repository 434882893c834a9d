/**
 * The shape of what one run produces ({@link RunResult}) and of each report in it that analysis computes: metrics
 * (./run-metrics.ts), liquidation risk (./liquidation-risk-types.ts), English-auction reports, mechanism overrides,
 * calibration warnings. Types only; the modules that compute them (analysis/metrics/,
 * analysis/designs/mechanism-overrides.ts) import them from here, so this file and the two it re-exports depend on no
 * other analysis module.
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
import type { RunMetrics } from './run-metrics.js';
import type { LiquidationRiskReport } from './liquidation-risk-types.js';

export type { ProtocolKind, ProtocolMetrics, RunMetrics } from './run-metrics.js';
export type {
  HealthBucketCount,
  LendingRecovery,
  LiquidationCurve,
  LiquidationRiskReport,
  LiquidationSaturation,
} from './liquidation-risk-types.js';
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
