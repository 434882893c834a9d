import type { World } from '../../world/world.js';
import type { ChainReport } from '../../chain/chain-report.js';

/**
 * The run's fee-market report: the chain's own statistics, each oracle's answer age (mean and peak over the
 * recorded blocks, from the `oracle-age:<id>` series) and the OEV auctions' takings; undefined without a fee market.
 *
 * @example const chain = chainReport(world); chain?.oracleAgeSeconds['eth-usd'].max;
 */
export function chainReport(world: World): ChainReport | undefined {
  const market = world.chain.feeMarket;
  if (!market) return undefined;
  const report = market.report();
  for (const oracle of world.oracles) {
    const ages = world.recorder.column(`oracle-age:${oracle.id}`);
    if (!ages || ages.length < 2) continue;
    let sum = 0;
    let max = 0;
    // Blocks 1…n: block 0 is the initial answer, age 0 by construction.
    for (let b = 1; b < ages.length; b++) {
      sum += ages[b];
      max = Math.max(max, ages[b]);
    }
    report.oracleAgeSeconds[oracle.id] = { mean: sum / (ages.length - 1), max };
  }
  const auctions = world.keeperMarkets.flatMap((m) => (m.oev ? [{ protocol: m.protocol.id, oev: m.oev }] : []));
  if (auctions.length > 0) {
    report.oev = auctions.map(({ protocol, oev }) => ({
      protocol,
      auctions: oev.auctions,
      recapturedUsd: oev.recapturedUsd,
      operatorUsd: oev.operatorUsd,
    }));
  }
  return report;
}
