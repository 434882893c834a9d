/**
 * Calibration checks every run evaluates: whether the run left the range where the models it rests on say
 * something. A warning does not mean the code is wrong; it means a figure came from extrapolating a model
 * (a depth measured within a few percent of the mid, stretched over a market-wide crash) or from a feedback loop
 * that nothing in the scenario stops, so the figure is a statement about the scenario's assumptions, not a forecast.
 *
 * Checks, each on the per-block series of the run:
 * - `impact-beyond-calibration`: an off-chain market's outstanding impact, in depths per 1%, beyond
 *   {@link CALIBRATION_LIMITS}.maxImpactDepths (linear, sqrt), or beyond the flow at which value buyers take
 *   `maxBuyersShare` of each further sale (bounded law);
 * - `market-off-fundamental`: an off-chain market more than `maxGapFromFundamental` from its fundamental for longer
 *   than its resilience half-life (at least `minGapMinutes`);
 * - `venues-diverge`: two venues of one pair on one chain more than `maxGapBetweenVenues` apart for longer than
 *   `maxDivergenceMinutes`: arbitrage did not hold them together;
 * - `runaway-amplification`: the oracle's drawdown more than `maxAmplification` times the exogenous one;
 * - `price-bound`: an exogenous price held at the edge of its range (initial ÷ or × PRICE_RANGE_FACTOR).
 */
import type { Scenario } from '../../scenario/schema.js';
import type { RunMetrics, RunResult, RunWarning } from '../result.js';
import { PRICE_RANGE_FACTOR } from '../../market/price/bounded.js';
import { BoundedImpact, type BoundedImpactParams } from '../../market/venues/impact-bounded.js';
import type { ImpactMode } from '../../market/venues/offchain-math.js';
import { InvariantError } from '../../kernel/errors.js';

/**
 * The limits of the checks.
 *
 * - maxImpactDepths 20 (linear and sqrt curves): an off-chain depth D is the USD that moves the market 1%, measured
 *   on books within a few percent of the mid; the linear curve 0.99^(V/D) is an extrapolation beyond a few D, and
 *   20 D is already an 18% move from impact alone. Large orders move prices less than a linear law says (square-root
 *   law, Tóth et al. 2011).
 * - maxBuyersShare 0.5 (bounded law, the default): the book's part of the law is the measured depth, then the
 *   published square-root law; its value-buyer part is a stylised closure (docs/impact.md). Beyond the gap where
 *   value buyers take more than half of each further sale, the price is set mostly by that closure: the limit is the
 *   net flow, in depths, at that gap (about 24 depths, 9.4% below the fundamental, with the default parameters).
 * - maxGapFromFundamental 10% for longer than the resilience half-life (at least minGapMinutes): impact that
 *   outlives the time the model gives the market to recover was kept there by fresh trades (for the bounded law,
 *   against value buyers already taking about half of every sale).
 * - maxGapBetweenVenues 10% for maxDivergenceMinutes: arbitrage, the only link between venues, failed for that long.
 * - maxAmplification 3: the oracle fell more than three times the exogenous move; the loop ran away, and how far it
 *   went depends on the venues' curves far from where they are calibrated.
 */
export const CALIBRATION_LIMITS = Object.freeze({
  maxImpactDepths: 20,
  maxBuyersShare: 0.5,
  maxGapFromFundamental: 0.1,
  minGapMinutes: 5,
  maxGapBetweenVenues: 0.1,
  maxDivergenceMinutes: 10,
  maxAmplification: 3,
});

/** ln 0.99: the log-price step of one depth on the off-chain curves. */
const LN_099 = Math.log(0.99);

/** What the checks read of a run: its per-block series, block time and three drawdown metrics. */
export type CalibrationInput = Pick<RunResult, 'series' | 'blockTimeSeconds'> & {
  metrics: Pick<RunMetrics, 'amplification' | 'externalDrawdown' | 'oracleDrawdown'>;
};
type Series = CalibrationInput;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const minutes = (blocks: number, blockTimeSeconds: number) => (blocks * blockTimeSeconds) / 60;

function column(result: Series, name: string): Float64Array | undefined {
  return result.series.find((c) => c.name === name)?.values;
}

/** Every run of consecutive blocks (first block, length) in 0 … length − 1 where `off(b)` holds, in block order. */
function runsWhere(length: number, off: (b: number) => boolean): { start: number; blocks: number }[] {
  const runs: { start: number; blocks: number }[] = [];
  let start = -1;
  for (let b = 0; b <= length; b++) {
    if (b < length && off(b)) {
      if (start < 0) start = b;
    } else if (start >= 0) {
      runs.push({ start, blocks: b - start });
      start = -1;
    }
  }
  return runs;
}

