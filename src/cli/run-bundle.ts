/**
 * The fast start of `cascade run`: in the built package, `run` and everything it loads is also one CommonJS file,
 * dist/cli/run-bundle.cjs (scripts/bundle-cli.mjs), which is compiled through V8's code cache in the user's cache
 * folder (src/report/code-cache.ts). Node 20 caches no compiled code for ES modules; for a CommonJS file loaded with
 * `vm.Script` it can. From the sources (tsx) there is no such file and the CLI imports its ES modules as before.
 */
import { requireWithCodeCache } from '../report/code-cache.js';

/** The bundle's file name, beside the bundled dist/cli/main.js. */
export const RUN_BUNDLE = './run-bundle.cjs';

/** What the bundle exports (src/cli/run-main.ts). */
interface RunBundle {
  runMain(argv: string[]): Promise<number>;
}

/**
 * The bundle's `runMain` (for a `run` or `help run` command line) when the bundle is found beside `moduleUrl`;
 * undefined when it is not there or cannot be loaded (the caller then imports the ES modules).
 */
export function runBundleMain(moduleUrl: string): RunBundle['runMain'] | undefined {
  let bundle: RunBundle;
  try {
    bundle = requireWithCodeCache(moduleUrl, RUN_BUNDLE) as RunBundle;
  } catch {
    return undefined;
  }
  return typeof bundle.runMain === 'function' ? bundle.runMain : undefined;
}
