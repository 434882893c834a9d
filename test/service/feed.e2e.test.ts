// End to end: `cascade feed` plays a simulated run into a real server, which ends with the run's final book.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { attribution } from '../../src/attribution/cascade-generations.js';
import { loadScenario } from '../../src/scenario/load.js';
import { buildWorld } from '../../src/world/build-world.js';
import { stepBlock } from '../../src/world/block-order.js';
import { getJson, ROOT, startServer, tempDir, writeConfig } from './serve-process.js';

const SET = 'protocols.0.borrowers.count=300';
const SCENARIO = join(ROOT, 'scenarios', 'thin-pool-shock.yaml');

describe('cascade feed', () => {
  it("feeds prices and position changes so the server's book ends where the simulation ends", async () => {
    // The reference: the simulator's own run of the same scenario and seed, stepped to its last block.
    const { scenario } = loadScenario(SCENARIO, [SET]);
    const world = buildWorld(scenario, { baseDir: join(ROOT, 'scenarios'), attribution });
    for (let b = 0; b < world.blocks; b++) stepBlock(world);
    const lend = world.protocols[0];
    let debt = 0;
    let collateral = 0;
    for (let i = 0; i < lend.book.count; i++) {
      debt += lend.book.debt[i];
      collateral += lend.book.collateral[i];
    }
    const price = lend.oracle.price;

    const dir = tempDir();
    const server = await startServer([
      writeConfig(dir, 'startEmpty: false'),
      '--db',
      join(dir, 'live.duckdb'),
      '--set',
      SET,
    ]);
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'src', 'cli', 'main.ts'),
          'feed',
          SCENARIO,
          '--set',
          SET,
          '--to',
          server.url,
          '--speed',
          '0',
        ],
        { cwd: ROOT },
      );
      const match = /^fed (\d+) updates from (\d+) blocks in (\d+) requests; server sequence (\d+)$/m.exec(stdout);
      expect(match, stdout).not.toBeNull();
      const [, updates, blocks, , sequence] = match!.map(Number);
      expect(blocks).toBe(world.blocks + 1); // block 0 and every block after
      expect(sequence).toBe(updates);
      const state = (await getJson(server.url, '/v1/state')).body;
      expect(state.sequence).toBe(updates);
      expect(state.prices.ETH).toBe(price);
      const protocol = state.protocols[0];
      expect(protocol.debtUsd).toBeCloseTo(debt * 1, 4); // USDC at 1
      expect(protocol.collateralUsd).toBeCloseTo(collateral * price, 4);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);

  it('refuses a malformed --to and --speed with exit 2', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'feed', SCENARIO, ...args],
        {
          cwd: ROOT,
        },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const badUrl = await run(['--to', 'not a url']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--to: must be a URL/);
    const badSpeed = await run(['--to', 'http://127.0.0.1:1', '--speed', '-1']);
    expect(badSpeed.code).toBe(2);
    expect(badSpeed.stderr).toMatch(/--speed: must be a number ≥ 0/);
  }, 60_000);
});
