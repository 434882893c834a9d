// Replaying a stored recommendation: the live-state scenario and book files its inputs name, the same computation,
// and a comparison of the content hashes (and of every differing field).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../kernel/errors.js';
import type { Scenario } from '../../scenario/schema.js';
import type { AnswerHistory } from '../../store/service-history.js';
import type { LiveScenario } from './live-scenario.js';
import { computeRecommendation, recommendationHash, type RecommendationInputs } from './recommend.js';

/** What a replay found. */
export interface ReplayOutcome {
  id: string;
  storedHash: string;
  replayedHash: string;
  matches: boolean;
  /** Paths of the fields whose values differ (`parameters.0.published: 0.8 → 0.79`), the first 50. */
  differences: string[];
}

/**
 * The live scenario a recommendation's inputs name, after checking each book file is there with its SHA-256.
 *
 * @example const live = liveScenarioOfInputs(inputs);
 */
export function liveScenarioOfInputs(inputs: RecommendationInputs): LiveScenario {
  for (const book of inputs.books) {
    if (!existsSync(book.file))
      throw new UsageError(
        `book file of ${book.protocol} is gone: ${book.file} (sha256 ${book.sha256}); replay needs it`,
      );
    const sha256 = createHash('sha256').update(readFileSync(book.file)).digest('hex');
    if (sha256 !== book.sha256)
      throw new UsageError(
        `book file ${book.file} of ${book.protocol} changed: sha256 ${sha256}, recorded ${book.sha256}`,
      );
  }
  const sha256 = createHash('sha256').update(inputs.scenarioJson).digest('hex');
  if (sha256 !== inputs.scenarioSha256)
    throw new UsageError(`the stored scenario's sha256 ${sha256} is not the recorded ${inputs.scenarioSha256}`);
  return {
    scenario: JSON.parse(inputs.scenarioJson) as Scenario,
    json: inputs.scenarioJson,
    yaml: inputs.scenarioYaml,
    sha256,
    books: inputs.books,
    sequence: inputs.sequence,
    baseDir: inputs.baseDir,
    scenarioFile: inputs.scenarioFile,
  };
}

/**
 * Fields where `a` and `b` differ, as dotted paths with both values.
 *
 * @example differences({ x: [1, 2] }, { x: [1, 3] }); // ['x.1: 2 → 3']
 */
export function differences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 50) return out;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    for (const k of keys)
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path === '' ? k : `${path}.${k}`,
        out,
      );
    return out;
  }
  if (JSON.stringify(a) !== JSON.stringify(b))
    out.push(`${path || '(root)'}: ${JSON.stringify(a) ?? 'absent'} → ${JSON.stringify(b) ?? 'absent'}`);
  return out;
}

/**
 * Recomputes recommendation `id` of `history` from its stored inputs and compares it with the stored one.
 * Throws UsageError when there is no such recommendation or its files are gone.
 *
 * @example const outcome = await replayRecommendation(history, 'recommendation-3'); outcome.matches;
 */
export async function replayRecommendation(history: AnswerHistory, id: string): Promise<ReplayOutcome> {
  const stored = await history.get(id);
  if (stored === null || stored.kind !== 'recommendation') {
    const known = (await history.list({ kind: 'recommendation', limit: 5 })).map((r) => r.id);
    throw new UsageError(
      `no recommendation "${id}" in ${history.file}${known.length > 0 ? `; latest: ${known.join(', ')}` : ' (none stored)'}`,
    );
  }
  const inputs = stored.inputs as RecommendationInputs;
  const payload = await computeRecommendation(liveScenarioOfInputs(inputs), inputs);
  const replayedHash = recommendationHash(payload);
  // Compare through JSON so that both sides are plain data.
  const fresh = JSON.parse(JSON.stringify(payload)) as unknown;
  return {
    id,
    storedHash: stored.hash,
    replayedHash,
    matches: replayedHash === stored.hash,
    differences: differences(stored.payload, fresh),
  };
}
