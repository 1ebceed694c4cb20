/**
 * The curve plot's reading step: from the scan's buffers (or any other source of channel arrays) and the
 * curves asked for, the prepared curves (client level of detail, transforms), which of them want the
 * server's summary, and what could not be drawn. Pure but for the reused work arrays of the builders:
 * no React, no DOM, unit-tested with plain arrays.
 */
import type { Gap } from '@/lib/live-data/gap-list';
import type { PlotViewState } from '@/lib/view-state/plot-view-state';
import { CURVE_COLORS, shortName } from '../plot-frame';
import { CurveBuilder, type BuiltCurve } from './curve-data';
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
  /** Channels asked for that are not scalar (collected by `read`). */
  readonly nonScalar: readonly string[];
}

interface BufferLike {
  readonly itemsPerPoint: number;
  readonly latestOnly: boolean;
  readonly length: number;
  readonly contiguous: number;
  readonly gaps: readonly Gap[];
  toFloat64(from: number, to: number): Float64Array;
}

/** A ChannelSource over ScanBuffers-like storage; each channel is copied once per frame (reads are cached). */
export function bufferSource(streamByName: (name: string) => BufferLike | undefined, meta: (name: string) => { length: number; sealed: boolean } | undefined): ChannelSource {
  const cache = new Map<string, Float64Array | null>();
  const nonScalar: string[] = [];
  return {
    nonScalar,
    read(name) {
      if (cache.has(name)) return cache.get(name)!;
      const b = streamByName(name);
      let arr: Float64Array | null = null;
      if (b && (b.itemsPerPoint !== 1 || b.latestOnly)) nonScalar.push(name);
      else if (b) arr = b.toFloat64(0, b.length);
      cache.set(name, arr);
      return arr;
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
}

/**
 * The curves a view asks for: its y/y2 selections (else the plot model's items), each with its colour
 * and the monitor and derivative settings.
 */
export function curveSpecs(items: readonly { y: string; yAxis: 'left' | 'right' }[], view: Pick<PlotViewState, 'y' | 'y2' | 'normalize' | 'derivative'>): CurveSpec[] {
  const left = view.y ?? items.filter((i) => i.yAxis === 'left').map((i) => i.y);
  const right = view.y2 ?? items.filter((i) => i.yAxis === 'right').map((i) => i.y);
  const monitor = view.normalize ?? null;
  const derivative = view.derivative === true;
  const refs: CurveRef[] = [...left.map((name) => ({ name, axis: 'left' as const })), ...right.map((name) => ({ name, axis: 'right' as const }))];
  return refs.map((r, i) => ({ ...r, key: `${r.name}|${r.axis}`, color: CURVE_COLORS[i % CURVE_COLORS.length]!, monitor, derivative }));
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
  /** The server summary of a channel, if one arrived. */
  serverLod(name: string): S | null;
}

export function prepareCurves<S>(o: PrepareOptions<S>): PreparedCurves<S> {
  const { source, xName } = o;
  const xArr = xName ? source.read(xName) : null;
  const out: PreparedCurves<S> = { curves: [], missing: [], held: 0, limit: 0, lodWanted: [], lodTotal: 0 };
  for (const spec of o.specs) {
    const y = source.read(spec.name);
    const monArr = spec.monitor ? source.read(spec.monitor) : null;
    // The client does not hold the whole stream (late join still catching up, or points skipped): long
    // curves come from the server's level of detail until it has, even before the first point arrives,
    // so a finished scan is drawn whole at once rather than as its raw points trickle in.
    const total = source.total(spec.name);
    const contiguous = Math.min(source.contiguous(spec.name), xName ? source.contiguous(xName) : Infinity);
    let server: S | null = null;
    if (!spec.derivative && !spec.monitor && total > o.lodThreshold && contiguous < total) {
      out.lodWanted.push(spec.name);
      out.lodTotal = Math.max(out.lodTotal, total);
      server = o.serverLod(spec.name);
    }
    if (!y || (xName && !xArr) || (spec.monitor && !monArr)) {
      if (!y && !server) out.missing.push(spec.name);
      out.curves.push({ spec, built: null, server });
      continue;
    }
    let builder = o.builders.get(spec.key);
    if (!builder) o.builders.set(spec.key, (builder = new CurveBuilder()));
    const n = Math.min(y.length, xArr ? xArr.length : Infinity, monArr ? monArr.length : Infinity);
    const built = builder.build({ x: xArr, y, monitor: monArr }, n, {
      derivative: spec.derivative,
      logX: o.logX,
      logY: spec.axis === 'right' ? o.logY2 : o.logY,
      zoomX: o.zoomX,
      lodThreshold: o.lodThreshold,
      buckets: o.buckets,
    });
    out.limit = Math.max(out.limit, n);
    out.held = Math.max(out.held, built.points);
    out.curves.push({ spec, built, server });
  }
  return out;
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
  return title(s.name) + (s.monitor ? ` / ${shortName(s.monitor)}` : '') + (s.derivative ? ' (derivative)' : '');
}

export function rightTitle(specs: readonly CurveSpec[], title: (name: string) => string): string | null {
  const right = specs.filter((s) => s.axis === 'right');
  return right.length ? (right.length === 1 ? title(right[0]!.name) : '') : null;
}
