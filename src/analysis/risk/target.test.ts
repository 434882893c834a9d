import { describe, expect, it } from 'vitest';
import { UsageError } from '../../kernel/errors.js';
import type { Estimate, Interval } from './interval.js';
import type { CellRiskSummary, LossRiskSummary } from './summary.js';
import { evaluateRiskTarget, parseRiskTarget } from './target.js';

describe('parseRiskTarget', () => {
  it('reads <metric>.<statistic> <op> <number>', () => {
    expect(parseRiskTarget('badDebt.var99 <= 1e6')).toEqual({
      metric: 'badDebt',
      statistic: 'var99',
      op: '<=',
      threshold: 1e6,
      text: 'badDebt.var99 <= 1e6',
    });
    expect(parseRiskTarget('fundExhausted.probability<0.01')).toMatchObject({
      metric: 'fundExhausted',
      statistic: 'probability',
      op: '<',
      threshold: 0.01,
    });
    expect(parseRiskTarget('  amplification.p95 >= 1.5 ')).toMatchObject({
      metric: 'amplification',
      statistic: 'p95',
      op: '>=',
      threshold: 1.5,
    });
    expect(parseRiskTarget('cascadeGenerations.max > -2.5E+0')).toMatchObject({ op: '>', threshold: -2.5 });
    // RunMetrics field names are accepted for the USD metrics.
    expect(parseRiskTarget('liquidatedCollateralUsd.cvar95 <= 250000')).toMatchObject({
      metric: 'liquidatedCollateral',
      statistic: 'cvar95',
    });
  });

  const rejects = (text: string, message: RegExp): void => {
    expect(() => parseRiskTarget(text)).toThrow(UsageError);
    expect(() => parseRiskTarget(text)).toThrow(message);
  };

  it('names the allowed operators', () => {
    rejects('badDebt.var99 = 1e6', /unknown operator "="; allowed operators: <=, <, >=, >/);
    rejects('badDebt.var99 == 1e6', /unknown operator "=="/);
    rejects('badDebt.var99 1e6', /no comparison operator; allowed operators: <=, <, >=, >/);
  });

  it('names the allowed metrics and statistics', () => {
    rejects(
      'debt.var99 <= 1',
      /unknown metric "debt"; allowed metrics: badDebt, liquidatedCollateral, fundExhausted, amplification, cascadeGenerations, perpLiquidatedNotional, adlNotional, liquidated/,
    );
    rejects('badDebt <= 1', /"badDebt" is not <metric>.<statistic>/);
    rejects('badDebt.var99.value <= 1', /is not <metric>.<statistic>/);
    rejects(
      'badDebt.var97 <= 1',
      /unknown statistic "var97" for badDebt; allowed statistics: mean, sd, min, p1, p5, p25, p50, p75, p95, p99, max, var95, var99, cvar95, cvar99, probability/,
    );
    rejects('fundExhausted.mean <= 1', /allowed statistics: probability$|allowed statistics: probability \(/);
    rejects('amplification.var99 <= 1', /unknown statistic "var99" for amplification/);
    rejects('toString.mean <= 1', /unknown metric "toString"/);
  });

  it('rejects thresholds that are not plain finite numbers, and probabilities outside [0, 1]', () => {
    rejects('badDebt.mean <= abc', /threshold "abc" is not a number/);
    rejects('badDebt.mean <= ', /threshold "" is not a number/);
    rejects('badDebt.mean <= 0x10', /not a number/);
    rejects('badDebt.mean <= Infinity', /not a number/);
    rejects('badDebt.mean <= 1e999', /not finite/);
    rejects('badDebt.probability <= 5', /fraction in \[0, 1\] \(0.05 for 5%\)/);
  });
});

/** A cell summary whose only meaningful fields are the ones a test sets. */
function cell(parts: {
  var99?: Estimate;
  p95?: number;
  fund?: Estimate;
  amplificationP95?: number | null;
}): CellRiskSummary {
  const estimate = (value: number, lower: number, upper: number): Estimate => ({ value, ci95: { lower, upper } });
  const distribution = {
    mean: 0,
    sd: 0,
    min: 0,
    p1: 0,
    p5: 0,
    p25: 0,
    p50: 0,
    p75: 0,
    p95: parts.p95 ?? 0,
    p99: 0,
    max: 0,
  };
  const loss: LossRiskSummary = {
    mean: { ...estimate(0, 0, 0), normalCi95: { lower: 0, upper: 0 } },
    var95: estimate(0, 0, 0),
    var99: parts.var99 ?? estimate(0, 0, 0),
    cvar95: estimate(0, 0, 0),
    cvar99: estimate(0, 0, 0),
    distribution,
    histogram: { edges: [0, 1], counts: [1] },
  };
  const probability = (e: Estimate) => ({ ...e, successes: 0, trials: 100 });
  return {
    cell: 0,
    parameters: {},
    paths: 100,
    badDebtUsd: loss,
    liquidatedCollateralUsd: loss,
    probabilityOfBadDebt: probability(estimate(0.5, 0.4, 0.6)),
    probabilityOfFundExhaustion: probability(parts.fund ?? estimate(0, 0, 0.04)),
    probabilityOutsideCalibration: probability(estimate(0, 0, 0.04)),
    amplification:
      parts.amplificationP95 === null
        ? { paths: 0, excludedNull: 100, distribution: null, histogram: null }
        : {
            paths: 100,
            excludedNull: 0,
            distribution: { ...distribution, p95: parts.amplificationP95 ?? 1 },
            histogram: null,
          },
    cascadeGenerations: { paths: 100, excludedNull: 0, distribution, histogram: null },
    perp: {
      perpLiquidatedNotionalUsd: loss,
      adlNotionalUsd: { ...loss, var99: estimate(7e6, 6e6, 9e6) },
      probabilityOfAdl: probability(estimate(0.3, 0.2, 0.4)),
    },
    byProtocol: [
      {
        protocol: 'lend',
        kind: 'lending',
        badDebtUsd: { ...loss, cvar99: estimate(2e5, 1e5, 3e5) },
        liquidatedUsd: loss,
        probabilityOfBadDebt: probability(estimate(0.1, 0.05, 0.2)),
        probabilityOfFundExhaustion: probability(estimate(0.02, 0.01, 0.03)),
      },
      {
        protocol: 'perp-dex',
        kind: 'perp',
        badDebtUsd: loss,
        liquidatedUsd: loss,
        adlNotionalUsd: { ...loss, var95: estimate(4e6, 3e6, 5e6) },
        probabilityOfBadDebt: probability(estimate(0.6, 0.5, 0.7)),
        probabilityOfFundExhaustion: probability(estimate(0.25, 0.2, 0.3)),
      },
    ],
  };
}

describe('per-protocol and perp targets', () => {
  const value = (text: string) => evaluateRiskTarget(parseRiskTarget(text), cell({})).value;

  it('reads <metric>[<protocol>].<statistic>, the perp totals and the p / insuranceFundExhausted spellings', () => {
    expect(parseRiskTarget('badDebt[lend].cvar99 <= 1')).toMatchObject({
      metric: 'badDebt',
      protocol: 'lend',
      statistic: 'cvar99',
    });
    expect(parseRiskTarget('insuranceFundExhausted.p < 0.01')).toMatchObject({
      metric: 'fundExhausted',
      statistic: 'probability',
    });
    expect(value('badDebt[lend].cvar99 <= 1')).toBe(2e5);
    expect(value('fundExhausted[perp-dex].p <= 1')).toBe(0.25);
    expect(value('adlNotional[perp-dex].var95 <= 1')).toBe(4e6);
    expect(value('liquidated[lend].mean <= 1')).toBe(0);
    expect(value('adlNotional.var99 <= 1')).toBe(7e6);
    expect(value('adlNotional.probability <= 1')).toBe(0.3);
  });

  it('names what is wrong: a protocol that is not there, a perp metric of a lending protocol, a total that does not exist', () => {
    expect(() => value('badDebt[nope].var99 <= 1')).toThrow(/no protocol "nope"; protocols: lend, perp-dex/);
    expect(() => value('adlNotional[lend].var99 <= 1')).toThrow(/lend is a lending protocol/);
    expect(() => parseRiskTarget('amplification[lend].p95 <= 1')).toThrow(/amplification has no per-protocol value/);
    expect(() => parseRiskTarget('liquidated.mean <= 1')).toThrow(/liquidated is per protocol/);
    const lendingOnly = { ...cell({}), perp: undefined };
    expect(() => evaluateRiskTarget(parseRiskTarget('adlNotional.var99 <= 1'), lendingOnly)).toThrow(
      /no perp exchange/,
    );
  });
});

describe('evaluateRiskTarget', () => {
  const target = parseRiskTarget('badDebt.var99 <= 1e6');
  const at = (value: number, ci: Interval) => evaluateRiskTarget(target, cell({ var99: { value, ci95: ci } }));

  it('met when the whole interval meets the threshold, not met when none of it does', () => {
    expect(at(8e5, { lower: 7e5, upper: 9e5 })).toMatchObject({
      value: 8e5,
      satisfied: true,
      ciStraddles: false,
      verdict: 'met',
    });
    expect(at(1.1e6, { lower: 1.05e6, upper: 1.2e6 })).toMatchObject({
      satisfied: false,
      ciStraddles: false,
      verdict: 'not-met',
    });
  });

  it('uncertain when the interval straddles the threshold, whatever the point estimate says', () => {
    expect(at(8e5, { lower: 7e5, upper: 1.2e6 })).toMatchObject({
      satisfied: true,
      ciStraddles: true,
      verdict: 'uncertain',
    });
    expect(at(1.1e6, { lower: 7e5, upper: 1.2e6 })).toMatchObject({
      satisfied: false,
      ciStraddles: true,
      verdict: 'uncertain',
    });
  });

  it('an endpoint on the threshold meets <= but not <', () => {
    expect(at(9e5, { lower: 8e5, upper: 1e6 }).verdict).toBe('met');
    const strict = evaluateRiskTarget(
      parseRiskTarget('badDebt.var99 < 1e6'),
      cell({ var99: { value: 9e5, ci95: { lower: 8e5, upper: 1e6 } } }),
    );
    expect(strict).toMatchObject({ satisfied: true, ciStraddles: true, verdict: 'uncertain' });
  });

  it('statistics without an interval are decided by the point estimate', () => {
    const evaluation = evaluateRiskTarget(parseRiskTarget('badDebt.p95 <= 100'), cell({ p95: 150 }));
    expect(evaluation).toMatchObject({
      value: 150,
      ci95: null,
      satisfied: false,
      ciStraddles: null,
      verdict: 'not-met',
    });
  });

  it('probabilities use the Wilson interval of the matching event', () => {
    const fund = evaluateRiskTarget(
      parseRiskTarget('fundExhausted.probability <= 0.05'),
      cell({ fund: { value: 0.03, ci95: { lower: 0.01, upper: 0.08 } } }),
    );
    expect(fund).toMatchObject({ value: 0.03, satisfied: true, ciStraddles: true, verdict: 'uncertain' });
    const badDebt = evaluateRiskTarget(parseRiskTarget('badDebt.probability >= 0.3'), cell({}));
    expect(badDebt).toMatchObject({ value: 0.5, ci95: { lower: 0.4, upper: 0.6 }, verdict: 'met' });
  });

  it('an undefined value (amplification on a cell whose price never fell) does not meet the target', () => {
    const evaluation = evaluateRiskTarget(
      parseRiskTarget('amplification.p95 <= 1.5'),
      cell({ amplificationP95: null }),
    );
    expect(evaluation).toMatchObject({ value: null, satisfied: false, ciStraddles: null, verdict: 'not-met' });
    expect(
      evaluateRiskTarget(parseRiskTarget('amplification.p95 <= 1.5'), cell({ amplificationP95: 1.2 })).verdict,
    ).toBe('met');
  });
});
