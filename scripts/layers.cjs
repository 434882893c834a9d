// The layers of src/, lowest first (docs/architecture.md); folders on one line share a layer and must not import
// each other. Read by .dependency-cruiser.cjs and scripts/import-matrix.ts.
module.exports = [
  ['kernel'],
  ['scenario'],
  ['market'],
  ['chain'],
  ['oracle'],
  ['liquidation'],
  ['protocol'],
  ['agents'],
  ['world'],
  ['attribution'],
  ['analysis'],
  ['store'],
  ['service', 'report'],
  ['cli', 'api'],
];
