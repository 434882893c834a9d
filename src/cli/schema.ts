import type { Command } from 'commander';

interface SchemaOptions {
  out?: string;
}

/** Registers `cascade schema [--out FILE]`. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(
      'print the JSON Schema of scenario files (editors use it to check and complete scenario YAML), or write it to a file',
    )
    .option('--out <file>', 'write the schema to FILE (replaced in one rename) instead of printing it')
    .addHelpText(
      'after',
      '\nThe package ships the same text as schema/scenario.schema.json. A scenario YAML file whose first line is\n' +
        '  # yaml-language-server: $schema=../schema/scenario.schema.json\n' +
        'is checked and completed by editors that use the YAML language server (VS Code with the Red Hat YAML extension).\n' +
        '\nExamples:\n  cascade schema > scenario.schema.json\n  cascade schema --out schema/scenario.schema.json',
    )
    .action(async (options: SchemaOptions) => {
      const { scenarioSchemaText } = await import('../scenario/schema-file.js');
      const text = scenarioSchemaText();
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      const { writeFileAtomically } = await import('./output-file.js');
      writeFileAtomically(options.out, text);
      process.stdout.write(`Wrote the scenario JSON Schema to ${options.out}\n`);
    });
}
