/** Spectrum plot mapping: traces, layout and notes from what the container gathered (pure, no React). */
import type { McaPlotModel, OneDimPlotModel, OneDimX } from '@/lib/plot-model';
import type { PlotlyData, PlotlyLayout } from '../shared/plotly-loader';
import type { PlotTheme } from '../shared/plot-theme';
import type { PlotViewState } from '../plot-types';
import { safeUid, shortName } from '../plot-frame';
import { axisRange } from '../view-axes';

export type Reduction = NonNullable<PlotViewState['reduce']>;

export interface SpectrumChannel {
  channel: string;
  label: string;
  /** Image stacked as spectra (Lima `representation: "mca"`): one trace per row. */
  stacked: boolean;
}

/** The plot's spectra: MCA detectors by their detector name, 1D channels by their short name. */
export function spectrumChannels(model: McaPlotModel | OneDimPlotModel): SpectrumChannel[] {
  return model.kind === 'mca'
    ? model.items.map((i) => ({ channel: i.channel, label: i.detector || shortName(i.channel), stacked: i.stacked }))
    : model.channels.map((c) => ({ channel: c, label: shortName(c), stacked: false }));
}

/** The device under the title, where it says something the title does not. */
export function spectrumSubtitle(model: McaPlotModel | OneDimPlotModel): string | undefined {
  return model.device && model.device !== model.title ? model.device : undefined;
}

/** One spectrum (or one row of a stacked image) as a plotly line. */
export function spectrumTrace(opts: { key: string; label: string; row: number | null; x: ArrayLike<number>; y: ArrayLike<number>; color: string; kiosk: boolean }): PlotlyData {
  const name = opts.row === null ? opts.label : `${opts.label} [${opts.row}]`;
  return {
    type: 'scatter',
    mode: 'lines',
    x: opts.x,
    y: opts.y,
    name,
    line: { color: opts.color, width: opts.kiosk ? 2.5 : 1.3 },
    connectgaps: false,
    hovertemplate: `${name}: %{y:.6g}<br>x %{x:.6g}<extra></extra>`,
    uid: safeUid(opts.key),
  } as PlotlyData;
}

/** x axis title: the calibration's label and unit, the x channel's name, or the channel number. */
export function spectrumXTitle(x: OneDimX, channelName: (channel: string) => string): string {
  if (x.kind === 'array') return `${x.label ?? 'x'}${x.unit ? ` [${x.unit}]` : ''}`;
  if (x.kind === 'channel') return channelName(x.channel);
  return 'channel';
}

export function spectrumYTitle(reduce: Reduction): string {
  return reduce === 'point' ? 'counts' : reduce === 'sum' ? 'sum over the scan' : 'average over the scan';
}

/** Note for a reduction over the points held in the page's buffers. */
export function localReductionNote(label: string, reduce: Reduction, count: number, skipped: number): string {
  return `${label}: ${reduce} of ${count} point${count === 1 ? '' : 's'}${skipped ? ` (${skipped} not available: expired or not received)` : ''}`;
}

/** Note for a reduction of a latest-only stream, whose points are fetched from the server in chunks. */
export function remoteReductionNote(label: string, reduce: Reduction, acc: { count: number; upTo: number; skipped: number }, total: number): string {
  return `${label}: ${reduce} of ${acc.count} of ${total} points${acc.upTo < total ? ' (fetching…)' : ''}${acc.skipped ? `, ${acc.skipped} not available` : ''}`;
}

export function spectrumLayout(opts: {
  modelId: string;
  xTitle: string;
  reduce: Reduction;
  logY: boolean;
  view: Pick<PlotViewState, 'zoomX' | 'zoomY'>;
  theme: PlotTheme;
  kiosk: boolean;
  hasTraces: boolean;
  revision: number;
  /** Bands and labels drawn over the spectrum (MCA ROIs). */
  marks?: Pick<PlotlyLayout, 'shapes' | 'annotations'>;
}): PlotlyLayout {
  const { theme, kiosk, logY } = opts;
  const xr = axisRange(opts.view.zoomX, false);
  const yr = axisRange(opts.view.zoomY, logY);
  return {
    uirevision: `${opts.modelId}|${logY}|${opts.reduce}`,
    datarevision: opts.revision,
    margin: { l: kiosk ? 80 : 64, r: 14, t: 30, b: kiosk ? 60 : 44 },
    paper_bgcolor: theme.bg,
    plot_bgcolor: theme.bg,
    font: { size: theme.font, color: theme.fg },
    showlegend: opts.hasTraces,
    legend: { orientation: 'h', x: 0, y: 1, yanchor: 'bottom' },
    hovermode: 'closest',
    ...opts.marks,
    xaxis: { title: { text: opts.xTitle }, zeroline: false, gridcolor: theme.grid, ...(xr ? { range: xr, autorange: false } : { autorange: true }) },
    yaxis: {
      title: { text: spectrumYTitle(opts.reduce) },
      type: logY ? 'log' : 'linear',
      zeroline: false,
      gridcolor: theme.grid,
      ...(yr ? { range: yr, autorange: false } : { autorange: true }),
    },
  } as PlotlyLayout;
}
