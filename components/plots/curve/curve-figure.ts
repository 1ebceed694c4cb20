/**
 * The curve plot's mapping step: pure functions from what was read out of the buffers and the view
 * state to what plotly draws (traces, statistic markers, layout). No React, no DOM: unit-tested alone.
 */
import type { PlotlyData, PlotlyLayout } from '../shared/plotly-loader';
import type { PlotTheme } from '../shared/plot-theme';
import { safeUid, shortName } from '../plot-frame';
import { axisRange, formatNumber, readableTicks, type Range2 } from '../view-axes';
import type { BuiltCurve } from './curve-data';
import { STAT_MARKS, type StatMarkName } from '@/lib/view-state/plot-view-state';
import type { StatRow } from './curve-view';

/** Draw point markers on short curves (Flint shows the measured points). */
export const MARKERS_BELOW = 120;

export interface CurveRef {
  name: string;
  axis: 'left' | 'right';
  /** Shown instead of the channel's short name (the curve's math). */
  label?: string;
}

/** One curve's line: x/y as drawn (client or server level of detail), with markers when short and raw. */
export function curveTrace(c: CurveRef, xy: { x: ArrayLike<number>; y: ArrayLike<number> }, opts: { color: string; drawn: number; raw: boolean; xName: string | null; theme: PlotTheme; kiosk: boolean | undefined }): PlotlyData {
  const markers = opts.raw && opts.drawn <= MARKERS_BELOW;
  const label = c.label ?? shortName(c.name);
  return {
    type: 'scatter',
    mode: markers ? 'lines+markers' : 'lines',
    x: xy.x,
    y: xy.y,
    name: label + (c.axis === 'right' ? ' (right)' : ''),
    yaxis: c.axis === 'right' ? 'y2' : 'y',
    connectgaps: false,
    line: { color: opts.color, width: opts.theme.line },
    marker: { color: opts.color, size: opts.kiosk ? 7 : 5 },
    hovertemplate: `${label}: %{y:.6g}<br>${opts.xName ? shortName(opts.xName) : 'index'}: %{x:.6g}<extra></extra>`,
    uid: safeUid(`${c.name}|${c.axis}`),
  } as PlotlyData;
}

/** The plotly traces of prepared curves (server summary or client data), and the most points drawn and stood for. */
export function curveTraces<S extends { x: ArrayLike<number>; y: ArrayLike<number>; total: number }>(
  curves: readonly { spec: CurveRef & { color: string; label?: string }; built: BuiltCurve | null; server: S | null }[],
  opts: { xName: string | null; theme: PlotTheme; kiosk: boolean | undefined },
): { traces: PlotlyData[]; drawn: number; extent: number } {
  const traces: PlotlyData[] = [];
  let drawn = 0;
  let extent = 0;
  for (const { spec, built, server } of curves) {
    const xy = server ?? built;
    if (!xy) continue;
    const count = server ? server.x.length : built!.drawn;
    drawn = Math.max(drawn, count);
    // Points the drawing stands for: the server summary's whole stream, or what the client holds.
    extent = Math.max(extent, server ? server.total : built!.points + (built!.summarized ?? 0));
    traces.push(curveTrace(spec, xy, { color: spec.color, drawn: count, raw: !server && !built!.lod && !built!.summarized, xName: opts.xName, theme: opts.theme, kiosk: opts.kiosk }));
  }
  return { traces, drawn, extent };
}

/** Points before the raw window drawn from their summary (lib/live-data/scan-window.ts), when any. */
function summarizedAttr(curves: readonly { built: BuiltCurve | null }[]): { summarized?: string } {
  const n = Math.max(0, ...curves.map((e) => e.built?.summarized ?? 0));
  return n > 0 ? { summarized: String(n) } : {};
}

/** Test attributes of the plot frame: points held, stood for and drawn, and where the level of detail came from. */
export function curveDataset(curves: readonly { built: BuiltCurve | null; server: unknown }[], counts: { held: number; extent: number; drawn: number }): Record<string, string> {
  return {
    pointCount: String(counts.held),
    extent: String(counts.extent),
    drawnCount: String(counts.drawn),
    lod: curves.some((e) => e.built?.lod || e.server) ? 'true' : 'false',
    ...summarizedAttr(curves),
    lodSource: curves.some((e) => e.server) ? 'server' : 'client',
  };
}

