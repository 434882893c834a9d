// Source-mode entry of the oracle worker thread: registers tsx's ES module loader in this thread, then loads the
// TypeScript worker (see src/analysis/batch/path-worker-source.mjs for why). Not compiled: dist/ uses oracle-worker.js.
import { register } from 'tsx/esm/api';

register();
const { default: runOracleTask } = await import('./oracle-worker.ts');

export default runOracleTask;
