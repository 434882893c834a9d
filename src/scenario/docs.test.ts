import type { LendingSpec } from './schema.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleScenarioYaml, generateScenarioDocs } from './docs.js';
import { parseScenario } from './load.js';

const committed = readFileSync(new URL('../../docs/scenario.md', import.meta.url), 'utf8');

describe('docs/scenario.md', () => {
  it('is what scripts/gen-scenario-docs.ts generates (run it after changing the schema)', () => {
    expect(committed).toBe(generateScenarioDocs());
  });

  it('shows an example scenario that loads', () => {
    expect(committed).toContain(exampleScenarioYaml);
    const scenario = parseScenario(exampleScenarioYaml, 'example.yaml');
    expect((scenario.protocols[0] as LendingSpec).borrowers).toMatchObject({ count: 10000 });
  });

  it('documents fields with their path, type, default, range and description', () => {
    expect(committed).toContain(
      '| `blocks` | integer | required | from 1 to 10000000 | number of blocks to simulate |',
    );
    expect(committed).toContain('| `chain.blockTimeSeconds` | number | `12` | > 0 and ≤ 3600 | seconds per block');
    expect(committed).toContain(
      '| `venues[].impact` | string | `"bounded"` | one of linear, sqrt, bounded | impact curve',
    );
    expect(committed).toContain('### `assets[].price` with `model: jump-diffusion`');
    expect(committed).toContain('Rule: min must not exceed max.');
  });
});
