import { spawn, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';

/** Debian's Redis server, which `.ci/run` installs when missing. */
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A Redis server of this test process. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server: SIGTERM by default; SIGKILL loses it at once, as a crash does. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now (bound, read and released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts a throw-away Redis server on `port` of 127.0.0.1 (default: a free one; no persistence) and resolves once it
 * accepts connections.
 *
 * @example const redis = await startRedis(); … await redis.stop();
 */
export async function startRedis(port?: number): Promise<TestRedis> {
  port ??= await freePort();
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}
