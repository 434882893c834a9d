/**
 * The dashboard: fetches the live service's answers, listens to its Server-Sent Events and lays the panels out.
 * A `state` push updates the header at once and refetches the health distribution and the density map of the shown
 * protocol (one request pair at a time; pushes that arrive meanwhile coalesce into one more refresh).
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api, type Alert, type BookSummary, type Recommendation, type StressStatus } from './api.js';
import { AlertsPanel } from './panels/alerts.js';
import { CascadePanel, DensityPanel, HealthPanel } from './panels/charts.js';
import { Header } from './panels/header.js';
import { DetailsPanel, RecommendationsPanel } from './panels/recommendations.js';
import { StressPanel } from './panels/stress.js';
import { initialState, reduce, type Action } from './store.js';

/** How often a running stress test or a requested recommendation is polled (the pushes usually come first). */
const POLL_MS = 1000;
/** The cascade map is recomputed by itself once the price has moved this much (fraction) since the map's price… */
export const CASCADE_MOVE = 0.01;
/** …but not more often than this (each map is a fixed-point computation the service stores in its history). */
export const CASCADE_MIN_MS = 15_000;
/** A failed request's message stays in the header this long. */
const ERROR_MS = 20_000;
/** A requested recommendation not found after this long is given up on. */
const ORACLE_TIMEOUT_MS = 180_000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole page.
 *
 * @example
 * render(<App />, document.getElementById('app')!);
 */
