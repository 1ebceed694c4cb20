/**
 * PlotViewState <-> URL query parameters, so a copied link reopens the same plot with the same channels,
 * zoom and colormap. Pure: shared by the scan view, `/scans/latest` and the kiosk.
 *
 * Parameters (all optional; absent means "the plot's default"):
 *   plot    active plot id (PlotModel.id)
 *   x       x channel; empty = point index
 *   y, y2   comma-separated channels on the left / right axis; empty = none
 *   logx, logy, logy2, deriv, log, follow   1 or 0
 *   marks   statistics marked on a curve plot: 1 (peak, cen and com), 0, or some of them (peak,com)
 *   zoom2   y0,y1 of the right y axis (curves)
 *   norm    monitor channel to divide by; empty = none
 *   value   scatter value channel (colour); empty = none
 *   zoom    x0,x1 or x0,x1,y0,y1 (x part empty = only y zoomed: ,,y0,y1)
 *   cmap    colormap name       scale   minmax | percentile | sigma
 *   frame   frame/point index   reduce  point | sum | average
 *   rois, calib   MCA regions of interest and energy calibration (mca-params.ts)
 *   prof, iroi, crange   image tools (image-url.ts)
 *
 *   fit, fitc, m.<channel>, vm, hm, ov, ovk, ref   the curve tools (curve-tools-url.ts)
 *
 *   v.<plot id>   the view of another plot than the active one, as a nested query of the parameters
 *                 above (`v.mesh%3Aa=value%3Ddiode2%26cmap%3Dgray`), so a link restores every plot
 *
 * Ranges keep their order: an image's y axis runs top-down (140,60) and must reopen that way.
 * Channel names may hold commas (rare, but nothing forbids them): inside `y`/`y2` a `,` or `\` in a
 * name is escaped with `\`. Values that do not parse are ignored and reported, never guessed.
 */
import { MCA_PARAMS, readMcaParams, writeMcaParams } from './mca-params';
import { IMAGE_VIEW_PARAMS, readImageView, writeImageView } from './image-url';
import { isCurveToolParam, readCurveTools, writeCurveTools } from './curve-tools-url';
import { STAT_MARKS, statMarksShown, type Autoscale, type Colormap, type PlotViewState } from './plot-view-state';

export interface UrlViewState {
  plot: string | null;
  view: PlotViewState;
  /** Views of the other plots, by plot id. */
  others?: Record<string, PlotViewState>;
}

export interface ParsedViewState extends UrlViewState {
  /** Parameters that were present but could not be read, as `name=value: why`. */
  ignored: string[];
}

/** Every parameter this module owns, in the order they are written. */
export const VIEW_PARAMS = ['plot', 'x', 'y', 'y2', 'logx', 'logy', 'logy2', 'norm', 'deriv', 'zoom', 'zoom2', 'marks', 'value', 'cmap', 'scale', 'log', 'frame', 'follow', 'reduce', ...MCA_PARAMS, ...IMAGE_VIEW_PARAMS] as const;

/** Prefix of the parameters holding the other plots' views. */
export const OTHER_VIEW_PREFIX = 'v.';

function isViewParam(name: string): boolean {
  return (VIEW_PARAMS as readonly string[]).includes(name) || name.startsWith(OTHER_VIEW_PREFIX) || isCurveToolParam(name);
}

const COLORMAPS: readonly Colormap[] = ['gray', 'viridis', 'magma', 'inferno', 'plasma', 'cividis'];
const AUTOSCALES: readonly Autoscale[] = ['minmax', 'percentile', 'sigma'];
const REDUCTIONS: readonly NonNullable<PlotViewState['reduce']>[] = ['point', 'sum', 'average'];

type ParamSource = URLSearchParams | string | Record<string, string | string[] | undefined>;

function toParams(source: ParamSource): URLSearchParams {
  if (source instanceof URLSearchParams) return source;
  if (typeof source === 'string') return new URLSearchParams(source.startsWith('?') ? source.slice(1) : source);
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(source)) {
    // Next.js gives repeated parameters as arrays: the first one wins, as URLSearchParams.get does.
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(name, first);
  }
  return params;
}

/** Splits `a,b\,c` into ['a', 'b,c']; an empty string is an empty list. */
export function splitChannelList(text: string): string[] {
  if (text === '') return [];
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += text[++i]!;
    } else if (ch === ',') {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.filter((name) => name !== '');
}

export function joinChannelList(names: readonly string[]): string {
  return names.map((n) => n.replace(/[\\,]/g, (c) => `\\${c}`)).join(',');
}

