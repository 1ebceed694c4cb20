/**
 * Curve statistics as Bliss computes them (`bliss/scanning/scan_math.py`: `peak2`, `trough2`, `cen`,
 * `com`), so the numbers Lantern shows are those a scientist gets from `peak()`, `cen()`, `com()`,
 * `fwhm()` in the Bliss shell for the same counter.
 *
 * Bliss behaviour kept on purpose:
 * - Only pairs where both x and y are finite count (NaN gaps and ±Infinity are skipped).
 * - `peak`/`min`: first maximum/minimum in scan order, x as given (any order of x).
 * - `cen`/`fwhm` and `com` work on the pairs sorted by x with one pair per distinct x (the first in scan
 *   order), so descending or back-and-forth x give the same result as ascending.
 * - `com` is Bliss's default "visual" centre of mass: y - min(y) as weights, so a baseline (negative or
 *   not) does not pull it; all-equal y give the mean of the distinct x.
 * - `cen`: the half level is (min + max) / 2 (baseline-independent); a single point gives (x, 0); a flat
 *   curve gives the middle of the x range and the whole range as FWHM; dips and edges follow Bliss's
 *   special cases (see bliss-cen.ts).
 * - Empty input, or no finite pair: every value is NaN (Bliss logs a warning and returns NaN).
 *
 * Cost: one O(n) pass for min/max, one compaction pass for cen/com (O(n log n) only for unordered x),
 * no allocation but reused scratch buffers.
 */
import { calcCen, type Cen } from './bliss-cen';
import { sortedUniquePairs } from './sorted-pairs';

export interface Extremum {
  /** Index in the input arrays, -1 when none. */
  index: number;
  x: number;
  y: number;
}

export interface CurveStats {
  /** Number of finite (x, y) pairs. */
  count: number;
  max: Extremum;
  min: Extremum;
  /** x of the maximum (Bliss `peak()`). */
  peak: number;
  /** Centre of the FWHM (Bliss `cen()`), and the FWHM (Bliss `fwhm()`). */
  cen: number;
  fwhm: number;
  /** Centre of mass (Bliss `com()`). */
  com: number;
}

export function emptyCurveStats(): CurveStats {
  return {
    count: 0,
    max: { index: -1, x: NaN, y: NaN },
    min: { index: -1, x: NaN, y: NaN },
    peak: NaN,
    cen: NaN,
    fwhm: NaN,
    com: NaN,
  };
}

function range(x: ArrayLike<number>, y: ArrayLike<number>, from: number | undefined, to: number | undefined): [number, number] {
  const n = Math.min(x.length, y.length);
  const a = Math.max(0, Math.min(from ?? 0, n));
  const b = Math.max(a, Math.min(to ?? n, n));
  return [a, b];
}

/**
 * First maximum and minimum over finite pairs of x[from..to), y[from..to) (Bliss `peak2`/`trough2`);
 * returns the number of finite pairs. `max`/`min` are filled in place.
 */
export function extrema(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  max: Extremum,
  min: Extremum,
  from?: number,
  to?: number,
): number {
  const [a, b] = range(x, y, from, to);
  let iMax = -1;
  let iMin = -1;
  let yMax = -Infinity;
  let yMin = Infinity;
  let count = 0;
  for (let i = a; i < b; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (xi - xi !== 0 || yi - yi !== 0) continue;
    count++;
    if (yi > yMax) {
      yMax = yi;
      iMax = i;
    }
    if (yi < yMin) {
      yMin = yi;
      iMin = i;
    }
  }
  max.index = iMax;
  max.x = iMax < 0 ? NaN : x[iMax]!;
  max.y = iMax < 0 ? NaN : yMax;
  min.index = iMin;
  min.x = iMin < 0 ? NaN : x[iMin]!;
  min.y = iMin < 0 ? NaN : yMin;
  return count;
}

/** Bliss `com(x, y)` (visual) on the sorted unique pairs. */
function comOf(xs: Float64Array, ys: Float64Array, m: number): number {
  if (m === 0) return NaN;
  let yMin = Infinity;
  for (let i = 0; i < m; i++) if (ys[i]! < yMin) yMin = ys[i]!;
  let sw = 0;
  let swx = 0;
  let sx = 0;
  for (let i = 0; i < m; i++) {
    const w = ys[i]! - yMin;
    sw += w;
    swx += w * xs[i]!;
    sx += xs[i]!;
  }
  // No mass at all (flat curve): Bliss weighs every point 1/n.
  return sw ? swx / sw : sx / m;
}

/** All statistics of one curve, over x[from..to), y[from..to). Pass `out` to reuse the result object. */
export function curveStats(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from?: number,
  to?: number,
  out: CurveStats = emptyCurveStats(),
): CurveStats {
  const [a, b] = range(x, y, from, to);
  out.count = extrema(x, y, out.max, out.min, a, b);
  out.peak = out.max.x;
  const { xs, ys, m } = sortedUniquePairs(x, y, a, b);
  calcCen(xs, ys, m, cenResult);
  out.cen = cenResult.position;
  out.fwhm = cenResult.fwhm;
  out.com = comOf(xs, ys, m);
  return out;
}

const cenResult: Cen = { position: NaN, fwhm: NaN };

/** Bliss `cen(x, y)`: centre of the FWHM and the FWHM. */
export function cen(x: ArrayLike<number>, y: ArrayLike<number>, from?: number, to?: number): Cen {
  const [a, b] = range(x, y, from, to);
  const { xs, ys, m } = sortedUniquePairs(x, y, a, b);
  return calcCen(xs, ys, m, { position: NaN, fwhm: NaN });
}

/** Bliss `com(x, y)` (the default, visual centre of mass). */
export function com(x: ArrayLike<number>, y: ArrayLike<number>, from?: number, to?: number): number {
  const [a, b] = range(x, y, from, to);
  const { xs, ys, m } = sortedUniquePairs(x, y, a, b);
  return comOf(xs, ys, m);
}

/** Bliss `peak(x, y)`: x of the first maximum of y. */
export function peak(x: ArrayLike<number>, y: ArrayLike<number>, from?: number, to?: number): number {
  const max: Extremum = { index: -1, x: NaN, y: NaN };
  const min: Extremum = { index: -1, x: NaN, y: NaN };
  extrema(x, y, max, min, from, to);
  return max.x;
}

export type { Cen };
