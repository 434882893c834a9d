import { scenarioJsonSchema, type JsonSchema } from './jsonSchema.js';

/** Where the package ships the scenario JSON Schema, relative to the package root (`cascade schema` prints it). */
export const SCENARIO_SCHEMA_FILE = 'schema/scenario.schema.json';

/**
 * The scenario JSON Schema as shipped: {@link scenarioJsonSchema} (input side, every field with a default optional)
 * with a title and a description, so that an editor's YAML language server can check and complete a scenario file
 * that starts with `# yaml-language-server: $schema=<path to this file>`.
 *
 * @example scenarioSchemaDocument().title; // 'Cascade scenario'
 */
export function scenarioSchemaDocument(): JsonSchema {
  const { $schema, ...rest } = scenarioJsonSchema();
  return {
    $schema,
    title: 'Cascade scenario',
    description:
      'A Cascade scenario file (.yaml, .yml or .json): assets, venues, oracles, protocols, agents and the shock. ' +
      'Generated from the schema `cascade validate` applies; rules JSON Schema cannot state are listed under x-rules.',
    ...rest,
  };
}

/**
 * The text of {@link SCENARIO_SCHEMA_FILE}: {@link scenarioSchemaDocument} as JSON with two-space indentation and a
 * final line break (the committed file is compared with it by a test).
 *
 * @example JSON.parse(scenarioSchemaText()).type; // 'object'
 */
export function scenarioSchemaText(): string {
  return JSON.stringify(scenarioSchemaDocument(), null, 2) + '\n';
}
