// `npx tsx scripts/sweep-quotes.ts SCENARIO VENUE [--sizes 1e4,3e4,...] [--set path=value]... [--out FILE]`: builds
// SCENARIO's world (after the --set overrides) at
// block 0, sweeps quotes of VENUE (a sale and a purchase of each USD size, measured from its mid) and writes the
// table a `curve` venue reads (`side,size_usd,impact_bps`, average impact) to FILE or stdout.
// To build a table from a DEX aggregator instead, do the same with its quotes: for each size, quote selling
// size/mid of the asset and buying with size USD, and write the same three columns (see docs/liquidity.md).
import { writeFileSync } from 'node:fs';
import { loadScenario } from '../src/scenario/load.js';
import { buildWorld } from '../src/world/build-world.js';
import { attribution } from '../src/attribution/cascade-generations.js';
import { sweepCsv, sweepQuotes } from '../src/market/venues/quote-sweep.js';

const [file, venueId] = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const arg = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
if (!file || !venueId) {
  console.error('usage: npx tsx scripts/sweep-quotes.ts SCENARIO VENUE [--sizes 1e4,3e4,...] [--out FILE]');
  process.exit(1);
}
const sizes = (arg('sizes') ?? '1e4,2e4,5e4,1e5,2e5,5e5,1e6').split(',').map(Number);
const sets = process.argv.flatMap((a, i) => (a === '--set' && process.argv[i + 1] ? [process.argv[i + 1]] : []));
const loaded = loadScenario(file, sets);
const world = buildWorld(loaded.scenario, { attribution, baseDir: loaded.dir });
const venue = world.venues.find((v) => v.id === venueId);
if (!venue) {
  console.error(`${file}: no venue "${venueId}" (venues: ${world.venues.map((v) => v.id).join(', ')})`);
  process.exit(1);
}
const { reference, rows } = sweepQuotes(venue, sizes);
const setsText = sets.length > 0 ? ` with ${sets.map((s) => `--set ${s}`).join(' ')}` : '';
const header = `# quote sweep of ${venueId} in ${file}${setsText} at block 0, reference (mid) ${reference} ${venue.quote} per ${venue.base}\n`;
const out = arg('out');
if (out) writeFileSync(out, header + sweepCsv(rows));
else process.stdout.write(header + sweepCsv(rows));
