import path from 'node:path';
import type { PriceProcessSpec, Scenario } from '../scenario/schema.js';
import { RandomStream } from '../kernel/random.js';
import { InvariantError } from '../kernel/errors.js';
import { createPegged } from '../market/price/pegged.js';
import { withinPriceRange } from '../market/price/bounded.js';
import { CorrelatedNormals, type NormalSource } from '../market/price/correlated-normals.js';
import {
  CommonJumps,
  createBridge,
  createConstant,
  createCsvReplay,
  createGbm,
  createJumpDiffusion,
  createOu,
  createShock,
  createVolatility,
  loadPriceCsv,
  reversionPerYear,
  withCommonJumps,
  type CommonJumpExposure,
  type PriceProcess,
} from '../market/price/index.js';

/**
 * Builds the price process of every asset, in declaration order. Streams: `price:<symbol>` (the asset's own draws,
 * shared with its correlation group), `volatility:<symbol>` (regime switches), `common-jumps:<id>` (market-wide
 * jumps); adding a correlation, a volatility model or a common jump changes no other stream.
 *
 * @example
 * const priceOf = priceBuilder(scenario, seed, baseDir);
 * const eth = priceOf(scenario.assets[0], (symbol) => fundamentalOf(symbol));
 */
export function priceBuilder(
  scenario: Scenario,
  seed: number,
  baseDir: string,
): (spec: Scenario['assets'][number], priceOf: (symbol: string) => number) => PriceProcess {
  const streams = new Map<string, RandomStream>();
  const streamOf = (symbol: string) => {
    if (!streams.has(symbol)) streams.set(symbol, new RandomStream(seed, `price:${symbol}`));
    return streams.get(symbol) as RandomStream;
  };
  const correlated = correlatedSources(scenario, streamOf);
  const exposures = commonJumpExposures(scenario, seed);
  return (spec, priceOf) => {
    const { symbol, price } = spec;
    const rng = streamOf(symbol);
    const normals = correlated.get(symbol) ?? rng;
    const volatility =
      (price.model === 'gbm' || price.model === 'jump-diffusion') && price.volatility
        ? createVolatility(price.volatilityAnnual, price.volatility, new RandomStream(seed, `volatility:${symbol}`))
        : undefined;
    let process: PriceProcess;
    if (price.model === 'pegged') {
      const { anchor, noise } = price;
      const params = { ...price, noise: noise && { ...noise, reversionPerYear: reversionPerYear(noise) } };
      process = createPegged(params, () => priceOf(anchor), rng);
    } else if (price.model === 'gbm') process = createGbm(price, normals, volatility);
    else if (price.model === 'jump-diffusion') process = createJumpDiffusion(price, rng, normals, volatility);
    else if (price.model === 'ou') process = createOu({ ...price, reversionPerYear: reversionPerYear(price) }, normals);
    else process = uncorrelated(price, rng, baseDir);
    return withinPriceRange(withCommonJumps(process, exposures.get(symbol) ?? []));
  };
}

/** The normals of every asset in a correlation group, by symbol, drawn from the assets' own price streams. */
function correlatedSources(scenario: Scenario, streamOf: (symbol: string) => RandomStream): Map<string, NormalSource> {
  const sources = new Map<string, NormalSource>();
  scenario.correlations.forEach((group, g) => {
    const normals = new CorrelatedNormals(group.matrix, group.assets.map(streamOf), `correlations.${g}.matrix`);
    group.assets.forEach((symbol, k) => sources.set(symbol, normals.source(k)));
  });
  return sources;
}

/** The market-wide jump processes each asset is exposed to, by symbol, in `commonJumps` order. */
function commonJumpExposures(scenario: Scenario, seed: number): Map<string, CommonJumpExposure[]> {
  const bySymbol = new Map<string, CommonJumpExposure[]>();
  for (const spec of scenario.commonJumps) {
    const jumps = new CommonJumps(spec, new RandomStream(seed, `common-jumps:${spec.id}`));
    for (const [symbol, beta] of Object.entries(spec.betas)) {
      const list = bySymbol.get(symbol) ?? [];
      list.push({ jumps, beta, compensate: spec.compensate });
      bySymbol.set(symbol, list);
    }
  }
  return bySymbol;
}

function uncorrelated(spec: PriceProcessSpec, rng: RandomStream, baseDir: string): PriceProcess {
  switch (spec.model) {
    case 'shock':
      return createShock(spec, rng);
    case 'bridge':
      return createBridge(spec, rng);
    case 'csv':
      return createCsvReplay(loadPriceCsv(path.resolve(baseDir, spec.file)), { interpolation: spec.interpolation });
    case 'constant':
      return createConstant(spec);
    default:
      throw new InvariantError(`${spec.model} prices are built by priceBuilder`);
  }
}
