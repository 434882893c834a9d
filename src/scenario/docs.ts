import {
  describeConstraints,
  describeExpected,
  describeType,
  discriminatorOf,
  RULES,
  scenarioJsonSchema,
  unionOptions,
  type JsonSchema,
} from './jsonSchema.js';
import { referenceRules } from './references.js';

/** A small valid scenario, shown in docs/scenario.md (and checked by the tests to load). */
export const exampleScenarioYaml = `name: eth-crash-demo
description: ETH falls 30% in 10 minutes; one lending market, one keeper.
blocks: 600                     # 2 hours of 12-second blocks
chain:
  nativeAsset: ETH
assets:
  - symbol: ETH
    price: { model: shock, initial: 3000, dropPct: 30, dropMinutes: 10 }
  - symbol: USDC
    price: { model: constant, initial: 1 }
venues:
  - { type: offchain, id: cex, base: ETH, quote: USDC, depthUsdPer1Pct: 5000000 }
  - { type: cpamm, id: pool, base: ETH, quote: USDC, liquidityUsd: 50000000 }
oracles:
  - { id: eth-usd, asset: ETH, sources: [cex] }
protocols:
  - type: lending
    id: lend
    collateral: ETH
    debt: USDC
    oracle: eth-usd
    ltv: 0.8
    liquidationThreshold: 0.825
    liquidationBonus: 0.05
    borrowers:
      count: 10000
      collateralUsd: { median: 20000 }
      healthFactor: { min: 1.05, max: 3 }
keepers:
  - { id: searcher, capitalUsd: 1000000 }
`;

const intro = `# Scenario file reference

<!-- Generated from src/scenario/schema.ts by \`npx tsx scripts/gen-scenario-docs.ts\`; do not edit by hand. -->

A scenario describes the world Cascade simulates: the assets and how their prices move, the venues
they trade on, the oracles, the lending protocols and their borrowers, the keepers and arbitrageurs,
and how many blocks to run. It is a YAML file (\`.yaml\`, \`.yml\`) or a JSON file (\`.json\`).
Every problem in a file is reported at once, one per line, as \`file:line:column: field: what is wrong\`.
A price CSV the scenario refers to (\`model: csv\`) is read in full at the same time and its problems follow,
as \`file:line: column "price": what is wrong\` (the first 20 of each CSV, then how many more);
\`cascade validate FILE --json\` lists them all as \`{file, line, column, field, message}\` objects.
A scenario file may hold at most 4 MiB and lists its first 100 problems, then how many more; data files must be in
the scenario file's folder or below it; value ranges and the memory estimate of the accounts are in
[limits.md](limits.md#input-limits).

Editors check and complete scenario YAML against the scenario's JSON Schema, generated from the same schema as this
page: it ships as \`schema/scenario.schema.json\` (\`cascade schema\` prints it). Start a file with
\`# yaml-language-server: $schema=../schema/scenario.schema.json\` (the path relative to the file), as the shipped
scenarios do; the YAML language server (VS Code with Red Hat's YAML extension) then marks unknown fields and values
out of range as you type. The schema cannot state the rules between fields (ids that must exist, listed under
\`x-rules\`): \`cascade validate\` is the complete check.

## Units

Units are part of the field names:

| Suffix | Unit |
| --- | --- |
| \`Usd\` | US dollars |
| \`Pct\` | percent (\`30\` = 30%) |
| \`Bps\` | basis points (\`30\` = 0.30%) |
| \`Annual\`, \`PerYear\` | per year; rates as fractions (\`0.8\` = 80%) |
| \`Seconds\`, \`Minutes\`, \`Blocks\` | time; minutes count from the start of the run (block 0) |
| \`Gwei\` | 10⁻⁹ of the chain's native asset (gas prices) |
| \`gasUnits\` | gas units per transaction |

Other ratios (\`ltv\`, \`liquidationThreshold\`, \`liquidationBonus\`, \`share\`, …) are fractions between 0 and 1.

## Overriding fields from the command line

Commands that take a scenario accept \`--set path=value\`, which changes one field after the file is
read and before it is checked; repeat it for several fields. The path names mapping keys and list
indices (from 0) separated by dots; the value is read as YAML, so numbers, strings, lists and mappings
all work (quote the argument for the shell when it holds spaces or braces):

\`\`\`sh
--set chain.gasPriceGwei=50
--set protocols.0.liquidationBonus=0.08
--set keepers.0.capitalUsd=1e6
--set venues.0.impact=sqrt
--set 'keepers.1={id: slow, capitalUsd: 1e5, latencyBlocks: 5}'
\`\`\`

An index one past the end of a list appends an item. Problems with an overridden value are reported
against the \`--set\` argument instead of a file position.

## Minimal example

\`\`\`yaml
${exampleScenarioYaml}\`\`\`

## Rules checked across fields

Besides the per-field rules below:

${referenceRules.map((rule) => `- ${rule}`).join('\n')}

## Fields

In paths, \`[]\` stands for any item of a list (\`protocols[].ltv\` is \`protocols.0.ltv\` in \`--set\`).
"required" fields must be present; the others take the default shown when left out.
`;

