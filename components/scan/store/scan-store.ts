/**
 * One subscribed scan, put together from its parts: the connection and resume protocol (lib/client
 * ScanFeed), buffers and versions (buffer-versions.ts), plot models (plot-setup.ts), view state
 * (view-state.ts), animation-frame coalescing (frame-coalescer.ts) and the REST routes
 * (components/data/scan-routes.ts). The buffers (big typed arrays) live outside zustand state: state
 * holds only `version`, bumped at most once per animation frame however many frames arrive.
 *
 * Lifecycle: `createScanStore` (pure) then `store.bind(socket)` in an effect; it subscribes,
 * re-subscribes on every reconnection with the points held, and unsubscribes when detached.
 */
import { createStore } from 'zustand/vanilla';
import { ScanFeed } from '@/lib/client/scan-feed';
import { releaseScratch } from '@/lib/plot-math/scratch';
import type { ScanSnapshot, ScanSummary } from '@/lib/wire/contract';
import { frameUrl, requestLod } from '../../data/scan-routes';
import type { LanternSocket } from '../../client/socket';
import { addRange, bufferErrors, BufferVersions } from './buffer-versions';
import { coalesce } from './frame-coalescer';
import { markOnce } from './perf-marks';
import { plotSetupOf, setupSignature } from './plot-setup';
import { initialState, type CurveMemory, type InitialView, type ScanStore, type ScanStoreState } from './types';
import { viewActions, viewInitialiser } from './view-state';

export type { CurveMemory, InitialView, ScanActions, ScanLoadStatus, ScanStore, ScanStoreState } from './types';
export { addRange } from './buffer-versions';
export { findPlot } from './view-state';

export function createScanStore(key: string, options: { initial?: InitialView; memory?: CurveMemory } = {}): ScanStore & { bind(socket: LanternSocket): () => void } {
  const api = createStore<ScanStoreState>(() => ({ ...initialState(key), layout: options.initial?.layout ?? null }));
  const initialiseViews = viewInitialiser(api, options.initial ?? { plot: null, view: {}, explicit: false }, options.memory);
  const versions = new BufferVersions();
  let socket: LanternSocket | null = null;
  let signature = '';
  /** The newest progress summary, published with the next flush. */
  let pendingSummary: ScanSummary | null = null;

  const applySnapshot = (snapshot: ScanSnapshot) => {
    // The document is newer than any progress summary still waiting for the next frame.
    pendingSummary = null;
    const patch: Partial<ScanStoreState> = { snapshot, summary: snapshot.summary, status: 'ready', error: null };
    const version = versions.next(feed.buffers, api.getState());
    if (version !== undefined) patch.version = version;
    // Errors the document itself carries (unknown plugin, Lima2...) are stream errors too.
    const docErrors = Object.fromEntries(snapshot.streams.filter((s) => s.error).map((s) => [s.name, s.error!]));
    if (Object.keys(docErrors).length) patch.streamErrors = { ...api.getState().streamErrors, ...docErrors };
    const sig = setupSignature(snapshot);
    if (sig === signature) {
      api.setState(patch);
      return;
    }
    signature = sig;
    const { info, setup, warnings } = plotSetupOf(snapshot);
    api.setState({ ...patch, info, setup, warnings });
    initialiseViews(setup, info);
  };

  const coalescer = coalesce(() => {
    const state = api.getState();
    const patch: Partial<ScanStoreState> = {};
    const version = versions.next(feed.buffers, state);
    if (version !== undefined) patch.version = version;
    if (pendingSummary) {
      patch.summary = pendingSummary;
      pendingSummary = null;
    }
    const errors = bufferErrors(feed.buffers, state.streamErrors);
    if (errors) patch.streamErrors = errors;
    if (Object.keys(patch).length) api.setState(patch);
  });

  const feed = new ScanFeed(
    key,
    {
      snapshot(snapshot, how) {
        if (how.resumed) api.setState((st) => ({ resumes: st.resumes + 1 }));
        applySnapshot(snapshot);
      },
      reset() {
        versions.reset();
        api.setState((st) => ({ buffersEpoch: st.buffersEpoch + 1 }));
      },
      progress(progress) {
        pendingSummary = progress.summary;
        coalescer.schedule();
      },
      frame(_frame, changed) {
        if (changed) coalescer.schedule();
      },
      expired(m) {
        api.setState((st) => ({ expired: { ...st.expired, [m.stream]: addRange(st.expired[m.stream] ?? [], m.from, m.to) } }));
        coalescer.schedule();
      },
      streamError(m) {
        api.setState((st) => ({ streamErrors: { ...st.streamErrors, [m.stream]: m.error } }));
      },
      gone(reason) {
        api.setState({ gone: reason });
      },
      failed(error, final) {
        const shown = api.getState().snapshot !== null;
        if (final) api.setState({ status: shown ? 'ready' : 'not-found', error: error.message, ...(shown ? { gone: error.message } : {}) });
        else api.setState({ error: error.message, ...(shown ? {} : { status: 'error' as const }) });
      },
      mark: (name) => markOnce(`lantern:${name}`),
    },
    // Live images come no larger than the window (device pixels): a bigger preview would only be shrunk.
    { retryMs: 2000, display: windowDisplay },
  );

  return {
    key,
    api,
    actions: viewActions(api, options.memory),
    buffers: () => feed.buffers,
    requestLod: (stream, from, to, buckets) => requestLod(key, stream, from, to, buckets, socket?.id),
    frameUrl: (stream, frame, opts) => frameUrl(key, stream, frame, opts),
    bind(s: LanternSocket): () => void {
      socket = s;
      const detach = feed.attach(s);
      return () => {
        detach();
        coalescer.cancel();
        socket = null;
        // The statistics' work buffers grew with this scan's curves (a never-ending timescan: its whole
        // raw window); a kiosk moving on to short scans must not keep them.
        releaseScratch();
      };
    },
  };
}

/** The window's size in device pixels (no window: server rendering, tests). */
function windowDisplay(): { width: number; height: number } | undefined {
  if (typeof window === 'undefined' || !window.innerWidth || !window.innerHeight) return undefined;
  const dpr = window.devicePixelRatio || 1;
  return { width: Math.round(window.innerWidth * dpr), height: Math.round(window.innerHeight * dpr) };
}
