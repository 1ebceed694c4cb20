/**
 * The curve plot's reading step: from the scan's buffers (or any other source of channel arrays) and the
 * curves asked for, the prepared curves (client level of detail, transforms), which of them want the
 * server's summary, and what could not be drawn. Pure but for the reused work arrays of the builders:
 * no React, no DOM, unit-tested with plain arrays.
 */
import type { Gap } from '@/lib/live-data/gap-list';
import type { PlotViewState } from '@/lib/view-state/plot-view-state';
import { compileExpression, type CompiledExpression } from '@/lib/analysis/expression/evaluate';
import { ExpressionError } from '@/lib/analysis/expression/errors';
import { curveMathLabel } from '@/lib/analysis/curve-math';
import { CURVE_COLORS, shortName } from '../plot-frame';
import { CurveBuilder, type BuiltCurve } from './curve-data';
import type { PointSummary } from '@/lib/live-data/point-summary';
import { summaryXY, withSummary } from './curve-summary';
import { buildLiveCurve, type LiveChannel, type LiveLodCache } from './curve-live-lod';
import type { CurveRef } from './curve-figure';

/** What the preparation needs of one channel source (the live buffers, or another scan's arrays). */
export interface ChannelSource {
  /** Values of a scalar channel; null when absent or not scalar. */
  read(name: string): Float64Array | null;
  /** Points held from 0 without a hole. */
  contiguous(name: string): number;
  /** Points published, and whether the channel is complete. */
  total(name: string): number;
  sealed(name: string): boolean;
  gaps(name: string): readonly Gap[];
  /** Channels asked for that are not scalar (collected by `read` and `live`). */
  readonly nonScalar: readonly string[];
  /**
   * A live scalar channel read point by point (null when absent or not scalar): long curves of it are
   * drawn from level-of-detail buckets kept across frames (curve-live-lod.ts) without reading it whole.
   * Sources without it (another scan's arrays) are reduced whole at each draw.
   */
  live?(name: string): LiveChannel | null;
  /** Scan point number of `read(name)[0]`: the raw window's start (absent or 0: every point is held). */
  windowStart?(name: string): number;
  /** Min/max of the points before the window (lib/live-data/point-summary.ts), when there is one. */
  summary?(name: string): PointSummary | null;
}

interface BufferLike {
  readonly itemsPerPoint: number;
  readonly latestOnly: boolean;
  readonly length: number;
  readonly contiguous: number;
  readonly gaps: readonly Gap[];
  readonly windowStart?: number;
  readonly summary?: PointSummary | null;
  toFloat64(from: number, to: number): Float64Array;
  value(i: number): number;
}

/** A ChannelSource over ScanBuffers-like storage; each channel is copied once per frame (reads are cached). */
export function bufferSource(streamByName: (name: string) => BufferLike | undefined, meta: (name: string) => { length: number; sealed: boolean } | undefined): ChannelSource {
  const cache = new Map<string, Float64Array | null>();
  const nonScalar: string[] = [];
  const scalar = (name: string): BufferLike | null => {
    const b = streamByName(name);
    if (!b) return null;
    if (b.itemsPerPoint !== 1 || b.latestOnly) {
      if (!nonScalar.includes(name)) nonScalar.push(name);
      return null;
    }
    return b;
  };
  return {
    nonScalar,
    read(name) {
      if (cache.has(name)) return cache.get(name)!;
      const b = scalar(name);
      const arr = b ? b.toFloat64(b.windowStart ?? 0, b.length) : null;
      cache.set(name, arr);
      return arr;
    },
    windowStart: (name) => streamByName(name)?.windowStart ?? 0,
    summary: (name) => streamByName(name)?.summary ?? null,
    live(name) {
      const b = scalar(name);
      // value(i), not toFloat64: that one's scratch array is shared with full reads held elsewhere.
      return b ? { identity: b, length: b.length, contiguous: b.contiguous, at: (i) => b.value(i) } : null;
    },
    contiguous: (name) => streamByName(name)?.contiguous ?? 0,
    total: (name) => meta(name)?.length ?? 0,
    sealed: (name) => meta(name)?.sealed === true,
    gaps: (name) => streamByName(name)?.gaps ?? [],
  };
}