interface Row {
  field: string;
  type: string;
  default: string;
  allowed: string;
  description: string;
}

interface Section {
  title: string;
  note?: string;
  rows: Row[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  return `\`${text}\``;
}

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' && schema.properties !== undefined;
}

function itemsOf(schema: JsonSchema): JsonSchema | undefined {
  const items = schema.items;
  return typeof items === 'object' && items !== null && !Array.isArray(items) ? items : undefined;
}

function allowedText(schema: JsonSchema): string {
  const own = describeConstraints(schema);
  const items = schema.type === 'array' ? itemsOf(schema) : undefined;
  if (items && !isObjectSchema(items) && !unionOptions(items)) {
    const each = `each ${describeExpected(items)}`;
    return own ? `${own}; ${each}` : each;
  }
  return own;
}

/** Adds the section of an object schema at `path`, then the sections of its nested mappings, depth first. */
function walkObject(path: string, schema: JsonSchema, sections: Section[], title?: string, note?: string): void {
  const rules = Array.isArray(schema[RULES]) ? schema[RULES].map(String) : [];
  const notes = [note, ...rules.map((rule) => `Rule: ${rule}.`)].filter((n): n is string => n !== undefined);
  const section: Section = {
    title: title ?? code(path),
    note: notes.length > 0 ? notes.join(' ') : undefined,
    rows: [],
  };
  sections.push(section);
  const nested: (() => void)[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    if (typeof value !== 'object' || value === null) continue;
    const child = value;
    const full = path === '' ? key : `${path}.${key}`;
    let description = child.description ?? '';
    const see = (target: string) => {
      description = description ? `${description}; see ${code(target)} below` : `see ${code(target)} below`;
    };
    if (unionOptions(child)) {
      see(full);
      nested.push(() => walkUnion(full, child, sections));
    } else if (isObjectSchema(child)) {
      see(full);
      nested.push(() => walkObject(full, child, sections));
    } else if (child.type === 'array') {
      const items = itemsOf(child);
      if (items && (isObjectSchema(items) || unionOptions(items))) {
        const itemPath = `${full}[]`;
        see(itemPath);
        nested.push(() =>
          unionOptions(items) ? walkUnion(itemPath, items, sections) : walkObject(itemPath, items, sections),
        );
      }
    }
    section.rows.push({
      field: code(full),
      type: describeType(child),
      default:
        child.default !== undefined ? code(JSON.stringify(child.default)) : required.has(key) ? 'required' : 'optional',
      allowed: allowedText(child),
      description,
    });
  }
  for (const next of nested) next();
}

function walkUnion(path: string, schema: JsonSchema, sections: Section[]): void {
  const discriminator = discriminatorOf(schema);
  const options = unionOptions(schema) ?? [];
  options.forEach((option, i) => {
    const tag = discriminator ? `${discriminator.key}: ${discriminator.values[i]}` : `form ${i + 1}`;
    const title = !discriminator && typeof option.title === 'string' ? `${code(path)}: ${option.title}` : undefined;
    const note =
      discriminator && i === 0
        ? `${code(discriminator.key)} chooses one of: ${discriminator.values.map(code).join(', ')}.`
        : undefined;
    walkObject(path, option, sections, title ?? `${code(path)} with ${code(tag)}`, note);
  });
}

function renderSection(section: Section): string {
  const lines = [`### ${section.title}`, ''];
  if (section.note) lines.push(section.note, '');
  lines.push('| Field | Type | Default | Allowed | Description |', '| --- | --- | --- | --- | --- |');
  for (const row of section.rows) {
    lines.push(`| ${[row.field, row.type, row.default, row.allowed, row.description].map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The full text of docs/scenario.md, generated from the zod scenario schema. */
export function generateScenarioDocs(): string {
  const sections: Section[] = [];
  walkObject('', scenarioJsonSchema(), sections, 'Top level');
  return `${intro}\n${sections.map(renderSection).join('\n\n')}\n`;
}
