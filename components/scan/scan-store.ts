/**
 * One subscribed scan: its snapshot and summary, the plot models inferred from it, the per-plot view
 * state, and the data buffers. The buffers (big typed arrays) live outside zustand state: state holds
 * only `version`, bumped at most once per animation frame however many frames arrive, which is what
 * plots and the table re-render on.
 *
 * Lifecycle: `createScanStore` (pure) then `bindScanStore(store, socket)` in an effect; it subscribes,
 * re-subscribes on every reconnection with `have` (points held per stream, so the server resumes where
 * the page stopped: no gap, no duplicate), and unsubscribes when detached.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { normalizeScanInfo, type ScanInfo } from '@/lib/blissdata/scan-info';
import { ScanBuffers } from '@/lib/live-data/scan-buffers';
import { createPlotModels, type PlotModel, type PlotSetup, type StreamDescriptor } from '@/lib/plot-model';
import { recall, remember, type CurveBook } from '@/lib/view-state/curve-memory';
import { patchViewState } from '@/lib/view-state/url';
import { lodPath, type LodReply, type ScanProgress, type ScanSnapshot, type ScanSummary } from '@/lib/wire/contract';
import type { PlotDataSource, PlotViewState } from '../plots/plot-types';
import { request, type LanternSocket } from '../client/socket';

export type ScanLoadStatus = 'loading' | 'ready' | 'not-found' | 'error';

export interface ScanStoreState {
  key: string;
  status: ScanLoadStatus;
  /** Why the scan could not be loaded (status not-found / error). */
  error: string | null;
  /** Set when the server said the scan was deleted or became unreadable while shown. */
  gone: string | null;
  snapshot: ScanSnapshot | null;
  summary: ScanSummary | null;
  info: ScanInfo | null;
  /** scan_info problems found while normalising it, plus plot-model warnings. */
  warnings: string[];
  setup: PlotSetup | null;
  /** Moves when any buffer changed; at most once per animation frame. */
  version: number;
  /** Moves when the buffers object itself was replaced (the server renumbered streams after a restart). */
  buffersEpoch: number;
  /** Per stream name: why it cannot be shown (server-side decode errors, bad frames). */
  streamErrors: Record<string, string>;
  /** Per stream name: ranges [from, to) gone from Redis and files (drawn as gaps, never zeros). */
  expired: Record<string, [number, number][]>;
  /** Per plot id; a missing entry or field means the plot's default. */
  views: Record<string, PlotViewState>;
  activePlot: string | null;
  /** Times the subscription was resumed after a reconnection. */
  resumes: number;
}

export interface ScanActions {
  setActivePlot(id: string): void;
  /** Patches a plot's view; `undefined` values reset fields to the default. */
  patchView(id: string, patch: Partial<PlotViewState>): void;
  resetView(id: string): void;
}

/** What the URL (or the kiosk's parameters) asked for, applied once the plot models are known. */
export interface InitialView {
  plot: string | null;
  view: PlotViewState;
  /** The URL carried view parameters: they win over the remembered selection. */
  explicit: boolean;
  /** Views of the other plots, by plot id (a shared link restores every plot). */
  others?: Record<string, PlotViewState>;
}

export interface CurveMemory {
  load(): CurveBook;
  save(book: CurveBook): void;
}

export interface ScanStore {
  readonly key: string;
  readonly api: StoreApi<ScanStoreState>;
  readonly actions: ScanActions;
  /** Current buffers; read them during render keyed on `version`, never copy them into state. */
  buffers(): ScanBuffers;
  requestLod(stream: string, from: number, to: number, buckets: number): Promise<LodReply>;
  frameUrl: PlotDataSource['frameUrl'];
}

const CURVE_FIELDS = new Set<keyof PlotViewState>(['x', 'y', 'y2', 'normalize']);

/** Which plot a `plot` parameter names: an id, else the first plot of that kind (`plot=image`). */
export function findPlot(plots: readonly PlotModel[], wanted: string | null): PlotModel | undefined {
  if (wanted === null) return undefined;
  return plots.find((p) => p.id === wanted) ?? plots.find((p) => p.kind === wanted || p.id.startsWith(`${wanted}:`)) ?? plots.find((p) => p.title === wanted);
}

