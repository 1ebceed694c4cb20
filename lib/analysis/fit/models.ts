/**
 * The fit functions Flint's fit tool offers (silx `silx.math.fit.functions`), with silx's parameter names,
 * plus the backgrounds, each with its analytic gradient (exact derivatives make the solver converge in fewer
 * iterations and give the covariance without finite-difference noise).
 *
 *   gaussian      height * exp(-(x - position)² / (2 σ²)),   σ = fwhm / (2 √(2 ln 2))
 *   lorentzian    height / (1 + ((x - position) / (fwhm / 2))²)
 *   pseudo-voigt  eta * lorentzian + (1 - eta) * gaussian, same height, position, fwhm
 *   erf           height / 2 * (1 + erf((x - position) / (√2 σ))): an edge whose derivative is a gaussian of
 *                 that fwhm (a knife-edge scan gives the beam size); a negative height is a falling edge
 *   linear        constant + slope * x (the linear background alone)
 * Backgrounds: none, constant (`constant`), linear (`constant + slope * x`).
 */
import erf from '@stdlib/math-base-special-erf';

export type FitModel = 'gaussian' | 'lorentzian' | 'pseudo-voigt' | 'erf' | 'linear';
export type FitBackground = 'none' | 'constant' | 'linear';

export const FIT_MODELS: readonly FitModel[] = ['gaussian', 'lorentzian', 'pseudo-voigt', 'erf', 'linear'];
export const FIT_BACKGROUNDS: readonly FitBackground[] = ['none', 'constant', 'linear'];

/** σ of the gaussian whose FWHM is 1. */
export const SIGMA_PER_FWHM = 1 / (2 * Math.sqrt(2 * Math.LN2));
const SQRT2 = Math.SQRT2;
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

/** How a parameter changes when x and y are rescaled (see solve.ts). */
export type ParameterRole = 'height' | 'position' | 'width' | 'ratio' | 'constant' | 'slope';

interface Shape {
  names: readonly string[];
  roles: readonly ParameterRole[];
  value(p: ArrayLike<number>, x: number): number;
  /** Writes ∂value/∂p[k] into out[k]. */
  gradient(p: ArrayLike<number>, x: number, out: number[]): void;
}

function gaussValue(h: number, c: number, w: number, x: number): number {
  const u = (x - c) / (w * SIGMA_PER_FWHM);
  return h * Math.exp(-0.5 * u * u);
}

function lorentzValue(h: number, c: number, w: number, x: number): number {
  const q = (2 * (x - c)) / w;
  return h / (1 + q * q);
}

/** ∂gauss/∂(h, c, w) into out[o..o+2], returns the value. */
function gaussGradient(h: number, c: number, w: number, x: number, out: number[], o: number, scale: number): number {
  const s = w * SIGMA_PER_FWHM;
  const u = (x - c) / s;
  const e = Math.exp(-0.5 * u * u);
  out[o] = scale * e;
  out[o + 1] = scale * ((h * e * u) / s);
  out[o + 2] = scale * ((h * e * u * u) / w);
  return h * e;
}

function lorentzGradient(h: number, c: number, w: number, x: number, out: number[], o: number, scale: number): number {
  const q = (2 * (x - c)) / w;
  const d = 1 / (1 + q * q);
  out[o] = scale * d;
  out[o + 1] = scale * ((h * 4 * q * d * d) / w);
  out[o + 2] = scale * ((h * 2 * q * q * d * d) / w);
  return h * d;
}

const PEAK_NAMES = ['height', 'position', 'fwhm'] as const;
const PEAK_ROLES: readonly ParameterRole[] = ['height', 'position', 'width'];

