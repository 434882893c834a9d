/**
 * The package as a user installs it: built with the project's build config into a scratch package folder (the
 * repository's package.json, schema and scenarios beside it), linked as node_modules/cascade of a scratch app, and
 * imported by name. Checks that `import('cascade')` resolves through package.json `exports`, loads none of the heavy
 * modules until a function needs them, runs a scenario, refuses deep imports, ships the JSON Schema, and that its
 * types resolve for a TypeScript user.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'cascade-package-'));
const pkg = join(scratch, 'cascade');
const app = join(scratch, 'app');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function node(args: string[], cwd = app) {
  const run = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CASCADE_PROGRESS: '0' },
  });
  if (run.error) throw run.error;
  return run;
}

beforeAll(() => {
  mkdirSync(pkg, { recursive: true });
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = node([tsc, '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')], repoRoot);
  expect(build.stdout + build.stderr).toBe('');
  cpSync(join(repoRoot, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(repoRoot, 'schema'), join(pkg, 'schema'), { recursive: true });
  cpSync(join(repoRoot, 'scenarios'), join(pkg, 'scenarios'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  symlinkSync(pkg, join(app, 'node_modules', 'cascade'), 'dir');
}, 600_000);

describe('the cascade package, imported by name', () => {
  it('ships its types: dist/api/index.d.ts, named by exports', () => {
    expect(existsSync(join(pkg, 'dist', 'api', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'api', 'index.js'))).toBe(true);
  });

  it('imports without loading the simulator, zod, DuckDB, ECharts or piscina, then runs a scenario', () => {
    writeFileSync(
      join(app, 'main.mjs'),
      [
        "import { register } from 'node:module';",
        'const seen = [];',
        'const { port1, port2 } = new MessageChannel();',
        "port1.on('message', (url) => seen.push(url));",
        'port1.unref();',
        "register('./recorder.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });",
        "const api = await import('cascade');",
        'await new Promise((resolve) => setTimeout(resolve, 200));',
        'const heavy = seen.filter((url) => /zod|yaml|@duckdb|echarts|piscina|\\/dist\\/(analysis|world|store|report)\\//.test(url));',
        "console.log('exports', Object.keys(api).sort().join(','));",
        "console.log('heavy at import', heavy.length, seen.some((url) => url.endsWith('/dist/api/index.js')));",
        "const loaded = await api.loadScenarioFile('node_modules/cascade/scenarios/thin-pool-shock.yaml', { set: ['blocks=5', 'protocols.0.borrowers.count=20'] });",
        'const result = await api.runScenario(loaded, { seed: 4 });',
        'await new Promise((resolve) => setTimeout(resolve, 200));',
        "console.log('run', result.scenario, result.seed, result.blocks, seen.some((url) => url.includes('/dist/analysis/run.js')));",
        "try { await api.loadScenarioFile('missing.yaml'); } catch (error) { console.log('error', error instanceof api.ScenarioError, error.name); }",
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(app, 'recorder.mjs'),
      'let port;\nexport function initialize(data) { port = data.port; }\nexport async function load(url, context, next) { port.postMessage(url); return next(url, context); }\n',
    );
    const run = node(['main.mjs']);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      'exports CascadeError,InvariantError,ScenarioError,ScenarioProblems,UsageError,compareDesigns,compareScenarioFiles,designNames,loadScenarioFile,mapCascade,openResultsStore,parseScenarioText,runMonteCarlo,runScenario,scenarioFromObject,scenarioJsonSchema,storeRunResult',
      'heavy at import 0 true',
      'run thin-pool-shock 4 5 true',
      'error true ScenarioError',
      '',
    ]);
  }, 300_000);

  it('refuses deep imports of internal modules, and serves the schema and package.json', () => {
    writeFileSync(
      join(app, 'deep.mjs'),
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        "try { await import('cascade/dist/analysis/run.js'); console.log('deep import allowed'); } catch (error) { console.log(error.code); }",
        "const schema = require('cascade/schema/scenario.schema.json');",
        "console.log(schema.title, require('cascade/package.json').name);",
      ].join('\n') + '\n',
    );
    const run = node(['deep.mjs']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED\nCascade scenario cascade\n');
  }, 120_000);

  it('gives a TypeScript user the types through exports (a wrong type is a compile error)', () => {
    writeFileSync(
      join(app, 'use.ts'),
      [
        "import { loadScenarioFile, runScenario, type RunResult, type MonteCarloOptions } from 'cascade';",
        "const loaded = await loadScenarioFile('a.yaml');",
        'const result: RunResult = await runScenario(loaded, { seed: 1 });',
        'const badDebt: number = result.metrics.badDebtUsd;',
        'const options: MonteCarloOptions = { paths: 10 };',
        'export { badDebt, options };',
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(app, 'wrong.ts'),
      "import { runScenario } from 'cascade';\nexport const r: string = await runScenario(undefined as never);\n",
    );
    const tsconfig = (file: string) =>
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: [file],
      });
    writeFileSync(join(app, 'package.json'), '{ "type": "module" }\n');
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    writeFileSync(join(app, 'tsconfig.json'), tsconfig('use.ts'));
    const good = node([tsc, '-p', 'tsconfig.json']);
    expect(good.stdout + good.stderr).toBe('');
    expect(good.status).toBe(0);
    writeFileSync(join(app, 'tsconfig.json'), tsconfig('wrong.ts'));
    const bad = node([tsc, '-p', 'tsconfig.json']);
    expect(bad.stdout).toContain("error TS2322: Type 'RunResult' is not assignable to type 'string'");
    expect(bad.status).not.toBe(0);
  }, 300_000);
});