/** Vertical lines at the statistics asked for (peak, cen, com) of each curve, labels stacked from the top so close ones stay readable. */
export function statMarkers(rows: readonly StatRow[], logX: boolean, theme: PlotTheme, kiosk: boolean | undefined, which: readonly StatMarkName[] = STAT_MARKS): { shapes: NonNullable<PlotlyLayout['shapes']>; annotations: NonNullable<PlotlyLayout['annotations']> } {
  const shapes: NonNullable<PlotlyLayout['shapes']> = [];
  const annotations: NonNullable<PlotlyLayout['annotations']> = [];
  rows.forEach((r, i) => {
    const all: [StatMarkName, number, 'solid' | 'dash' | 'dot'][] = [
      ['peak', r.stats.peak, 'solid'],
      ['cen', r.stats.cen, 'dash'],
      ['com', r.stats.com, 'dot'],
    ];
    const marks = all.filter(([name]) => which.includes(name));
    marks.forEach(([name, xv, dash], j) => {
      if (!Number.isFinite(xv) || (logX && xv <= 0)) return;
      shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: xv, x1: xv, y0: 0, y1: 1, line: { color: r.color, width: 1.2, dash } });
      annotations.push({
        x: logX ? Math.log10(xv) : xv,
        xref: 'x',
        yref: 'paper',
        y: 1,
        yanchor: 'top',
        yshift: -(marks.length * i + j) * (theme.font + 4),
        xanchor: 'left',
        text: `${name} ${formatNumber(xv, 4)}`,
        showarrow: false,
        bgcolor: kiosk ? 'rgba(0,0,0,0.7)' : 'rgba(255,255,255,0.8)',
        font: { color: r.color, size: theme.font - 1 },
      });
    });
  });
  return { shapes, annotations };
}

export interface CurveAxes {
  uirevision: string;
  datarevision: number;
  xTitle: string;
  yTitle: string;
  /** Title of the right axis; null when no curve is on it. */
  y2Title: string | null;
  log: { x: boolean; y: boolean; y2: boolean };
  zoom: { x: Range2 | null; y: Range2 | null; y2: Range2 | null };
}

/**
 * Tick labels are not measured against the div's edges at each redraw: plotly's default ('hide past
 * div') takes the bounding box of every label of every axis on every draw, a third of its time per
 * live redraw in the profiles (docs/performance.md); the SVG clips a label past the edge anyway.
 */
const TICK_LABELS = { ticklabeloverflow: 'allow' } as const;

export function curveLayout(axes: CurveAxes, theme: PlotTheme, kiosk: boolean | undefined, marks: ReturnType<typeof statMarkers>): PlotlyLayout {
  const { log, zoom } = axes;
  const xr = axisRange(zoom.x, log.x);
  const yr = axisRange(zoom.y, log.y);
  const y2r = axisRange(zoom.y2, log.y2);
  return {
    uirevision: axes.uirevision,
    datarevision: axes.datarevision,
    margin: { l: kiosk ? 80 : 64, r: axes.y2Title !== null ? (kiosk ? 80 : 64) : 16, t: 10, b: kiosk ? 60 : 44 },
    paper_bgcolor: theme.bg,
    plot_bgcolor: theme.bg,
    font: { size: theme.font, color: theme.fg },
    // The statistics table under the plot is the legend (colour swatch per curve): a plotly legend
    // would be measured and laid out again on every redraw.
    showlegend: false,
    hovermode: 'closest',
    xaxis: { title: { text: axes.xTitle }, type: log.x ? 'log' : 'linear', ...(xr ? { range: xr, autorange: false } : { autorange: true }), ...readableTicks(log.x), ...TICK_LABELS, gridcolor: theme.grid, zeroline: false },
    yaxis: { title: { text: axes.yTitle }, type: log.y ? 'log' : 'linear', ...(yr ? { range: yr, autorange: false } : { autorange: true }), ...readableTicks(log.y), ...TICK_LABELS, gridcolor: theme.grid, zeroline: false },
    ...(axes.y2Title !== null
      ? {
          yaxis2: {
            title: { text: axes.y2Title },
            type: log.y2 ? 'log' : 'linear',
            ...(y2r ? { range: y2r, autorange: false } : { autorange: true }),
            ...readableTicks(log.y2),
            ...TICK_LABELS,
            overlaying: 'y',
            side: 'right',
            showgrid: false,
            zeroline: false,
          },
        }
      : {}),
    shapes: marks.shapes,
    annotations: marks.annotations,
  } as PlotlyLayout;
}

