/**
 * Curve transforms Flint offers on a curve: derivative (`DerivativeItem`), normalisation by a monitor
 * (`NormalizedCurveItem`), plus helpers to keep log axes from choking on non-positive values.
 */

/** Savitzky-Golay half window and the Σk² of its first-derivative weights (PyMca: 11 points, degree 2). */
const SG_HALF = 5;
const SG_NORM = 110; // Σ k² for k = -5..5

export interface XY {
  x: Float64Array;
  y: Float64Array;
}

/** Beyond this many grid samples the resampling step is coarsened (see `derivative`). */
const MAX_GRID = 1 << 22;

/**
 * d(y)/d(x) exactly as Flint draws it (`bliss/flint/utils/_math_pymca.py: derivate`, from PyMca):
 * pairs sorted by x; points whose next x is within 1e-7 dropped (so the last point always is); y
 * linearly resampled on a uniform grid of the smallest x step (one step of margin each side, edge
 * values held); an 11-point quadratic Savitzky-Golay first derivative on the grid; read back at the
 * original x by linear interpolation. The result has the input's x values minus about 5 points at each
 * end (where the filter window would leave the data), not midpoints.
 *
 * Differences from Flint, on purpose: non-finite pairs are skipped (Flint would smear a NaN over 11
 * points); the smallest step is taken among the kept points only, and the grid is capped at 4 M samples
 * (coarser step) so a jittery x cannot exhaust memory. Fewer than ~12 grid points give empty arrays
 * (Flint shows an error there).
 */
export function derivative(x: ArrayLike<number>, y: ArrayLike<number>): XY {
  const n = Math.min(x.length, y.length);
  let xs = new Float64Array(n);
  let ys = new Float64Array(n);
  let m = 0;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (xi - xi !== 0 || yi - yi !== 0) continue;
    if (m > 0 && xi < xs[m - 1]!) sorted = false;
    xs[m] = xi;
    ys[m++] = yi;
  }
  if (!sorted) {
    const order = new Uint32Array(m);
    for (let i = 0; i < m; i++) order[i] = i;
    const xo = xs;
    order.sort((a, b) => xo[a]! - xo[b]! || a - b);
    const sx = new Float64Array(m);
    const sy = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      sx[i] = xs[order[i]!]!;
      sy[i] = ys[order[i]!]!;
    }
    xs = sx;
    ys = sy;
  }
  // Keep x[i] only when x[i+1] is more than 1e-7 further (PyMca's rule; drops the last point).
  let k = 0;
  let minDelta = Infinity;
  for (let i = 0; i + 1 < m; i++) {
    const d = xs[i + 1]! - xs[i]!;
    if (Math.abs(d) > 1e-7) {
      xs[k] = xs[i]!;
      ys[k++] = ys[i]!;
      if (d < minDelta) minDelta = d;
    }
  }
  const empty: XY = { x: new Float64Array(0), y: new Float64Array(0) };
  if (k === 0) return empty;
  const x0 = xs[0]!;
  const xl = xs[k - 1]!;
  if (minDelta === Infinity) minDelta = 1;
  let step = minDelta;
  // numpy.arange(x0 - step, xl + step, step)
  let gridLength = Math.ceil((xl + step - (x0 - step)) / step);
  if (gridLength > MAX_GRID) {
    step = (xl - x0 + 2 * minDelta) / (MAX_GRID - 1);
    gridLength = Math.ceil((xl + step - (x0 - step)) / step);
  }
  const derivLength = gridLength - 2 * SG_HALF;
  if (derivLength < 2) return empty;
  const gx0 = x0 - step;
  // numpy.arange fills start + i * (fl(start + step) - start): use the same node values.
  const delta = gx0 + step - gx0;
  // numpy.interp(grid, xs, ys, left=ys[0], right=ys[-1]) on the kept points.
  const grid = new Float64Array(gridLength);
  let j = 0;
  for (let g = 0; g < gridLength; g++) {
    const gx = gx0 + g * delta;
    if (gx <= x0) grid[g] = ys[0]!;
    else if (gx >= xl) grid[g] = ys[k - 1]!;
    else {
      while (xs[j + 1]! <= gx) j++;
      const xa = xs[j]!;
      grid[g] = ((ys[j + 1]! - ys[j]!) / (xs[j + 1]! - xa)) * (gx - xa) + ys[j]!;
    }
  }
  // dy[i] is the derivative at grid node i + SG_HALF: slope of the least-squares line over 11 samples.
  const dy = new Float64Array(derivLength);
  for (let i = 0; i < derivLength; i++) {
    let s = 0;
    for (let q = -SG_HALF; q <= SG_HALF; q++) s += q * grid[i + SG_HALF + q]!;
    dy[i] = s / SG_NORM / step;
  }
  // Read back at the kept x within [node N + 1, node L - N], interpolating on nodes N + 1.. = dy[1..].
  const node = (i: number): number => gx0 + (SG_HALF + 1 + i) * delta; // holds dy[1 + i]
  const nodes = derivLength - 1;
  const lo = node(0);
  const hi = gx0 + (gridLength - SG_HALF) * delta;
  let first = 0;
  while (first < k && xs[first]! < lo) first++;
  let last = k;
  while (last > first && xs[last - 1]! > hi) last--;
  const outX = xs.slice(first, last);
  const outY = new Float64Array(last - first);
  let a = 0;
  for (let i = 0; i < outX.length; i++) {
    const xv = outX[i]!;
    if (xv <= lo) outY[i] = dy[1]!;
    else if (xv >= node(nodes - 1)) outY[i] = dy[nodes]!;
    else {
      while (node(a + 1) <= xv) a++;
      const xa = node(a);
      outY[i] = ((dy[2 + a]! - dy[1 + a]!) / (node(a + 1) - xa)) * (xv - xa) + dy[1 + a]!;
    }
  }
  return { x: outX, y: outY };
}

/**
 * y / monitor per point (Flint's "normalized" curve), NaN where the monitor is 0 (Flint's numpy division
 * would give ±Infinity) or either value is missing. Length is the shorter of the two.
 */
export function normalize(y: ArrayLike<number>, monitor: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = Math.min(y.length, monitor.length);
  const result = out && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mon = monitor[i]!;
    result[i] = mon === 0 ? NaN : y[i]! / mon;
  }
  return result;
}

/** log10 of a value, NaN for values a log axis cannot show (<= 0, NaN). */
export function log10Safe(v: number): number {
  return v > 0 ? Math.log10(v) : NaN;
}

/** Values for a log axis: non-positive ones become NaN (gaps) instead of -Infinity spikes. */
export function positiveOrNaN(values: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = values.length;
  const result = out && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    result[i] = v > 0 ? v : NaN;
  }
  return result;
}

/** Smallest positive and largest finite value: the range of a log axis (NaN when there is none). */
export function positiveRange(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > 0 && v < Infinity) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min === Infinity ? { min: NaN, max: NaN } : { min, max };
}