/** One curve as asked for: its channel, axis and colour, and its own math. */
export interface CurveSpec extends CurveRef {
  /** Builder and statistics key: distinct per curve and settings that change its points. */
  key: string;
  color: string;
  /** Monitor channel y is divided by (null: none). */
  monitor: string | null;
  derivative: boolean;
  /** An expression over channels drawn instead of the channel, and whether y is negated. */
  expr: string | null;
  negate: boolean;
  /** Legend and table name: the channel, or its math (`d(-diode1 / mon)/dx`). */
  label: string;
}

/**
 * The curves a view asks for: its y/y2 selections (else the plot model's items), each with its colour
 * and the monitor and derivative settings.
 */
export function curveSpecs(items: readonly { y: string; yAxis: 'left' | 'right' }[], view: Pick<PlotViewState, 'y' | 'y2' | 'normalize' | 'derivative' | 'math'>, xLabel = 'x'): CurveSpec[] {
  const left = view.y ?? items.filter((i) => i.yAxis === 'left').map((i) => i.y);
  const right = view.y2 ?? items.filter((i) => i.yAxis === 'right').map((i) => i.y);
  const refs: CurveRef[] = [...left.map((name) => ({ name, axis: 'left' as const })), ...right.map((name) => ({ name, axis: 'right' as const }))];
  return refs.map((r, i) => {
    // The curve's own settings win over the plot's (Flint sets them one curve at a time).
    const own = view.math?.[r.name] ?? {};
    const monitor = own.monitor !== undefined ? own.monitor : (view.normalize ?? null);
    const derivative = own.derivative ?? view.derivative === true;
    const expr = own.expr?.trim() || null;
    const negate = own.negate === true;
    const key = [r.name, r.axis, monitor, derivative, expr, negate].join('|');
    const label = curveMathLabel({ y: expr ?? shortName(r.name), monitor: monitor ? shortName(monitor) : undefined, negate, derivative }, xLabel);
    return { ...r, key, color: CURVE_COLORS[i % CURVE_COLORS.length]!, monitor, derivative, expr, negate, label };
  });
}

/** Compiled expressions by source text, kept across frames (a bad one keeps its error). */
export type ExpressionCache = Map<string, CompiledExpression | ExpressionError>;

/** y of a curve with an expression and/or negated: a new array (the channel's own values are never written). */
function curveY(spec: CurveSpec, source: ChannelSource, names: () => { channels: string[]; display?: Record<string, string> }, cache: ExpressionCache): Float64Array | null {
  let y: Float64Array | null;
  if (spec.expr) {
    let compiled = cache.get(spec.expr);
    if (!compiled) {
      const { channels, display } = names();
      try {
        compiled = compileExpression(spec.expr, channels, display);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        compiled = e;
      }
      cache.set(spec.expr, compiled);
    }
    if (compiled instanceof ExpressionError) throw compiled;
    // A channel without data yet: no curve yet (not an error).
    if (compiled.channels.some((c) => !source.read(c))) return null;
    y = compiled.evaluate((c) => source.read(c) ?? undefined);
  } else {
    const raw = source.read(spec.name);
    y = raw ? Float64Array.from(raw) : null;
  }
  if (y && spec.negate) for (let i = 0; i < y.length; i++) y[i] = -y[i]!;
  return y;
}

export interface PreparedCurve<S> {
  spec: CurveSpec;
  /** Null when a channel it needs has no data yet. */
  built: BuiltCurve | null;
  /** The server's summary, when the curve is drawn from it. */
  server: S | null;
}

export interface PreparedCurves<S> {
  curves: PreparedCurve<S>[];
  /** Channels with no data at all (neither points nor a server summary). */
  missing: string[];
  /** Most points held by one curve, and the longest input. */
  held: number;
  limit: number;
  /** Curves to draw from the server's summary, and the longest of them. */
  lodWanted: string[];
  lodTotal: number;
  /**
   * Curves left out while their first server summary is on its way (`awaitServer`): neither their raw
   * points nor their live buckets were built.
   */
  awaiting: number;
  /** Curves whose math cannot be computed, with why (shown where the user edits it). */
  errors: { curve: string; message: string }[];
  /**
   * Set when older points left the raw window: its start and end (scan point numbers), and the curves
   * drawn from the window only (their math cannot use a min/max summary).
   */
  window: { start: number; end: number; transformed: string[] } | null;
}

