/**
 * The V1/V2/V3 design presets: the three generations of margin engines, each written as
 * `--set`-style overrides of a scenario so it runs on that scenario's shock, accounts and keepers.
 *
 * - V1: static threshold, one oracle source, instant fixed-bonus liquidation, no insurance fund,
 *   no circuit breaker.
 * - V2: Dutch auctions (Maker Liquidations 2.0), a median of every venue trading the collateral,
 *   the scenario's insurance fund.
 * - V3: bonus scaled by realised volatility, liquidation thresholds tiered by position size
 *   against the venues' depth and tightened mildly with volatility, an oracle-move pause and a
 *   per-block seizure cap sized by depth, median oracle, the scenario's insurance fund.
 * - risk-oracle: V3 with the closed-loop risk oracle (docs/closed-loop.md) setting the thresholds instead of the
 *   volatility rule.
 */
import type { Scenario } from '../../scenario/schema.js';
import type { UniswapV3VenueSpec } from '../../scenario/schema-venue-uniswap-v3.js';
import { buildUniswapV3 } from '../../world/build-uniswap-v3.js';
import { sellFractionFor1PctDrop } from '../../market/venues/cpamm-math.js';
import { ruleOverrides, VOLATILITY_BONUS_DEFAULTS } from './design.js';

/** V3: tiers start at these multiples of the collateral's depth per 1%, each lowering the threshold by `cut`. */
export const V3_TIERS = [
  { depthMultiple: 0.1, cut: 0.025 },
  { depthMultiple: 0.5, cut: 0.05 },
] as const;

/** V3 pause: oracle moves more than this % within `windowBlocks` pause liquidations for `pauseBlocks`. */
export const V3_PAUSE = { pauseOnOracleMovePct: 5, windowBlocks: 25, pauseBlocks: 10 } as const;

/**
 * V3 volatility-driven thresholds: a mild setting (at most a 3% cut, hourly updates). Deeper cuts are
 * strongly procyclical: on the shipped shock, sensitivity 0.05 with a 0.9 floor turns a 1.44× cascade into 8×.
 */
export const V3_DYNAMIC_THRESHOLD = {
  referenceVolatilityAnnual: 0.8,
  sensitivity: 0.02,
  minScale: 0.97,
  updateEveryBlocks: 300,
} as const;

/** V3 rate limit: collateral seized per block at most this multiple of the collateral's depth per 1%. */
export const V3_SEIZURE_CAP_DEPTH_MULTIPLE = 1;

/**
 * USD that moves every venue trading `asset` by 1% at block 0, summed: the off-chain depth as set,
 * a pool's from its quote reserve (half its liquidity) and fee.
 *
 * @example depthUsdPer1Pct(scenario, 'ETH'); // 2,010,000 for a 2M off-chain market and a 4M pool at 30 bps
 */
export function depthUsdPer1Pct(scenario: Scenario, asset: string): number {
  let depth = 0;
  for (const venue of scenario.venues) {
    // A curve venue's table and an order book's snapshot are files, read when the world is built: not counted here.
    if (venue.base !== asset || venue.type === 'curve') continue;
    if (venue.type === 'uniswap-v3') {
      depth += uniswapV3DepthAtStart(scenario, venue);
      continue;
    }
    depth +=
      venue.type === 'offchain' || venue.type === 'orderbook'
        ? (venue.depthUsdPer1Pct ?? 0)
        : sellFractionFor1PctDrop(venue.feeBps) * (venue.liquidityUsd / 2);
  }
  return depth;
}

/**
 * A uniswap-v3 venue's depth per 1% at block 0, built at its asset's initial price (in quote); 0 when the price model
 * states no initial price (csv, pegged), which the preset then does without.
 */
function uniswapV3DepthAtStart(scenario: Scenario, venue: UniswapV3VenueSpec): number {
  const initial = (symbol: string) => {
    const price = scenario.assets.find((a) => a.symbol === symbol)?.price;
    return price && 'initial' in price ? price.initial : undefined;
  };
  const base = initial(venue.base);
  const quote = initial(venue.quote);
  return base !== undefined && quote !== undefined ? buildUniswapV3(venue, base / quote).depthUsdPer1Pct() : 0;
}

/** Indexes of the oracles some protocol reads. */
function protocolOracles(scenario: Scenario): number[] {
  const reads = (p: Scenario['protocols'][number]) => {
    if (p.type === 'lending') return [p.oracle];
    if (p.type === 'perp') return p.markets.flatMap((m) => [m.indexOracle, m.markOracle]);
    return p.reserves.map((r) => r.oracle);
  };
  return scenario.oracles.flatMap((oracle, k) =>
    scenario.protocols.some((p) => reads(p).includes(oracle.id)) ? [k] : [],
  );
}

/** Every protocol oracle reads only its first listed source. */
function singleSourceOracles(scenario: Scenario): string[] {
  return protocolOracles(scenario).map(
    (k) => `oracles.${k}.sources=${JSON.stringify(scenario.oracles[k].sources.slice(0, 1))}`,
  );
}

/** Every protocol oracle reads the median of all venues trading its asset. */
function medianOracles(scenario: Scenario): string[] {
  return protocolOracles(scenario).map((k) => {
    const oracle = scenario.oracles[k];
    return `oracles.${k}.sources=${JSON.stringify(scenario.venues.filter((v) => v.base === oracle.asset).map((v) => v.id))}`;
  });
}