/**
 * The episodes longer than `allowedMinutes`, each with its signed extreme of `signed` (largest |value|). `within(b)`,
 * when given, is a cheaper test that holds only where |signed(b)| ≤ limit for sure (a block it passes is not read).
 */
function episodes(
  length: number,
  blockTimeSeconds: number,
  allowedMinutes: number,
  signed: (b: number) => number,
  limit: number,
  within?: (b: number) => boolean,
): { start: number; minutes: number; extreme: number }[] {
  return runsWhere(length, (b) => !within?.(b) && Math.abs(signed(b)) > limit)
    .filter((run) => minutes(run.blocks, blockTimeSeconds) > allowedMinutes)
    .map((run) => {
      let extreme = 0;
      for (let b = run.start; b < run.start + run.blocks; b++)
        if (Math.abs(signed(b)) > Math.abs(extreme)) extreme = signed(b);
      return { start: run.start, minutes: minutes(run.blocks, blockTimeSeconds), extreme };
    });
}

/** "35 minutes from minute 16 (at most 30.5% below), 21 from minute 85 (at most 14.5% above)". */
function describeEpisodes(
  list: { start: number; minutes: number; extreme: number }[],
  blockTimeSeconds: number,
  below: string,
  above: string,
): string {
  const items = list.map(
    (e, k) =>
      `${e.minutes.toFixed(0)}${k === 0 ? ' minutes' : ''} from minute ${minutes(e.start, blockTimeSeconds).toFixed(0)} (at most ${pct(Math.abs(e.extreme))} ${e.extreme < 0 ? below : above})`,
  );
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Outstanding net sales in depths implied by g = market/fundamental: log-linear curve V/D = ln g/ln 0.99, square-root
 * curve its signed square, bounded law its own inverse (`impact-bounded.ts`). */
export function impactDepths(g: number, impact: ImpactMode, law?: BoundedImpact): number {
  if (impact === 'bounded') {
    if (!law) throw new InvariantError('the bounded impact law needs its parameters');
    // A run never passes the floor; a price series that does is read at its edge, so the figure stays finite.
    const edge = law.maxGap * (1 - 1e-12);
    return law.depthsAt(Math.min(Math.max(-Math.log(g), -edge), edge));
  }
  const x = Math.log(g) / LN_099;
  return impact === 'linear' ? x : Math.sign(x) * x * x;
}

/** Each bounded law met so far and where its closure takes over, by parameter values (pure: shared by paths). */
const closures = new Map<string, { law: BoundedImpact; closureGap: number; limit: number }>();

/**
 * The law of a bounded venue and the flow (depths) at which value buyers take maxBuyersShare of each further sale (the
 * same on both sides), computed once per set of parameters.
 */
function boundedClosure(params: BoundedImpactParams): { law: BoundedImpact; closureGap: number; limit: number } {
  const key = `${params.crossoverDepths} ${params.valueBuyersFromPct} ${params.maxGapPct} ${params.valueBuyersHalfwayDepths}`;
  let known = closures.get(key);
  if (!known) {
    const law = new BoundedImpact(params);
    const closureGap = law.gapWhereBuyersTake(CALIBRATION_LIMITS.maxBuyersShare);
    known = { law, closureGap, limit: law.depthsAt(closureGap) };
    if (closures.size >= 64) closures.clear(); // a sweep over many laws: stay small
    closures.set(key, known);
  }
  return known;
}

/** `impact-beyond-calibration` and `market-off-fundamental` for every off-chain market. */
function offchainChecks(scenario: Scenario, result: Series): RunWarning[] {
  const limits = CALIBRATION_LIMITS;
  const warnings: RunWarning[] = [];
  for (const venue of scenario.venues) {
    if (venue.type !== 'offchain') continue;
    const price = column(result, `venue:${venue.id}`);
    const fundamental = column(result, `fundamental:${venue.base}`);
    if (!price || !fundamental) continue;
    const ratio = (b: number) => (price[b] > 0 && fundamental[b] > 0 ? price[b] / fundamental[b] : 1);
    const bounded = venue.impact === 'bounded' ? boundedClosure(venue) : undefined;
    const law = bounded?.law;
    let peak = 0;
    let peakBlock = 0;
    for (let b = 0; b < price.length; b++) {
      const depths = impactDepths(ratio(b), venue.impact, law);
      if (Math.abs(depths) > Math.abs(peak)) [peak, peakBlock] = [depths, b];
    }
    const closureGap = bounded?.closureGap;
    const limit = bounded ? bounded.limit : limits.maxImpactDepths;
    if (Math.abs(peak) > limit) {
      const g = ratio(peakBlock);
      const reached =
        `${venue.id}: net ${peak > 0 ? 'sales' : 'purchases'} outstanding on this off-chain market reached ${Math.abs(peak).toFixed(0)}× its ` +
        `depth per 1% (${venue.depthUsdPer1Pct.toLocaleString('en-US')} USD) at block ${peakBlock}, ${pct(Math.abs(1 - g))} ${g < 1 ? 'below' : 'above'} the fundamental. `;
      const why =
        closureGap !== undefined
          ? `Beyond ${limit.toFixed(0)} depths (${pct(-Math.expm1(-closureGap))} off the fundamental) the bounded law's value buyers take more than ` +
            `${pct(limits.maxBuyersShare)} of each further sale: the price is set mostly by that stylised closure (docs/impact.md), not by the measured depth ` +
            `or the square-root law, so this move, and the liquidations and losses it caused, rest on an assumption rather than a calibration.`
          : `The ${venue.impact} impact curve is an extrapolation beyond about ${limits.maxImpactDepths} depths (a depth is measured within a few percent of ` +
            `the mid, and large orders move prices less than a linear law says): this move, and the liquidations and losses it caused, are outside the range the model is calibrated for.`;
      warnings.push({
        code: 'impact-beyond-calibration',
        subject: venue.id,
        value: Math.abs(peak),
        limit,
        block: peakBlock,
        message: reached + why,
      });
    }
    const halfLifeMinutes = venue.resilienceHalfLifeSeconds / 60;
    const allowed = Math.max(halfLifeMinutes, limits.minGapMinutes);
    const gaps = episodes(
      price.length,
      result.blockTimeSeconds,
      allowed,
      (b) => ratio(b) - 1,
      limits.maxGapFromFundamental,
    );
    if (gaps.length > 0) {
      const longest = gaps.reduce((x, y) => (y.minutes > x.minutes ? y : x));
      const from = minutes(gaps[0].start, result.blockTimeSeconds).toFixed(0);
      warnings.push({
        code: 'market-off-fundamental',
        subject: venue.id,
        value: longest.minutes,
        limit: allowed,
        block: gaps[0].start,
        message:
          `${venue.id}: this off-chain market stayed more than ${pct(limits.maxGapFromFundamental)} from the fundamental for ` +
          `${describeEpisodes(gaps, result.blockTimeSeconds, 'below', 'above')}, longer than ` +
          `${halfLifeMinutes >= limits.minGapMinutes ? `its resilience half-life (${halfLifeMinutes.toFixed(0)} min)` : `${limits.minGapMinutes} minutes`}: ` +
          `fresh trades kept it there${law ? ' against value buyers' : ', and the model has no outside buyers or sellers who would step in at such a gap'}. Prices and losses from minute ${from} on are outside the calibrated range.`,
      });
    }
  }
  return warnings;
}

/** `venues-diverge` for every two venues of one base and quote on one chain. */
function divergenceChecks(scenario: Scenario, result: Series): RunWarning[] {
  const limits = CALIBRATION_LIMITS;
  const warnings: RunWarning[] = [];
  const venues = scenario.venues;
  for (let i = 0; i < venues.length; i++) {
    for (let j = i + 1; j < venues.length; j++) {
      const a = venues[i];
      const b = venues[j];
      if (a.base !== b.base || a.quote !== b.quote || (a.chain ?? 'main') !== (b.chain ?? 'main')) continue;
      const pa = column(result, `venue:${a.id}`);
      const pb = column(result, `venue:${b.id}`);
      if (!pa || !pb) continue;
      // Signed log gap: below 0 when a is under b. Compared with ln(1 + limit), so "10% apart" is symmetric.
      const gapAt = (k: number) => (pa[k] > 0 && pb[k] > 0 ? Math.log(pa[k] / pb[k]) : 0);
      // Most blocks: a ratio r strictly inside ((1 + 1e-9)/(1 + limit), (1 + limit)(1 − 1e-9)) has |ln r| below
      // ln(1 + limit) by ~1e-9, far more than Math.log's error (an ulp), so the logarithm is skipped there.
      const hi = (1 + limits.maxGapBetweenVenues) * (1 - 1e-9);
      const lo = (1 + 1e-9) / (1 + limits.maxGapBetweenVenues);
      const closeAt = (k: number) => {
        const r = pa[k] / pb[k];
        return r > lo && r < hi;
      };
      const apart = episodes(
        pa.length,
        result.blockTimeSeconds,
        limits.maxDivergenceMinutes,
        gapAt,
        Math.log(1 + limits.maxGapBetweenVenues),
        closeAt,
      );
      if (apart.length === 0) continue;
      const longest = apart.reduce((x, y) => (y.minutes > x.minutes ? y : x));
      warnings.push({
        code: 'venues-diverge',
        subject: `${a.id}/${b.id}`,
        value: longest.minutes,
        limit: limits.maxDivergenceMinutes,
        block: apart[0].start,
        message:
          `${a.id} (${a.type}) and ${b.id} (${b.type}), both ${a.base}/${a.quote}, were more than ${pct(limits.maxGapBetweenVenues)} apart for ` +
          `${describeEpisodes(
            apart.map((e) => ({ ...e, extreme: Math.expm1(Math.abs(e.extreme)) * Math.sign(e.extreme) })),
            result.blockTimeSeconds,
            `with ${a.id} below`,
            `with ${a.id} above`,
          )}: arbitrage, the only link between them, did not close the gap, so at least one of them ` +
          `ran outside the range its model is calibrated for (an order book re-centres on its own mid, a pool follows only arbitrage). ` +
          `Oracles and marks that read either venue inherit the gap.`,
      });
    }
  }
  return warnings;
}

/** `runaway-amplification`: the oracle fell many times the exogenous move. */
function amplificationCheck(result: Series): RunWarning[] {
  const { amplification, externalDrawdown, oracleDrawdown } = result.metrics;
  const limit = CALIBRATION_LIMITS.maxAmplification;
  if (amplification === null || !(externalDrawdown >= 0.01) || !(amplification > limit)) return [];
  return [
    {
      code: 'runaway-amplification',
      subject: 'oracle',
      value: amplification,
      limit,
      block: 0,
      message:
        `The oracle fell ${pct(oracleDrawdown)}, ${amplification.toFixed(1)}× the exogenous ${pct(externalDrawdown)}: the liquidation loop ran away. ` +
        `How far it went depends on the venues' impact curves far from where they are calibrated and on nothing outside the scenario stepping in; ` +
        `read it as "this book and this liquidity do not stop the loop", not as a forecast of the drawdown.`,
    },
  ];
}

/**
 * Every calibration warning of a run, in check order (off-chain markets, venue pairs, amplification); empty when
 * the run stayed in range.
 *
 * @example
 * calibrationWarnings(scenario, runScenario(scenario)).map((w) => w.code); // ['impact-beyond-calibration', ...] on receipt-collateral
 */
export function calibrationWarnings(scenario: Scenario, result: Series): RunWarning[] {
  return [
    ...offchainChecks(scenario, result),
    ...divergenceChecks(scenario, result),
    ...amplificationCheck(result),
    ...priceBoundChecks(result),
  ];
}

/** `price-bound`: an exogenous price reached the edge of the range every price process is held within. */
function priceBoundChecks(result: Series): RunWarning[] {
  const warnings: RunWarning[] = [];
  for (const { name, values } of result.series) {
    if (!name.startsWith('fundamental:') || values.length === 0) continue;
    const initial = values[0];
    // The edge the process clamps to, found as it computes it (initial ÷ or × the factor).
    const low = initial / PRICE_RANGE_FACTOR;
    const high = initial * PRICE_RANGE_FACTOR;
    let block = 0;
    while (block < values.length && !(values[block] <= low || values[block] >= high)) block += 1;
    if (block === values.length) continue;
    const asset = name.slice('fundamental:'.length);
    warnings.push({
      code: 'price-bound',
      subject: asset,
      value: values[block] / initial,
      limit: PRICE_RANGE_FACTOR,
      block,
      message:
        `${asset}'s exogenous price reached ${values[block] / initial < 1 ? '1/' : ''}${PRICE_RANGE_FACTOR.toExponential(0)} of its initial price at block ${block} ` +
        `and was held there: the price model's parameters take it where float64 cannot carry the markets built on it. ` +
        `Every figure after that block describes the clamped path, not the model's.`,
    });
  }
  return warnings;
}
