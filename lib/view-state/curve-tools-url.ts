/**
 * The curve tools' part of the share link (see url.ts for the rest):
 *
 *   fit    model,background[,min,max]   (gaussian,constant,0.8,1.6); fitc  the fitted curve's channel
 *   m.<channel>   that curve's math as a nested query: e=<expression>, n=<monitor> (empty = none), neg=1, d=1
 *   vm, hm        vertical / horizontal markers, comma-separated numbers
 *   ov            overlay the previous N scans of the same kind; ovk  scans picked, comma-separated keys;
 *   ref           key of the reference scan curves are drawn minus
 */
import type { CurveMathView, FitBackgroundName, FitModelName, OverlayView, PlotViewState } from './plot-view-state';

export const CURVE_TOOL_PARAMS = ['fit', 'fitc', 'vm', 'hm', 'ov', 'ovk', 'ref'] as const;
export const CURVE_MATH_PREFIX = 'm.';

const MODELS: readonly FitModelName[] = ['gaussian', 'lorentzian', 'pseudo-voigt', 'erf', 'linear'];
const BACKGROUNDS: readonly FitBackgroundName[] = ['none', 'constant', 'linear'];
/** More previous scans than this is not a comparison any more, and would load too much. */
export const MAX_OVERLAYS = 20;

export function isCurveToolParam(name: string): boolean {
  return (CURVE_TOOL_PARAMS as readonly string[]).includes(name) || (name.startsWith(CURVE_MATH_PREFIX) && name.length > CURVE_MATH_PREFIX.length);
}

function numbers(text: string): number[] | undefined {
  if (text === '') return [];
  const out = text.split(',').map((t) => (t.trim() === '' ? NaN : Number(t)));
  return out.every(Number.isFinite) ? out : undefined;
}

type Reject = (name: string, value: string, why: string) => void;

/** Reads the curve tools' parameters into `view`; what cannot be read is rejected with a reason. */
export function readCurveTools(params: URLSearchParams, view: PlotViewState, reject: Reject, splitList: (text: string) => string[]): void {
  const fit = params.get('fit');
  if (fit !== null) {
    const [model, background, lo, hi, ...rest] = fit.split(',');
    const range = lo !== undefined || hi !== undefined ? numbers(`${lo ?? ''},${hi ?? ''}`) : [];
    if (!MODELS.includes(model as FitModelName)) reject('fit', fit, `expected a model among ${MODELS.join(', ')}`);
    else if (!BACKGROUNDS.includes(background as FitBackgroundName)) reject('fit', fit, `expected a background among ${BACKGROUNDS.join(', ')} after the model`);
    else if (rest.length || !range || (range.length === 2 && range[0] === range[1])) reject('fit', fit, 'expected model,background or model,background,min,max with distinct finite bounds');
    else {
      view.fit = { model: model as FitModelName, background: background as FitBackgroundName };
      if (range.length === 2) view.fit.range = [Math.min(range[0]!, range[1]!), Math.max(range[0]!, range[1]!)];
      const curve = params.get('fitc');
      if (curve) view.fit.curve = curve;
    }
  }
  for (const name of ['vm', 'hm'] as const) {
    const text = params.get(name);
    if (text === null) continue;
    const values = numbers(text);
    if (!values) reject(name, text, 'expected comma-separated finite numbers');
    else view[name === 'vm' ? 'vmarks' : 'hmarks'] = values;
  }
  const overlay: OverlayView = {};
  const ov = params.get('ov');
  if (ov !== null) {
    if (/^\d+$/.test(ov) && Number(ov) <= MAX_OVERLAYS) overlay.previous = Number(ov);
    else reject('ov', ov, `expected a number of previous scans from 0 to ${MAX_OVERLAYS}`);
  }
  const ovk = params.get('ovk');
  if (ovk !== null) overlay.keys = splitList(ovk).slice(0, MAX_OVERLAYS);
  const ref = params.get('ref');
  if (ref) overlay.reference = ref;
  if (Object.keys(overlay).length) view.overlay = overlay;

  const math: Record<string, CurveMathView> = {};
  for (const [name, value] of params) {
    if (!name.startsWith(CURVE_MATH_PREFIX) || name.length === CURVE_MATH_PREFIX.length) continue;
    const nested = new URLSearchParams(value);
    const m: CurveMathView = {};
    const e = nested.get('e');
    if (e) m.expr = e;
    const n = nested.get('n');
    if (n !== null) m.monitor = n === '' ? null : n;
    for (const [key, field] of [
      ['neg', 'negate'],
      ['d', 'derivative'],
    ] as const) {
      const b = nested.get(key);
      if (b === '1' || b === '0') m[field] = b === '1';
      else if (b !== null) reject(name, value, `${key} must be 1 or 0`);
    }
    math[name.slice(CURVE_MATH_PREFIX.length)] = m;
  }
  if (Object.keys(math).length) view.math = math;
}

export function writeCurveTools(out: URLSearchParams, v: PlotViewState, joinList: (names: readonly string[]) => string): void {
  if (v.fit) {
    out.set('fit', [v.fit.model, v.fit.background, ...(v.fit.range ?? [])].join(','));
    if (v.fit.curve) out.set('fitc', v.fit.curve);
  }
  if (v.vmarks?.length) out.set('vm', v.vmarks.join(','));
  if (v.hmarks?.length) out.set('hm', v.hmarks.join(','));
  if (v.overlay?.previous !== undefined) out.set('ov', String(v.overlay.previous));
  if (v.overlay?.keys?.length) out.set('ovk', joinList(v.overlay.keys));
  if (v.overlay?.reference) out.set('ref', v.overlay.reference);
  for (const [channel, m] of Object.entries(v.math ?? {})) {
    const nested = new URLSearchParams();
    if (m.expr) nested.set('e', m.expr);
    if (m.monitor !== undefined) nested.set('n', m.monitor ?? '');
    if (m.negate !== undefined) nested.set('neg', m.negate ? '1' : '0');
    if (m.derivative !== undefined) nested.set('d', m.derivative ? '1' : '0');
    const text = nested.toString();
    if (text) out.set(`${CURVE_MATH_PREFIX}${channel}`, text);
  }
}
