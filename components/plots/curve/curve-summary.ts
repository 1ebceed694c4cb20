/**
 * The part of a curve older than the page's raw window (lib/live-data/scan-window.ts): drawn from the
 * min/max summary its buffers keep of it, in front of the window's points, and said so on the page —
 * the view never passes summarised points off as measured ones. Only a channel as it is can be drawn
 * this way: a monitor ratio, a derivative or an expression of min/max pairs would be made up, so those
 * curves start at the window and the note says where.
 */
import type { PointSummary } from '@/lib/live-data/point-summary';
import type { BuiltCurve } from './curve-data';
import { serverLodToXY } from './curve-data';

/**
 * The summary of y (and x, when the curve has an x channel) over [0, upTo) as a polyline, in buckets of
 * the larger of the two summaries' sizes so they line up. Null when y has no summary.
 */
export function summaryXY(y: PointSummary | null, x: PointSummary | null, upTo: number, opts: { logX: boolean; logY: boolean }): { x: Float64Array; y: Float64Array } | null {
  if (!y || upTo <= 0) return null;
  const size = Math.max(y.bucketSize, x?.bucketSize ?? 1);
  const xy = serverLodToXY(y.triplets(upTo, size), upTo, x ? x.triplets(upTo, size) : null);
  if (opts.logX) mask(xy.x);
  if (opts.logY) mask(xy.y);
  return xy;
}

function mask(a: Float64Array): void {
  for (let i = 0; i < a.length; i++) if (!(a[i]! > 0)) a[i] = NaN;
}

/** The built curve with the summary drawn in front of its window (statistics still see the window only). */
export function withSummary(built: BuiltCurve, summary: { x: Float64Array; y: Float64Array }, summarized: number): BuiltCurve {
  const n = summary.x.length;
  const x = new Float64Array(n + built.x.length);
  const y = new Float64Array(n + built.y.length);
  x.set(summary.x);
  x.set(built.x, n);
  y.set(summary.y);
  y.set(built.y, n);
  return { ...built, x, y, drawn: built.drawn + n, summarized };
}

/** What the page says about a curve whose older points left the raw window. */
export function windowNote(start: number, end: number, transformed: readonly string[]): string {
  const range = `points 0–${(start - 1).toLocaleString('en-US')}`;
  const raw = `${start.toLocaleString('en-US')}–${(end - 1).toLocaleString('en-US')}`;
  const base = `Older than the newest ${(end - start).toLocaleString('en-US')} points: ${range} shown as a min/max summary; fits use the raw points ${raw} (statistics and CSV come from the server over every point).`;
  return transformed.length ? `${base} ${transformed.join(', ')}: drawn from point ${start.toLocaleString('en-US')} only (a ratio or derivative of a summary would be made up).` : base;
}