/**
 * The index range [from, to) the server summary is asked for: the visible part when the zoom tells it
 * (by index, or through a monotonic x), else all; `to` quantised while data arrive so a live scan does
 * not ask again at every frame.
 */
export function lodRange(total: number, zoomX: Range2 | null, byIndex: boolean, visible: [number, number] | null): [number, number] {
  let from = 0;
  let to = total;
  if (zoomX && byIndex) {
    from = Math.max(0, Math.floor(Math.min(zoomX[0], zoomX[1])));
    to = Math.min(total, Math.ceil(Math.max(zoomX[0], zoomX[1])) + 1);
  } else if (visible) {
    [from, to] = visible;
  }
  const step = Math.max(1, Math.floor((to - from) / 50));
  return [from, Math.min(total, Math.ceil(to / step) * step)];
}

/** The notes under the curve plot: gaps, channels without data or not scalar, bad data, in that order. */
export function curveNotes(input: { gaps: string[]; missing: string[]; nonScalar: readonly string[]; monitorMissing: string | null; xMissing: string | null; extra: string[]; errors: [string, string][] }): string[] {
  return [
    ...input.gaps,
    ...input.missing.map((m) => `${shortName(m)}: no data received yet`),
    ...input.nonScalar.map((m) => `${shortName(m)} is not a scalar channel and cannot be drawn as a curve`),
    ...(input.monitorMissing ? [`monitor ${shortName(input.monitorMissing)}: no data yet, curves are not drawn until it arrives`] : []),
    ...(input.xMissing ? [`x channel ${shortName(input.xMissing)}: no data yet`] : []),
    ...input.extra,
    ...input.errors.map(([name, error]) => `${shortName(name)}: bad data received (${error})`),
  ];
}

type AxisName = 'xaxis' | 'yaxis' | 'yaxis2';

/** Whether points may still arrive (a scan neither stopped nor closed). */
export function liveScan(state: string | undefined): boolean {
  return state === 'CREATED' || state === 'PREPARED' || state === 'STARTED';
}

