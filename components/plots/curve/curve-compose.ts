/**
 * What the curve tools add to the figure, composed with the scan's own curves: overlaid scans (same curve
 * math), differences to a reference scan, the fitted curve and its region, the user's markers; plus the
 * overlay legend and the curves the crosshair reads. Pure: unit-tested without a browser.
 */
import type { PlotlyData, PlotlyLayout } from '../shared/plotly-loader';
import type { PlotTheme } from '../shared/plot-theme';
import { formatNumber } from '../view-axes';
import type { BuiltCurve } from './curve-data';
import type { CrosshairCurve } from './curve-crosshair';
import { curveTrace } from './curve-figure';
import { arraySource, minusReference, overlaySpecs, type DrawnCurve, type OverlayScan } from './curve-overlay';
import type { ChannelSource, CurveSpec, PreparedCurve, PreparedCurves } from './curve-prepare';
import type { DrawnFit } from './use-curve-fit';

type Shapes = NonNullable<PlotlyLayout['shapes']>;
type Annotations = NonNullable<PlotlyLayout['annotations']>;

export interface ComposeInput<S> {
  main: PreparedCurves<S>;
  /** The scan's own channels (a reference to itself reads them). */
  mainSource: ChannelSource;
  thisKey: string;
  specs: readonly CurveSpec[];
  overlays: readonly OverlayScan[];
  reference: string | undefined;
  /** Prepares curves of another source with the plot's settings (zoom, log, LOD). */
  prepare(source: ChannelSource, specs: readonly CurveSpec[]): PreparedCurves<never>;
  fit: DrawnFit | null;
  fitRegion: [number, number] | null;
  vmarks: readonly number[];
  hmarks: readonly number[];
  xName: string | null;
  log: { x: boolean; y: boolean };
  theme: PlotTheme;
  kiosk: boolean | undefined;
}

export interface Composed<S> {
  /** The scan's curves as drawn: the prepared ones, or their differences to the reference. */
  main: PreparedCurve<S>[];
  /** Traces to draw after the scan's own. */
  traces: PlotlyData[];
  shapes: Shapes;
  annotations: Annotations;
  legend: { key: string; label: string; color: string; dash: boolean }[];
  crosshair: CrosshairCurve[];
  notes: string[];
}

