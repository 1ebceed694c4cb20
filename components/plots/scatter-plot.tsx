'use client';
/**
 * Scatter plot (Flint's live scatter): a value channel coloured over two axis channels.
 * - regular grid (amesh/dmesh): cells filled live as points arrive, by point index like Flint (fast
 *   axis, back-and-forth, group-by on step axes), drawn with the colormapped canvas (RasterView);
 * - sized irregular scatter: 2D histogram of the mean value per bin, same drawing;
 * - otherwise: coloured points (plotly markers).
 * Cells and points without a value are not drawn (never as zero).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { autoscale } from '@/lib/plot-math/autoscale';
import { imageRange } from '@/lib/plot-math/image-range';
import { colormapLut, lutColor, type ColormapName } from '@/lib/plot-math/colormap';
import type { ScatterPlotModel } from '@/lib/plot-model';
import { gapNotes, type GapSource } from './curve/curve-data';
import { normalised, scatterMonitorChoices, scatterValueChoices } from './mesh-channels';
import { binScatter, RegularMesh, type GridImage } from './mesh-grid';
import { PlotDataError, PlotFrame, scanStateBanner, shortName } from './plot-frame';
import type { Autoscale, PlotProps, PlotViewState } from './plot-types';
import { AUTOSCALE_MODES, ColourScaleControls } from './colour-scale-controls';
import type { PlotlyData, PlotlyLayout } from './shared/plotly-loader';
import { plotTheme } from './shared/plot-theme';
import { Colorbar, RasterView, viewBinding, type RasterGeometry, type RasterHandle } from './raster-view';
import { axisTitle, displayName } from './source-helpers';
import { useTestAttributeDefaults } from './shared/test-attributes';
import { useLiveRedraw } from './shared/use-live-redraw';
import { usePlotly } from './shared/use-plotly';
import { useZoomToView } from './shared/view-zoom';
import { axisRange, formatNumber, zoomFromRelayout, type Range2 } from './view-axes';
import styles from './plots.module.css';


function readScalar(source: PlotProps['source'], name: string | null): Float64Array | null {
  if (!name) return null;
  const b = source.buffers.streamByName(name);
  if (!b || b.itemsPerPoint !== 1 || b.latestOnly) return null;
  return b.toFloat64(0, b.length);
}

function geometryOf(img: GridImage): RasterGeometry {
  const dx = img.cols > 1 ? img.xs[1]! - img.xs[0]! : 1;
  const dy = img.rows > 1 ? img.ys[1]! - img.ys[0]! : 1;
  return { x0: img.xs[0]! - dx / 2, dx: dx || 1, y0: img.ys[0]! - dy / 2, dy: dy || 1, yDown: false, equalAspect: false };
}

function sameGeometry(a: RasterGeometry | null, b: RasterGeometry): boolean {
  return !!a && a.x0 === b.x0 && a.dx === b.dx && a.y0 === b.y0 && a.dy === b.dy;
}

export function ScatterPlot(props: PlotProps<ScatterPlotModel>) {
  const { model } = props;
  if (!model.x || !model.y) throw new PlotDataError('This scatter has no x or y axis channel', 'unsupported');
  if (model.grid.kind === 'points') return <PointsScatter {...props} />;
  return <GridScatter {...props} />;
}

/** The colour channel (any scalar channel of the scan, default from the hints) and its monitor. */
function useValueChoice(model: ScatterPlotModel, view: PlotViewState, source: PlotProps['source']) {
  const streams = source.snapshot.streams;
  const choices = useMemo(() => scatterValueChoices(model, streams), [model, streams]);
  const value = view.value && choices.includes(view.value) ? view.value : model.value;
  const monitors = useMemo(() => scatterMonitorChoices(model, value, streams), [model, value, streams]);
  const monitor = view.normalize && monitors.includes(view.normalize) ? view.normalize : null;
  return { value, choices, monitor, monitors };
}

