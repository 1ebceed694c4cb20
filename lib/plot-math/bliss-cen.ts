/**
 * Port of Bliss's `scan_math._calc_cen` (Bliss 2.x, `bliss/scanning/scan_math.py`): centre and FWHM of
 * a curve without fitting, so `cen` here equals what a scientist gets from `cen()` in the Bliss shell.
 *
 * On x-sorted, x-unique, finite pairs, with half = (min + max) / 2:
 * - standard peak (first and last points below half): the outermost points at or above half, moved to
 *   where the local steepest gradient crosses half;
 * - reversed peak (dip; both ends at or above half): the same on the points at or below half;
 * - edge (step up or down): FWHM of the gaussian whose integral the step would be (12 % / 88 % levels,
 *   noise-corrected, outliers dropped); a partial peak (the maximum inside, but one side never falls
 *   below half within the scan) gives the position of the maximum and twice its distance to the half
 *   crossing of the other side.
 * Gradients are `numpy.gradient(y, x)` computed on demand, so nothing is allocated but scratch buffers.
 */
import { savgolNoiseStd } from './savgol-noise';
import { scratchF64, scratchU32, SLOT_GATHER, SLOT_MEMBERS } from './scratch';

export interface Cen {
  position: number;
  fwhm: number;
}

/** Which gradients `_optimize_gradient` accepts: falling (-1), rising (1) or any non-zero (0). */
type Slope = -1 | 0 | 1;

class Curve {
  xs!: Float64Array;
  ys!: Float64Array;
  m = 0;
  /** numpy.gradient switches to the plain central difference when all steps are exactly equal. */
  uniform = false;

  reset(xs: Float64Array, ys: Float64Array, m: number): void {
    this.xs = xs;
    this.ys = ys;
    this.m = m;
    const d0 = xs[1]! - xs[0]!;
    let uniform = true;
    for (let i = 2; i < m && uniform; i++) uniform = xs[i]! - xs[i - 1]! === d0;
    this.uniform = uniform;
  }

  /** numpy.gradient(y, x)[i]: second order inside, first order at the ends. */
  gradient(i: number): number {
    const { xs, ys, m } = this;
    if (i === 0) return (ys[1]! - ys[0]!) / (xs[1]! - xs[0]!);
    if (i === m - 1) return (ys[m - 1]! - ys[m - 2]!) / (xs[m - 1]! - xs[m - 2]!);
    if (this.uniform) return (ys[i + 1]! - ys[i - 1]!) / (2 * (xs[1]! - xs[0]!));
    const dx1 = xs[i]! - xs[i - 1]!;
    const dx2 = xs[i + 1]! - xs[i]!;
    const a = -dx2 / (dx1 * (dx1 + dx2));
    const b = (dx2 - dx1) / (dx1 * dx2);
    const c = dx1 / (dx2 * (dx1 + dx2));
    return a * ys[i - 1]! + b * ys[i]! + c * ys[i + 1]!;
  }

  /** `_optimize_gradient`: the steepest gradient of the wanted sign among the n nearest indices to i. */
  steepest(i: number, slope: Slope): number {
    const m = this.m;
    const n = Math.max(Math.min(Math.floor(m / 4), 5), 1);
    let found = 0;
    let lo = Infinity;
    let hi = -Infinity;
    // Nearest first; at equal distance the lower index first, as a stable argsort would give.
    for (let d = 0; found < n && (i - d >= 0 || i + d < m); d++) {
      for (let side = 0; side < 2 && found < n; side++) {
        if (d === 0 && side === 1) break;
        const j = side === 0 ? i - d : i + d;
        if (j < 0 || j >= m) continue;
        const g = this.gradient(j);
        if (slope < 0 ? g < 0 : slope > 0 ? g > 0 : g !== 0) {
          found++;
          if (g < lo) lo = g;
          if (g > hi) hi = g;
        }
      }
    }
    if (found === 0) return slope === 0 ? 0 : this.steepest(i, 0);
    if (slope < 0) return lo;
    if (slope > 0) return hi;
    // max(x.min(), x.max(), key=abs): the first wins ties.
    return Math.abs(lo) >= Math.abs(hi) ? lo : hi;
  }

  /** Set by `limits`. */
  start = NaN;
  end = NaN;

