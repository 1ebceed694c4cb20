/**
 * Starting values for a fit, estimated from the data as silx's fit estimators do (background from the edges
 * of the window, then the peak's height, position and FWHM from what remains), so that a user never has to
 * type a starting point. The solver then reaches the least-squares minimum from there.
 */
import { cen } from '../../plot-math/curve-stats';
import { Matrix, solve } from 'ml-matrix';
import { modelFunction, SIGMA_PER_FWHM, type FitBackground, type FitModel, type ModelFunction } from './models';

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

const GRID_POSITIONS = 24;
const GRID_WIDTHS = 10;
const GRID_POINTS = 400;

/**
 * Coarse global search: for each (position, fwhm) of a grid over the window, the model is linear in the
 * height and background, so their best values and the χ² come from a small linear least-squares solve.
 * Returns the best grid point of each polarity (height > 0 and < 0). On at most 400 evenly picked points.
 */
function gridGuesses(f: ModelFunction, xs: Float64Array, ys: Float64Array): number[][] {
  const n = xs.length;
  const stride = Math.max(1, Math.floor(n / GRID_POINTS));
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < n; i += stride) {
    px.push(xs[i]!);
    py.push(ys[i]!);
  }
  const span = xs[n - 1]! - xs[0]!;
  const wMin = Math.max(2 * minStep(xs), span / 100);
  const k = f.names.length;
  const eta = f.model === 'pseudo-voigt' ? [0.5] : [];
  const bgTerms = f.background === 'none' ? 0 : f.background === 'constant' ? 1 : 2;
  const best: Record<'up' | 'down', { chi2: number; p?: number[] }> = { up: { chi2: Infinity }, down: { chi2: Infinity } };
  const basis = new Float64Array(px.length);
  for (let a = 0; a < GRID_POSITIONS; a++) {
    const c = xs[0]! + (span * (a + 0.5)) / GRID_POSITIONS;
    for (let b = 0; b < GRID_WIDTHS; b++) {
      const w = wMin * (span / wMin) ** (b / (GRID_WIDTHS - 1));
      const unit = [1, c, w, ...eta, ...new Array<number>(bgTerms).fill(0)];
      for (let i = 0; i < px.length; i++) basis[i] = f.value(unit, px[i]!);
      // Normal equations of y ≈ h·basis + constant + slope·x.
      const m = 1 + bgTerms;
      const ata = Matrix.zeros(m, m);
      const atb = Matrix.zeros(m, 1);
      const row = new Array<number>(m);
      for (let i = 0; i < px.length; i++) {
        row[0] = basis[i]!;
        if (bgTerms > 0) row[1] = 1;
        if (bgTerms > 1) row[2] = px[i]!;
        for (let r = 0; r < m; r++) {
          atb.set(r, 0, atb.get(r, 0) + row[r]! * py[i]!);
          for (let q = 0; q < m; q++) ata.set(r, q, ata.get(r, q) + row[r]! * row[q]!);
        }
      }
      let coef: number[];
      try {
        coef = solve(ata, atb, true).to1DArray();
      } catch {
        continue;
      }
      if (!coef.every(Number.isFinite) || coef[0] === 0) continue;
      const p = [coef[0]!, c, w, ...eta, ...coef.slice(1)];
      if (p.length !== k) continue;
      let chi2 = 0;
      for (let i = 0; i < px.length; i++) {
        const d = py[i]! - f.value(p, px[i]!);
        chi2 += d * d;
      }
      const side = coef[0]! > 0 ? best.up : best.down;
      if (chi2 < side.chi2) {
        side.chi2 = chi2;
        side.p = p;
      }
    }
  }
  return [best.up, best.down].sort((u, v) => u.chi2 - v.chi2).flatMap((g) => (g.p ? [g.p] : []));
}

/**
 * Starting points for `model` + `background` on points sorted by ascending x (finite, at least 2), the most
 * likely first: the silx-like estimate, then the best points of a coarse grid search (see gridGuesses), which
 * find wide peaks cut by the window edge or dips in noise where the estimate is fooled.
 */
export function initialGuesses(model: FitModel, background: FitBackground, xs: Float64Array, ys: Float64Array): number[][] {
  const f = modelFunction(model, background);
  if (model === 'linear') {
    const line = lineFit(xs, ys);
    return [[line.constant, line.slope]];
  }
  if (model === 'erf') return [edgeGuess(xs, ys, f.background), ...gridGuesses(f, xs, ys)];
  const edges = edgeBackground(xs, ys, f.background);
  const peak: number[] = peakGuess(xs, ys, edges);
  if (model === 'pseudo-voigt') peak.push(0.5);
  if (f.background === 'constant') peak.push(edges.constant);
  if (f.background === 'linear') peak.push(edges.constant, edges.slope);
  return [peak, ...gridGuesses(f, xs, ys)];
}