function descriptors(snapshot: ScanSnapshot): StreamDescriptor[] {
  return snapshot.streams.map((s) => ({
    name: s.name,
    kind: s.kind,
    ndim: s.kind === 'lima' || s.kind === 'lima2' ? Math.max(2, s.shape.length) : s.shape.length,
    ...(s.dtype !== null ? { dtype: s.dtype } : {}),
    shape: s.shape,
    ...(s.unit !== null ? { unit: s.unit } : {}),
  }));
}

/** What the plot models depend on: recomputed only when this changes (not on every length change). */
function setupSignature(snapshot: ScanSnapshot): string {
  return JSON.stringify([snapshot.info, snapshot.streams.map((s) => [s.name, s.kind, s.dtype, s.shape, s.unit, s.error])]);
}

export function createScanStore(key: string, options: { initial?: InitialView; memory?: CurveMemory } = {}): ScanStore & { bind(socket: LanternSocket): () => void } {
  const initial: InitialView = options.initial ?? { plot: null, view: {}, explicit: false };
  // -1 never matches a frame's subscription id: frames of other scans are refused until our snapshot.
  let buffers = new ScanBuffers(key, -1);
  let socket: LanternSocket | null = null;
  let signature = '';
  const initialised = new Set<string>();
  /** buffers.version last published as `version` (which, unlike it, never goes back on a buffers swap). */
  let seenBuffersVersion = -1;
  const nextVersion = (): number | undefined => {
    if (buffers.version === seenBuffersVersion) return undefined;
    seenBuffersVersion = buffers.version;
    return api.getState().version + 1;
  };

  const api = createStore<ScanStoreState>(() => ({
    key,
    status: 'loading',
    error: null,
    gone: null,
    snapshot: null,
    summary: null,
    info: null,
    warnings: [],
    setup: null,
    version: 0,
    buffersEpoch: 0,
    streamErrors: {},
    expired: {},
    views: {},
    activePlot: null,
    resumes: 0,
  }));

  // --- Coalescing: many frames per animation frame, one state update. ---
  let scheduled = false;
  let pendingSummary: ScanSummary | null = null;
  let frameHandle: number | null = null;

  /** Applies the URL's view and the remembered curve selections to plots seen for the first time. */
  const initialiseViews = (setup: PlotSetup, info: ScanInfo) => {
    const state = api.getState();
    let activePlot = state.activePlot;
    if (activePlot === null || !setup.plots.some((p) => p.id === activePlot)) {
      activePlot = (findPlot(setup.plots, initial.plot) ?? setup.plots[0])?.id ?? null;
    }
    const views = { ...state.views };
    const book = options.memory?.load();
    const channels = new Set(setup.channels.map((c) => c.name));
    for (const plot of setup.plots) {
      if (initialised.has(plot.id)) continue;
      initialised.add(plot.id);
      const other = initial.others?.[plot.id];
      if (plot.id === activePlot && initial.explicit) {
        views[plot.id] = { ...initial.view };
      } else if (other) {
        views[plot.id] = { ...other };
      } else if (plot.kind === 'curve' && book && !initial.explicit) {
        // A shared link shows what it says: plots it leaves at their default stay so, whatever this browser remembers.
        const recalled = recall(book, setup.selectionKey, plot.id, info, channels);
        if (recalled) views[plot.id] = patchViewState(views[plot.id] ?? {}, recalled);
      }
    }
    api.setState({ activePlot, views });
  };

  const applySnapshot = (snapshot: ScanSnapshot) => {
    buffers.applySnapshot(snapshot);
    // The document is newer than any progress summary still waiting for the next frame.
    pendingSummary = null;
    const sig = setupSignature(snapshot);
    const patch: Partial<ScanStoreState> = { snapshot, summary: snapshot.summary, status: 'ready', error: null };
    const version = nextVersion();
    if (version !== undefined) patch.version = version;
    // Errors the document itself carries (unknown plugin, Lima2...) are stream errors too.
    const docErrors = Object.fromEntries(snapshot.streams.filter((s) => s.error).map((s) => [s.name, s.error!]));
    if (Object.keys(docErrors).length) patch.streamErrors = { ...api.getState().streamErrors, ...docErrors };
    if (sig !== signature) {
      signature = sig;
      const normalized = normalizeScanInfo(snapshot.info);
      const setup = createPlotModels(normalized.info, descriptors(snapshot));
      patch.info = normalized.info;
      patch.setup = setup;
      patch.warnings = [...normalized.warnings, ...setup.warnings];
      api.setState(patch);
      initialiseViews(setup, normalized.info);
    } else {
      api.setState(patch);
    }
  };

  const flush = () => {
    scheduled = false;
    frameHandle = null;
    const state = api.getState();
    const patch: Partial<ScanStoreState> = {};
    const version = nextVersion();
    if (version !== undefined) patch.version = version;
    if (pendingSummary) {
      patch.summary = pendingSummary;
      pendingSummary = null;
    }
    if (buffers.errors.size > 0) {
      const errors = { ...state.streamErrors };
      let changed = false;
      for (const [id, message] of buffers.errors) {
        const name = id === -1 ? '(undecodable frame)' : (buffers.meta(id)?.name ?? `stream #${id}`);
        if (errors[name] !== message) {
          errors[name] = message;
          changed = true;
        }
      }
      if (changed) patch.streamErrors = errors;
    }
    if (Object.keys(patch).length) api.setState(patch);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // Hidden tabs get no animation frames: nothing is drawn, and the update lands when shown again.
    frameHandle = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : (setTimeout(flush, 16) as unknown as number);
  };

  const actions: ScanActions = {
    setActivePlot(id) {
      api.setState({ activePlot: id });
    },
    patchView(id, patch) {
      const state = api.getState();
      const view = patchViewState(state.views[id] ?? {}, patch);
      api.setState({ views: { ...state.views, [id]: view } });
      const plot = state.setup?.plots.find((p) => p.id === id);
      if (plot?.kind === 'curve' && state.setup && options.memory && Object.keys(patch).some((k) => CURVE_FIELDS.has(k as keyof PlotViewState))) {
        options.memory.save(remember(options.memory.load(), state.setup.selectionKey, id, view, Date.now() / 1000));
      }
    },
    resetView(id) {
      const state = api.getState();
      const views = { ...state.views };
      delete views[id];
      api.setState({ views });
      if (state.setup && options.memory) options.memory.save(remember(options.memory.load(), state.setup.selectionKey, id, {}, Date.now() / 1000));
    },
  };

  const store = {
    key,
    api,
    actions,
    buffers: () => buffers,
    async requestLod(stream: string, from: number, to: number, buckets: number): Promise<LodReply> {
      const query = new URLSearchParams({ from: String(from), to: String(to), buckets: String(buckets) });
      if (socket?.id) query.set('client', socket.id);
      const response = await fetch(`${lodPath(key, stream)}?${query}`);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(`level of detail of ${stream}: ${body?.error ?? `HTTP ${response.status}`}`);
      }
      const expired = response.headers.get('x-expired')?.split('-').map(Number);
      return {
        from: Number(response.headers.get('x-from')),
        to: Number(response.headers.get('x-to')),
        data: await response.arrayBuffer(),
        expired: expired?.length === 2 ? [expired[0]!, expired[1]!] : null,
      };
    },
    frameUrl(stream: string, frame: number, opts: { format?: 'raw' | 'png'; bin?: number } = {}): string {
      const query = new URLSearchParams({ format: opts.format ?? 'raw' });
      if (opts.bin !== undefined && opts.bin > 1) query.set('bin', String(opts.bin));
      return `/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(stream)}/frames/${frame}?${query}`;
    },
    bind(s: LanternSocket): () => void {
      socket = s;
      let generation = 0;
      let retry: ReturnType<typeof setTimeout> | null = null;
      let subscribedOnce = false;
      let firstData = false;

      const subscribe = async (): Promise<void> => {
        if (!s.connected) return; // the `connect` handler subscribes once connected
        const mine = ++generation;
        const resume = subscribedOnce;
        const have = resume ? buffers.have() : {};
        try {
          mark('lantern:subscribe');
          const snapshot = await request(s, 'scan:subscribe', { key, have });
          mark('lantern:snapshot');
          if (mine !== generation) return;
          if (resume && renumbered(buffers, snapshot)) {
            // A restarted server numbers streams anew: held data cannot be matched to the new ids.
            buffers = new ScanBuffers(key, -1);
            seenBuffersVersion = -1;
            api.setState((st) => ({ buffersEpoch: st.buffersEpoch + 1 }));
            subscribedOnce = false;
            applySnapshot(snapshot);
            await subscribe();
            return;
          }
          subscribedOnce = true;
          if (resume) api.setState((st) => ({ resumes: st.resumes + 1 }));
          applySnapshot(snapshot);
        } catch (error) {
          if (mine !== generation) return;
          const code = (error as { code?: string }).code;
          if (code === 'not-found' || code === 'bad-request') {
            api.setState({ status: api.getState().snapshot ? 'ready' : 'not-found', error: (error as Error).message, ...(api.getState().snapshot ? { gone: (error as Error).message } : {}) });
            return;
          }
          api.setState({ error: (error as Error).message, ...(api.getState().snapshot ? {} : { status: 'error' as const }) });
          if (retry) clearTimeout(retry);
          retry = setTimeout(() => void subscribe(), 2000);
        }
      };

      const onDoc = (snapshot: ScanSnapshot) => {
        if (snapshot.key === key) applySnapshot(snapshot);
      };
      const onProgress = (progress: ScanProgress) => {
        if (progress.key !== key) return;
        buffers.applyProgress(progress);
        pendingSummary = progress.summary;
        schedule();
      };
      const onData = (frame: ArrayBuffer | Uint8Array) => {
        if (!firstData) firstData = mark('lantern:first-data');
        const errorsBefore = buffers.errors.size;
        if (buffers.applyFrame(frame) !== null || buffers.errors.size !== errorsBefore) schedule();
      };
      const onExpired = (m: { key: string; stream: string; from: number; to: number }) => {
        if (m.key !== key) return;
        buffers.applyExpired(m);
        api.setState((st) => ({ expired: { ...st.expired, [m.stream]: addRange(st.expired[m.stream] ?? [], m.from, m.to) } }));
        schedule();
      };
      const onStreamError = (m: { key: string; stream: string; error: string }) => {
        if (m.key === key) api.setState((st) => ({ streamErrors: { ...st.streamErrors, [m.stream]: m.error } }));
      };
      const onGone = (m: { key: string; reason: string }) => {
        if (m.key === key) api.setState({ gone: m.reason });
      };
      const onConnect = () => void subscribe();

      s.on('connect', onConnect);
      s.on('scan:doc', onDoc);
      s.on('scan:progress', onProgress);
      s.on('scan:data', onData);
      s.on('scan:expired', onExpired);
      s.on('scan:stream-error', onStreamError);
      s.on('scan:gone', onGone);
      void subscribe();

      return () => {
        generation++;
        if (retry) clearTimeout(retry);
        if (frameHandle !== null) (typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : clearTimeout)(frameHandle);
        scheduled = false;
        s.off('connect', onConnect);
        s.off('scan:doc', onDoc);
        s.off('scan:progress', onProgress);
        s.off('scan:data', onData);
        s.off('scan:expired', onExpired);
        s.off('scan:stream-error', onStreamError);
        s.off('scan:gone', onGone);
        if (s.connected) s.emit('scan:unsubscribe', { key });
        socket = null;
      };
    },
  };
  return store;
}

/** Whether a stream the buffers know now has another id (held data would land in the wrong stream). */
function renumbered(buffers: ScanBuffers, snapshot: ScanSnapshot): boolean {
  return snapshot.streams.some((s) => {
    const id = buffers.idOf(s.name);
    return id !== undefined && id !== s.id;
  });
}

/** Adds [from, to) to sorted disjoint ranges, merging overlaps and neighbours. */
export function addRange(ranges: readonly [number, number][], from: number, to: number): [number, number][] {
  if (to <= from) return [...ranges];
  const out: [number, number][] = [];
  let a = from;
  let b = to;
  for (const [x, y] of ranges) {
    if (y < a || x > b) out.push([x, y]);
    else {
      a = Math.min(a, x);
      b = Math.max(b, y);
    }
  }
  out.push([a, b]);
  return out.sort((p, q) => p[0] - q[0]);
}

/** Timeline marks for the benchmark and the browser's performance panel (first mark of each name only). */
function mark(name: string): true {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function' && !performance.getEntriesByName(name, 'mark').length) performance.mark(name);
  return true;
}