  /** `_optimize_limits`: x at both indices, moved along the local slope to where y would reach the targets. */
  limits(yLim0: number, yLim1: number, i0: number, i1: number, s0: Slope, s1: Slope): void {
    const { xs, ys, m } = this;
    let xStart = xs[i0]!;
    let xEnd = xs[i1]!;
    let flat = true;
    for (let i = 0; i < m && flat; i++) flat = this.gradient(i) === 0;
    if (flat) {
      xStart = xs[0]!;
      xEnd = xs[m - 1]!;
    } else {
      const g0 = this.steepest(i0, s0);
      const g1 = this.steepest(i1, s1);
      const dmax = xs[m - 1]! - xs[0]!;
      if (g0 !== 0) {
        const dx = (yLim0 - ys[i0]!) / g0;
        if (Math.abs(dx) <= dmax) xStart += dx;
      }
      if (g1 !== 0) {
        const dx = (yLim1 - ys[i1]!) / g1;
        if (Math.abs(dx) <= dmax) xEnd += dx;
      }
    }
    this.start = xStart;
    this.end = xEnd;
  }

  /** `_cen_from_limits`. */
  cen(yLim0: number, yLim1: number, i0: number, i1: number, s0: Slope, s1: Slope, out: Cen): Cen {
    this.limits(yLim0, yLim1, i0, i1, s0, s1);
    out.position = (this.start + this.end) / 2;
    out.fwhm = this.end - this.start;
    return out;
  }
}

const curve = new Curve();

/** Noise std of the y values selected by `keep`, gathered in scan order (Bliss `_extract_noise`). */
function noiseStd(keep: (y: number) => boolean, count: number): number {
  if (count < 9) return 0;
  const { ys, m } = curve;
  const g = scratchF64(SLOT_GATHER, count);
  let k = 0;
  for (let i = 0; i < m; i++) if (keep(ys[i]!)) g[k++] = ys[i]!;
  return savgolNoiseStd(g, k);
}

/**
 * `_inlier_mask` on the x of the points with y in [lo, hi]: keeps those within 3 × 1.4826 × MAD of their
 * median x; sets the first and last kept indices, or -1 when fewer than two are kept.
 */
function inlierLimits(lo: number, hi: number, out: [number, number]): void {
  const { xs, ys, m } = curve;
  const idx = scratchU32(SLOT_MEMBERS, m);
  let c = 0;
  for (let i = 0; i < m; i++) {
    const y = ys[i]!;
    if (y >= lo && y <= hi) idx[c++] = i;
  }
  out[0] = out[1] = -1;
  if (c === 0) return;
  // xs is sorted, so the members' x are too: their median is the middle one(s).
  const mid = c >> 1;
  const med = c % 2 ? xs[idx[mid]!]! : (xs[idx[mid - 1]!]! + xs[idx[mid]!]!) / 2;
  // |x - med| falls then rises along the members: merging both sides outward from the median sorts the
  // distances, so their median needs no sort.
  let right = 0;
  while (right < c && xs[idx[right]!]! < med) right++;
  let left = right - 1;
  const kLow = (c - 1) >> 1;
  let dLow = 0;
  let dHigh = 0;
  for (let rank = 0; rank <= kLow + 1 && rank < c; rank++) {
    const dl = left >= 0 ? med - xs[idx[left]!]! : Infinity;
    const dr = right < c ? xs[idx[right]!]! - med : Infinity;
    let d: number;
    if (dr <= dl) {
      d = dr;
      right++;
    } else {
      d = dl;
      left--;
    }
    if (rank === kLow) dLow = d;
    else if (rank === kLow + 1) dHigh = d;
  }
  const limit = (c % 2 ? dLow : (dLow + dHigh) / 2) * 3 * 1.4826;
  let first = -1;
  let last = -1;
  let kept = 0;
  for (let j = 0; j < c; j++) {
    const i = idx[j]!;
    if (limit === 0 || Math.abs(xs[i]! - med) <= limit) {
      if (first < 0) first = i;
      last = i;
      kept++;
    }
  }
  if (kept < 2) return;
  out[0] = first;
  out[1] = last;
}

const edgeLimits: [number, number] = [-1, -1];

