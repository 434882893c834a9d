import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { attribution } from '../src/attribution/cascade-generations.js';
import type { World } from '../src/world/world.js';
import { pathRandomness } from '../src/analysis/batch/randomness.js';

const FILE = 'scenarios/correlated-crash.yaml';
const TEXT = readFileSync(FILE, 'utf8');

/** The fundamental paths of `symbols` over `blocks` blocks of a scenario text. */
function paths(text: string, symbols: string[], blocks: number, seed?: number, sets: string[] = []): number[][] {
  const scenario = parseScenario(text, FILE, [`blocks=${blocks}`, ...sets]);
  const world: World = buildWorld(scenario, { attribution, ...(seed === undefined ? {} : { seed }) });
  const fundamental = (s: string) => world.assets.find((a) => a.symbol === s)!.fundamental;
  const out = symbols.map((s) => [fundamental(s)]);
  for (let b = 0; b < blocks; b++) {
    stepBlock(world);
    symbols.forEach((s, k) => out[k].push(fundamental(s)));
  }
  return out;
}

/** The 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('scenario correlated-crash: common jumps, GARCH, pegged noise', () => {
  it('crashes ETH and WBTC in the same blocks, WBTC by 0.8 of ETH’s jump log size', () => {
    // No diffusion: every non-zero block log-return is a common jump (β·J), so the two paths show them alone.
    const text = TEXT.replace(/volatilityAnnual: 0\.8 +# long-run σ/, 'volatilityAnnual: 0').replace(
      /volatilityAnnual: 0\.6\n/,
      'volatilityAnnual: 0\n',
    );
    const [eth, wbtc] = paths(text, ['ETH', 'WBTC'], 3000, 4);
    let jumps = 0;
    for (let b = 1; b <= 3000; b++) {
      const [re, rw] = [Math.log(eth[b] / eth[b - 1]), Math.log(wbtc[b] / wbtc[b - 1])];
      expect(Math.abs(re) > 1e-12).toBe(Math.abs(rw) > 1e-12);
      if (Math.abs(re) > 1e-12) {
        jumps++;
        expect(rw).toBeCloseTo(0.8 * re, 10);
      }
    }
    expect(jumps).toBeGreaterThan(0); // 3000 blocks are 10 h: P(no crash) = e^{−365·10/8760} ≈ 0.66 — seed 4 has one
  });

  it('adds the common jump without changing any stream: an asset outside it keeps its path', () => {
    const without = TEXT.replace(/betas: \{ ETH: 1, WBTC: 0\.8 \}/, 'betas: { ETH: 1 }');
    const noJumps = TEXT.replace(/commonJumps:[\s\S]*?compensate: false\n/, '');
    const [a] = paths(without, ['WBTC'], 300);
    const [b] = paths(noJumps, ['WBTC'], 300);
    expect(a).toEqual(b);
  });

  it('keeps stETH within its ratio noise of ETH: |log(stETH/ETH)| well inside 6 stationary sds', () => {
    const [eth, steth] = paths(TEXT, ['ETH', 'stETH'], 2000);
    // stationary sd σ/√(2θ), θ = ln 2 / (0.25/365) per year, σ = 0.05
    const theta = Math.LN2 / (0.25 / 365);
    const sd = 0.05 / Math.sqrt(2 * theta);
    const logs = steth.map((p, b) => Math.log(p / eth[b]));
    expect(logs[0]).toBe(0);
    expect(Math.max(...logs.map(Math.abs))).toBeLessThan(6 * sd);
    expect(Math.max(...logs.map(Math.abs))).toBeGreaterThan(0);
  });
});

describe('price-process validation', () => {
  const expectError = (set: string, pattern: RegExp) => expect(() => parseScenario(TEXT, FILE, [set])).toThrow(pattern);

  it('refuses α + β ≥ 1 naming the file, line and field', () => {
    const text = TEXT.replace('alpha: 0.05, beta: 0.94', 'alpha: 0.1, beta: 0.94');
    const line = lineOf(text, 'alpha: 0.1, beta: 0.94');
    expect(() => parseScenario(text, FILE)).toThrow(
      new RegExp(
        `correlated-crash\\.yaml:${line}:\\d+: assets\\.0\\.price\\.volatility\\.beta: alpha \\+ beta must be below 1`,
      ),
    );
  });

  it('refuses a negative or doubly given mean-reversion speed of an ou asset', () => {
    expectError(
      'assets.3.price={model: ou, initial: 1, mean: 1, reversionPerYear: -2, volatilityAnnual: 0.1}',
      /assets\.3\.price\.reversionPerYear: must be > 0/,
    );
    expectError(
      'assets.3.price={model: ou, initial: 1, mean: 1, reversionPerYear: 2, halfLifeDays: 3, volatilityAnnual: 0.1}',
      /give exactly one of reversionPerYear/,
    );
    expectError(
      'assets.2.price.noise={halfLifeDays: -1, volatilityAnnual: 0.1}',
      /assets\.2\.price\.noise\.halfLifeDays: must be > 0/,
    );
  });

  it('refuses betas for unknown, pegged or constant assets and a duplicate id', () => {
    const line = lineOf(TEXT, 'betas:');
    expect(() =>
      parseScenario(TEXT.replace('betas: { ETH: 1, WBTC: 0.8 }', 'betas: { ETH: 1, DOGE: 0.8 }'), FILE),
    ).toThrow(new RegExp(`correlated-crash\\.yaml:${line}:\\d+: commonJumps\\.0\\.betas\\.DOGE: unknown asset "DOGE"`));
    expectError('commonJumps.0.betas={stETH: 1}', /stETH uses the pegged price model; only gbm and jump-diffusion/);
    expectError('commonJumps.0.betas={USDC: 1}', /USDC uses the constant price model/);
    expectError(
      'commonJumps.1={id: crash, jumpsPerYear: 1, jumpMean: 0, jumpStd: 0, betas: {}}',
      /commonJumps\.1\.id: duplicate common-jump id "crash"/,
    );
  });

  it('accepts jump-diffusion and ou assets in a correlation group, refuses a pegged one', () => {
    const jd =
      'assets.1.price={model: jump-diffusion, initial: 60000, volatilityAnnual: 0.6, jumpsPerYear: 4, jumpMean: -0.1, jumpStd: 0.05}';
    expect(() => parseScenario(TEXT, FILE, [jd])).not.toThrow();
    const ou = 'assets.1.price={model: ou, initial: 60000, mean: 60000, halfLifeDays: 5, volatilityAnnual: 0.6}';
    expect(() => parseScenario(TEXT, FILE, [ou, 'commonJumps=[]'])).not.toThrow();
    expectError('correlations.0.assets=[ETH, stETH]', /correlations\.0\.assets\.1: stETH uses the pegged price model/);
  });
});

describe('correlated jump-diffusion in a world', () => {
  it('leaves the first asset of a group on its solo path, jumps included (same stream, same order of draws)', () => {
    const jd =
      'assets.0.price={model: jump-diffusion, initial: 2000, volatilityAnnual: 0.8, jumpsPerYear: 2000, jumpMean: -0.05, jumpStd: 0.02}';
    const [grouped] = paths(TEXT, ['ETH'], 400, undefined, [jd, 'commonJumps=[]']);
    const [alone] = paths(TEXT, ['ETH'], 400, undefined, [jd, 'commonJumps=[]', 'correlations=[]']);
    expect(grouped).toEqual(alone);
    const [wbtcGrouped] = paths(TEXT, ['WBTC'], 400, undefined, [jd, 'commonJumps=[]']);
    const [wbtcAlone] = paths(TEXT, ['WBTC'], 400, undefined, [jd, 'commonJumps=[]', 'correlations=[]']);
    expect(wbtcGrouped).not.toEqual(wbtcAlone);
  });
});

describe('batch randomness of correlated-crash', () => {
  it('lists the common-jump stream, the pegged noise and a regime stream among what a path redraws', () => {
    const scenario = parseScenario(TEXT, FILE, [
      'assets.1.price.volatility={model: regime, stressedVolatilityAnnual: 1.5, calmDays: 20, stressedDays: 2}',
    ]);
    const streams = pathRandomness(scenario).redrawn.map((r) => r.stream);
    expect(streams).toEqual(
      expect.arrayContaining(['price:ETH', 'price:WBTC', 'price:stETH', 'volatility:WBTC', 'common-jumps:crash']),
    );
    expect(streams).not.toContain('volatility:ETH'); // GARCH draws nothing of its own
  });
});
