/**
 * The colour-scale histogram's drawing (pure, unit-tested): bars of log(1 + count) over the span shown,
 * the value under a handle and back, in data units or log10 units for a log colour scale.
 */
import type { Histogram } from '@/lib/analysis/image/histogram';

export interface HistogramSpan {
  lo: number;
  hi: number;
  log: boolean;
}

const t = (v: number, log: boolean) => (log ? Math.log10(v) : v);

/** The span shown: the data range and the display range together, so both handles are always on it. */
export function histogramSpan(h: Pick<Histogram, 'dataMin' | 'dataMax'>, range: { min: number; max: number } | null, log: boolean): HistogramSpan | null {
  const vals = [h.dataMin, h.dataMax, range?.min, range?.max].filter((v): v is number => v !== undefined && Number.isFinite(v) && (!log || v > 0));
  if (!vals.length) return null;
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (lo === hi) {
    lo = log ? lo / 2 : lo - 0.5;
    hi = log ? hi * 2 : hi + 0.5;
  }
  return { lo, hi, log };
}

export function valueToX(v: number, span: HistogramSpan, width: number): number {
  return ((t(v, span.log) - t(span.lo, span.log)) / (t(span.hi, span.log) - t(span.lo, span.log))) * width;
}

export function xToValue(x: number, span: HistogramSpan, width: number): number {
  const u = t(span.lo, span.log) + (Math.min(width, Math.max(0, x)) / width) * (t(span.hi, span.log) - t(span.lo, span.log));
  return span.log ? 10 ** u : u;
}

/** SVG path of the bars (one rectangle per non-empty bin), heights log(1 + count) scaled to the tallest. */
export function barsPath(h: Pick<Histogram, 'edges' | 'counts'>, span: HistogramSpan, width: number, height: number): string {
  let top = 0;
  for (const c of h.counts) top = Math.max(top, Math.log1p(c));
  if (top === 0) return '';
  const parts: string[] = [];
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i]!;
    if (c === 0) continue;
    const x0 = valueToX(h.edges[i]!, span, width);
    const x1 = Math.max(x0 + 0.5, valueToX(h.edges[i + 1]!, span, width));
    const y = height - (Math.log1p(c) / top) * height;
    parts.push(`M${x0.toFixed(1)},${height}V${y.toFixed(1)}H${x1.toFixed(1)}V${height}Z`);
  }
  return parts.join('');
}

/** The handle a press at `x` takes: the nearer one. */
export function nearerHandle(x: number, minX: number, maxX: number): 'min' | 'max' {
  return Math.abs(x - minX) <= Math.abs(x - maxX) ? 'min' : 'max';
}

/** A value dragged on the histogram, to four digits of the span (the share link need not carry 17). */
export function roundOnSpan(v: number, span: HistogramSpan): number {
  const width = span.log ? Math.abs(v) : span.hi - span.lo;
  if (!(width > 0)) return v;
  const step = 10 ** (Math.floor(Math.log10(width)) - 3);
  return Number((Math.round(v / step) * step).toPrecision(12));
}

/** A dragged range put in order, never empty. */
export function orderedRange(a: number, b: number): [number, number] | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return null;
  return a < b ? [a, b] : [b, a];
}
