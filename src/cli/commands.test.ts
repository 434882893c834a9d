import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, buildFullProgram, commandsNamed, loadCommands } from './commands.js';
import { buildProgram } from './program.js';

describe('lazy command table', () => {
  it("lists each command with the name, arguments and description of the command's own registration", async () => {
    const full = await buildFullProgram();
    const help = new Help();
    const registered = full.commands.map((c) => ({
      name: c.name(),
      term: help.subcommandTerm(c),
      description: c.description(),
    }));
    expect(COMMANDS.map(({ name, term, description }) => ({ name, term, description }))).toEqual(registered);
  });

  it('prints the same top-level help with no command module loaded as with all of them', async () => {
    const lazy = buildProgram();
    const full = await buildFullProgram();
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    expect(lazy.helpInformation()).toContain('schema [options]');
  });

  it('registers the named command in full and the others as listings only', async () => {
    const program = buildProgram(await loadCommands(commandsNamed(['run', '--set', 'blocks=1'])));
    const run = program.commands.find((c) => c.name() === 'run') as Command;
    const mc = program.commands.find((c) => c.name() === 'mc') as Command;
    expect(run.options.map((o) => o.long)).toContain('--seed');
    expect(mc.options).toEqual([]);
  });

  it('picks the command a command line names, or the one after help', () => {
    const names = (args: string[]) => commandsNamed(args).map((c) => c.name);
    expect(names(['run', '--set', 'blocks=1'])).toEqual(['run']);
    expect(names(['--no-color', 'export-book', 'a.yaml'])).toEqual(['export-book']);
    expect(names(['help', 'mc'])).toEqual(['mc']);
    expect(names(['--help'])).toEqual([]);
    expect(names([])).toEqual([]);
    expect(names(['nonsense'])).toEqual([]);
  });
});