export interface PrepareOptions<S> {
  source: ChannelSource;
  specs: readonly CurveSpec[];
  xName: string | null;
  logX: boolean;
  logY: boolean;
  logY2: boolean;
  zoomX: [number, number] | null;
  buckets: number;
  lodThreshold: number;
  /** Builders kept across frames by curve key (their work arrays are reused). */
  builders: Map<string, CurveBuilder>;
  /** Level-of-detail buckets of live channels, kept across frames (with `source.live`). */
  liveLod?: LiveLodCache;
  /** The server summary of a channel, if one arrived. */
  serverLod(name: string): S | null;
  /**
   * The first server summary is on its way: a curve that will be drawn from it is not built from the
   * points held meanwhile. Folding a late joiner's first 100 000+ raw points (live buckets, work arrays)
   * took ~90 ms of main thread before the summary could even be asked for, and plotly then drew a partial
   * curve the summary replaced a moment later (docs/performance.md, first paint).
   */
  awaitServer?: boolean;
  /** The scan's channel names (full, and display names) that expressions may use. */
  names: () => { channels: string[]; display?: Record<string, string> };
  expressions: ExpressionCache;
}

export function prepareCurves<S>(o: PrepareOptions<S>): PreparedCurves<S> {
  const { source, xName } = o;
  // x is read whole only for the curves that need it (not for those drawn from live buckets).
  let xRead: Float64Array | null | undefined;
  const xArrOf = () => (xRead === undefined ? (xRead = xName ? source.read(xName) : null) : xRead);
  const out: PreparedCurves<S> = { curves: [], missing: [], held: 0, limit: 0, lodWanted: [], lodTotal: 0, awaiting: 0, errors: [], window: null };
  const startOf = (name: string | null): number => (name ? (source.windowStart?.(name) ?? 0) : 0);
  for (const spec of o.specs) {
    // The client does not hold the whole stream (late join still catching up, or points skipped): long
    // curves come from the server's level of detail until it has, even before the first point arrives,
    // so a finished scan is drawn whole at once rather than as its raw points trickle in.
    const total = source.total(spec.name);
    const contiguous = Math.min(source.contiguous(spec.name), xName ? source.contiguous(xName) : Infinity);
    let server: S | null = null;
    if (!spec.derivative && !spec.monitor && !spec.expr && !spec.negate && total > o.lodThreshold && contiguous < total) {
      out.lodWanted.push(spec.name);
      out.lodTotal = Math.max(out.lodTotal, total);
      server = o.serverLod(spec.name);
      if (!server && o.awaitServer) {
        out.awaiting++;
        out.curves.push({ spec, built: null, server: null });
        continue;
      }
    }
    const live = liveCurve(o, spec);
    if (live) {
      out.limit = Math.max(out.limit, live.points);
      out.held = Math.max(out.held, live.points);
      out.curves.push({ spec, built: live, server });
      continue;
    }
    let y: Float64Array | null;
    try {
      y = spec.expr || spec.negate ? curveY(spec, source, o.names, o.expressions) : source.read(spec.name);
    } catch (e) {
      out.errors.push({ curve: spec.name, message: e instanceof Error ? e.message : String(e) });
      out.curves.push({ spec, built: null, server: null });
      continue;
    }
    const monArr = spec.monitor ? source.read(spec.monitor) : null;
    const xArr = xArrOf();
    if (!y || (xName && !xArr) || (spec.monitor && !monArr)) {
      if (!y && !server && !spec.expr) out.missing.push(spec.name);
      out.curves.push({ spec, built: null, server });
      continue;
    }
    let builder = o.builders.get(spec.key);
    if (!builder) o.builders.set(spec.key, (builder = new CurveBuilder()));
    const n = Math.min(y.length, xArr ? xArr.length : Infinity, monArr ? monArr.length : Infinity);
    // The scan's streams share one window start (lib/live-data/scan-buffers.ts): arrays line up.
    const start = Math.max(startOf(spec.name), startOf(xName), startOf(spec.monitor));
    let built = builder.build({ x: xArr, y, monitor: monArr, indexStart: start }, n, {
      derivative: spec.derivative,
      logX: o.logX,
      logY: spec.axis === 'right' ? o.logY2 : o.logY,
      zoomX: o.zoomX,
      lodThreshold: o.lodThreshold,
      buckets: o.buckets,
    });
    if (start > 0) {
      const w = (out.window ??= { start, end: start + n, transformed: [] });
      w.end = Math.max(w.end, start + n);
      const plain = !spec.derivative && !spec.monitor && !spec.expr && !spec.negate;
      const sum = plain ? summaryXY(source.summary?.(spec.name) ?? null, xName ? (source.summary?.(xName) ?? null) : null, start, { logX: o.logX, logY: spec.axis === 'right' ? o.logY2 : o.logY }) : null;
      if (sum) built = withSummary(built, sum, start);
      else w.transformed.push(spec.label);
    }
    out.limit = Math.max(out.limit, start + n);
    out.held = Math.max(out.held, built.points);
    out.curves.push({ spec, built, server });
  }
  return out;
}

