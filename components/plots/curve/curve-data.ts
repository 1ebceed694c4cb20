/**
 * Pure data preparation for curve plots: x/y arrays of one curve with normalisation by a monitor,
 * derivative, log-axis masking and min/max level of detail, into reused work arrays (no allocation per
 * frame once the arrays have grown), plus the notes that describe gaps honestly.
 *
 * Gaps stay gaps: a missing or expired point is NaN in the source arrays, and every step keeps it NaN
 * (normalisation, log masking, LOD buckets); the derivative is computed per run of finite points, with a
 * NaN between runs, so it never draws a slope across a hole.
 */
import { lodToXY, reduceMinMax } from '@/lib/plot-math/lod';
import { derivative, normalize } from '@/lib/plot-math/transforms';
import type { Gap } from '@/lib/live-data/gap-list';

/** Points in view above which a curve is drawn as min/max buckets (SVG stays fluid below it). */
export const LOD_THRESHOLD_SVG = 20_000;

/** Growable Float64Array kept across frames: `take(n)` returns a view of n values (contents kept). */
export class Workspace {
  private buf = new Float64Array(0);

  take(n: number): Float64Array {
    if (this.buf.length < n) {
      const next = new Float64Array(Math.max(n, 1024, Math.ceil(this.buf.length * 1.5)));
      next.set(this.buf);
      this.buf = next;
    }
    return this.buf.subarray(0, n);
  }
}

/** start, start + 1, ... start + n - 1 in a reused array (only the new tail is written). */
export class IndexAxis {
  private ws = new Workspace();
  private filled = 0;
  private start = 0;

  get(n: number, start = 0): Float64Array {
    const out = this.ws.take(n);
    // The raw window moved on (lib/live-data/scan-window.ts): every index changed.
    if (start !== this.start) {
      this.start = start;
      this.filled = 0;
    }
    // take() keeps contents, so values below `filled` are already right.
    for (let i = this.filled; i < n; i++) out[i] = start + i;
    this.filled = Math.max(this.filled, n);
    return out;
  }
}

export interface CurveInput {
  /** x values (null: point index). Only the first `n` are used. */
  x: ArrayLike<number> | null;
  y: ArrayLike<number>;
  /** Monitor to divide y by (Flint's normalisation), or null. */
  monitor?: ArrayLike<number> | null;
  /** Scan point number of the first value (the raw window's start; 0 when every point is held). */
  indexStart?: number;
}

export interface CurveOptions {
  derivative?: boolean;
  logX?: boolean;
  logY?: boolean;
  /** Visible x range in data units; null = all (used to pick the LOD index range). */
  zoomX?: [number, number] | null;
  /** Above this many points in view, draw min/max buckets instead of every point. */
  lodThreshold: number;
  /** Buckets for LOD (about 2 per horizontal pixel). */
  buckets: number;
}

export interface BuiltCurve {
  /** What to draw (views into reused arrays: valid until the next build). */
  x: Float64Array;
  y: Float64Array;
  /**
   * Values the statistics are computed on: normalised/derived, before log masking and LOD. May be the
   * input arrays themselves (long untransformed curves are not copied): read them before the buffers
   * change, or accept newer values.
   */
  statX: ArrayLike<number>;
  statY: ArrayLike<number>;
  /** Points of the curve (after normalisation/derivative), before LOD. */
  points: number;
  /** Points drawn. */
  drawn: number;
  /** Set when the curve was reduced: index range and bucket count. */
  lod: { from: number; to: number; buckets: number } | null;
  /** Points before the raw window drawn (in front of x/y) from their min/max summary; 0 when none. */
  summarized?: number;
}

/** Whether the finite values of a[0..n) never decrease (or never increase with `descending`). */
export function monotonic(a: ArrayLike<number>, n: number): 'ascending' | 'descending' | null {
  let asc = true;
  let desc = true;
  let prev = NaN;
  for (let i = 0; i < n && (asc || desc); i++) {
    const v = a[i]!;
    if (v - v !== 0) continue;
    if (prev === prev) {
      if (v < prev) asc = false;
      if (v > prev) desc = false;
    }
    prev = v;
  }
  return asc ? 'ascending' : desc ? 'descending' : null;
}

/**
 * Index range [from, to) of the points whose x lies in [lo, hi], for monotonic x (NaN ignored), with
 * one point of margin each side so lines run to the plot edge. Null when x is not monotonic.
 */
export function visibleRange(x: ArrayLike<number>, n: number, lo: number, hi: number): [number, number] | null {
  const order = monotonic(x, n);
  if (!order) return null;
  return visibleRangeBy((i) => x[i]!, n, lo, hi, order);
}

