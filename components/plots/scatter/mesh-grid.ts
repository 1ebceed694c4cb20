/**
 * Pure scatter → grid logic for mesh scans (Flint's live scatter):
 * - regular grids (`amesh`, `dmesh`, fscan2d): point i goes to a cell by its index, as Flint reshapes
 *   the value array: the fast axis (axis_id 0) moves at every point, the slow one every `fast` points;
 *   a back-and-forth fast axis runs backwards on odd lines; with slower `step` axes only the points of
 *   the last 2D frame are shown (Flint's group-by). Columns and rows are stored in ascending coordinate
 *   order, whatever the scan direction, so the heatmap needs no reversed axis.
 * - irregular but sized scatters: a 2D histogram holding the mean value per bin (silx's binned
 *   statistic), NaN where no point fell.
 * Cells not measured yet (or expired) stay NaN: drawn transparent, never as zero.
 */
import type { ScatterGrid } from '@/lib/plot-model';

export type RegularGrid = Extract<ScatterGrid, { kind: 'regular' }>;

export interface GridImage {
  rows: number;
  cols: number;
  /** rows × cols, row major, NaN where empty. Row 0 has the lowest y. */
  z: Float64Array;
  /** Centre of each column / row, ascending. */
  xs: Float64Array;
  ys: Float64Array;
  /** Cells holding a value. */
  filled: number;
}

function linspace(a: number, b: number, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
}

/** Cell of point `i` of a regular grid as [row, col] in ascending-coordinate storage. */
export function regularCell(grid: RegularGrid, i: number, xDescending: boolean, yDescending: boolean): [number, number] {
  const nFast = grid.fastAxis === 'x' ? grid.xPoints : grid.yPoints;
  const nSlow = grid.fastAxis === 'x' ? grid.yPoints : grid.xPoints;
  const j = i % (nFast * nSlow);
  const slow = Math.floor(j / nFast);
  let fast = j % nFast;
  const fastKind = grid.fastAxis === 'x' ? grid.xKind : grid.yKind;
  if (fastKind === 'backnforth' && slow % 2 === 1) fast = nFast - 1 - fast;
  let col = grid.fastAxis === 'x' ? fast : slow;
  let row = grid.fastAxis === 'x' ? slow : fast;
  if (xDescending) col = grid.xPoints - 1 - col;
  if (yDescending) row = grid.yPoints - 1 - row;
  return [row, col];
}

/**
 * Axis range of a regular grid axis from the model, else estimated from the data: the value at the
 * first point and at the point one line (or one step) further along that axis.
 */
function axisRange(given: [number, number] | undefined, values: ArrayLike<number> | null, n: number, stride: number, count: number): [number, number] {
  if (given && Number.isFinite(given[0]) && Number.isFinite(given[1])) return given;
  if (values && n > 0) {
    const first = values[0]!;
    const lastIndex = stride * (count - 1);
    if (lastIndex < n && Number.isFinite(values[lastIndex]!) && Number.isFinite(first) && values[lastIndex] !== first) return [first, values[lastIndex]!];
    if (stride < n && Number.isFinite(values[stride]!) && Number.isFinite(first) && values[stride] !== first) {
      return [first, first + (values[stride]! - first) * (count - 1)];
    }
  }
  return [0, count - 1];
}

/**
 * The heatmap of a regular grid, refilled from the value array on each call (O(cells): cheap next to a
 * redraw, and right even when older points arrive late). Keep one per plot: arrays are reused.
 */
export class RegularMesh {
  readonly grid: RegularGrid;
  readonly image: GridImage;
  /** Index of the first point of the 2D frame shown (non-zero for n-D scans with step axes). */
  frameStart = 0;

  constructor(grid: RegularGrid) {
    this.grid = grid;
    const rows = grid.yPoints;
    const cols = grid.xPoints;
    this.image = { rows, cols, z: new Float64Array(rows * cols).fill(NaN), xs: new Float64Array(cols), ys: new Float64Array(rows), filled: 0 };
  }

