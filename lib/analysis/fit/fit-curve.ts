/**
 * Fit of one curve: points in the chosen x range, automatic starting values, least squares, then the
 * parameters with their standard errors from the covariance at the solution, (JᵀJ)⁻¹ · χ²/(n - p), the
 * same as scipy's `curve_fit` (absolute_sigma=False) and silx's fit manager report.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { initialGuesses } from './guess';
import { leastSquares } from './least-squares';
import { evaluateModel, modelFunction, type FitBackground, type FitModel, type ModelFunction } from './models';

export interface FitRequest {
  model: FitModel;
  background: FitBackground;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Inclusive x range to fit (either bound may be omitted); default: every point. */
  range?: { min?: number; max?: number };
  /** Starting values by parameter name, overriding the automatic guess. */
  initial?: Readonly<Record<string, number>>;
  /** Samples of the fitted curve for drawing; default: enough to draw the peak smoothly (201..2001). */
  samples?: number;
}

export interface FitParameter {
  name: string;
  value: number;
  /** Standard error (1σ); NaN when the data do not determine the parameter. */
  error: number;
}

export interface FitResult {
  model: FitModel;
  /** The background actually used (`linear` for the linear model). */
  background: FitBackground;
  parameters: FitParameter[];
  /** Covariance of the parameters (same order), NaN when undetermined. */
  covariance: number[][];
  /** Integrated peak intensity ∫(peak) dx with its 1σ error, for gaussian, lorentzian and pseudo-Voigt. */
  area?: { value: number; error: number };
  /** Σ (y - fit)². */
  chi2: number;
  /** χ² / (points - parameters). */
  reducedChi2: number;
  /** Points fitted (finite pairs in range) and degrees of freedom. */
  points: number;
  dof: number;
  iterations: number;
  /** x extent of the fitted points. */
  range: { min: number; max: number };
  /** The fitted function sampled uniformly over `range`, for drawing. */
  curve: { x: Float64Array; y: Float64Array };
  /** Doubts about the result a user should see (e.g. parameters the data cannot determine). */
  warnings: string[];
}

/** A fit that cannot be done with these data or options; the message says why. */
export class FitError extends Error {
  override name = 'FitError';
}

/** Finite pairs with x in range, sorted by ascending x. */
function selectPoints(x: ArrayLike<number>, y: ArrayLike<number>, range: FitRequest['range']): { xs: Float64Array; ys: Float64Array } {
  const lo = range?.min ?? -Infinity;
  const hi = range?.max ?? Infinity;
  if (Number.isNaN(lo) || Number.isNaN(hi)) throw new FitError('fit range bounds must be numbers');
  if (lo > hi) throw new FitError(`fit range is empty: min ${lo} > max ${hi}`);
  const n = Math.min(x.length, y.length);
  const index: number[] = [];
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(yi) || xi < lo || xi > hi) continue;
    if (index.length > 0 && xi < x[index[index.length - 1]!]!) sorted = false;
    index.push(i);
  }
  if (!sorted) index.sort((a, b) => x[a]! - x[b]! || a - b);
  const xs = new Float64Array(index.length);
  const ys = new Float64Array(index.length);
  index.forEach((i, k) => {
    xs[k] = x[i]!;
    ys[k] = y[i]!;
  });
  return { xs, ys };
}

/** Covariance (JᵀJ)⁻¹·χ²_red at p, columns equilibrated so that parameters of very different scales invert cleanly. */
function covarianceAt(f: ModelFunction, p: readonly number[], xs: Float64Array, reducedChi2: number): number[][] | undefined {
  const m = p.length;
  const a = Matrix.zeros(m, m);
  const g = new Array<number>(m).fill(0);
  for (let i = 0; i < xs.length; i++) {
    f.gradient(p, xs[i]!, g);
    for (let r = 0; r < m; r++) for (let c = r; c < m; c++) a.set(r, c, a.get(r, c) + g[r]! * g[c]!);
  }
  const d = new Array<number>(m);
  for (let r = 0; r < m; r++) {
    d[r] = Math.sqrt(a.get(r, r));
    if (!(d[r]! > 0) || !Number.isFinite(d[r]!)) return undefined;
  }
  for (let r = 0; r < m; r++) {
    for (let c = r; c < m; c++) {
      const v = a.get(r, c) / (d[r]! * d[c]!);
      a.set(r, c, v);
      a.set(c, r, v);
    }
  }
  const chol = new CholeskyDecomposition(a);
  if (!chol.isPositiveDefinite()) return undefined;
  const inv = chol.solve(Matrix.eye(m));
  const cov = Array.from({ length: m }, (_, r) => Array.from({ length: m }, (_, c) => (inv.get(r, c) / (d[r]! * d[c]!)) * reducedChi2));
  // A near-singular JᵀJ (parameters trading off exactly) gives meaningless huge errors: say so instead.
  return cov.every((row) => row.every(Number.isFinite)) ? cov : undefined;
}

function sampleCount(f: ModelFunction, p: readonly number[], span: number): number {
  const w = f.names.indexOf('fwhm');
  if (w < 0 || !(span > 0)) return 201;
  return Math.min(2001, Math.max(201, Math.ceil((40 * span) / Math.abs(p[w]!)) + 1));
}

