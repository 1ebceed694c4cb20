/**
 * How many points a plot currently holds, for the `data-point-count` test hook and the plot footer:
 * points with data (gaps not counted) of the channels the plot draws, the smallest of them, since a
 * curve point needs both its x and its y.
 */
import type { ScanBuffers } from '@/lib/live-data/scan-buffers';
import type { StreamBuffer } from '@/lib/live-data/stream-buffer';
import type { CurvePlotModel, PlotModel } from '@/lib/plot-model';
import type { PlotViewState } from '../plots/plot-types';

export function heldPoints(buffer: StreamBuffer | undefined): number {
  if (!buffer) return 0;
  if (buffer.latestOnly) return buffer.latestIndex >= 0 ? buffer.length : 0;
  let missing = 0;
  for (const g of buffer.gaps) missing += Math.min(g.to, buffer.length) - g.from;
  return buffer.length - missing;
}

/** The curve selection shown: the view's where set, else the model's. */
export function effectiveCurves(model: CurvePlotModel, view: PlotViewState): { x: string | null; y: string[]; y2: string[] } {
  const x = view.x !== undefined ? view.x : model.x;
  const y = view.y ?? model.items.filter((i) => i.yAxis === 'left').map((i) => i.y);
  const y2 = view.y2 ?? model.items.filter((i) => i.yAxis === 'right').map((i) => i.y);
  return { x, y, y2 };
}

/** Channels whose data the plot draws. */
export function plotChannels(model: PlotModel, view: PlotViewState): string[] {
  switch (model.kind) {
    case 'curve': {
      const c = effectiveCurves(model, view);
      return [...(c.x ? [c.x] : []), ...c.y, ...c.y2];
    }
    case 'scatter':
      return [model.x, model.y, view.value !== undefined ? view.value : model.value].filter((c): c is string => c !== null);
    case 'mca':
      return model.items.map((i) => i.channel);
    case 'oned':
      return [...model.channels, ...(model.x.kind === 'channel' ? [model.x.channel] : [])];
    case 'image':
      return [model.channel];
    case 'table':
      return model.channels;
  }
}

export function plotPointCount(model: PlotModel, view: PlotViewState, buffers: ScanBuffers): number {
  const channels = plotChannels(model, view);
  if (channels.length === 0) return 0;
  let least = Infinity;
  for (const name of channels) {
    let n = heldPoints(buffers.streamByName(name));
    // Lima images are not sent as frames: what the detector reports acquired is what can be shown.
    const id = buffers.idOf(name);
    const lima = id !== undefined ? buffers.meta(id)?.lima : undefined;
    if (lima) n = Math.max(n, lima.framesAvailable);
    least = Math.min(least, n);
  }
  return least;
}

/** Index of the frame an image (or spectrum) plot shows: the chosen one, else the newest held. */
export function shownFrameIndex(model: PlotModel, view: PlotViewState, buffers: ScanBuffers): number | null {
  if (view.frame !== undefined && view.frame !== null && view.follow !== true) return view.frame;
  const channel = model.kind === 'image' ? model.channel : model.kind === 'mca' ? model.items[0]?.channel : model.kind === 'oned' ? model.channels[0] : undefined;
  if (channel === undefined) return null;
  const buffer = buffers.streamByName(channel);
  if (buffer && buffer.latestIndex >= 0) return buffer.latestIndex;
  const id = buffers.idOf(channel);
  const lima = id !== undefined ? buffers.meta(id)?.lima : undefined;
  // Following a Lima detector shows the newest frame saved in a file (what the image plot fetches).
  return lima && lima.lastSaved >= 0 ? lima.lastSaved : null;
}
