/**
 * What a Monte Carlo path redraws: the shipped batch default has a random market, and the description the batch
 * commands print (src/analysis/batch/randomness.ts) matches what the world builder actually draws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pathRandomness } from '../src/analysis/batch/randomness.js';
import { defaultMcScenarioPath, defaultScenarioPath, shippedScenariosDir } from '../src/cli/default-scenario.js';
import { runScenario } from '../src/analysis/run.js';
import { loadScenario } from '../src/scenario/load.js';
import { ScenarioError } from '../src/kernel/errors.js';
import { repoRoot } from './helpers/cli.js';

const SMALL = ['blocks=240', 'protocols.0.borrowers.count=300'];
const series = (result: ReturnType<typeof runScenario>, name: string) =>
  Array.from(result.series.find((s) => s.name === name)!.values);

describe('the Monte Carlo default scenario', () => {
  it('is thin-pool-shock with a random market: the two files differ only in the ETH price and the names', () => {
    const fixed = parse(readFileSync(defaultScenarioPath(), 'utf8')) as Record<string, unknown> & {
      assets: { price: Record<string, unknown> }[];
    };
    const random = parse(readFileSync(defaultMcScenarioPath(), 'utf8')) as typeof fixed;
    const strip = (s: typeof fixed) => ({ ...s, name: undefined, description: undefined, assets: s.assets.slice(1) });
    expect(strip(random)).toEqual(strip(fixed));
    expect(random.assets[0].price).toEqual({ ...fixed.assets[0].price, dropSigma: 0.5, volatilityAnnual: 0.8 });
  });

  it('redraws the price path and the borrower book in every path, where the run default redraws only the borrowers', () => {
    const random = loadScenario(defaultMcScenarioPath(), SMALL).scenario;
    const fixed = loadScenario(defaultScenarioPath(), SMALL).scenario;
    expect(pathRandomness(random).redrawn.map((r) => r.stream)).toEqual(['price:ETH', 'borrowers:lend']);
    expect(pathRandomness(fixed).redrawn.map((r) => r.stream)).toEqual(['borrowers:lend']);
    expect(pathRandomness(fixed).fixed[0]).toBe(
      'ETH price (scripted shock, −10% over 30 min from minute 10, no noise)',
    );
    expect(pathRandomness(random).summary).toContain(
      'the size of the drop, log-normal with median 10% and σ 0.5 of its log',
    );
    // What the description claims, checked against two seeds of the model itself.
    const [a, b] = [11, 12].map((seed) => runScenario(random, { seed }));
    expect(series(a, 'fundamental:ETH')).not.toEqual(series(b, 'fundamental:ETH'));
    expect(a.metrics.externalDrawdown).not.toBe(b.metrics.externalDrawdown);
    expect(a.metrics.initialCollateralUsd).not.toBe(b.metrics.initialCollateralUsd);
    const [c, d] = [11, 12].map((seed) => runScenario(fixed, { seed }));
    expect(series(c, 'fundamental:ETH')).toEqual(series(d, 'fundamental:ETH'));
    expect(c.metrics.initialCollateralUsd).not.toBe(d.metrics.initialCollateralUsd);
  });

  it('describes every shipped scenario, and a scenario with nothing random says every path is the same run', () => {
    for (const file of readdirSync(shippedScenariosDir()).filter((f) => f.endsWith('.yaml'))) {
      const described = pathRandomness(loadScenario(path.join(shippedScenariosDir(), file)).scenario);
      expect(described.summary, file).toMatch(/^(Each path redraws: |Every path is the same run)/);
    }
    const none = loadScenario(defaultScenarioPath(), ['protocols.0.borrowers.count=0']).scenario;
    expect(pathRandomness(none).summary).toMatch(
      /^Every path is the same run: nothing in this scenario draws random numbers\./,
    );
    const gbm = pathRandomness(loadScenario(path.join(shippedScenariosDir(), 'gbm-day.yaml')).scenario);
    expect(gbm.redrawn[0]).toEqual({ stream: 'price:ETH', redraws: 'ETH price path: GBM, σ 80%/yr' });
  });

  it('knows every random stream the world builder opens (a new stream must be described there too)', () => {
    // Every `new RandomStream(seed, `name`)` in the model's source, by the name's constant prefix.
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sources(full);
        return entry.name.endsWith('.ts') && !entry.name.includes('.test') ? [full] : [];
      });
    const prefixes = new Set<string>();
    for (const file of sources(path.join(repoRoot, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/new RandomStream\([^,]+, `([a-z:-]+)\$\{/g))
        prefixes.add(match[1]);
    }
    expect([...prefixes].sort()).toEqual([
      'borrowers:',
      'common-jumps:',
      'price:',
      'record:health-sample:',
      'traders:',
      'volatility:',
    ]);
  });

  it('validates a random drop: the median must lie above 0 and below dropMaxPct', () => {
    expect(() => loadScenario(defaultMcScenarioPath(), ['assets.0.price.dropPct=0'])).toThrow(ScenarioError);
    expect(() => loadScenario(defaultMcScenarioPath(), ['assets.0.price.dropPct=0'])).toThrow(
      /dropPct.*with dropSigma > 0, dropPct \(the median drop\) must be above 0 and below dropMaxPct/s,
    );
    expect(() => loadScenario(defaultMcScenarioPath(), ['assets.0.price.dropMaxPct=5'])).toThrow(/below dropMaxPct/);
  });
});
