/** Scatter plot mapping: grid geometry, marker trace, layout and readout text (pure, no React). */
import { lutColor } from '@/lib/plot-math/colormap';
import type { ScatterPlotModel } from '@/lib/plot-model';
import type { PlotlyData, PlotlyLayout } from '../shared/plotly-loader';
import type { PlotTheme } from '../shared/plot-theme';
import type { PlotViewState } from '../plot-types';
import { shortName } from '../plot-frame';
import type { RasterGeometry } from '../raster/raster-geometry';
import { axisRange, formatNumber } from '../view-axes';
import type { GridImage } from './mesh-grid';

/** Cells centred on the grid's axis values. */
export function geometryOf(img: Pick<GridImage, 'xs' | 'ys' | 'rows' | 'cols'>): RasterGeometry {
  const dx = img.cols > 1 ? img.xs[1]! - img.xs[0]! : 1;
  const dy = img.rows > 1 ? img.ys[1]! - img.ys[0]! : 1;
  return { x0: img.xs[0]! - dx / 2, dx: dx || 1, y0: img.ys[0]! - dy / 2, dy: dy || 1, yDown: false, equalAspect: false };
}

export function sameGeometry(a: RasterGeometry | null, b: RasterGeometry): boolean {
  return !!a && a.x0 === b.x0 && a.dx === b.dx && a.y0 === b.y0 && a.dy === b.dy;
}

/** Rows and columns of the raster before the first point arrives. */
export function initialDims(grid: ScatterPlotModel['grid']): { rows: number; cols: number } {
  if (grid.kind === 'regular') return { rows: grid.yPoints, cols: grid.xPoints };
  if (grid.kind === 'histogram') return { rows: grid.bins[0], cols: grid.bins[1] };
  return { rows: 1, cols: 1 };
}

export function gridKindText(grid: ScatterPlotModel['grid']): string {
  if (grid.kind === 'regular') return `${grid.xPoints}×${grid.yPoints} grid`;
  if (grid.kind === 'histogram') return `mean per bin, ${grid.bins[1]}×${grid.bins[0]} bins`;
  return '';
}

export function scatterLabel(value: string | null, x: string | null, y: string | null): string {
  return `scatter plot: ${shortName(value)} over ${shortName(x)} and ${shortName(y)}`;
}

/** The value channel's name, with its monitor when normalised: "diode1 / mon". */
export function valueName(name: string, monitor: string | null): string {
  return `${name}${monitor ? ` / ${shortName(monitor)}` : ''}`;
}

/** What the pointer is over in a grid: both axis values and the cell's value. */
export function cellReadout(names: { x: string | null; y: string | null; value: string | null; monitor: string | null }, xv: number, yv: number, v: number): string {
  const shown = Number.isNaN(v) ? 'not measured' : formatNumber(v, 6);
  return `${shortName(names.x)} ${formatNumber(xv)}  ${shortName(names.y)} ${formatNumber(yv)}  ${valueName(shortName(names.value), names.monitor)} ${shown}`;
}

/** Plotly colorscale sampled from a LUT. */
export function colorscaleOf(lut: Uint8Array): [number, string][] {
  const out: [number, string][] = [];
  for (let k = 0; k <= 16; k++) out.push([k / 16, lutColor(lut, (k / 16) * 255)]);
  return out;
}

/** log₁₀ of the colours into `work` (grown as needed); non-positive values are not drawn. */
export function logColors(colors: Float64Array, work: Float64Array<ArrayBuffer>): { colors: Float64Array; work: Float64Array<ArrayBuffer> } {
  const n = colors.length;
  if (work.length < n) work = new Float64Array(Math.max(n, 2 * work.length));
  const w = work.subarray(0, n);
  for (let i = 0; i < n; i++) w[i] = colors[i]! > 0 ? Math.log10(colors[i]!) : NaN;
  return { colors: w, work };
}

export function pointsTrace(opts: {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  colors: ArrayLike<number>;
  range: { min: number; max: number };
  lut: Uint8Array;
  logScale: boolean;
  names: { x: string | null; y: string | null; value: string | null };
}): PlotlyData {
  const { names } = opts;
  return {
    type: 'scatter',
    mode: 'markers',
    x: opts.x,
    y: opts.y,
    marker: {
      color: opts.colors,
      colorscale: colorscaleOf(opts.lut),
      cmin: opts.range.min,
      cmax: opts.range.max,
      size: opts.x.length > 2000 ? 4 : 7,
      showscale: true,
      colorbar: { title: { text: (opts.logScale ? 'log₁₀ ' : '') + shortName(names.value) }, thickness: 14 },
    },
    hovertemplate: `${shortName(names.x)} %{x:.6g}<br>${shortName(names.y)} %{y:.6g}<br>${shortName(names.value)} %{marker.color:.6g}<extra></extra>`,
    uid: 'points',
  } as PlotlyData;
}

export function pointsLayout(opts: { modelId: string; revision: number; theme: PlotTheme; xTitle: string; yTitle: string; view: Pick<PlotViewState, 'zoomX' | 'zoomY'> }): PlotlyLayout {
  const { theme } = opts;
  const xr = axisRange(opts.view.zoomX, false);
  const yr = axisRange(opts.view.zoomY, false);
  return {
    uirevision: opts.modelId,
    datarevision: opts.revision,
    margin: { l: 64, r: 10, t: 10, b: 44 },
    paper_bgcolor: theme.bg,
    plot_bgcolor: theme.bg,
    font: { size: theme.font, color: theme.fg },
    hovermode: 'closest',
    xaxis: { title: { text: opts.xTitle }, zeroline: false, ...(xr ? { range: xr, autorange: false } : { autorange: true }) },
    yaxis: { title: { text: opts.yTitle }, zeroline: false, ...(yr ? { range: yr, autorange: false } : { autorange: true }) },
  } as PlotlyLayout;
}