function parseBool(value: string): boolean | undefined {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

/** A finite number, or undefined; `Number('')` is 0, which must not pass for a value. */
function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function parseRange(a: string | undefined, b: string | undefined): [number, number] | undefined {
  if (a === undefined || b === undefined) return undefined;
  const lo = parseNumber(a);
  const hi = parseNumber(b);
  if (lo === undefined || hi === undefined || lo === hi) return undefined;
  // Kept as given: a reversed range is a flipped axis (images run top-down).
  return [lo, hi];
}

function parseZoom(text: string): { x: [number, number] | null; y: [number, number] | null } | undefined {
  const parts = text.split(',');
  if (parts.length !== 2 && parts.length !== 4) return undefined;
  const xEmpty = parts[0] === '' && parts[1] === '';
  const x = xEmpty ? null : parseRange(parts[0], parts[1]);
  if (x === undefined) return undefined;
  if (parts.length === 2) return x === null ? undefined : { x, y: null };
  const y = parseRange(parts[2], parts[3]);
  if (y === undefined) return undefined;
  return { x, y };
}

export function viewStateFromParams(source: ParamSource): ParsedViewState {
  const params = toParams(source);
  const ignored: string[] = [];
  const view = readView(params, ignored, '');
  const plotParam = params.get('plot');
  const plot = plotParam === null || plotParam === '' ? null : plotParam;
  const others: Record<string, PlotViewState> = {};
  for (const [name, value] of params) {
    if (!name.startsWith(OTHER_VIEW_PREFIX) || name.length === OTHER_VIEW_PREFIX.length) continue;
    const id = name.slice(OTHER_VIEW_PREFIX.length);
    if (id === plot) continue; // the active plot's own parameters win
    others[id] = readView(new URLSearchParams(value), ignored, `${name}: `);
  }
  return Object.keys(others).length ? { plot, view, others, ignored } : { plot, view, ignored };
}

/** The view parameters of one plot; what cannot be read goes to `ignored`, prefixed with `where`. */
function readView(params: URLSearchParams, ignored: string[], where: string): PlotViewState {
  const view: PlotViewState = {};
  const reject = (name: string, value: string, why: string) => ignored.push(`${where}${name}=${value}: ${why}`);

  const x = params.get('x');
  if (x !== null) view.x = x === '' ? null : x;
  const y = params.get('y');
  if (y !== null) view.y = splitChannelList(y);
  const y2 = params.get('y2');
  if (y2 !== null) view.y2 = splitChannelList(y2);
  const norm = params.get('norm');
  if (norm !== null) view.normalize = norm === '' ? null : norm;
  const value = params.get('value');
  if (value !== null) view.value = value === '' ? null : value;

  const bools = [
    ['logx', 'logX'],
    ['logy', 'logY'],
    ['logy2', 'logY2'],
    ['deriv', 'derivative'],
    ['log', 'logScale'],
    ['follow', 'follow'],
  ] as const;
  for (const [name, key] of bools) {
    const value = params.get(name);
    if (value === null) continue;
    const b = parseBool(value);
    if (b === undefined) reject(name, value, 'expected 1 or 0');
    else view[key] = b;
  }

  const marks = params.get('marks');
  if (marks !== null) {
    const b = parseBool(marks);
    const list = marks.split(',');
    if (b !== undefined) view.markers = b;
    else if (list.every((m) => (STAT_MARKS as readonly string[]).includes(m))) view.markers = STAT_MARKS.filter((m) => list.includes(m));
    else reject('marks', marks, `expected 1, 0 or some of ${STAT_MARKS.join(',')}`);
  }

  const zoom = params.get('zoom');
  if (zoom !== null) {
    const z = parseZoom(zoom);
    if (!z) reject('zoom', zoom, 'expected x0,x1 or x0,x1,y0,y1 with finite, distinct bounds');
    else {
      if (z.x) view.zoomX = z.x;
      if (z.y) view.zoomY = z.y;
    }
  }

  const zoom2 = params.get('zoom2');
  if (zoom2 !== null) {
    const parts = zoom2.split(',');
    const r = parts.length === 2 ? parseRange(parts[0], parts[1]) : undefined;
    if (!r) reject('zoom2', zoom2, 'expected y0,y1 with finite, distinct bounds');
    else view.zoomY2 = r;
  }

  const cmap = params.get('cmap');
  if (cmap !== null) {
    if ((COLORMAPS as readonly string[]).includes(cmap)) view.colormap = cmap as Colormap;
    else reject('cmap', cmap, `expected one of ${COLORMAPS.join(', ')}`);
  }
  const scale = params.get('scale');
  if (scale !== null) {
    if ((AUTOSCALES as readonly string[]).includes(scale)) view.autoscale = scale as Autoscale;
    else reject('scale', scale, `expected one of ${AUTOSCALES.join(', ')}`);
  }
  const reduce = params.get('reduce');
  if (reduce !== null) {
    if ((REDUCTIONS as readonly string[]).includes(reduce)) view.reduce = reduce as PlotViewState['reduce'];
    else reject('reduce', reduce, `expected one of ${REDUCTIONS.join(', ')}`);
  }
  const frame = params.get('frame');
  if (frame !== null) {
    if (/^\d+$/.test(frame) && Number.isSafeInteger(Number(frame))) view.frame = Number(frame);
    else reject('frame', frame, 'expected a frame index >= 0');
  }
  readMcaParams(params, view, reject, splitChannelList);
  readImageView(params, view, reject);
  readCurveTools(params, view, reject, splitChannelList);
  return view;
}

function boolText(b: boolean): string {
  return b ? '1' : '0';
}

/**
 * Writes the view state into a copy of `base` (other parameters such as `session` are kept; the view
 * parameters of `base` are replaced). Undefined fields are left out, so defaults stay defaults.
 */
export function viewStateToParams(state: UrlViewState, base?: ParamSource): URLSearchParams {
  const out = new URLSearchParams();
  if (base !== undefined) {
    for (const [name, value] of toParams(base)) if (!isViewParam(name)) out.append(name, value);
  }
  if (state.plot !== null && state.plot !== '') out.set('plot', state.plot);
  writeView(out, state.view);
  for (const [id, view] of Object.entries(state.others ?? {})) {
    if (id === state.plot) continue;
    const nested = new URLSearchParams();
    writeView(nested, view);
    const text = nested.toString();
    if (text) out.set(`${OTHER_VIEW_PREFIX}${id}`, text);
  }
  return out;
}

function writeView(out: URLSearchParams, v: PlotViewState): void {
  if (v.x !== undefined) out.set('x', v.x ?? '');
  if (v.y !== undefined) out.set('y', joinChannelList(v.y));
  if (v.y2 !== undefined) out.set('y2', joinChannelList(v.y2));
  if (v.logX !== undefined) out.set('logx', boolText(v.logX));
  if (v.logY !== undefined) out.set('logy', boolText(v.logY));
  if (v.logY2 !== undefined) out.set('logy2', boolText(v.logY2));
  if (v.normalize !== undefined) out.set('norm', v.normalize ?? '');
  if (v.derivative !== undefined) out.set('deriv', boolText(v.derivative));
  const zx = v.zoomX ?? null;
  const zy = v.zoomY ?? null;
  if (zx || zy) {
    const xs = zx ? `${zx[0]},${zx[1]}` : ',';
    out.set('zoom', zy ? `${xs},${zy[0]},${zy[1]}` : xs);
  }
  if (v.zoomY2) out.set('zoom2', `${v.zoomY2[0]},${v.zoomY2[1]}`);
  if (typeof v.markers === 'boolean') out.set('marks', boolText(v.markers));
  else if (v.markers) out.set('marks', v.markers.length ? statMarksShown(v.markers).join(',') : '0');
  if (v.value !== undefined) out.set('value', v.value ?? '');
  if (v.colormap !== undefined) out.set('cmap', v.colormap);
  if (v.autoscale !== undefined) out.set('scale', v.autoscale);
  if (v.logScale !== undefined) out.set('log', boolText(v.logScale));
  if (v.frame !== undefined && v.frame !== null) out.set('frame', String(v.frame));
  if (v.follow !== undefined) out.set('follow', boolText(v.follow));
  if (v.reduce !== undefined) out.set('reduce', v.reduce);
  writeMcaParams(out, v, joinChannelList);
  writeImageView(out, v);
  writeCurveTools(out, v, joinChannelList);
}

/** Whether any view parameter (besides `plot`) is present: then the URL, not memory, decides the view. */
export function hasViewParams(source: ParamSource): boolean {
  const params = toParams(source);
  return [...params.keys()].some((name) => name !== 'plot' && isViewParam(name));
}

/** Applies a patch; `undefined` in the patch removes the field (back to the plot's default). */
export function patchViewState(view: PlotViewState, patch: Partial<PlotViewState>): PlotViewState {
  const next: Record<string, unknown> = { ...view };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as PlotViewState;
}

/** Query string (with `?`, or empty) for a view state on top of `base`. */
export function viewStateQuery(state: UrlViewState, base?: ParamSource): string {
  const text = viewStateToParams(state, base).toString();
  return text ? `?${text}` : '';
}