export function composeCurves<S>(o: ComposeInput<S>): Composed<S> {
  const out: Composed<S> = { main: [...o.main.curves], traces: [], shapes: [], annotations: [], legend: [], crosshair: [], notes: [] };
  const drawnOverlays: DrawnCurve[] = [];
  o.overlays.forEach((scan, i) => {
    if (!scan.drawn) return;
    for (const c of o.prepare(arraySource(scan.data), overlaySpecs(o.specs, scan, i)).curves) if (c.built) drawnOverlays.push({ spec: c.spec, built: c.built });
  });

  let overlays = drawnOverlays;
  if (o.reference) {
    const refScan = o.overlays.find((s) => s.key === o.reference);
    const refSource = o.reference === o.thisKey ? o.mainSource : refScan ? arraySource(refScan.data) : null;
    const refLabel = o.reference === o.thisKey ? 'this scan' : `#${refScan?.number ?? '?'}`;
    const refCurves = refSource ? o.prepare(refSource, o.specs.map((s) => ({ ...s, key: `ref|${s.key}` }))).curves : [];
    const refOf = (spec: CurveSpec): BuiltCurve | null => refCurves.find((r) => r.spec.name === spec.name && r.spec.axis === spec.axis)?.built ?? null;
    const minus = (d: DrawnCurve): DrawnCurve | null => {
      const ref = refOf(d.spec);
      return ref ? minusReference(d, ref, refLabel) : null;
    };
    out.main = o.main.curves.map((c) => {
      const d = c.built ? minus({ spec: c.spec, built: c.built }) : null;
      return d ? { spec: d.spec, built: d.built, server: null } : { spec: c.spec, built: null, server: null };
    });
    overlays = drawnOverlays.map(minus).filter((d): d is DrawnCurve => d !== null);
    if (!refCurves.some((r) => r.built)) out.notes.push(`Difference to ${refLabel}: its data are not loaded yet.`);
  }

  for (const d of overlays) {
    const trace = curveTrace(d.spec, d.built, { color: d.spec.color, drawn: d.built.drawn, raw: false, xName: o.xName, theme: o.theme, kiosk: o.kiosk }) as PlotlyData & { line: Record<string, unknown> };
    trace.line = { ...trace.line, dash: d.spec.dash ?? 'dash' };
    out.traces.push(trace);
  }
  if (overlays.length || o.reference) {
    for (const c of out.main) if (c.built) out.legend.push({ key: c.spec.key, label: c.spec.label, color: c.spec.color, dash: false });
    for (const d of overlays) out.legend.push({ key: d.spec.key, label: d.spec.label, color: d.spec.color, dash: true });
  }
  for (const c of [...out.main.flatMap((m) => (m.built ? [{ spec: m.spec, built: m.built }] : [])), ...overlays]) {
    const built = c.built;
    // x and y read when the crosshair reads them: a live curve's full arrays are not made at each draw.
    out.crosshair.push({
      key: c.spec.key,
      label: c.spec.label,
      color: c.spec.color,
      axis: c.spec.axis,
      get x() {
        return built.statX;
      },
      get y() {
        return built.statY;
      },
      points: built.points,
    });
  }

  if (o.fit) out.traces.push(fitTrace(o.fit, o.theme));
  if (o.fitRegion) {
    out.shapes.push({ type: 'rect', xref: 'x', yref: 'paper', x0: o.fitRegion[0], x1: o.fitRegion[1], y0: 0, y1: 1, fillcolor: 'rgba(120,120,120,0.10)', line: { width: 0 }, layer: 'below' });
  }
  markerLayers(o.vmarks, o.hmarks, o.log, o.theme, out.shapes, out.annotations);
  return out;
}

/** The fitted function, dashed black (or white on the kiosk's black), over the fitted range. */
export function fitTrace(fit: DrawnFit, theme: PlotTheme): PlotlyData {
  return {
    type: 'scatter',
    mode: 'lines',
    x: fit.result.curve.x,
    y: fit.result.curve.y,
    name: `${fit.result.model} fit of ${fit.spec.label}`,
    yaxis: fit.spec.axis === 'right' ? 'y2' : 'y',
    line: { color: theme.fg, width: theme.line + 0.6, dash: 'dash' },
    hovertemplate: `fit: %{y:.6g}<extra></extra>`,
    uid: 'lantern-fit',
  } as PlotlyData;
}

function markerLayers(vmarks: readonly number[], hmarks: readonly number[], log: { x: boolean; y: boolean }, theme: PlotTheme, shapes: Shapes, annotations: Annotations): void {
  const line = { color: theme.fg, width: 1, dash: 'dashdot' as const };
  for (const v of vmarks) {
    if (log.x && v <= 0) continue;
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: v, x1: v, y0: 0, y1: 1, line });
    annotations.push({ x: log.x ? Math.log10(v) : v, xref: 'x', yref: 'paper', y: 0, yanchor: 'bottom', xanchor: 'left', text: formatNumber(v, 6), showarrow: false, font: { color: theme.fg, size: theme.font - 1 } });
  }
  for (const h of hmarks) {
    if (log.y && h <= 0) continue;
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: h, y1: h, line });
    annotations.push({ x: 1, xref: 'paper', xanchor: 'right', y: log.y ? Math.log10(h) : h, yref: 'y', yanchor: 'bottom', text: formatNumber(h, 6), showarrow: false, font: { color: theme.fg, size: theme.font - 1 } });
  }
}

/** Statistics markers with the tools' shapes and labels added. */
export function withTools(marks: { shapes: Shapes; annotations: Annotations }, composed: { shapes: Shapes; annotations: Annotations }): { shapes: Shapes; annotations: Annotations } {
  return { shapes: [...composed.shapes, ...marks.shapes], annotations: [...marks.annotations, ...composed.annotations] };
}