  /**
   * Fills the grid from the first `n` values (NaN = no value). `x`/`y` channel values are used only to
   * estimate the axis ranges when the scan_info gives none.
   */
  update(values: ArrayLike<number>, n: number, x: ArrayLike<number> | null = null, y: ArrayLike<number> | null = null): GridImage {
    const g = this.grid;
    const img = this.image;
    const perFrame = g.xPoints * g.yPoints;
    n = Math.min(n, values.length);
    // Group-by: only the last (possibly partial) 2D frame.
    const start = n > 0 ? Math.floor((n - 1) / perFrame) * perFrame : 0;
    this.frameStart = start;
    const xStride = g.fastAxis === 'x' ? 1 : g.yPoints;
    const yStride = g.fastAxis === 'x' ? g.xPoints : 1;
    const xr = axisRange(g.xRange, x, n, xStride, g.xPoints);
    const yr = axisRange(g.yRange, y, n, yStride, g.yPoints);
    const xDesc = xr[1] < xr[0];
    const yDesc = yr[1] < yr[0];
    linspace(Math.min(xr[0], xr[1]), Math.max(xr[0], xr[1]), g.xPoints, img.xs);
    linspace(Math.min(yr[0], yr[1]), Math.max(yr[0], yr[1]), g.yPoints, img.ys);
    img.z.fill(NaN);
    let filled = 0;
    for (let i = start; i < n; i++) {
      const v = Number(values[i]);
      if (v !== v) continue;
      const [row, col] = regularCell(g, i, xDesc, yDesc);
      const at = row * g.xPoints + col;
      if (img.z[at] !== img.z[at]) filled++;
      img.z[at] = v;
    }
    img.filled = filled;
    return img;
  }
}

/**
 * Mean value per bin of a (rows × cols) 2D histogram over [xRange] × [yRange] (data min/max when not
 * given). Points with a non-finite x, y or value are skipped.
 */
export function binScatter(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  v: ArrayLike<number>,
  n: number,
  bins: [number, number],
  xRange?: [number, number],
  yRange?: [number, number],
): GridImage {
  const [rows, cols] = bins;
  n = Math.min(n, x.length, y.length, v.length);
  const finite = (i: number) => Number.isFinite(x[i]!) && Number.isFinite(y[i]!) && Number.isFinite(v[i]!);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!finite(i)) continue;
    x0 = Math.min(x0, x[i]!);
    x1 = Math.max(x1, x[i]!);
    y0 = Math.min(y0, y[i]!);
    y1 = Math.max(y1, y[i]!);
  }
  if (xRange) [x0, x1] = [Math.min(...xRange), Math.max(...xRange)];
  if (yRange) [y0, y1] = [Math.min(...yRange), Math.max(...yRange)];
  if (!(x1 >= x0)) [x0, x1] = [0, 1];
  if (!(y1 >= y0)) [y0, y1] = [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const sum = new Float64Array(rows * cols);
  const count = new Uint32Array(rows * cols);
  const sx = cols / (x1 - x0);
  const sy = rows / (y1 - y0);
  for (let i = 0; i < n; i++) {
    if (!finite(i)) continue;
    const c = Math.floor((x[i]! - x0) * sx);
    const r = Math.floor((y[i]! - y0) * sy);
    // The upper edge belongs to the last bin (numpy.histogram2d's rule); outside the range is dropped.
    const cc = c === cols && x[i] === x1 ? cols - 1 : c;
    const rr = r === rows && y[i] === y1 ? rows - 1 : r;
    if (cc < 0 || cc >= cols || rr < 0 || rr >= rows) continue;
    sum[rr * cols + cc]! += v[i]!;
    count[rr * cols + cc]!++;
  }
  const z = new Float64Array(rows * cols);
  let filled = 0;
  for (let k = 0; k < z.length; k++) {
    if (count[k]) {
      z[k] = sum[k]! / count[k]!;
      filled++;
    } else z[k] = NaN;
  }
  const xs = new Float64Array(cols);
  const ys = new Float64Array(rows);
  for (let c = 0; c < cols; c++) xs[c] = x0 + ((c + 0.5) * (x1 - x0)) / cols;
  for (let r = 0; r < rows; r++) ys[r] = y0 + ((r + 0.5) * (y1 - y0)) / rows;
  return { rows, cols, z, xs, ys, filled };
}

/** Rows of a grid image as subarray views (what plotly's heatmap `z` takes), cached per image. */
export function rowsOf(img: GridImage, cache?: Float64Array[]): Float64Array[] {
  if (cache && cache.length === img.rows && cache[0]?.buffer === img.z.buffer) return cache;
  const out: Float64Array[] = [];
  for (let r = 0; r < img.rows; r++) out.push(img.z.subarray(r * img.cols, (r + 1) * img.cols));
  return out;
}