/** Fits `model` + `background` to the points of (x, y) in `range`. Throws FitError with the reason when it cannot. */
export function fitCurve(request: FitRequest): FitResult {
  let f: ModelFunction;
  try {
    f = modelFunction(request.model, request.background);
  } catch (cause) {
    throw new FitError((cause as Error).message, { cause });
  }
  const { xs, ys } = selectPoints(request.x, request.y, request.range);
  const n = xs.length;
  const m = f.names.length;
  if (n <= m) {
    throw new FitError(`${f.model} fit with ${f.background} background has ${m} parameters and needs at least ${m + 1} points, got ${n} in range`);
  }
  if (xs[0] === xs[n - 1]) throw new FitError(`all ${n} points in range are at x = ${xs[0]}: nothing to fit`);
  const guesses = initialGuesses(f.model, f.background, xs, ys);
  const given = Object.entries(request.initial ?? {});
  for (const [name, value] of given) {
    const k = f.names.indexOf(name);
    if (k < 0) throw new FitError(`${f.model} fit has no parameter "${name}" (has ${f.names.join(', ')})`);
    if (!Number.isFinite(value)) throw new FitError(`starting value of ${name} must be a finite number, got ${value}`);
    guesses[0]![k] = value;
  }
  // Values the user gave are the starting point: no alternatives are tried then.
  const solved = leastSquares(f, xs, ys, given.length ? guesses.slice(0, 1) : guesses);
  const p = solved.parameters;
  const warnings: string[] = [];
  if (!p.every(Number.isFinite)) throw new FitError(`${f.model} fit diverged (parameters ${p.join(', ')})`);
  const dof = n - m;
  const reducedChi2 = solved.chi2 / dof;
  let covariance = covarianceAt(f, p, xs, reducedChi2);
  if (!covariance) {
    warnings.push('the data do not determine every parameter (singular covariance): errors unknown');
    covariance = Array.from({ length: m }, () => new Array<number>(m).fill(NaN));
  }
  const errors = covariance.map((row, k) => Math.sqrt(row[k]!));
  const w = f.names.indexOf('fwhm');
  if (w >= 0 && f.model !== 'erf' && p[w]! < 0) {
    // The peak shapes are even in the width: report it positive (its covariances change sign with it).
    p[w] = -p[w]!;
    for (let k = 0; k < m; k++) {
      if (k === w) continue;
      covariance[w]![k] = -covariance[w]![k]!;
      covariance[k]![w] = -covariance[k]![w]!;
    }
  }
  const pos = f.names.indexOf('position');
  if (pos >= 0 && (p[pos]! < xs[0]! || p[pos]! > xs[n - 1]!)) {
    warnings.push(`fitted position ${p[pos]} is outside the fitted x range [${xs[0]}, ${xs[n - 1]}]`);
  }
  const h = f.names.indexOf('height');
  if (h >= 0 && Math.abs(p[h]!) < 2 * errors[h]!) {
    warnings.push(`no significant ${f.model === 'erf' ? 'edge' : 'peak'}: height ${p[h]} is within 2σ (${errors[h]}) of zero`);
  }
  const range = { min: xs[0]!, max: xs[n - 1]! };
  const count = Math.max(2, Math.floor(request.samples ?? sampleCount(f, p, range.max - range.min)));
  const cx = new Float64Array(count);
  for (let i = 0; i < count; i++) cx[i] = range.min + ((range.max - range.min) * i) / (count - 1);
  return {
    model: f.model,
    background: f.background,
    parameters: f.names.map((name, k) => ({ name, value: p[k]!, error: errors[k]! })),
    covariance,
    area: peakArea(f.model, p, covariance),
    chi2: solved.chi2,
    reducedChi2,
    points: n,
    dof,
    iterations: solved.iterations,
    range,
    curve: { x: cx, y: evaluateModel(f.model, f.background, p, cx) },
    warnings,
  };
}

/** ∫ height · shape dx per unit height·fwhm: gaussian √(π / (4 ln 2)), lorentzian π / 2. */
const GAUSS_AREA = Math.sqrt(Math.PI / (4 * Math.LN2));
const LORENTZ_AREA = Math.PI / 2;

/** Peak area and its error propagated through the covariance (gᵀ C g, g = ∂area/∂p). */
function peakArea(model: FitModel, p: readonly number[], cov: number[][]): FitResult['area'] {
  if (model !== 'gaussian' && model !== 'lorentzian' && model !== 'pseudo-voigt') return undefined;
  const [h, , w] = p as [number, number, number];
  const eta = model === 'pseudo-voigt' ? p[3]! : model === 'lorentzian' ? 1 : 0;
  const k = eta * LORENTZ_AREA + (1 - eta) * GAUSS_AREA;
  // ∂/∂(height, position, fwhm, eta); background parameters do not enter.
  const g = [k * w, 0, k * h, model === 'pseudo-voigt' ? (LORENTZ_AREA - GAUSS_AREA) * h * w : 0];
  let variance = 0;
  for (let r = 0; r < g.length; r++) for (let c = 0; c < g.length; c++) if (g[r] && g[c]) variance += g[r]! * g[c]! * cov[r]![c]!;
  return { value: k * h * w, error: Math.sqrt(variance) };
}

/** A parameter's value by name (NaN when the fit has none of that name). */
export function fitParameter(result: FitResult, name: string): number {
  return result.parameters.find((q) => q.name === name)?.value ?? NaN;
}
