// Building a world's perpetual exchanges from `scenario.protocols[]` entries of type perp.
import type { PerpSpec } from '../scenario/schema-perp.js';
import type { Oracle } from '../oracle/oracle.js';
import type { Venue } from '../market/venues/venue.js';
import type { EngineContext } from './engine-context.js';
import { RandomStream } from '../kernel/random.js';
import { PerpMarket } from '../protocol/perp/perp-market.js';
import { PerpProtocol } from '../protocol/perp/perp-protocol.js';
import { generateTraders } from '../protocol/perp/perp-population.js';
import { bookFileOf, generatedOf } from '../scenario/schema-books.js';
import { perpFromFile, placePerpPositions } from './file-books.js';

/**
 * A perpetual exchange at block 0: its markets read their oracles (which have published their first answer), and
 * the traders are drawn from the `traders:<id>` stream, the market makers holding the other side. Initial margin
 * binds here, as positions open one by one: the leverage drawn is capped by 1 / the market's initial margin
 * fraction for that size at the open interest so far.
 *
 * @example const perp = buildPerpProtocol(spec, context);
 */
export function buildPerpProtocol(spec: PerpSpec, context: EngineContext): PerpProtocol {
  const { oracles, venues, seed, attribution } = context;
  const oracle = (id: string) => oracles.find((o) => o.id === id) as Oracle;
  const markets = spec.markets.map(
    (m, k) =>
      new PerpMarket(
        m,
        k,
        oracle(m.indexOracle),
        oracle(m.markOracle),
        venues.find((v) => v.id === m.venue) as Venue,
        attribution,
        context.assetOf(m.asset).sales,
      ),
  );
  for (const market of markets) market.readPrices();
  const fromFile = bookFileOf(spec.traders);
  if (fromFile) {
    const { book, report } = perpFromFile(
      spec.id,
      fromFile.file,
      context.baseDir,
      fromFile.unsafeAtStart,
      markets.map((market) => ({
        mark: market.mark,
        maintenanceUsd: (notional: number) => market.maintenanceUsd(notional),
      })),
    );
    const perp = new PerpProtocol(spec, markets, attribution, book.accounts.length);
    placePerpPositions(perp.book, book, perp.maker);
    context.books.push(report);
    return perp;
  }
  const generated = generatedOf(spec.traders);
  const perp = new PerpProtocol(spec, markets, attribution);
  if (generated === undefined) return perp;
  const openInterest = markets.map(() => 0);
  generateTraders(
    perp.book,
    generated,
    markets.map((market, k) => ({
      indexPrice: market.index,
      maintenanceUsd: (notional: number) => market.maintenanceUsd(notional),
      maxLeverage: (size: number) => {
        const leverage = 1 / market.initialMarginFraction(size, openInterest[k]);
        openInterest[k] += size * market.index;
        return leverage;
      },
    })),
    spec.marginMode,
    perp.maker,
    new RandomStream(seed, `traders:${spec.id}`),
  );
  return perp;
}
