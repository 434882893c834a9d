/**
 * What a batch path redraws. A path differs from another only through its seed, and the seed reaches
 * the world only through the named random streams its components draw from (world/build-world.ts,
 * build-cross.ts, build-perp.ts): one stream per asset price, per protocol's borrower or trader book, and
 * per protocol's health-factor sample. Every other component (venues, oracles, chain and gas, keepers,
 * arbitrageurs, adversaries, bridges) draws nothing and is the same in every path. This module reads a
 * scenario and says, stream by stream, which of those actually draw.
 */
import type { Scenario } from '../../scenario/schema.js';
import { generatedOf } from '../../scenario/schema-books.js';

/**
 * One named random stream that changes from path to path, and what it draws.
 *
 * @example const use: RandomStreamUse = { stream: 'price:ETH', redraws: 'ETH price: GBM, σ 80%/yr' };
 */
export interface RandomStreamUse {
  /** The stream's name, as the world builder derives it (seeded by the path seed). */
  stream: string;
  /** What the path redraws from it. */
  redraws: string;
}

/**
 * Which parts of the world each path of a batch redraws, and which are the same in every path.
 *
 * @example pathRandomness(scenario).summary; // 'Each path redraws: ETH price (…); the borrower book of lend (…). …'
 */
export interface PathRandomness {
  /** Streams whose draws change from path to path. Empty: every path is the same run. */
  redrawn: RandomStreamUse[];
  /** Parts of the world that are the same in every path. */
  fixed: string[];
  /** Both lists in one sentence. */
  summary: string;
}

type PriceSpec = Scenario['assets'][number]['price'];

const percent = (fraction: number) => `${Number((fraction * 100).toPrecision(4))}%`;

/** What the price stream of an asset draws, or null when its path is deterministic; `fixedText` says what it is then.
 * */
