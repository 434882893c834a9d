import type { RunMetrics } from '../../src/analysis/result.js';

/**
 * Every number of a run's metrics, lists and each protocol's figures included, with its key path; nulls are left out.
 *
 * @example for (const [key, v] of metricNumbers(result.metrics)) expect(Number.isFinite(v), key).toBe(true);
 */
export function metricNumbers(metrics: RunMetrics): [string, number][] {
  const out: [string, number][] = [];
  const visit = (key: string, value: unknown): void => {
    if (typeof value === 'number') out.push([key, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => visit(`${key}[${i}]`, v));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) visit(`${key}.${k}`, v);
  };
  for (const [key, value] of Object.entries(metrics)) visit(key, value);
  return out;
}
