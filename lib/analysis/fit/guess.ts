/**
 * Starting values for a fit, estimated from the data as silx's fit estimators do (background from the edges
 * of the window, then the peak's height, position and FWHM from what remains), so that a user never has to
 * type a starting point. The solver then reaches the least-squares minimum from there.
 */
import { cen } from '../../plot-math/curve-stats';
import { modelFunction, SIGMA_PER_FWHM, type FitBackground, type FitModel } from './models';

/** Mean x and y of points [from, to) of sorted pairs. */
function meanOf(xs: Float64Array, ys: Float64Array, from: number, to: number): { x: number; y: number } {
  let sx = 0;
  let sy = 0;
  for (let i = from; i < to; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
  }
  return { x: sx / (to - from), y: sy / (to - from) };
}

/** Least-squares line through all points (the linear model's exact answer). */
function lineFit(xs: Float64Array, ys: Float64Array): { constant: number; slope: number } {
  const n = xs.length;
  const m = meanOf(xs, ys, 0, n);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - m.x;
    sxx += dx * dx;
    sxy += dx * (ys[i]! - m.y);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { constant: m.y - slope * m.x, slope };
}

/**
 * Background from the two edges of the window (the 10 % of points at each end): a line through their means,
 * or their common mean for a constant.
 */
function edgeBackground(xs: Float64Array, ys: Float64Array, background: FitBackground): { constant: number; slope: number } {
  const n = xs.length;
  if (background === 'none') return { constant: 0, slope: 0 };
  const k = Math.max(1, Math.round(n * 0.1));
  const left = meanOf(xs, ys, 0, k);
  const right = meanOf(xs, ys, n - k, n);
  if (background === 'constant' || right.x === left.x) return { constant: (left.y + right.y) / 2, slope: 0 };
  const slope = (right.y - left.y) / (right.x - left.x);
  return { constant: left.y - slope * left.x, slope };
}

/** Smallest positive x step: the narrowest width the data can resolve. */
function minStep(xs: Float64Array): number {
  let step = Infinity;
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i]! - xs[i - 1]!;
    if (d > 0 && d < step) step = d;
  }
  return step === Infinity ? 1 : step;
}

function peakGuess(xs: Float64Array, ys: Float64Array, bg: { constant: number; slope: number }): [number, number, number] {
  const n = xs.length;
  const r = new Float64Array(n);
  let iMax = 0;
  let iMin = 0;
  for (let i = 0; i < n; i++) {
    r[i] = ys[i]! - (bg.constant + bg.slope * xs[i]!);
    if (r[i]! > r[iMax]!) iMax = i;
    if (r[i]! < r[iMin]!) iMin = i;
  }
  // A dip when the residual goes further below the background than above it.
  const dip = -r[iMin]! > r[iMax]!;
  if (dip) for (let i = 0; i < n; i++) r[i] = -r[i]!;
  const top = dip ? iMin : iMax;
  const half = cen(xs, r);
  const span = xs[n - 1]! - xs[0]!;
  const position = Number.isFinite(half.position) && half.position >= xs[0]! && half.position <= xs[n - 1]! ? half.position : xs[top]!;
  let fwhm = half.fwhm;
  if (!(fwhm > 0) || !Number.isFinite(fwhm) || fwhm > span) fwhm = span / 4 || 1;
  fwhm = Math.max(fwhm, 2 * minStep(xs));
  const height = dip ? -r[top]! : r[top]!;
  return [height === 0 ? 1 : height, position, fwhm];
}

/**
 * An edge: level at each end, the position where the normalised step t = (y - low) / (high - low) has as
 * much area after it as a perfect step would (c = x_last - ∫t dx), and σ = √π ∫t(1 - t) dx (exact for a
 * gaussian edge). Integrals average the noise out, where a half-level crossing would pick a noise spike.
 */
function edgeGuess(xs: Float64Array, ys: Float64Array, background: FitBackground): number[] {
  const n = xs.length;
  const k = Math.max(1, Math.round(n * 0.1));
  const low = meanOf(xs, ys, 0, k).y;
  const high = meanOf(xs, ys, n - k, n).y;
  const height = high - low || 1;
  let area = 0;
  let spread = 0;
  for (let i = 1; i < n; i++) {
    const dx = xs[i]! - xs[i - 1]!;
    const t0 = Math.min(1, Math.max(0, (ys[i - 1]! - low) / height));
    const t1 = Math.min(1, Math.max(0, (ys[i]! - low) / height));
    area += 0.5 * (t0 + t1) * dx;
    spread += 0.5 * (t0 * (1 - t0) + t1 * (1 - t1)) * dx;
  }
  const position = xs[n - 1]! - area;
  const span = xs[n - 1]! - xs[0]!;
  let fwhm = (Math.sqrt(Math.PI) * spread) / SIGMA_PER_FWHM;
  if (!(fwhm > 0) || fwhm > span) fwhm = span / 4 || 1;
  fwhm = Math.max(fwhm, 2 * minStep(xs));
  const guess = [height, position, fwhm];
  if (background === 'none') return guess;
  // The step's lower level is the background; a slope is left for the solver.
  return background === 'constant' ? [...guess, low] : [...guess, low, 0];
}

/** Starting parameters for `model` + `background` on points sorted by ascending x (finite, at least 2). */
export function initialGuess(model: FitModel, background: FitBackground, xs: Float64Array, ys: Float64Array): number[] {
  const f = modelFunction(model, background);
  if (model === 'linear') {
    const line = lineFit(xs, ys);
    return [line.constant, line.slope];
  }
  if (model === 'erf') return edgeGuess(xs, ys, f.background);
  const bg = edgeBackground(xs, ys, f.background);
  const peak: number[] = peakGuess(xs, ys, bg);
  if (model === 'pseudo-voigt') peak.push(0.5);
  if (f.background === 'constant') peak.push(bg.constant);
  if (f.background === 'linear') peak.push(bg.constant, bg.slope);
  return peak;
}
