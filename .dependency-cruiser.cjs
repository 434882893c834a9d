// Import rules of src/ (docs/architecture.md): a folder imports only from its own layer or a layer below it, and
// no module takes part in a cycle. Type-only imports count: a type names a dependency as much as a value does.
// Checked by `npm run lint` (depcruise) and by test/architecture.test.ts.

/** Layers, lowest first; folders on one line share a layer and must not import each other. */
const LAYERS = require('./scripts/layers.cjs');

/** Tests (beside their file or in test/) may build a whole world to exercise one piece; the rules bind the product. */
const TESTS = '\\.test(-helper)?\\.ts$';

const rank = (folder) => LAYERS.findIndex((layer) => layer.includes(folder));
const folders = LAYERS.flat();

/** One rule per folder: it may not import any folder of a higher layer, nor a sibling of its own layer. */
const layerRules = folders.map((folder) => {
  const forbidden = folders.filter((other) => other !== folder && rank(other) >= rank(folder));
  return {
    name: `layer-${folder}`,
    comment: `src/${folder} may import only ${folders.filter((o) => rank(o) < rank(folder)).join(', ') || 'nothing outside itself'}`,
    severity: 'error',
    from: { path: `^src/${folder}/`, pathNot: TESTS },
    to: { path: `^src/(${forbidden.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-cycles',
      comment: 'a module may not depend on itself through other modules',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: 'unknown-folder',
      comment: 'every folder of src/ must be a layer of .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: `^src/(?!(${folders.join('|')})/)` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
