/**
 * The dashboard's state and the one reducer that changes it, pure so it can be tested without a browser. Server
 * pushes (`state`, `alert`, `recommendation`, `stress`) and fetched answers both become actions.
 */
import type {
  Alert,
  BookSummary,
  CascadeMap,
  DensityMap,
  HealthDistribution,
  Recommendation,
  StressStatus,
} from './api.js';
import type { DensitySnapshot } from './charts/density.js';

/** Density snapshots kept for the heatmap (at most one per `state` push, i.e. every 500 ms). */
export const MAX_SNAPSHOTS = 240;
/** Alerts kept in the list. */
export const MAX_ALERTS = 200;
/** Recommendations kept in the table. */
export const MAX_RECOMMENDATIONS = 100;

/** State of the event stream: `live` once open, `reconnecting` after an error (EventSource retries by itself). */
export type Connection = 'connecting' | 'live' | 'reconnecting';

/** Everything the page shows. */
export interface DashboardState {
  connection: Connection;
  summary: BookSummary | null;
  /** Lending protocol the health, density and cascade panels show. */
  protocol: string | null;
  health: HealthDistribution | null;
  density: DensitySnapshot[];
  cascade: CascadeMap | null;
  stress: StressStatus | null;
  recommendations: Recommendation[];
  /** Recommendation whose details are open, and its full answer once fetched. */
  selected: string | null;
  detail: Recommendation | null;
  alerts: Alert[];
  /** Last failed request, shown in the header until the next success. */
  error: string | null;
}

/** A change of the state. */
export type Action =
  | { type: 'connection'; connection: Connection }
  | { type: 'summary'; summary: BookSummary }
  | { type: 'protocol'; protocol: string }
  | { type: 'health'; health: HealthDistribution }
  | { type: 'density'; density: DensityMap; time: number; sequence: number }
  | { type: 'cascade'; cascade: CascadeMap }
  | { type: 'stress'; stress: StressStatus }
  | { type: 'recommendations'; recommendations: Recommendation[] }
  | { type: 'recommendation'; recommendation: Recommendation }
  | { type: 'select'; id: string | null }
  | { type: 'detail'; recommendation: Recommendation }
  | { type: 'alerts'; alerts: Alert[] }
  | { type: 'alert'; alert: Alert }
  | { type: 'error'; error: string | null };

/** `items` sorted by time, newest first (stable: equal times keep their order). */
function newestFirst<T extends { time: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.time - a.time);
}

/**
 * The state before anything has been fetched.
 *
 * @example
 * initialState().connection; // 'connecting'
 */
export function initialState(): DashboardState {
  return {
    connection: 'connecting',
    summary: null,
    protocol: null,
    health: null,
    density: [],
    cascade: null,
    stress: null,
    recommendations: [],
    selected: null,
    detail: null,
    alerts: [],
    error: null,
  };
}

/**
 * Applies `action` to `state`, returning a new state (the old one is not changed).
 *
 * @example
 * reduce(initialState(), { type: 'alert', alert }).alerts[0] === alert; // true
 */
export function reduce(state: DashboardState, action: Action): DashboardState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection };
    case 'summary': {
      const ids = action.summary.protocols.map((p) => p.id);
      const protocol = state.protocol !== null && ids.includes(state.protocol) ? state.protocol : (ids[0] ?? null);
      const switched = protocol !== state.protocol;
      return {
        ...state,
        summary: action.summary,
        protocol,
        ...(switched ? { health: null, density: [], cascade: null } : {}),
      };
    }
    case 'protocol':
      if (action.protocol === state.protocol) return state;
      return { ...state, protocol: action.protocol, health: null, density: [], cascade: null };
    case 'health':
      return action.health.protocol === state.protocol ? { ...state, health: action.health } : state;
    case 'density': {
      const d = action.density;
      if (d.protocol !== state.protocol) return state;
      const snapshot: DensitySnapshot = {
        time: action.time,
        sequence: action.sequence,
        price: d.price,
        unsafeDebtUsd: d.unsafeDebtUsd,
        buckets: d.buckets,
      };
      return { ...state, density: [...state.density, snapshot].slice(-MAX_SNAPSHOTS) };
    }
    case 'cascade':
      return action.cascade.protocol === state.protocol ? { ...state, cascade: action.cascade } : state;
    case 'stress':
      // A push about an older test does not replace the one on screen.
      if (state.stress !== null && state.stress.id !== action.stress.id && state.stress.status === 'running') {
        return state;
      }
      return { ...state, stress: action.stress };
    case 'recommendations':
      return { ...state, recommendations: newestFirst(action.recommendations).slice(0, MAX_RECOMMENDATIONS) };
    case 'recommendation': {
      const rest = state.recommendations.filter((r) => r.id !== action.recommendation.id);
      return { ...state, recommendations: [action.recommendation, ...rest].slice(0, MAX_RECOMMENDATIONS) };
    }
    case 'select':
      return { ...state, selected: action.id, detail: null };
    case 'detail':
      return action.recommendation.id === state.selected ? { ...state, detail: action.recommendation } : state;
    case 'alerts':
      return { ...state, alerts: newestFirst(action.alerts).slice(0, MAX_ALERTS) };
    case 'alert':
      return { ...state, alerts: [action.alert, ...state.alerts].slice(0, MAX_ALERTS) };
    case 'error':
      return { ...state, error: action.error };
  }
}
