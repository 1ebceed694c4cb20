/**
 * The only file that knows `ml-levenberg-marquardt`: everything else calls `leastSquares`, so the solver can
 * be swapped without touching the fit code.
 *
 * The library adds its damping to the diagonal of JᵀJ as an absolute number and stops on an absolute χ²,
 * so the problem is first rescaled (x to about [-1, 1], y to about [0, 1], parameters accordingly) and the
 * library is run in rounds until χ² stops decreasing, since its own "converged" test only fires on a
 * perfect fit.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { ModelFunction, ParameterRole } from './models';

export interface LeastSquaresResult {
  parameters: number[];
  chi2: number;
  iterations: number;
}

interface Scale {
  x0: number;
  sx: number;
  y0: number;
  sy: number;
}

/** Parameters to the rescaled problem (x' = (x - x0) / sx, y' = (y - y0) / sy). */
function toScaled(p: readonly number[], roles: readonly ParameterRole[], s: Scale): number[] {
  const slopeAt = roles.indexOf('slope');
  const slope = slopeAt >= 0 ? p[slopeAt]! : 0;
  return p.map((v, k) => {
    switch (roles[k]) {
      case 'height':
        return v / s.sy;
      case 'position':
        return (v - s.x0) / s.sx;
      case 'width':
        return v / s.sx;
      case 'constant':
        return (v + slope * s.x0 - s.y0) / s.sy;
      case 'slope':
        return (v * s.sx) / s.sy;
      default:
        return v;
    }
  });
}

function fromScaled(q: readonly number[], roles: readonly ParameterRole[], s: Scale): number[] {
  const slopeAt = roles.indexOf('slope');
  const slope = slopeAt >= 0 ? (q[slopeAt]! * s.sy) / s.sx : 0;
  return q.map((v, k) => {
    switch (roles[k]) {
      case 'height':
        return v * s.sy;
      case 'position':
        return v * s.sx + s.x0;
      case 'width':
        return v * s.sx;
      case 'constant':
        return v * s.sy + s.y0 - slope * s.x0;
      case 'slope':
        return slope;
      default:
        return v;
    }
  });
}

// Short rounds: the library always runs all its iterations, so a round past the minimum is wasted work.
const ROUND_ITERATIONS = 4;
const MAX_ROUNDS = 100;
const SCREEN_ROUNDS = 2;
const SCREEN_POINTS = 1000;

/**
 * Minimises Σ (y - f(p, x))² from the best of `initials`. Widths are kept positive and ratios (pseudo-Voigt
 * eta) in [0, 1]; positions may not leave the data by more than 10 window widths (a runaway peak is no peak).
 */
export function leastSquares(f: ModelFunction, x: Float64Array, y: Float64Array, initials: readonly (readonly number[])[]): LeastSquaresResult {
  const n = x.length;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    xMin = Math.min(xMin, x[i]!);
    xMax = Math.max(xMax, x[i]!);
    yMin = Math.min(yMin, y[i]!);
    yMax = Math.max(yMax, y[i]!);
  }
  const hasConstant = f.roles.includes('constant');
  const y0 = hasConstant ? yMin : 0;
  const s: Scale = {
    x0: (xMin + xMax) / 2,
    sx: (xMax - xMin) / 2 || 1,
    y0,
    sy: Math.max(Math.abs(yMax - y0), Math.abs(yMin - y0)) || 1,
  };
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = (x[i]! - s.x0) / s.sx;
    ys[i] = (y[i]! - s.y0) / s.sy;
  }
  // The model in scaled units: evaluate in original units, then map (cheap, and keeps models.ts simple).
  const grad: number[] = new Array(f.names.length).fill(0);
  const out: number[] = new Array(f.names.length).fill(0);
  const roles = f.roles;
  const constantAt = roles.indexOf('constant');
  const scaledValue = (q: number[]) => {
    const p = fromScaled(q, roles, s);
    return (xv: number) => (f.value(p, xv * s.sx + s.x0) - s.y0) / s.sy;
  };
  const scaledGradient = (q: number[]) => {
    const p = fromScaled(q, roles, s);
    return (xv: number) => {
      const xo = xv * s.sx + s.x0;
      f.gradient(p, xo, grad);
      // Chain rule through fromScaled: ∂p/∂q per role (the constant also moves with the slope).
      // One array for all points: the library copies each point's partials into its matrix at once.
      for (let k = 0; k < grad.length; k++) {
        switch (roles[k]) {
          case 'height':
          case 'constant':
            out[k] = grad[k]!;
            break;
          case 'position':
          case 'width':
            out[k] = (grad[k]! * s.sx) / s.sy;
            break;
          case 'slope':
            out[k] = (grad[k]! - grad[constantAt]! * s.x0) / s.sx;
            break;
          default:
            out[k] = grad[k]! / s.sy;
        }
      }
      return out;
    };
  };
  const min = roles.map((r) => (r === 'width' ? 1e-9 : r === 'ratio' ? 0 : r === 'position' ? -21 : -Number.MAX_VALUE));
  const max = roles.map((r) => (r === 'ratio' ? 1 : r === 'position' ? 21 : Number.MAX_VALUE));

  const clamp = (p: readonly number[]) => toScaled(p as number[], roles, s).map((v, k) => Math.min(max[k]!, Math.max(min[k]!, v)));
  const run = (start: number[], rounds: number, px: Float64Array, py: Float64Array) => {
    let q = start;
    let chi2 = sumOfSquares(scaledValue(q), px, py);
    let iterations = 0;
    for (let round = 0; round < rounds; round++) {
      const r = levenbergMarquardt({ x: px, y: py }, scaledValue, {
        initialValues: q,
        jacobianFunction: scaledGradient,
        minValues: min,
        maxValues: max,
        maxIterations: ROUND_ITERATIONS,
        errorTolerance: 0,
        damping: 1e-3,
      });
      iterations += r.iterations;
      const next = r.parameterValues;
      const nextChi2 = sumOfSquares(scaledValue(next), px, py);
      if (!(nextChi2 < chi2)) break;
      const gain = chi2 - nextChi2;
      q = next;
      chi2 = nextChi2;
      // Converged when a round of iterations no longer changes χ² beyond rounding.
      if (gain <= 1e-13 * chi2 + 1e-28 * n) break;
    }
    return { q, chi2, iterations };
  };
  // Several starting points are screened with a few rounds each (on at most SCREEN_POINTS evenly picked
  // points), then the best is run to convergence on all the points.
  if (initials.length === 0) throw new Error('no starting point to fit from');
  let iterations = 0;
  let start = clamp(initials[0]!);
  if (initials.length > 1) {
    const stride = Math.max(1, Math.floor(n / SCREEN_POINTS));
    const sx = stride > 1 ? xs.filter((_, i) => i % stride === 0) : xs;
    const sy = stride > 1 ? ys.filter((_, i) => i % stride === 0) : ys;
    let bestChi2 = Infinity;
    for (const initial of initials) {
      const screened = run(clamp(initial), SCREEN_ROUNDS, sx, sy);
      iterations += screened.iterations;
      if (screened.chi2 < bestChi2) {
        bestChi2 = screened.chi2;
        start = screened.q;
      }
    }
  }
  const final = run(start, MAX_ROUNDS, xs, ys);
  iterations += final.iterations;
  const { q, chi2 } = final;
  return { parameters: fromScaled(q, roles, s), chi2: chi2 * s.sy * s.sy, iterations };
}

function sumOfSquares(f: (x: number) => number, x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = y[i]! - f(x[i]!);
    sum += d * d;
  }
  return sum;
}
