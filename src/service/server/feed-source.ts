// `cascade feed`'s source: a simulated run observed block by block as the update messages a live feed would send.
import { attribution } from '../../attribution/cascade-generations.js';
import type { Scenario } from '../../scenario/schema.js';
import { buildWorld } from '../../world/build-world.js';
import { stepBlock } from '../../world/block-order.js';
import { initialAccounts, initialPrices, lendingSpecs } from '../book/initial-book.js';

/** The updates one block of the run produced, as NDJSON lines. */
export interface FeedBlock {
  block: number;
  /** Simulated seconds since block 0. */
  timeSeconds: number;
  lines: string[];
}

/** What {@link feedBlocks} runs. */
export interface FeedSourceOptions {
  seed?: number;
  /** Directory relative paths of the scenario resolve against. */
  baseDir?: string;
}

/**
 * Runs `scenario` and yields, for block 0 and each block after, what changed as update messages: the oracle price of
 * each lending protocol's collateral (once per asset, when it moved) and every account whose collateral or debt moved
 * (`change` with both amounts; `close` when both reach 0; `open` for an account the run added). Accounts are named as
 * the live book names the scenario's block-0 borrowers (b0…bN−1, or the file book's names), so a server started from
 * the same scenario and seed follows the run. Not fed: perp books, venue depth, gas, the debt asset's price (constant
 * in the simulator).
 *
 * @example for (const block of feedBlocks(scenario, { seed: 1 })) console.log(block.block, block.lines.length);
 */
export function* feedBlocks(scenario: Scenario, options: FeedSourceOptions = {}): Generator<FeedBlock> {
  const seed = options.seed ?? scenario.seed;
  const baseDir = options.baseDir ?? process.cwd();
  const world = buildWorld(scenario, { seed, baseDir, attribution, series: 'metrics' });
  const specs = lendingSpecs(scenario);
  const prices = initialPrices(scenario, baseDir, seed);
  const watched = world.protocols
    .filter((protocol) => specs.some((spec) => spec.id === protocol.id))
    .map((protocol) => {
      const spec = specs.find((s) => s.id === protocol.id)!;
      const names = initialAccounts(spec, prices, { baseDir }, seed).names;
      const { collateral, debt } = protocol.book;
      return {
        protocol,
        asset: spec.collateral,
        names,
        collateral: Float64Array.from(collateral),
        debt: Float64Array.from(debt),
        open: Uint8Array.from({ length: collateral.length }, (_, i) => (i < names.length ? 1 : 0)),
      };
    });
  const lastPrice = new Map<string, number>();
  for (let block = 0; block <= world.blocks; block++) {
    if (block > 0) stepBlock(world);
    const lines: string[] = [];
    const priced = new Set<string>();
    for (const w of watched) {
      const price = w.protocol.oracle.price;
      if (Number.isFinite(price) && price > 0 && !priced.has(w.asset) && lastPrice.get(w.asset) !== price) {
        priced.add(w.asset);
        lastPrice.set(w.asset, price);
        lines.push(JSON.stringify({ type: 'price', asset: w.asset, price }));
      }
      const { collateral, debt } = w.protocol.book;
      const id = w.protocol.id;
      for (let i = 0; i < collateral.length; i++) {
        const c = collateral[i];
        const d = debt[i];
        if (c === w.collateral[i] && d === w.debt[i]) continue;
        w.collateral[i] = c;
        w.debt[i] = d;
        const account = w.names[i] ?? `x${i}`;
        if (c === 0 && d === 0) {
          if (w.open[i]) lines.push(JSON.stringify({ type: 'position', op: 'close', protocol: id, account }));
          w.open[i] = 0;
        } else if (!w.open[i]) {
          w.open[i] = 1;
          lines.push(JSON.stringify({ type: 'position', op: 'open', protocol: id, account, collateral: c, debt: d }));
        } else
          lines.push(JSON.stringify({ type: 'position', op: 'change', protocol: id, account, collateral: c, debt: d }));
      }
    }
    yield { block, timeSeconds: block * world.clock.blockTimeSeconds, lines };
  }
}