const SHAPES: Record<Exclude<FitModel, 'linear'>, Shape> = {
  gaussian: {
    names: PEAK_NAMES,
    roles: PEAK_ROLES,
    value: (p, x) => gaussValue(p[0]!, p[1]!, p[2]!, x),
    gradient: (p, x, out) => void gaussGradient(p[0]!, p[1]!, p[2]!, x, out, 0, 1),
  },
  lorentzian: {
    names: PEAK_NAMES,
    roles: PEAK_ROLES,
    value: (p, x) => lorentzValue(p[0]!, p[1]!, p[2]!, x),
    gradient: (p, x, out) => void lorentzGradient(p[0]!, p[1]!, p[2]!, x, out, 0, 1),
  },
  'pseudo-voigt': {
    names: [...PEAK_NAMES, 'eta'],
    roles: [...PEAK_ROLES, 'ratio'],
    value: (p, x) => {
      const eta = p[3]!;
      return eta * lorentzValue(p[0]!, p[1]!, p[2]!, x) + (1 - eta) * gaussValue(p[0]!, p[1]!, p[2]!, x);
    },
    gradient: (p, x, out) => {
      const eta = p[3]!;
      const l = lorentzGradient(p[0]!, p[1]!, p[2]!, x, out, 0, eta);
      const g0 = out[0]!;
      const g1 = out[1]!;
      const g2 = out[2]!;
      const g = gaussGradient(p[0]!, p[1]!, p[2]!, x, out, 0, 1 - eta);
      out[0] = out[0]! + g0;
      out[1] = out[1]! + g1;
      out[2] = out[2]! + g2;
      out[3] = l - g;
    },
  },
  erf: {
    names: PEAK_NAMES,
    roles: PEAK_ROLES,
    value: (p, x) => {
      const z = (x - p[1]!) / (SQRT2 * p[2]! * SIGMA_PER_FWHM);
      return 0.5 * p[0]! * (1 + erf(z));
    },
    gradient: (p, x, out) => {
      const h = p[0]!;
      const w = p[2]!;
      const z = (x - p[1]!) / (SQRT2 * w * SIGMA_PER_FWHM);
      const dz = h * INV_SQRT_PI * Math.exp(-z * z); // ∂value/∂z
      out[0] = 0.5 * (1 + erf(z));
      out[1] = -dz / (SQRT2 * w * SIGMA_PER_FWHM);
      out[2] = (-dz * z) / w;
    },
  },
};

/** A model with its background: parameter layout, value and gradient over the whole parameter vector. */
export interface ModelFunction {
  model: FitModel;
  background: FitBackground;
  names: readonly string[];
  roles: readonly ParameterRole[];
  value(p: ArrayLike<number>, x: number): number;
  gradient(p: ArrayLike<number>, x: number, out: number[]): void;
}

/** The `linear` model is its own (linear) background: `background` is ignored for it. */
export function modelFunction(model: FitModel, background: FitBackground): ModelFunction {
  if (!FIT_MODELS.includes(model)) throw new Error(`unknown fit model "${String(model)}" (one of ${FIT_MODELS.join(', ')})`);
  if (!FIT_BACKGROUNDS.includes(background)) {
    throw new Error(`unknown fit background "${String(background)}" (one of ${FIT_BACKGROUNDS.join(', ')})`);
  }
  const shape = model === 'linear' ? undefined : SHAPES[model];
  const bg: FitBackground = model === 'linear' ? 'linear' : background;
  const k = shape ? shape.names.length : 0;
  const bgNames = bg === 'none' ? [] : bg === 'constant' ? ['constant'] : ['constant', 'slope'];
  const bgRoles: ParameterRole[] = bg === 'none' ? [] : bg === 'constant' ? ['constant'] : ['constant', 'slope'];
  const hasConstant = bg !== 'none';
  const hasSlope = bg === 'linear';
  return {
    model,
    background: bg,
    names: [...(shape?.names ?? []), ...bgNames],
    roles: [...(shape?.roles ?? []), ...bgRoles],
    value(p, x) {
      let v = shape ? shape.value(p, x) : 0;
      if (hasConstant) v += p[k]!;
      if (hasSlope) v += p[k + 1]! * x;
      return v;
    },
    gradient(p, x, out) {
      if (shape) shape.gradient(p, x, out);
      if (hasConstant) out[k] = 1;
      if (hasSlope) out[k + 1] = x;
    },
  };
}

/** The model's values at every x (for drawing, residuals, or checking a result). */
export function evaluateModel(
  model: FitModel,
  background: FitBackground,
  parameters: ArrayLike<number>,
  x: ArrayLike<number>,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const f = modelFunction(model, background);
  if (parameters.length !== f.names.length) {
    throw new Error(`${model} with ${f.background} background takes ${f.names.length} parameters (${f.names.join(', ')}), got ${parameters.length}`);
  }
  for (let i = 0; i < x.length; i++) out[i] = f.value(parameters, x[i]!);
  return out;
}
