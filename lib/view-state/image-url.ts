/**
 * The image tools' part of the URL view state (see url.ts):
 *   prof    h,<row> | v,<col> | line,<row0>,<col0>,<row1>,<col1>   the line profile
 *   iroi    c0,r0,c1,r1;c0,r0,c1,r1...                          rectangular ROIs (half-open pixel ranges)
 *   crange  min,max                                              display range set on the histogram
 *   profw   1..MAX_PROFILE_WIDTH                                 the profile's width in pixels
 *   profm   mean | sum                                           how the pixels across that width are reduced
 */
import type { ImageProfileChoice, ImageRect, PlotViewState } from './plot-view-state';

export const IMAGE_VIEW_PARAMS = ['prof', 'iroi', 'crange', 'profw', 'profm'] as const;

/** Widest profile a link may ask for: each sample reads this many pixels. */
export const MAX_PROFILE_WIDTH = 1001;

/** Most ROIs a link may carry: each one is computed on every frame. */
export const MAX_IMAGE_ROIS = 16;

function numbers(text: string, count: number, integers: boolean): number[] | undefined {
  const parts = text.split(',');
  if (parts.length !== count || parts.some((p) => p.trim() === '')) return undefined;
  const values = parts.map(Number);
  return values.every((v) => Number.isFinite(v) && (!integers || Number.isInteger(v))) ? values : undefined;
}

export function parseProfile(text: string): ImageProfileChoice | null | undefined {
  if (text === '') return null;
  const [kind, ...rest] = text.split(',');
  const args = rest.join(',');
  if (kind === 'h') {
    const v = numbers(args, 1, true);
    return v && v[0]! >= 0 ? { kind: 'h', row: v[0]! } : undefined;
  }
  if (kind === 'v') {
    const v = numbers(args, 1, true);
    return v && v[0]! >= 0 ? { kind: 'v', col: v[0]! } : undefined;
  }
  if (kind === 'line') {
    const v = numbers(args, 4, false);
    return v ? { kind: 'line', row0: v[0]!, col0: v[1]!, row1: v[2]!, col1: v[3]! } : undefined;
  }
  return undefined;
}

export function profileText(p: ImageProfileChoice): string {
  if (p.kind === 'h') return `h,${p.row}`;
  if (p.kind === 'v') return `v,${p.col}`;
  return `line,${p.row0},${p.col0},${p.row1},${p.col1}`;
}

export function parseRois(text: string): ImageRect[] | undefined {
  if (text === '') return [];
  const rects: ImageRect[] = [];
  for (const part of text.split(';')) {
    const v = numbers(part, 4, true);
    if (!v || v[2]! <= v[0]! || v[3]! <= v[1]!) return undefined;
    rects.push({ col0: v[0]!, row0: v[1]!, col1: v[2]!, row1: v[3]! });
  }
  return rects.length <= MAX_IMAGE_ROIS ? rects : undefined;
}

export function roisText(rois: readonly ImageRect[]): string {
  return rois.map((r) => `${r.col0},${r.row0},${r.col1},${r.row1}`).join(';');
}

/** Reads `prof`, `iroi`, `crange` into `view`; what does not parse goes to `reject`. */
export function readImageView(params: URLSearchParams, view: PlotViewState, reject: (name: string, value: string, why: string) => void): void {
  const prof = params.get('prof');
  if (prof !== null) {
    const p = parseProfile(prof);
    if (p === undefined) reject('prof', prof, 'expected h,<row>, v,<column> or line,<row0>,<col0>,<row1>,<col1>');
    else view.profile = p;
  }
  const rois = params.get('iroi');
  if (rois !== null) {
    const r = parseRois(rois);
    if (r === undefined) reject('iroi', rois, `expected up to ${MAX_IMAGE_ROIS} col0,row0,col1,row1 pixel ranges (col1 > col0, row1 > row0) separated by ;`);
    else view.imageRois = r;
  }
  const crange = params.get('crange');
  if (crange !== null) {
    const v = numbers(crange, 2, false);
    if (!v || v[0]! >= v[1]!) reject('crange', crange, 'expected min,max with min < max');
    else view.colorRange = [v[0]!, v[1]!];
  }
  const profw = params.get('profw');
  if (profw !== null) {
    const w = Number(profw);
    if (!/^\d+$/.test(profw) || w < 1 || w > MAX_PROFILE_WIDTH) reject('profw', profw, `expected a whole number of pixels from 1 to ${MAX_PROFILE_WIDTH}`);
    else view.profileWidth = w;
  }
  const profm = params.get('profm');
  if (profm !== null) {
    if (profm === 'mean' || profm === 'sum') view.profileMethod = profm;
    else reject('profm', profm, 'expected mean or sum');
  }
}

export function writeImageView(out: URLSearchParams, v: PlotViewState): void {
  if (v.profile !== undefined) out.set('prof', v.profile ? profileText(v.profile) : '');
  if (v.imageRois !== undefined && v.imageRois.length) out.set('iroi', roisText(v.imageRois));
  if (v.colorRange) out.set('crange', `${v.colorRange[0]},${v.colorRange[1]}`);
  if (v.profileWidth !== undefined) out.set('profw', String(v.profileWidth));
  if (v.profileMethod !== undefined) out.set('profm', v.profileMethod);
}
