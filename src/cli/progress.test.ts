import { afterEach, describe, expect, it } from 'vitest';
import { createProgress } from './batch/progress.js';
import { delayedProgress } from './progress.js';

/** A non-terminal stream that keeps what is written to it. */
function pipe(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = { isTTY: false, write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== ''),
  };
}

const saved = process.env.CASCADE_PROGRESS;
afterEach(() => {
  if (saved === undefined) delete process.env.CASCADE_PROGRESS;
  else process.env.CASCADE_PROGRESS = saved;
});

describe('plain-line progress (stderr is not a terminal)', () => {
  it('writes one line per further 10% in the given unit, and the last one at 100%', () => {
    delete process.env.CASCADE_PROGRESS;
    const { stream, lines } = pipe();
    const progress = createProgress('run gbm-day', stream, 'blocks');
    for (let block = 1; block <= 200; block++) progress.update(block, 200);
    progress.stop();
    // Deciles 0 (block 1 … 19) to 10: the first update of each of the 11 deciles writes a line.
    expect(lines()).toHaveLength(11);
    expect(lines()[0]).toMatch(/^run gbm-day: 1\/200 blocks \(0%\), /);
    expect(lines()[1]).toMatch(/^run gbm-day: 20\/200 blocks \(10%\), /);
    expect(lines()[10]).toMatch(/^run gbm-day: 200\/200 blocks \(100%\), .* ETA 0 s$/);
  });

  it('CASCADE_PROGRESS=0 writes nothing', () => {
    process.env.CASCADE_PROGRESS = '0';
    const { stream, lines } = pipe();
    const progress = createProgress('mc x', stream);
    progress.update(5, 10);
    progress.update(10, 10);
    expect(lines()).toEqual([]);
  });
});

describe('delayedProgress', () => {
  it('shows nothing while the command is younger than the delay', () => {
    delete process.env.CASCADE_PROGRESS;
    const { stream, lines } = pipe();
    const progress = delayedProgress('compare 7 designs', 'blocks', stream, 1e12);
    for (let block = 1; block <= 50; block++) progress.update(block, 50);
    progress.stop();
    expect(lines()).toEqual([]);
  });

  it('once past the delay shows the batch display, from where the task stands, and never a first line at 100%', () => {
    delete process.env.CASCADE_PROGRESS;
    const { stream, lines } = pipe();
    const progress = delayedProgress('map thin-pool-shock', 'shocks', stream, 0);
    for (let shock = 1; shock <= 100; shock++) progress.update(shock, 100);
    progress.stop();
    expect(lines()[0]).toMatch(/^map thin-pool-shock: 1\/100 shocks \(1%\), /);
    expect(lines().at(-1)).toMatch(/^map thin-pool-shock: 100\/100 shocks \(100%\), /);
    const done = pipe();
    const finished = delayedProgress('run x', 'blocks', done.stream, 0);
    finished.update(10, 10);
    expect(done.lines()).toEqual([]);
  });
});