/** visibleRange over x read point by point, whose order is known (see monotonic). */
export function visibleRangeBy(at: (i: number) => number, n: number, lo: number, hi: number, order: 'ascending' | 'descending'): [number, number] {
  if (lo > hi) [lo, hi] = [hi, lo];
  // Binary search over NaN needs care: search on the first finite value at or after the probe.
  const finiteAt = (i: number): number => {
    for (let j = i; j < n; j++) {
      const v = at(j);
      if (v - v === 0) return v;
    }
    return order === 'ascending' ? Infinity : -Infinity;
  };
  const firstWhere = (pred: (v: number) => boolean): number => {
    let a = 0;
    let b = n;
    while (a < b) {
      const m = (a + b) >> 1;
      if (pred(finiteAt(m))) b = m;
      else a = m + 1;
    }
    return a;
  };
  let from: number;
  let to: number;
  if (order === 'ascending') {
    from = firstWhere((v) => v >= lo);
    to = firstWhere((v) => v > hi);
  } else {
    from = firstWhere((v) => v <= hi);
    to = firstWhere((v) => v < lo);
  }
  return [Math.max(0, from - 1), Math.min(n, to + 1)];
}

/**
 * Derivative per run of finite (x, y) pairs (see transforms.derivative), runs joined by one NaN point so
 * the line breaks where the data does. Runs too short for the 11-point filter give nothing.
 */
export function derivativeWithGaps(x: ArrayLike<number>, y: ArrayLike<number>, n: number): { x: Float64Array; y: Float64Array } {
  const xs: Float64Array[] = [];
  const ys: Float64Array[] = [];
  let total = 0;
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    const d = derivative(sub(x, start, end), sub(y, start, end));
    if (d.x.length) {
      if (xs.length) total++; // NaN separator
      xs.push(d.x);
      ys.push(d.y);
      total += d.x.length;
    }
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    const ok = x[i]! - x[i]! === 0 && y[i]! - y[i]! === 0;
    if (ok && start < 0) start = i;
    else if (!ok) flush(i);
  }
  flush(n);
  const ox = new Float64Array(total);
  const oy = new Float64Array(total);
  let at = 0;
  for (let k = 0; k < xs.length; k++) {
    if (k > 0) {
      ox[at] = NaN;
      oy[at++] = NaN;
    }
    ox.set(xs[k]!, at);
    oy.set(ys[k]!, at);
    at += xs[k]!.length;
  }
  return { x: ox, y: oy };
}

function sub(a: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  if (ArrayBuffer.isView(a)) return (a as Float64Array).subarray(from, to);
  return Array.prototype.slice.call(a, from, to) as number[];
}

/** log-axis masking: values <= 0 become NaN (a gap, not a -Infinity spike). */
function maskNonPositive(src: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    out[i] = v > 0 ? v : NaN;
  }
  return out;
}

/**
 * Prepares one curve. Keep one builder per curve: its work arrays are reused from frame to frame.
 * `n` is the number of points to use (e.g. the shortest of the x, y and monitor streams).
 */
export class CurveBuilder {
  private readonly xw = new Workspace();
  private readonly yw = new Workspace();
  private readonly xl = new Workspace();
  private readonly yl = new Workspace();
  private readonly index = new IndexAxis();

  build(input: CurveInput, n: number, options: CurveOptions): BuiltCurve {
    n = Math.max(0, Math.min(n, input.y.length, input.x ? input.x.length : Infinity, input.monitor ? input.monitor.length : Infinity));
    // Long curves without transforms are reduced straight from the input: no copy of millions of points.
    if (!input.monitor && !options.derivative && !options.logX && !options.logY && n > options.lodThreshold) {
      const xs = input.x ?? this.index.get(n, input.indexStart);
      let from = 0;
      let to = n;
      if (options.zoomX) {
        const r = visibleRange(xs, n, options.zoomX[0], options.zoomX[1]);
        if (r) [from, to] = r;
      }
      if (to - from > options.lodThreshold) {
        const buckets = Math.max(1, Math.floor(options.buckets));
        const triplets = reduceMinMax(input.y, from, to, buckets);
        const r = lodToXY(triplets, to, (i) => xs[i]!);
        return { x: r.x, y: r.y, statX: xs, statY: input.y, points: n, drawn: r.x.length, lod: { from, to, buckets } };
      }
    }
    let x: Float64Array;
    if (input.x) {
      x = this.xw.take(n);
      copyInto(input.x, n, x);
    } else {
      x = this.index.get(n, input.indexStart);
    }
    let y = this.yw.take(n);
    if (input.monitor) normalize(sub(input.y, 0, n), sub(input.monitor, 0, n), y);
    else copyInto(input.y, n, y);

    if (options.derivative) {
      const d = derivativeWithGaps(x, y, n);
      x = d.x;
      y = d.y;
    }
    const statX = x;
    const statY = y;
    const points = x.length;

    let px = x;
    let py = y;
    if (options.logX) px = maskNonPositive(x, this.xl.take(points));
    if (options.logY) py = maskNonPositive(y, this.yl.take(points));

    let from = 0;
    let to = points;
    if (options.zoomX) {
      const r = visibleRange(statX, points, options.zoomX[0], options.zoomX[1]);
      if (r) [from, to] = r;
    }
    if (to - from <= options.lodThreshold) {
      return { x: px, y: py, statX, statY, points, drawn: points, lod: null };
    }
    const buckets = Math.max(1, Math.floor(options.buckets));
    const triplets = reduceMinMax(py, from, to, buckets);
    const xs = px;
    const r = lodToXY(triplets, to, (i) => xs[i]!);
    return { x: r.x, y: r.y, statX, statY, points, drawn: r.x.length, lod: { from, to, buckets } };
  }
}

