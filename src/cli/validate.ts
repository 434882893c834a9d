import type { Command } from 'commander';
import { loadScenario } from '../scenario/load.js';
import { collect } from './flags.js';

/** Registers `cascade validate FILE`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file without running it; prints every problem with file:line:column')
    .argument('<file>', 'scenario file (.yaml, .yml or .json)')
    .option('--set <path=value>', 'apply an override before validating (repeatable)', collect, [])
    .action((file: string, options: { set: string[] }) => {
      const { scenario } = loadScenario(file, options.set);
      const accounts = scenario.protocols.reduce((n, p) => n + (p.type === 'perp' ? p.traders.count : p.borrowers.count), 0);
      process.stdout.write(`${file}: valid — "${scenario.name}", ${scenario.blocks} blocks, ${scenario.protocols.length} protocol(s), ${accounts} accounts\n`);
    });
}
