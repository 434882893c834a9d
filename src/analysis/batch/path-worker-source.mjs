// Source-mode entry of the batch worker threads (see worker-entry.ts): registers tsx's ES module
// loader inside this worker thread, then loads the TypeScript worker as an ES module. Not compiled:
// dist/ uses path-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: runPathChunk } = await import('./path-worker.ts');

export default runPathChunk;