/** Smallest and largest finite value of `values` (log10 of the positive ones on a log axis), into `into`. */
function extendExtent(into: [number, number], values: ArrayLike<unknown> | undefined, log: boolean): void {
  if (!values) return;
  let lo = into[0];
  let hi = into[1];
  for (let i = 0; i < values.length; i++) {
    let v = values[i] as number;
    if (typeof v !== 'number') continue;
    if (log) {
      if (!(v > 0)) continue;
      v = Math.log10(v);
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  into[0] = lo;
  into[1] = hi;
}

/** A round step (1, 2, 2.5 or 5 times a power of ten) near `rough`. */
export function niceStep(rough: number): number {
  const p = 10 ** Math.floor(Math.log10(rough));
  const f = rough / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

/** Share of its new span a range gains ahead of data that left it (the side they left by). */
export const STICKY_HEADROOM = 0.25;
/** A kept range must stay this tight around the data (data span / range span), else it is made again. */
export const STICKY_MIN_COVER = 0.4;

/**
 * The range an axis shows while data arrive: kept as long as it holds every point (with plotly's 5 %
 * padding on y) and the data fill at least STICKY_MIN_COVER of it; else made again around the data,
 * on round values, with STICKY_HEADROOM more room on each side the data outgrew. So a growing curve
 * moves its axes a few times (each by a quarter or more) instead of at every frame, which would make
 * plotly lay out and re-create every tick label at every redraw.
 */
export function stickyRange(extent: [number, number], previous: Range2 | null, pad: number): Range2 | null {
  const [lo, hi] = extent;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const span = hi - lo;
  if (!(span > 0)) return null; // a point or a flat line: plotly's own autorange frames it
  const need: Range2 = [lo - pad * span, hi + pad * span];
  if (previous && previous[0] <= need[0] && previous[1] >= need[1] && span >= STICKY_MIN_COVER * (previous[1] - previous[0])) return previous;
  const below = previous && need[0] < previous[0] ? STICKY_HEADROOM * span : 0;
  const above = previous && need[1] > previous[1] ? STICKY_HEADROOM * span : 0;
  const a = need[0] - below;
  const b = need[1] + above;
  const step = niceStep((b - a) / 6);
  return [Math.floor(a / step) * step, Math.ceil(b / step) * step];
}

/**
 * Live-scan axes (see `stickyRange`): applied to the axes plotly would autorange, from the traces and
 * the shapes placed in data units, while the scan runs; plotly's autorange again once it ended (tight
 * around the data), after a change of axes (uirevision) or a zoom. Not on the figure's first draw,
 * so plotly's "initial range" that a double click goes back to stays autorange.
 */
export class StickyAxes {
  private ranges = new Map<AxisName, { type: string; range: Range2 }>();
  private revision: unknown = undefined;

  apply(layout: PlotlyLayout, traces: readonly PlotlyData[], live: boolean): void {
    const l = layout as Record<string, unknown>;
    if (!live || l.uirevision !== this.revision) this.ranges.clear();
    this.revision = l.uirevision;
    if (!live) return;
    const axes: AxisName[] = ['xaxis', 'yaxis', 'yaxis2'];
    const extents = new Map<AxisName, [number, number]>();
    const axisOf = (name: AxisName) => l[name] as { autorange?: unknown; type?: string } | undefined;
    const isLog = (name: AxisName) => axisOf(name)?.type === 'log';
    const extent = (name: AxisName) => {
      let e = extents.get(name);
      if (!e) extents.set(name, (e = [Infinity, -Infinity]));
      return e;
    };
    for (const t of traces as { x?: ArrayLike<unknown>; y?: ArrayLike<unknown>; yaxis?: string; visible?: unknown }[]) {
      if (t.visible === false) continue;
      if (!t.x || !t.y) return; // a trace this does not follow: plotly's autorange for the whole figure
      const y: AxisName = t.yaxis === 'y2' ? 'yaxis2' : 'yaxis';
      extendExtent(extent('xaxis'), t.x, isLog('xaxis'));
      extendExtent(extent(y), t.y, isLog(y));
    }
    for (const s of (l.shapes ?? []) as { xref?: string; yref?: string; x0?: unknown; x1?: unknown; y0?: unknown; y1?: unknown }[]) {
      if (s.xref === 'x') extendExtent(extent('xaxis'), [s.x0, s.x1], isLog('xaxis'));
      const y: AxisName | null = s.yref === 'y' ? 'yaxis' : s.yref === 'y2' ? 'yaxis2' : null;
      if (y) extendExtent(extent(y), [s.y0, s.y1], isLog(y));
    }
    const markers = (traces as { mode?: string }[]).some((t) => t.mode?.includes('markers'));
    for (const name of axes) {
      const axis = axisOf(name);
      const type = axis?.type ?? 'linear';
      const before = this.ranges.get(name);
      const e = extents.get(name);
      if (!axis || axis.autorange !== true || !e || (type !== 'linear' && type !== 'log')) {
        this.ranges.delete(name);
        continue;
      }
      // plotly pads y ranges by 5 % of the axis each side, x ranges only for markers.
      const range = stickyRange(e, before && before.type === type ? before.range : null, name === 'xaxis' && !markers ? 0 : 0.05);
      if (!range) {
        this.ranges.delete(name);
        continue;
      }
      this.ranges.set(name, { type, range });
      l[name] = { ...axis, range: [...range], autorange: false };
    }
  }
}