/** Per lending protocol: no tiers and no circuit breakers (cross-asset pools have neither); only what the scenario has
 * is removed. */
function staticControls(scenario: Scenario): string[] {
  return scenario.protocols.flatMap((p, i) =>
    p.type === 'lending'
      ? [
          ...(p.thresholdTiers.length > 0 ? [`protocols.${i}.thresholdTiers=[]`] : []),
          ...(p.circuitBreakers ? [`protocols.${i}.circuitBreakers={}`] : []),
        ]
      : [],
  );
}

/**
 * V1 preset overrides.
 *
 * @example v1Overrides(scenario); // [..., 'protocols.0.insuranceFundUsd=0', 'oracles.0.sources=["cex"]']
 */
export function v1Overrides(scenario: Scenario): string[] {
  return [
    ...ruleOverrides(scenario, { type: 'aave-v3' }),
    ...staticControls(scenario),
    ...scenario.protocols.map((_, i) => `protocols.${i}.insuranceFundUsd=0`),
    ...singleSourceOracles(scenario),
  ];
}

/**
 * V2 preset overrides.
 *
 * @example v2Overrides(scenario); // ['protocols.0.liquidationRule={"type":"maker-clip"}', ...]
 */
export function v2Overrides(scenario: Scenario): string[] {
  return [...ruleOverrides(scenario, { type: 'maker-clip' }), ...staticControls(scenario), ...medianOracles(scenario)];
}

/**
 * V3 preset overrides.
 *
 * @example v3Overrides(scenario); // ['protocols.0.liquidationRule={"type":"volatility-bonus",...}', 'protocols.0.thresholdTiers=[...]', ...]
 */
export function v3Overrides(scenario: Scenario): string[] {
  const perProtocol = scenario.protocols.flatMap((protocol, i) => {
    if (protocol.type !== 'lending') return [];
    const depth = depthUsdPer1Pct(scenario, protocol.collateral);
    // 12 significant digits: 0.825 − 0.025 is 0.7999999999999999 in binary, and the threshold is printed as a design
    // change.
    const tiers = V3_TIERS.map((t) => ({
      aboveDebtUsd: t.depthMultiple * depth,
      liquidationThreshold: Number((protocol.liquidationThreshold - t.cut).toPrecision(12)),
    }));
    const breakers = { ...V3_PAUSE, maxLiquidatedUsdPerBlock: V3_SEIZURE_CAP_DEPTH_MULTIPLE * depth };
    return [
      `protocols.${i}.thresholdTiers=${JSON.stringify(tiers)}`,
      `protocols.${i}.circuitBreakers=${JSON.stringify(breakers)}`,
      `protocols.${i}.dynamicThreshold=${JSON.stringify(V3_DYNAMIC_THRESHOLD)}`,
    ];
  });
  return [
    ...ruleOverrides(scenario, { type: 'volatility-bonus', ...VOLATILITY_BONUS_DEFAULTS }),
    ...perProtocol,
    ...medianOracles(scenario),
  ];
}

/**
 * Risk-oracle preset settings (`protocols[].riskOracle`): runs every 10 minutes of 12-second blocks and on a 3% price
 * move, a 30% depth drop or a 1.5× volatility jump; decisions take effect 5 blocks later; the steward allows 5% per
 * change and one change per 10 minutes; the threshold may only tighten, to at most 80% of its set value.
 */
export const RISK_ORACLE_PRESET = {
  everyBlocks: 50,
  updateDelayBlocks: 5,
  triggers: { priceMovePct: 3, depthDropPct: 30, volatilityJump: 1.5 },
  steward: { maxRelativeChange: 0.05, minSecondsBetween: 600 },
  minScale: 0.8,
  maxScale: 1,
} as const;

/**
 * Risk-oracle preset overrides: V3's, with each lending protocol's volatility-driven threshold replaced by the
 * closed-loop risk oracle ({@link RISK_ORACLE_PRESET}); a scenario's own `riskOracle` block is kept.
 *
 * @example riskOracleOverrides(scenario); // [..., 'protocols.0.riskOracle={"everyBlocks":50,...}', ...]
 */
export function riskOracleOverrides(scenario: Scenario): string[] {
  return riskOracleWith(scenario, RISK_ORACLE_PRESET);
}

/**
 * As {@link riskOracleOverrides}, with the policy's `onConflict: solvency`: the oracle tightens to the solvency cap
 * even when the debt that brings within the design shock would move the price more than the impact bound (the
 * procyclical variant).
 *
 * @example riskOracleProcyclicalOverrides(scenario); // [..., 'protocols.0.riskOracle={...,"policy":{"onConflict":"solvency"}}']
 */
export function riskOracleProcyclicalOverrides(scenario: Scenario): string[] {
  return riskOracleWith(scenario, { ...RISK_ORACLE_PRESET, policy: { onConflict: 'solvency' } });
}

function riskOracleWith(scenario: Scenario, settings: object): string[] {
  const v3 = v3Overrides(scenario).filter((o) => !/^protocols\.\d+\.dynamicThreshold=/.test(o));
  const oracles = scenario.protocols.flatMap((p, i) =>
    p.type === 'lending' && !p.riskOracle ? [`protocols.${i}.riskOracle=${JSON.stringify(settings)}`] : [],
  );
  return [...v3, ...oracles];
}
