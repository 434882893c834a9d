import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { attribution } from '../src/attribution/cascade-generations.js';

const FILE = 'scenarios/gbm-day.yaml';
const BASE = readFileSync(FILE, 'utf8');

/** gbm-day with a second gbm asset, BTC, and a correlation group for ETH and BTC. */
function correlatedText(matrix: string, assets = '[ETH, BTC]'): string {
  return BASE.replace(
    /^assets:\n/m,
    'assets:\n  - symbol: BTC\n    price: { model: gbm, initial: 60000, driftAnnual: 0, volatilityAnnual: 0.5 }\n',
  ).concat(`correlations:\n  - assets: ${assets}\n    matrix: ${matrix}\n`);
}

function logReturns(prices: number[]): number[] {
  return prices.slice(1).map((p, i) => Math.log(p / prices[i]));
}

function correlation(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let [sxy, sxx, syy] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('correlated gbm prices (scenario correlations)', () => {
  it('moves ETH and BTC with the requested correlation of block log-returns, within 5 standard errors', () => {
    const rho = 0.7;
    const scenario = parseScenario(correlatedText(`[[1, ${rho}], [${rho}, 1]]`), FILE, ['blocks=5000']);
    const world = buildWorld(scenario, { attribution });
    const symbols = ['ETH', 'BTC'];
    const paths: number[][] = symbols.map((s) => [world.assets.find((a) => a.symbol === s)!.fundamental]);
    for (let b = 0; b < scenario.blocks; b++) {
      stepBlock(world);
      symbols.forEach((s, k) => paths[k].push(world.assets.find((a) => a.symbol === s)!.fundamental));
    }
    const n = scenario.blocks;
    // Large-sample standard error of Pearson's r: (1 − ρ²)/√n.
    expect(Math.abs(correlation(logReturns(paths[0]), logReturns(paths[1])) - rho)).toBeLessThan(
      (5 * (1 - rho * rho)) / Math.sqrt(n),
    );
  });

  it('leaves the first asset of a group on the path it has alone (same stream, first row of L is [1, 0])', () => {
    const alone = buildWorld(parseScenario(BASE, FILE, ['blocks=50']), { attribution });
    const grouped = buildWorld(parseScenario(correlatedText('[[1, 0.9], [0.9, 1]]'), FILE, ['blocks=50']), {
      attribution,
    });
    for (let b = 0; b < 50; b++) {
      stepBlock(alone);
      stepBlock(grouped);
      const eth = (w: typeof alone) => w.assets.find((a) => a.symbol === 'ETH')!.fundamental;
      expect(eth(grouped)).toBe(eth(alone));
    }
  });

  it('refuses a matrix that is not positive definite, naming the file, line and field', () => {
    const text = BASE.replace(
      /^assets:\n/m,
      'assets:\n  - symbol: BTC\n    price: { model: gbm, initial: 60000, driftAnnual: 0, volatilityAnnual: 0.5 }\n  - symbol: SOL\n    price: { model: gbm, initial: 150, driftAnnual: 0, volatilityAnnual: 1 }\n',
    ).concat(
      'correlations:\n  - assets: [ETH, BTC, SOL]\n    matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n',
    );
    const line = text.split('\n').findIndex((l) => l.includes('matrix:')) + 1;
    expect(() => parseScenario(text, FILE)).toThrow(
      new RegExp(`gbm-day.yaml:${line}:\\d+: correlations\\.0\\.matrix: not positive definite`),
    );
  });

  it('refuses an unknown asset, a non-gbm asset and a matrix of the wrong size', () => {
    expect(() => parseScenario(correlatedText('[[1, 0.5], [0.5, 1]]', '[ETH, DOGE]'), FILE)).toThrow(
      /correlations\.0\.assets\.1: unknown asset "DOGE"/,
    );
    expect(() => parseScenario(correlatedText('[[1, 0.5], [0.5, 1]]', '[ETH, USDC]'), FILE)).toThrow(
      /USDC uses the constant price model; only gbm, jump-diffusion and ou assets can be correlated/,
    );
    expect(() => parseScenario(correlatedText('[[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]]'), FILE)).toThrow(
      /correlations\.0\.matrix: has 3 rows for 2 assets/,
    );
  });
});