/** The colour values: the channel, divided by the monitor when one is chosen. */
function readValues(source: PlotProps['source'], value: string | null, monitor: string | null): Float64Array | null {
  const values = readScalar(source, value);
  if (!values || !monitor) return values;
  const m = readScalar(source, monitor);
  return m ? normalised(values.subarray(0, Math.min(values.length, m.length)), m) : null;
}

function ScatterToolbar({ choice, view, onViewChange, showScale }: { choice: ReturnType<typeof useValueChoice>; view: PlotViewState; onViewChange: PlotProps['onViewChange']; showScale: boolean }) {
  const { value, choices, monitor, monitors } = choice;
  return (
    <>
      {choices.length > 1 ? (
        <label>
          value
          <select value={value ?? ''} onChange={(e) => onViewChange({ value: e.target.value })} aria-label="value channel">
            {choices.map((v) => (
              <option key={v} value={v}>
                {shortName(v)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {monitors.length ? (
        <label>
          ÷
          <select value={monitor ?? ''} onChange={(e) => onViewChange({ normalize: e.target.value === '' ? null : e.target.value })} aria-label="normalise by monitor">
            <option value="">no monitor</option>
            {monitors.map((v) => (
              <option key={v} value={v}>
                {shortName(v)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <ColourScaleControls view={view} onViewChange={onViewChange} showScale={showScale} />
    </>
  );
}

function scatterNotes(source: PlotProps['source'], names: (string | null)[], limit: number): string[] {
  const sources: GapSource[] = [];
  const missing: string[] = [];
  for (const n of names) {
    if (!n) continue;
    const b = source.buffers.streamByName(n);
    if (!b) missing.push(`${shortName(n)}: no data received yet`);
    sources.push({ label: shortName(n), gaps: b?.gaps ?? [] });
  }
  return [...gapNotes(sources, limit), ...missing];
}

/** Regular grid or 2D histogram, drawn as a colormapped raster. */
function GridScatter({ model, source, view, onViewChange, kiosk }: PlotProps<ScatterPlotModel>) {
  const choice = useValueChoice(model, view, source);
  const { value, monitor } = choice;
  const colormap: ColormapName = view.colormap ?? 'viridis';
  const scaleMode: Autoscale = view.autoscale ?? 'minmax';
  const logScale = view.logScale === true;
  const grid = model.grid;
  const mesh = useMemo(() => (grid.kind === 'regular' ? new RegularMesh(grid) : null), [grid]);
  const raster = useRef<RasterHandle | null>(null);
  const frameRef = useRef<HTMLDivElement | null>(null);
  const [geometry, setGeometry] = useState<RasterGeometry | null>(null);
  const [dims, setDims] = useState<{ rows: number; cols: number }>({ rows: grid.kind === 'regular' ? grid.yPoints : grid.kind === 'histogram' ? grid.bins[0] : 1, cols: grid.kind === 'regular' ? grid.xPoints : grid.kind === 'histogram' ? grid.bins[1] : 1 });
  const [range, setRange] = useState<{ min: number; max: number } | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [empty, setEmpty] = useState(true);
  const imgRef = useRef<GridImage | null>(null);
  const notesKey = useRef('');

  const draw = useCallback(() => {
    const values = readValues(source, value, monitor);
    const x = readScalar(source, model.x);
    const y = readScalar(source, model.y);
    const n = values ? values.length : 0;
    let img: GridImage | null = null;
    if (values && mesh) img = mesh.update(values, n, x, y);
    else if (values && x && y && grid.kind === 'histogram') img = binScatter(x, y, values, Math.min(n, x.length, y.length), grid.bins, grid.xRange, grid.yRange);
    const el = frameRef.current;
    if (el) el.dataset.pointCount = String(n);
    const nk = scatterNotes(source, [model.x, model.y, value, monitor], n);
    if (nk.join('\n') !== notesKey.current) {
      notesKey.current = nk.join('\n');
      setNotes(nk);
    }
    setEmpty(!img || img.filled === 0);
    if (!img) return;
    imgRef.current = img;
    const g = geometryOf(img);
    setGeometry((prev) => (sameGeometry(prev, g) ? prev : g));
    setDims((prev) => (prev.rows === img.rows && prev.cols === img.cols ? prev : { rows: img.rows, cols: img.cols }));
    if (!raster.current) return;
    const r = imageRange(img.z, AUTOSCALE_MODES[scaleMode], logScale);
    raster.current.show({ data: img.z, width: img.cols, height: img.rows }, { lut: colormapLut(colormap), min: r.min, max: r.max, log: logScale });
    setRange((prev) => (prev && prev.min === r.min && prev.max === r.max ? prev : { min: r.min, max: r.max }));
  }, [source, value, monitor, model.x, model.y, mesh, grid, scaleMode, logScale, colormap]);

  const schedule = useLiveRedraw(draw, { minInterval: 100, version: source.version, settings: [geometry, value, monitor, scaleMode, logScale, colormap] });
  useTestAttributeDefaults(frameRef, { pointCount: '0' });

  const onRaster = useCallback(
    (h: RasterHandle | null) => {
      raster.current = h;
      if (h) schedule(true);
    },
    [schedule],
  );
  const onZoom = useZoomToView(onViewChange);
  const readout = useCallback((col: number, row: number, _x: number, _y: number, v: number) => {
    const img = imgRef.current;
    const xv = img?.xs[col] ?? NaN;
    const yv = img?.ys[row] ?? NaN;
    return `${shortName(model.x)} ${formatNumber(xv)}  ${shortName(model.y)} ${formatNumber(yv)}  ${shortName(value)}${monitor ? ` / ${shortName(monitor)}` : ''} ${Number.isNaN(v) ? 'not measured' : formatNumber(v, 6)}`;
  }, [model.x, model.y, value, monitor]);

  const lut = useMemo(() => colormapLut(colormap), [colormap]);
  const label = `scatter plot: ${shortName(value)} over ${shortName(model.x)} and ${shortName(model.y)}`;
  const kindText = grid.kind === 'regular' ? `${grid.xPoints}×${grid.yPoints} grid` : grid.kind === 'histogram' ? `mean per bin, ${grid.bins[1]}×${grid.bins[0]} bins` : '';
  return (
    <PlotFrame
      label={label}
      dataKind="scatter"
      title={model.title}
      subtitle={`${displayName(source, value)}${monitor ? ` / ${shortName(monitor)}` : ''} — ${kindText}`}
      toolbar={<ScatterToolbar choice={choice} view={view} onViewChange={onViewChange} showScale />}
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={frameRef}
      notes={notes}
    >
      {geometry ? (
        <RasterView
          ref={onRaster}
          exportName={`${model.title}_${shortName(value)}`}
          geometry={geometry}
          width={dims.cols}
          height={dims.rows}
          xTitle={axisTitle(source, model.x)}
          yTitle={axisTitle(source, model.y)}
          {...viewBinding(model.id, view, onZoom, kiosk)}
          readout={readout}
        />
      ) : (
        <div className={styles.plotArea} />
      )}
      {range && !empty ? <Colorbar lut={lut} min={range.min} max={range.max} log={logScale} kiosk={kiosk} /> : null}
      {empty ? <div className={styles.overlayMessage}>Waiting for data…</div> : null}
    </PlotFrame>
  );
}

/** Plotly colorscale sampled from a LUT. */
function colorscaleOf(lut: Uint8Array): [number, string][] {
  const out: [number, string][] = [];
  for (let k = 0; k <= 16; k++) out.push([k / 16, lutColor(lut, (k / 16) * 255)]);
  return out;
}

/** Irregular scatter without a grid: coloured markers. */
function PointsScatter({ model, source, view, onViewChange, kiosk }: PlotProps<ScatterPlotModel>) {
  const choice = useValueChoice(model, view, source);
  const { value, monitor } = choice;
  const colormap: ColormapName = view.colormap ?? 'viridis';
  const logScale = view.logScale === true;
  const frameRef = useRef<HTMLDivElement | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [empty, setEmpty] = useState(true);
  const revision = useRef(0);
  const notesKey = useRef('');
  const colorWork = useRef(new Float64Array(0));
  const zoomToView = useZoomToView(onViewChange);
  const { ref: graphRef, ready: plotReady, error: plotError, react: plotReact } = usePlotly({
    onRelayout: (ev) => zoomToView(zoomFromRelayout(ev, {})),
  });

  const draw = useCallback(() => {
    const gd = graphRef.current;
    if (!plotReady || !gd) return;
    const values = readValues(source, value, monitor);
    const x = readScalar(source, model.x);
    const y = readScalar(source, model.y);
    const n = Math.min(values?.length ?? 0, x?.length ?? 0, y?.length ?? 0);
    const el = frameRef.current;
    if (el) el.dataset.pointCount = String(n);
    const nk = scatterNotes(source, [model.x, model.y, value], n);
    if (nk.join('\n') !== notesKey.current) {
      notesKey.current = nk.join('\n');
      setNotes(nk);
    }
    setEmpty(n === 0);
    let colors = values ? values.subarray(0, n) : new Float64Array(0);
    if (logScale) {
      if (colorWork.current.length < n) colorWork.current = new Float64Array(Math.max(n, 2 * colorWork.current.length));
      const w = colorWork.current.subarray(0, n);
      for (let i = 0; i < n; i++) w[i] = colors[i]! > 0 ? Math.log10(colors[i]!) : NaN;
      colors = w;
    }
    const r = autoscale(colors, 'minmax');
    const lut = colormapLut(colormap);
    const theme = plotTheme(kiosk);
    const xr = axisRange(view.zoomX, false);
    const yr = axisRange(view.zoomY, false);
    const data: PlotlyData[] = [
      {
        type: 'scatter',
        mode: 'markers',
        x: x ? x.subarray(0, n) : [],
        y: y ? y.subarray(0, n) : [],
        marker: {
          color: colors,
          colorscale: colorscaleOf(lut),
          cmin: r.min,
          cmax: r.max,
          size: n > 2000 ? 4 : 7,
          showscale: true,
          colorbar: { title: { text: (logScale ? 'log₁₀ ' : '') + shortName(value) }, thickness: 14 },
        },
        hovertemplate: `${shortName(model.x)} %{x:.6g}<br>${shortName(model.y)} %{y:.6g}<br>${shortName(value)} %{marker.color:.6g}<extra></extra>`,
        uid: 'points',
      } as PlotlyData,
    ];
    const layout: PlotlyLayout = {
      uirevision: model.id,
      datarevision: ++revision.current,
      margin: { l: 64, r: 10, t: 10, b: 44 },
      paper_bgcolor: theme.bg,
      plot_bgcolor: theme.bg,
      font: { size: theme.font, color: theme.fg },
      hovermode: 'closest',
      xaxis: { title: { text: axisTitle(source, model.x) }, zeroline: false, ...(xr ? { range: xr, autorange: false } : { autorange: true }) },
      yaxis: { title: { text: axisTitle(source, model.y) }, zeroline: false, ...(yr ? { range: yr, autorange: false } : { autorange: true }) },
    } as PlotlyLayout;
    plotReact({ data, layout });
  }, [plotReact, graphRef, plotReady, source, value, monitor, model.x, model.y, model.id, colormap, logScale, kiosk, view.zoomX, view.zoomY]);

  useLiveRedraw(draw, { minInterval: 100, version: source.version, settings: [plotReady, value, monitor, colormap, logScale, kiosk, view.zoomX, view.zoomY] });
  useTestAttributeDefaults(frameRef, { pointCount: '0' });

  return (
    <PlotFrame
      label={`scatter plot: ${shortName(value)} over ${shortName(model.x)} and ${shortName(model.y)}`}
      dataKind="scatter"
      title={model.title}
      subtitle={displayName(source, value)}
      toolbar={<ScatterToolbar choice={choice} view={view} onViewChange={onViewChange} showScale={false} />}
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={frameRef}
      notes={notes}
    >
      <div className={styles.plotArea}>
        {plotError ? <div className={styles.errorBox}>{plotError}</div> : <div ref={graphRef} className={styles.graph} />}
        {empty ? <div className={styles.overlayMessage}>Waiting for data…</div> : null}
      </div>
    </PlotFrame>
  );
}
