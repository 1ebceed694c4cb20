/** The scan store's state, actions and options (see scan-store.ts for how they are put together). */
import type { StoreApi } from 'zustand/vanilla';
import type { ScanInfo } from '@/lib/blissdata/scan-info';
import type { ScanBuffers } from '@/lib/live-data/scan-buffers';
import type { PlotSetup } from '@/lib/plot-model';
import type { CurveBook } from '@/lib/view-state/curve-memory';
import type { PlotLayout } from '@/lib/view-state/layout';
import type { LodReply, ScanSnapshot, ScanSummary } from '@/lib/wire/contract';
import type { PlotDataSource, PlotViewState } from '../../plots/plot-types';

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
  /** Several plots at once (a grid); null = one plot at a time, in tabs. */
  layout: PlotLayout | null;
  /** Times the subscription was resumed after a reconnection. */
  resumes: number;
}

export interface ScanActions {
  setActivePlot(id: string): void;
  /** Patches a plot's view; `undefined` values reset fields to the default. */
  patchView(id: string, patch: Partial<PlotViewState>): void;
  resetView(id: string): void;
  /** Shows a grid of plots, or (null) the tabs again. */
  setLayout(layout: PlotLayout | null): void;
}

/** What the URL (or the kiosk's parameters) asked for, applied once the plot models are known. */
export interface InitialView {
  plot: string | null;
  view: PlotViewState;
  /** The URL carried view parameters: they win over the remembered selection. */
  explicit: boolean;
  /** Views of the other plots, by plot id (a shared link restores every plot). */
  others?: Record<string, PlotViewState>;
  /** Several plots at once, as the link asked. */
  layout?: PlotLayout | null;
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


export function initialState(key: string): ScanStoreState {
  return {
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
    layout: null,
    resumes: 0,
  };
}
