import { describe, expect, it } from 'vitest';
import type { ParameterOverride } from '../analysis/result.js';
import type { RunWarning } from '../analysis/result.js';
import { fixtureComparison } from './comparison.test-helper.js';
import { comparisonNotesText, noteValue, runNotesHtml, runNotesSections, runNotesText } from './run-notes.js';

const threshold: ParameterOverride = {
  protocol: 'lend',
  mechanism: 'liquity-v1',
  field: 'protocols.0.liquidationThreshold',
  scenarioValue: 0.825,
  isDefault: false,
  effectiveValue: 1 / 1.1,
  reason: 'Liquity v1 liquidates troves below its fixed MCR of 110%',
};
const fee: ParameterOverride = {
  ...threshold,
  field: 'protocols.0.protocolFeeShare',
  scenarioValue: 0.1,
  isDefault: true,
  effectiveValue: 0,
  reason: 'no fee',
};
const warning: RunWarning = {
  code: 'impact-beyond-calibration',
  subject: 'cex',
  value: 153,
  limit: 20,
  block: 169,
  message: `cex: <net sales> ${'far beyond the calibrated range '.repeat(6)}`.trim(),
};

describe('run notes', () => {
  it('print nothing for a run with neither overrides nor warnings', () => {
    expect(runNotesText({})).toBe('');
    expect(runNotesHtml({ overrides: [], warnings: [] })).toEqual([]);
    expect(runNotesSections({})).toEqual([]);
  });

  it('give each override as field, scenario value → value in effect (6 significant digits), marking schema defaults', () => {
    const text = runNotesText({ overrides: [threshold, fee] });
    expect(text).toContain('Parameters the liquidation mechanism replaces (scenario value → value in effect)');
    expect(text).toContain(
      '- lend (liquity-v1): protocols.0.liquidationThreshold 0.825 → 0.909091. Liquity v1 liquidates',
    );
    expect(text).toContain('protocols.0.protocolFeeShare 0.1 (also the default) → 0. no fee.');
  });

  it('wrap warnings at 110 columns under a counted heading, and escape them in HTML (warnings section first)', () => {
    const text = runNotesText({ warnings: [warning] });
    expect(text).toContain('Warnings: outside the calibrated range (1)');
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(110);
    expect(text.replace(/\n\s+/g, ' ')).toContain(`[impact-beyond-calibration] ${warning.message}`);
    const html = runNotesHtml({ warnings: [warning], overrides: [threshold] }).join('\n');
    expect(html).toContain('&lt;net sales&gt;');
    expect(html.indexOf('id="warnings"')).toBeLessThan(html.indexOf('id="overrides"'));
    expect(runNotesSections({ warnings: [warning], overrides: [threshold] }).map((s) => s.id)).toEqual([
      'warnings',
      'overrides',
    ]);
  });

  it('noteValue: numbers to 6 digits, text as is, lists and mappings as JSON, a missing value as (not set)', () => {
    expect(noteValue(0.7999999999999999)).toBe('0.8');
    expect(noteValue('whole trove')).toBe('whole trove');
    expect(noteValue(['cex', 'pool'])).toBe('["cex","pool"]');
    expect(noteValue(undefined)).toBe('(not set)');
  });
});

describe('comparison notes', () => {
  it('say when a design changes nothing, and list each change and the terms in effect next to the oracle drawdown', () => {
    const c = fixtureComparison();
    c.designs[0] = { ...c.designs[0], changes: [] };
    c.designs[1] = {
      ...c.designs[1],
      changes: [{ field: 'protocols.0.liquidationRule', from: { type: 'aave-v3' }, to: { type: 'liquity-v1' } }],
      terms: [
        {
          protocol: 'lend',
          mechanism: 'liquity-v1',
          scenarioLiquidationThreshold: 0.825,
          liquidationThreshold: 1 / 1.1,
          minCollateralRatio: 1.1,
          firstLiquidationFall: 0.1103,
        },
      ],
    };
    const text = comparisonNotesText(c).replace(/\n\s+/g, ' ');
    expect(text).toContain('aave-v3 changes nothing: the scenario is already this design');
    expect(text).toContain('changes protocols.0.liquidationRule: {"type":"aave-v3"} → {"type":"liquity-v1"}');
    expect(text).toContain(
      `lend (liquity-v1): liquidation threshold 0.909091 (minimum collateral ratio 110.0%; the scenario's 0.825); the least healthy account needs an oracle fall of 11.03%; the oracle fell ${(c.designs[1].result.metrics.oracleDrawdown * 100).toFixed(2)}%`,
    );
  });
});

describe('the note on oracle-valued figures', () => {
  it('appears when the oracle strayed more than 10% from the market, and only then', () => {
    const far = runNotesText({ metrics: { maxOracleDeviation: 0.69 } });
    expect(far).toContain('The oracle was up to 69.0% from the market');
    expect(far).toContain("the protocol's view");
    expect(runNotesHtml({ metrics: { maxOracleDeviation: 0.69 } }).join('\n')).toContain('id="oracle-note"');
    expect(runNotesText({ metrics: { maxOracleDeviation: 0.1 } })).toBe('');
    expect(runNotesText({})).toBe('');
  });
});