/** Bliss `_calc_cen` on m ≥ 1 x-sorted, x-unique, finite pairs. */
export function calcCen(xs: Float64Array, ys: Float64Array, m: number, out: Cen): Cen {
  if (m === 0) {
    out.position = out.fwhm = NaN;
    return out;
  }
  if (m === 1) {
    out.position = xs[0]!;
    out.fwhm = 0;
    return out;
  }
  curve.reset(xs, ys, m);
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < m; i++) {
    const y = ys[i]!;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  const yHalf = (yMin + yMax) / 2;
  let firstAbove = -1;
  let lastAbove = -1;
  let countAbove = 0;
  for (let i = 0; i < m; i++) {
    if (ys[i]! >= yHalf) {
      if (firstAbove < 0) firstAbove = i;
      lastAbove = i;
      countAbove++;
    }
  }
  const maxLeft = firstAbove === 0;
  const maxRight = lastAbove === m - 1;

  if (!maxLeft && !maxRight) {
    // Standard peak; a single point above half uses its neighbours.
    const one = countAbove === 1;
    return curve.cen(yHalf, yHalf, one ? firstAbove - 1 : firstAbove, one ? lastAbove + 1 : lastAbove, 1, -1, out);
  }
  if (maxLeft && maxRight) {
    // Reversed peak (a dip), or a flat curve.
    let firstBelow = -1;
    let lastBelow = -1;
    let countBelow = 0;
    for (let i = 0; i < m; i++) {
      if (ys[i]! <= yHalf) {
        if (firstBelow < 0) firstBelow = i;
        lastBelow = i;
        countBelow++;
      }
    }
    const one = countBelow === 1;
    return curve.cen(yHalf, yHalf, one ? firstBelow - 1 : firstBelow, one ? lastBelow + 1 : lastBelow, -1, 1, out);
  }

  // An edge (step) or a partial peak: maximum on one side only.
  const slope: Slope = maxLeft ? -1 : 1;
  curve.limits(yHalf, yHalf, firstAbove, lastAbove, slope, slope);
  const idxEdge = maxLeft ? firstAbove : lastAbove;
  const xHalf = maxLeft ? curve.end : curve.start;

  const stdAbove = noiseStd((y) => y >= yHalf, countAbove);
  let fracHalf = 1 - Math.min((6 * stdAbove) / (yMax - yHalf), 1);
  fracHalf = Math.min(fracHalf, 0.9);

  if (Math.max(ys[idxEdge]! - yHalf, 0) >= fracHalf * (yMax - yHalf)) {
    // An edge: better estimates of its low and high levels.
    let countBelow = 0;
    for (let i = 0; i < m; i++) if (ys[i]! < yHalf) countBelow++;
    const stdBelow = noiseStd((y) => y < yHalf, countBelow);
    const hi = yMax - 3 * stdAbove;
    const lo = yMin + 3 * stdBelow;
    if (lo >= hi) {
      // Too much noise to estimate the FWHM.
      out.position = xHalf;
      out.fwhm = NaN;
      return out;
    }
    // For a gaussian edge (an erf), x ± FWHM/2 sit at 12 % and 88 % of the step: (1 + erf(√ln2)) / 2 ≈ 0.88.
    const lim0 = lo + (hi - lo) * 0.12;
    const lim1 = lo + (hi - lo) * 0.88;
    inlierLimits(lim0, lim1, edgeLimits);
    if (edgeLimits[0] < 0) {
      // Edge too sharp to estimate an FWHM.
      out.position = xHalf;
      out.fwhm = 0;
      return out;
    }
    if (maxLeft) curve.cen(lim1, lim0, edgeLimits[0], edgeLimits[1], slope, slope, out);
    else curve.cen(lim0, lim1, edgeLimits[0], edgeLimits[1], slope, slope, out);
    // Do not allow large deviations from the half crossing.
    if (Math.abs(out.position - xHalf) >= 0.2 * (xs[m - 1]! - xs[0]!)) out.position = xHalf;
    return out;
  }

  // A partial peak: the maximum is the position.
  let iMax = 0;
  for (let i = 1; i < m; i++) if (ys[i]! > ys[iMax]!) iMax = i;
  const position = xs[iMax]!;
  out.position = position;
  out.fwhm = Math.abs(position - xHalf) * 2;
  return out;
}
