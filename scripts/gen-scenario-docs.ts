// Regenerates docs/scenario.md from the zod scenario schema: npx tsx scripts/gen-scenario-docs.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateScenarioDocs } from '../src/scenario/docs.js';

const target = fileURLToPath(new URL('../docs/scenario.md', import.meta.url));
writeFileSync(target, generateScenarioDocs());
console.log(`wrote ${target}`);
