/**
 * `--allow-outside-files` on every command that loads a scenario (run, compare, map, mc, sweep, frontier): as real
 * child processes, a scenario whose price CSV is in a sibling folder is refused at the field without the flag (exit 1),
 * and runs with it (exit 0), as `CASCADE_ALLOW_OUTSIDE_FILES=1` does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, replaceLine, repoRoot, runCli } from './helpers/cli.js';

afterAll(removeTempDirs);

const root = makeTempDir();
mkdirSync(path.join(root, 'scenario'));
mkdirSync(path.join(root, 'data'));
// Two minutes apart at block 0, 10 and 20: a fall then a partial rebound.
writeFileSync(path.join(root, 'data', 'prices.csv'), 'timestamp,price\n0,2000\n600,1700\n1200,1800\n');
const { text, line } = replaceLine(
  readFileSync(path.join(repoRoot, 'scenarios', 'thin-pool-shock.yaml'), 'utf8'),
  '    price: { model: shock, initial: 2000, startMinute: 10, dropPct: 10, dropMinutes: 30 }',
  '    price: { model: csv, file: ../data/prices.csv }',
);
const scenario = path.join(root, 'scenario', 'replay.yaml');
writeFileSync(scenario, text);

const small = ['--set', 'blocks=5'];
const batch = ['--paths', '1', '--workers', '1', ...small];
const commands: [string, string[]][] = [
  ['run', ['run', scenario, '--no-store', ...small]],
  ['compare', ['compare', scenario, '--designs', 'aave-v3,maker-clip', ...small]],
  ['map', ['map', scenario, '--max-shock', '0.2', '--steps', '2']],
  ['mc', ['mc', scenario, ...batch]],
  ['sweep', ['sweep', scenario, '--grid', 'protocols.0.liquidationBonus=0.05,0.1', ...batch]],
  [
    'frontier',
    [
      'frontier',
      scenario,
      '--param',
      'protocols.0.liquidationBonus',
      '--range',
      '0.05:0.1',
      '--target',
      'badDebt.mean <= 1',
      '--max-steps',
      '1',
      ...batch,
    ],
  ],
];

describe.each(commands)('cascade %s', (_, args) => {
  it('without the flag: exit 1 at the price file field, naming the flag', () => {
    const result = runCli(args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${scenario}:${line}:32: assets.0.price.file: "../data/prices.csv" is outside the scenario's folder`,
    );
    expect(result.stderr).toContain('--allow-outside-files');
    expect(result.stdout).toBe('');
  });

  it('with --allow-outside-files: the file is read and the command succeeds', () => {
    const result = runCli([...args, '--allow-outside-files']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