function priceDraws(symbol: string, price: PriceSpec): { draws: string | null; fixedText: string } {
  switch (price.model) {
    case 'gbm':
      return price.volatilityAnnual > 0
        ? { draws: `${symbol} price path: GBM, σ ${percent(price.volatilityAnnual)}/yr`, fixedText: '' }
        : { draws: null, fixedText: `${symbol} price (GBM with σ 0: its drift only)` };
    case 'jump-diffusion': {
      const parts = [
        ...(price.volatilityAnnual > 0 ? [`diffusion σ ${percent(price.volatilityAnnual)}/yr`] : []),
        ...(price.jumpsPerYear > 0
          ? [`${price.jumpsPerYear} jumps/yr, log-size N(${price.jumpMean}, ${price.jumpStd}²)`]
          : []),
      ];
      return parts.length > 0
        ? { draws: `${symbol} price path: jump diffusion, ${parts.join(', ')}`, fixedText: '' }
        : { draws: null, fixedText: `${symbol} price (jump diffusion with no volatility and no jumps)` };
    }
    case 'shock': {
      const parts = [
        ...(price.dropSigma
          ? [
              `the size of the drop, log-normal with median ${price.dropPct}% and σ ${price.dropSigma} of its log${price.dropMaxPct === undefined ? '' : `, at most ${price.dropMaxPct}%`}`,
            ]
          : []),
        ...(price.volatilityAnnual > 0 ? [`GBM noise around the script, σ ${percent(price.volatilityAnnual)}/yr`] : []),
      ];
      const script = `scripted shock, −${price.dropPct}% over ${price.dropMinutes} min from minute ${price.startMinute}`;
      return parts.length > 0
        ? { draws: `${symbol} price: ${parts.join('; ')}`, fixedText: '' }
        : { draws: null, fixedText: `${symbol} price (${script}, no noise)` };
    }
    case 'bridge':
      return price.volatilityAnnual > 0
        ? {
            draws: `${symbol} price path: Brownian-bridge noise between the anchors, σ ${percent(price.volatilityAnnual)}/yr`,
            fixedText: '',
          }
        : { draws: null, fixedText: `${symbol} price (straight through its anchors)` };
    case 'csv':
      return { draws: null, fixedText: `${symbol} price (replayed from ${price.file})` };
    case 'constant':
      return { draws: null, fixedText: `${symbol} price (constant ${price.initial})` };
    case 'pegged':
      return price.noise && price.noise.volatilityAnnual > 0
        ? { draws: `${symbol} peg ratio: mean-reverting (OU) noise on its log`, fixedText: '' }
        : { draws: null, fixedText: `${symbol} price (${price.anchor} times a scripted peg ratio)` };
    case 'ou':
      return price.volatilityAnnual > 0
        ? {
            draws: `${symbol} price path: Ornstein–Uhlenbeck (${price.space} space) around ${price.mean}`,
            fixedText: '',
          }
        : { draws: null, fixedText: `${symbol} price (OU with σ 0: straight to its mean)` };
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The random streams a scenario's paths redraw and the parts that stay fixed, from the scenario alone.
 * Stream names follow the world builder: `price:<SYMBOL>` (exogenous price, drawn only by models with
 * randomness), `borrowers:<id>` (lending and cross-lending books), `traders:<id>` (perp books) and
 * `record:health-sample:<id>` (which accounts the per-block health quantiles sample; no metric depends on it).
 *
 * @example
 * pathRandomness(loadScenario('scenarios/thin-pool-shock.yaml').scenario).redrawn;
 * // [{ stream: 'borrowers:lend', redraws: 'borrower book of lend: 10,000 positions (…)' }]
 */
export function pathRandomness(scenario: Scenario): PathRandomness {
  const redrawn: RandomStreamUse[] = [];
  const fixed: string[] = [];
  for (const asset of scenario.assets) {
    const { price } = asset;
    const { draws, fixedText } = priceDraws(asset.symbol, price);
    if (draws !== null) redrawn.push({ stream: `price:${asset.symbol}`, redraws: draws });
    else fixed.push(fixedText);
    if ((price.model === 'gbm' || price.model === 'jump-diffusion') && price.volatility?.model === 'regime')
      redrawn.push({ stream: `volatility:${asset.symbol}`, redraws: `${asset.symbol} volatility regime switches` });
  }
  for (const jumps of scenario.commonJumps)
    if (jumps.jumpsPerYear > 0 && Object.keys(jumps.betas).length > 0)
      redrawn.push({
        stream: `common-jumps:${jumps.id}`,
        redraws: `market-wide jumps ${jumps.id}: ${jumps.jumpsPerYear}/yr, log-size N(${jumps.jumpMean}, ${jumps.jumpStd}²)`,
      });
  for (const protocol of scenario.protocols) {
    if (protocol.type === 'perp') {
      const traders = generatedOf(protocol.traders);
      if ('file' in protocol.traders) fixed.push(`trader book of ${protocol.id}: read from ${protocol.traders.file}`);
      const book = `trader book of ${protocol.id}: ${count(traders?.count ?? 0)} traders (notional, leverage, side, entry price${traders?.addMargin ? ', who keeps a margin reserve' : ''})`;
      if ((traders?.count ?? 0) > 0) redrawn.push({ stream: `traders:${protocol.id}`, redraws: book });
      continue;
    }
    const borrowers = generatedOf(protocol.borrowers);
    if (borrowers === undefined && 'file' in protocol.borrowers)
      fixed.push(`borrower book of ${protocol.id}: read from ${protocol.borrowers.file}`);
    const what =
      protocol.type === 'lending'
        ? `collateral size, health factor${borrowers && 'topUp' in borrowers && borrowers.topUp ? ', who tops up' : ''}`
        : 'collateral value, health factor, asset mix';
    if ((borrowers?.count ?? 0) > 0)
      redrawn.push({
        stream: `borrowers:${protocol.id}`,
        redraws: `borrower book of ${protocol.id}: ${count(borrowers?.count ?? 0)} positions (${what})`,
      });
    if (
      protocol.type === 'lending' &&
      scenario.record.healthSample > 0 &&
      (borrowers?.count ?? 0) > scenario.record.healthSample
    ) {
      redrawn.push({
        stream: `record:health-sample:${protocol.id}`,
        redraws: `which accounts of ${protocol.id} the health-factor quantiles sample (no metric depends on it)`,
      });
    }
  }
  const agents = [
    'venues',
    'oracles',
    'chain and gas',
    'keepers',
    'arbitrageurs',
    ...(scenario.adversaries.length > 0 ? ['adversaries'] : []),
    ...(scenario.bridges.length > 0 ? ['bridges'] : []),
  ];
  fixed.push(`${agents.join(', ')} (they draw no random numbers)`);
  const summary =
    (redrawn.length === 0
      ? 'Every path is the same run: nothing in this scenario draws random numbers.'
      : `Each path redraws: ${redrawn.map((r) => `${r.redraws} [${r.stream}]`).join('; ')}.`) +
    ` The same in every path: ${fixed.join('; ')}.`;
  return { redrawn, fixed, summary };
}
