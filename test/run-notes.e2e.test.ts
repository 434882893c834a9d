/**
 * End-to-end: what a run or a comparison says besides its metrics reaches the user in every output: the scenario
 * fields a liquidation mechanism replaces (issue 15, point 8: liquity-v1 silently ran at a 110% minimum ratio) and
 * the calibration warnings (point 9: a 10% move driving the market −80% was printed as a plain result).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, runCli } from './helpers/cli.js';

afterAll(removeTempDirs);

const LIQUITY = ['--set', 'protocols.0.liquidationRule={type: liquity-v1}', '--set', 'blocks=300', '--no-store'];

interface Summary {
  warnings: { code: string; subject: string; value: number }[];
  overrides: { field: string; scenarioValue: number; effectiveValue: number | string }[];
  metrics: { liquidations: number; marketDrawdown: number };
}

describe('cascade run: mechanism overrides are printed, never silent', () => {
  it('liquity-v1 set on the default scenario: the summary and --json give the 0.825 → 1/1.1 threshold and the other replaced fields', () => {
    const text = runCli(['run', ...LIQUITY]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Parameters the liquidation mechanism replaces (scenario value → value in effect)');
    expect(text.stdout).toContain(
      'lend (liquity-v1): protocols.0.liquidationThreshold 0.825 → 0.909091. Liquity v1 liquidates troves',
    );
    const json = JSON.parse(runCli(['run', '--json', ...LIQUITY]).stdout) as Summary;
    expect(json.overrides.map((o) => o.field)).toEqual([
      'protocols.0.liquidationThreshold',
      'protocols.0.liquidationBonus',
      'protocols.0.closeFactor',
      'protocols.0.protocolFeeShare',
      'protocols.0.insuranceFundUsd',
    ]);
    expect(json.overrides[0].scenarioValue).toBe(0.825);
    expect(json.overrides[0].effectiveValue).toBeCloseTo(1 / 1.1, 12);
    expect(json.warnings).toEqual([]);
  });

  it('the default scenario as shipped (Aave v3) replaces nothing and warns of nothing: no notes, empty lists in --json', () => {
    const r = runCli(['run', '--set', 'blocks=300', '--no-store']);
    expect(r.stdout).not.toContain('Parameters the liquidation mechanism replaces');
    expect(r.stdout).not.toContain('Warnings');
    const json = JSON.parse(runCli(['run', '--json', '--set', 'blocks=300', '--no-store']).stdout) as Summary;
    expect(json.overrides).toEqual([]);
    expect(json.warnings).toEqual([]);
  });
});

describe('cascade compare: the terms in effect make a design that liquidates nothing explainable', () => {
  it('liquity-v1 next to aave-v3: each design prints its threshold, minimum ratio and the oracle fall its least healthy account needs', () => {
    const r = runCli(['compare', '--designs', 'aave-v3,liquity-v1', '--set', 'blocks=300']);
    expect(r.status).toBe(0);
    // Aave: 1 − 1/1.02 = 1.96%; Liquity: 1 − 1.1·0.825/1.02 = 11.03%, more than the 10% shock moves the oracle.
    expect(r.stdout).toContain('lend (aave-v3): liquidation threshold 0.825 (minimum collateral ratio 121.2%');
    const flat = r.stdout.replace(/\n\s+/g, ' ');
    expect(flat).toContain(
      "lend (liquity-v1): liquidation threshold 0.909091 (minimum collateral ratio 110.0%; the scenario's 0.825); the least healthy account needs an oracle fall of 11.03%",
    );
    expect(r.stdout).toContain('changes protocols.0.liquidationRule: {"type":"aave-v3"} → {"type":"liquity-v1"}');
  });

  it('refuses a perp design on a lending-only scenario before running anything', () => {
    const r = runCli(['compare', '--designs', 'aave-v3,perp-adl', '--set', 'blocks=300']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('design "perp-adl" changes perp exchanges (protocols of type perp)');
  });
});

describe('cascade run: calibration warnings', () => {
  it('receipt-collateral on the linear law (a 10% move, the market −80%): the summary, --json and report.html all carry the warnings', () => {
    const dir = path.join(makeTempDir(), 'out');
    // The scenario's former world: a 10% fall over 30 minutes and the linear impact law, which runs away.
    const old = ['venues.0.impact=linear', 'assets.0.price.dropPct=10', 'assets.0.price.dropMinutes=30'];
    const r = runCli([
      'run',
      'scenarios/receipt-collateral.yaml',
      '--set',
      'blocks=300',
      ...old.flatMap((s) => ['--set', s]),
      '--no-store',
      '--out',
      dir,
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Warnings: outside the calibrated range \(3\)/);
    expect(r.stdout).toContain(
      '[impact-beyond-calibration] cex: net sales outstanding on this off-chain market reached',
    );
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(summary.warnings.map((w) => w.code)).toEqual([
      'impact-beyond-calibration',
      'market-off-fundamental',
      'runaway-amplification',
    ]);
    // The market fell ~80% on a linear curve: ln(0.2)/ln(0.99) ≈ 160 depths, far past the 20 the curve is calibrated
    // for.
    expect(summary.warnings[0].value).toBeGreaterThan(100);
    expect(summary.metrics.marketDrawdown).toBeGreaterThan(0.7);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<section id="warnings">');
    expect(html).toContain('<a href="#warnings">Warnings</a>');
  });
});
