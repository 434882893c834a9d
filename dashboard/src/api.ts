/**
 * Shapes of the live service's answers (docs: the HTTP API of `cascade serve`) and the fetch calls the dashboard
 * makes. Paths are absolute (`/v1/...`), so the page works served at `/` and at `/dashboard/`.
 */

// The live book's own answer types: `GET /v1/state` (and `state` events), `/v1/density`, `/v1/health-distribution`.
import type { BookSummary, DensityMap, HealthDistribution } from '../../src/service/book/live-book-types.js';
export type {
  BookSummary,
  DensityMap,
  HealthDistribution,
  ProtocolSummary,
} from '../../src/service/book/live-book-types.js';
export type { DensityBucket } from '../../src/service/book/book-queries.js';

/** One shock of the cascade map. */
export interface CascadeShock {
  shock: number;
  finalPrice: number;
  multiplier: number;
  soldUsd: number;
  accounts: number;
  critical: boolean;
}

/** `GET /v1/cascade-map`: `criticalShock` is a fraction (0.1 = a 10% fall) or null. */
export interface CascadeMap {
  id: string;
  protocol: string;
  price: number;
  firstLiquidationPrice: number | null;
  criticalShock: number | null;
  shocks: CascadeShock[];
}

/** Statistics of one quantity over the Monte Carlo paths of a stress test. */
export interface StressResult {
  badDebtUsd: { mean: number; p95: number; p99: number; cvar99: number; ci95: [number, number] };
  oracleMovePct: { mean: number; p99: number };
  amplification: { mean: number; p99: number };
  liquidations: { mean: number };
  /** Share of paths with any bad debt, with its 95% interval. */
  probabilityOfBadDebt?: { value: number; ci95: [number, number] };
  /** Share of paths with a calibration warning. */
  outsideCalibration?: { value: number; ci95: [number, number] };
  failedPaths?: number;
}

/** How a live book too large for a stress test was merged: live accounts, groups and accounts per group. */
export interface StressSampling {
  accounts: number;
  groups: number;
  perGroup: number;
}

/** `GET /v1/stress/:id` and the data of a `stress` event. */
export interface StressStatus {
  id: string;
  status: 'running' | 'done' | 'failed';
  paths: number;
  done: number;
  seed?: number;
  /** Paths simulated: 1 when nothing in the live scenario is random (every path is the same run). */
  distinctPaths?: number;
  /** By protocol, when the book was merged for the test. */
  sampling?: Record<string, StressSampling>;
  sequence?: number;
  result?: StressResult;
  error?: string;
  hash?: string;
}

/** One parameter of a recommendation. */
export interface RecommendedParameter {
  protocol: string;
  asset: string;
  name: string;
  current: number;
  target: number;
  published: number;
  limitedBy: null | 'maxChange' | 'minInterval' | 'bounds' | 'excluded';
}

/** `GET /v1/recommendations` rows and the data of a `recommendation` event. */
export interface Recommendation {
  id: string;
  time: number;
  sequence: number;
  hash: string;
  trigger: string | Record<string, unknown>;
  parameters: RecommendedParameter[];
  evidence: unknown;
  inputs?: unknown;
}

/** `GET /v1/alerts` rows and the data of an `alert` event. */
export interface Alert {
  time: number;
  kind: string;
  protocol: string;
  message: string;
  value: number;
  threshold: number;
}

/** A non-2xx answer: the service's `{ error, field, reason }` body, or the status text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const error = parsed as { error?: string; reason?: string } | null;
    const reason = error?.reason ? `: ${error.reason}` : '';
    throw new ApiError(response.status, `${method} ${path} → ${response.status} ${error?.error ?? ''}${reason}`);
  }
  return parsed as T;
}

const query = (params: Record<string, string | number | undefined>): string => {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  const pairs = entries.map(([k, v]): [string, string] => [k, String(v)]);
  return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`;
};

/** The calls the dashboard makes, one per endpoint. */
export const api = {
  state: () => request<BookSummary>('GET', '/v1/state'),
  density: (protocol: string, buckets = 40, rangePct = 50) =>
    request<DensityMap>('GET', `/v1/density${query({ protocol, buckets, rangePct })}`),
  health: (protocol: string) => request<HealthDistribution>('GET', `/v1/health-distribution${query({ protocol })}`),
  cascadeMap: (protocol: string) => request<CascadeMap>('GET', `/v1/cascade-map${query({ protocol })}`),
  startStress: (paths: number, seed: number) => request<{ id: string }>('POST', '/v1/stress', { paths, seed }),
  stress: (id: string) => request<StressStatus>('GET', `/v1/stress/${encodeURIComponent(id)}`),
  recommendations: (limit = 50) => request<Recommendation[]>('GET', `/v1/recommendations${query({ limit })}`),
  recommendation: (id: string) => request<Recommendation>('GET', `/v1/recommendations/${encodeURIComponent(id)}`),
  runOracle: () => request<{ id: string }>('POST', '/v1/recommendations/run'),
  alerts: (limit = 50) => request<Alert[]>('GET', `/v1/alerts${query({ limit })}`),
  latestStress,
};

/** A stored stress answer of `GET /v1/history/:id`. */
interface StoredStress {
  id: string;
  sequence: number;
  hash: string;
  payload: {
    paths: number;
    seed?: number;
    distinctPaths?: number;
    sampling?: Record<string, StressSampling>;
    result: StressResult;
  };
}

/** The latest stored stress test (from the answer history), or null when none was run. */
async function latestStress(): Promise<StressStatus | null> {
  const [latest] = await request<{ id: string }[]>('GET', `/v1/history${query({ kind: 'stress', limit: 1 })}`);
  if (latest === undefined) return null;
  const stored = await request<StoredStress>('GET', `/v1/history/${encodeURIComponent(latest.id)}`);
  const { paths, seed, distinctPaths, sampling, result } = stored.payload;
  return {
    id: stored.id,
    status: 'done',
    paths,
    done: paths,
    seed,
    distinctPaths,
    sampling,
    sequence: stored.sequence,
    result,
    hash: stored.hash,
  };
}
