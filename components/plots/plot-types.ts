/**
 * The contract between the scan view (data, URL state) and the plot components. Plots read big arrays
 * from the ScanBuffers (outside React state) and re-render when `version` moves.
 */
import type { ScanBuffers } from '@/lib/live-data/scan-buffers';
import type { PlotModel } from '@/lib/plot-model';
import type { PlotViewState } from '@/lib/view-state/plot-view-state';
import type { LodReply, ScanSnapshot } from '@/lib/wire/contract';

export interface PlotDataSource {
  /** Scan key. */
  key: string;
  snapshot: ScanSnapshot;
  buffers: ScanBuffers;
  /** Moves whenever any stream or the snapshot changed; plots redraw at most once per animation frame. */
  version: number;
  /** Server-side level of detail: [from, to) of a scalar stream in `buckets` (min, max) pairs. */
  requestLod(stream: string, from: number, to: number, buckets: number): Promise<LodReply>;
  /** URL of an image frame (REST frame route): raw bytes with X-Dtype/X-Shape headers, or png. */
  frameUrl(stream: string, frame: number, options?: { format?: 'raw' | 'png'; bin?: number }): string;
}

export type { Autoscale, Colormap, PlotViewState } from '@/lib/view-state/plot-view-state';
export interface PlotProps<M extends PlotModel = PlotModel> {
  model: M;
  source: PlotDataSource;
  view: PlotViewState;
  onViewChange(patch: Partial<PlotViewState>): void;
  /** Wall-screen mode: no controls, large type, high contrast. */
  kiosk?: boolean;
}