/**
 * A long live curve without math, held whole from 0 (else the server's summary draws it), through the
 * incremental buckets: the channel is never read whole at draw time. Null when it does not apply.
 */
const LIVE_UNFOLDED_MAX = 1 << 16;

function liveCurve<S>(o: PrepareOptions<S>, spec: CurveSpec): BuiltCurve | null {
  const { source, xName } = o;
  if (!o.liveLod || !source.live || spec.derivative || spec.monitor || spec.expr || spec.negate) return null;
  // Past the raw window the buffers fold and compact old points: the summary path draws them.
  if ((source.windowStart?.(spec.name) ?? 0) > 0 || (xName && (source.windowStart?.(xName) ?? 0) > 0)) return null;
  const y = source.live(spec.name);
  const x = xName ? source.live(xName) : null;
  if (!y || (xName && !x)) return null;
  const n = Math.min(y.length, x ? x.length : Infinity);
  // Points past the hole-free start are read one by one at each draw: with many of them (catching up
  // out of order) the whole-array path is faster, and the server's summary is what is drawn meanwhile.
  if (n <= o.lodThreshold || n - Math.min(y.contiguous, x ? x.contiguous : Infinity) > LIVE_UNFOLDED_MAX) return null;
  return buildLiveCurve(
    o.liveLod,
    { yName: spec.name, y, xName, x, n, stat: () => ({ x: (xName ? source.read(xName) : null) ?? indexArray(n), y: source.read(spec.name) ?? new Float64Array(0) }) },
    { logX: o.logX, logY: spec.axis === 'right' ? o.logY2 : o.logY, zoomX: o.zoomX, lodThreshold: o.lodThreshold, buckets: o.buckets },
  );
}

function indexArray(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/**
 * Buckets for the level of detail: two per pixel of the whole figure (a little more than the plot area),
 * in steps of 256 so the count is the same before and after plotly has laid the axes out.
 */
export function lodBuckets(figureWidth: number): number {
  return Math.max(512, Math.ceil((2 * (figureWidth || 800)) / 256) * 256);
}

/** The channels a frame reads: x, every curve's y and monitor (for gap notes and error notes). */
export function channelsRead(xName: string | null, specs: readonly CurveSpec[]): string[] {
  const names = [xName, ...specs.map((s) => s.name), ...specs.map((s) => s.monitor)].filter((n): n is string => !!n);
  return [...new Set(names)];
}

/** Left axis title: the one curve's (with its math), or none when several share the axis. */
export function leftTitle(specs: readonly CurveSpec[], title: (name: string) => string): string {
  const left = specs.filter((s) => s.axis === 'left');
  if (left.length !== 1) return '';
  const s = left[0]!;
  if (s.expr || s.negate) return s.label;
  return title(s.name) + (s.monitor ? ` / ${shortName(s.monitor)}` : '') + (s.derivative ? ' (derivative)' : '');
}

export function rightTitle(specs: readonly CurveSpec[], title: (name: string) => string): string | null {
  const right = specs.filter((s) => s.axis === 'right');
  return right.length ? (right.length === 1 ? title(right[0]!.name) : '') : null;
}

/** The names an expression may use: every stream of the scan, and scan_info display names. */
export function expressionNames(streams: readonly { name: string }[], channelInfo: unknown): { channels: string[]; display: Record<string, string> } {
  const display: Record<string, string> = {};
  if (channelInfo && typeof channelInfo === 'object') {
    for (const [name, c] of Object.entries(channelInfo as Record<string, { display_name?: unknown }>)) if (typeof c?.display_name === 'string' && c.display_name) display[name] = c.display_name;
  }
  return { channels: streams.map((s) => s.name), display };
}