export function App() {
  const [state, dispatch] = useReducer(reduce, initialState());
  const [cascadeLoading, setCascadeLoading] = useState(false);
  const [oracleRunning, setOracleRunning] = useState(false);
  const [autoCascade, setAutoCascade] = useState(true);
  const latest = useRef(state);
  latest.current = state;
  const refreshing = useRef<{ busy: boolean; again: boolean }>({ busy: false, again: false });

  const fail = useCallback((error: unknown) => dispatch({ type: 'error', error: message(error) }), []);

  const loadSummary = useCallback(async () => {
    try {
      dispatch({ type: 'summary', summary: await api.state() });
      dispatch({ type: 'error', error: null });
    } catch (error) {
      fail(error);
    }
  }, [fail]);

  const loadLists = useCallback(() => {
    api.recommendations().then((recommendations) => dispatch({ type: 'recommendations', recommendations }), fail);
    api.alerts().then((alerts) => dispatch({ type: 'alerts', alerts }), fail);
    api.latestStress().then((stress) => stress !== null && dispatch({ type: 'stress', stress }), fail);
  }, [fail]);

  // Health and density of the shown protocol, coalescing refreshes requested while one is in flight.
  const refreshBook = useCallback(async () => {
    const flags = refreshing.current;
    if (flags.busy) {
      flags.again = true;
      return;
    }
    flags.busy = true;
    try {
      do {
        flags.again = false;
        const { protocol, summary } = latest.current;
        if (protocol === null || summary === null) break;
        const [health, density] = await Promise.all([api.health(protocol), api.density(protocol)]);
        dispatch({ type: 'health', health });
        dispatch({ type: 'density', density, time: Date.now(), sequence: latest.current.summary?.sequence ?? 0 });
      } while (flags.again);
    } catch (error) {
      fail(error);
    } finally {
      flags.busy = false;
    }
  }, [fail]);

  const cascadeAt = useRef({ busy: false, last: 0 });
  const refreshCascade = useCallback(async () => {
    const protocol = latest.current.protocol;
    if (protocol === null || cascadeAt.current.busy) return;
    cascadeAt.current = { busy: true, last: Date.now() };
    setCascadeLoading(true);
    try {
      dispatch({ type: 'cascade', cascade: await api.cascadeMap(protocol) });
    } catch (error) {
      fail(error);
    } finally {
      cascadeAt.current.busy = false;
      setCascadeLoading(false);
    }
  }, [fail]);

  // Server push.
  useEffect(() => {
    void loadSummary();
    loadLists();
    const source = new EventSource('/v1/events');
    let lost = false;
    source.onopen = () => {
      dispatch({ type: 'connection', connection: 'live' });
      // Pushes missed while disconnected: refetch what they would have changed.
      if (lost) {
        void loadSummary();
        loadLists();
      }
      lost = false;
    };
    source.onerror = () => {
      lost = true;
      dispatch({ type: 'connection', connection: 'reconnecting' });
    };
    const on = <T,>(event: string, action: (data: T) => Action) =>
      source.addEventListener(event, (e) => dispatch(action(JSON.parse((e as MessageEvent<string>).data) as T)));
    on<BookSummary>('state', (summary) => ({ type: 'summary', summary }));
    on<Alert>('alert', (alert) => ({ type: 'alert', alert }));
    on<Recommendation>('recommendation', (recommendation) => ({ type: 'recommendation', recommendation }));
    on<StressStatus>('stress', (stress) => ({ type: 'stress', stress }));
    return () => source.close();
  }, [loadSummary, loadLists]);

  useEffect(() => {
    if (state.error === null) return;
    const timer = setTimeout(() => dispatch({ type: 'error', error: null }), ERROR_MS);
    return () => clearTimeout(timer);
  }, [state.error]);

  const sequence = state.summary?.sequence;
  useEffect(() => {
    if (sequence !== undefined) void refreshBook();
  }, [sequence, state.protocol, refreshBook]);

  useEffect(() => {
    if (state.protocol !== null) void refreshCascade();
  }, [state.protocol, refreshCascade]);

  // Keep the cascade map at the live price: recompute after a move of CASCADE_MOVE, at most every CASCADE_MIN_MS.
  const livePrice = state.summary?.protocols.find((p) => p.id === state.protocol)?.price;
  const mapPrice = state.cascade?.price;
  useEffect(() => {
    if (!autoCascade || livePrice === undefined || mapPrice === undefined) return;
    if (Math.abs(livePrice - mapPrice) < CASCADE_MOVE * mapPrice) return;
    const wait = Math.max(0, cascadeAt.current.last + CASCADE_MIN_MS - Date.now());
    const timer = setTimeout(() => void refreshCascade(), wait);
    return () => clearTimeout(timer);
  }, [autoCascade, livePrice, mapPrice, cascadeLoading, refreshCascade]);

  const startStress = useCallback(
    async (paths: number, seed: number) => {
      try {
        const { id } = await api.startStress(paths, seed);
        dispatch({ type: 'stress', stress: { id, status: 'running', paths, done: 0 } });
        for (;;) {
          await sleep(POLL_MS);
          const status = await api.stress(id);
          dispatch({ type: 'stress', stress: status });
          if (status.status !== 'running') break;
        }
      } catch (error) {
        fail(error);
      }
    },
    [fail],
  );

  const runOracle = useCallback(async () => {
    setOracleRunning(true);
    try {
      const { id } = await api.runOracle();
      for (const end = Date.now() + ORACLE_TIMEOUT_MS; Date.now() < end;) {
        if (latest.current.recommendations.some((r) => r.id === id)) return;
        try {
          dispatch({ type: 'recommendation', recommendation: await api.recommendation(id) });
          return;
        } catch {
          await sleep(POLL_MS);
        }
      }
      fail(new Error(`recommendation ${id} did not appear within ${ORACLE_TIMEOUT_MS / 1000} s`));
    } catch (error) {
      fail(error);
    } finally {
      setOracleRunning(false);
    }
  }, [fail]);

  const select = useCallback(
    (id: string) => {
      dispatch({ type: 'select', id });
      api.recommendation(id).then((recommendation) => dispatch({ type: 'detail', recommendation }), fail);
    },
    [fail],
  );

  const protocol = state.summary?.protocols.find((p) => p.id === state.protocol);
  const selectedRow = state.recommendations.find((r) => r.id === state.selected) ?? null;
  return (
    <>
      <Header
        connection={state.connection}
        summary={state.summary}
        protocol={state.protocol}
        error={state.error}
        onProtocol={(id) => dispatch({ type: 'protocol', protocol: id })}
      />
      <main class="grid">
        <HealthPanel health={state.health} />
        <CascadePanel
          map={state.cascade}
          loading={cascadeLoading}
          auto={autoCascade}
          onAuto={setAutoCascade}
          onRefresh={() => void refreshCascade()}
        />
        <DensityPanel snapshots={state.density} protocol={protocol} />
        <StressPanel stress={state.stress} onStart={(paths, seed) => void startStress(paths, seed)} />
        <AlertsPanel alerts={state.alerts} />
        <RecommendationsPanel
          recommendations={state.recommendations}
          selected={state.selected}
          running={oracleRunning}
          onSelect={select}
          onRun={() => void runOracle()}
        />
        <DetailsPanel recommendation={state.detail ?? selectedRow} />
      </main>
    </>
  );
}