function copyInto(src: ArrayLike<number>, n: number, out: Float64Array): void {
  if (src instanceof Float64Array || src instanceof Float32Array || src instanceof Int32Array || src instanceof Uint32Array || src instanceof Int16Array || src instanceof Uint16Array || src instanceof Int8Array || src instanceof Uint8Array) {
    out.set(src.subarray(0, n));
  } else {
    for (let i = 0; i < n; i++) out[i] = src[i]!;
  }
}

/**
 * A server LOD reply (`LodReply.data`: [bucketStart, min, max] triplets) as a polyline. With an x
 * channel reduced into the same buckets, each bucket's x runs from its x min to its x max in the
 * direction of the scan (x ascending or descending overall); exact for monotonic x, approximate for
 * back-and-forth x.
 */
export function serverLodToXY(y: Float64Array, to: number, x: Float64Array | null): { x: Float64Array; y: Float64Array } {
  if (!x) return lodToXY(y, to);
  const count = Math.floor(Math.min(x.length, y.length) / 3);
  const starts = new Map<number, number>();
  for (let k = 0; k < count; k++) starts.set(x[3 * k]!, k);
  let firstMin = NaN;
  let lastMin = NaN;
  for (let k = 0; k < count; k++) {
    const v = x[3 * k + 1]!;
    if (v === v) {
      if (firstMin !== firstMin) firstMin = v;
      lastMin = v;
    }
  }
  const ascending = !(lastMin < firstMin);
  // lodToXY asks for the x of each bucket's first and last index.
  const xAt = (i: number): number => {
    const k = starts.get(i);
    if (k !== undefined) return ascending ? x[3 * k + 1]! : x[3 * k + 2]!;
    // Last index of a bucket: the bucket holding i.
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (x[3 * m]! <= i) lo = m;
      else hi = m - 1;
    }
    return ascending ? x[3 * lo + 2]! : x[3 * lo + 1]!;
  };
  return lodToXY(y.subarray(0, count * 3), to, xAt);
}

export interface GapSource {
  /** Channel label for the note. */
  label: string;
  gaps: readonly Gap[];
}

/**
 * Human notes about holes in the plotted channels, one per distinct range and reason, e.g.
 * "points 120–359 expired from Redis" (indices are scan point numbers, inclusive). When only some of
 * the channels have the hole, they are named. Ranges past `limit` (nothing drawn there yet) are clipped.
 */
export function gapNotes(sources: readonly GapSource[], limit = Infinity): string[] {
  const byRange = new Map<string, { from: number; to: number; reason: Gap['reason']; labels: string[] }>();
  for (const s of sources) {
    for (const g of s.gaps) {
      const to = Math.min(g.to, limit);
      if (to <= g.from) continue;
      const key = `${g.from}:${to}:${g.reason}`;
      const entry = byRange.get(key) ?? { from: g.from, to, reason: g.reason, labels: [] };
      if (!entry.labels.includes(s.label)) entry.labels.push(s.label);
      byRange.set(key, entry);
    }
  }
  const all = new Set(sources.map((s) => s.label));
  return [...byRange.values()]
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((e) => {
      const range = e.to - e.from === 1 ? `point ${e.from}` : `points ${e.from}–${e.to - 1}`;
      const what = e.reason === 'expired' ? 'expired from Redis' : 'not received yet';
      const who = e.labels.length < all.size ? `${e.labels.join(', ')}: ` : '';
      return `${who}${range} ${what}`;
    });
}
