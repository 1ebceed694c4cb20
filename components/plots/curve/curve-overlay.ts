/**
 * Comparing scans, the mapping part: which earlier scans are "the previous N of the same kind" (Flint keeps
 * 3), other scans' channel arrays as a ChannelSource, their curves prepared with this plot's curve math,
 * and curves minus a reference scan's. Pure: unit-tested without a browser.
 */
import { differenceToReference } from '@/lib/analysis/compare';
import type { ScanSummary } from '@/lib/wire/contract';
import type { BuiltCurve } from './curve-data';
import type { ChannelSource, CurveSpec } from './curve-prepare';

/** Colours of overlaid scans: muted, apart from the curve colours of the scan itself. */
export const OVERLAY_COLORS = ['#7f7f7f', '#b07aa1', '#9c755f', '#76b7b2', '#edc948', '#59a14f', '#ff9da7', '#4e79a7'];
const DASHES = ['dash', 'dot', 'dashdot', 'longdash'] as const;

export interface OverlayScan {
  key: string;
  number: number;
  /** Channel arrays loaded so far (whole channels). */
  data: ReadonlyMap<string, Float64Array>;
  /** Why (part of) it could not be loaded. */
  error: string | null;
  /** Drawn (overlaid), or only loaded as the reference of differences. */
  drawn: boolean;
  /** Still running: its curves grow as it is read again (the legend says so). */
  live?: boolean;
}

/**
 * The `n` scans before `current` of the same kind: same session and scan command (`ascan`, `dscan`...),
 * lower scan number, newest first.
 */
export function previousScans(list: readonly ScanSummary[], current: Pick<ScanSummary, 'key' | 'number' | 'name' | 'session'>, n: number): ScanSummary[] {
  if (n <= 0) return [];
  return list
    .filter((s) => s.key !== current.key && s.session === current.session && s.name === current.name && s.number < current.number && !s.sequence && !s.error)
    .sort((a, b) => b.number - a.number)
    .slice(0, n);
}

/** A ChannelSource over another scan's whole channels (loaded over REST, complete). */
export function arraySource(data: ReadonlyMap<string, Float64Array>): ChannelSource {
  return {
    nonScalar: [],
    read: (name) => data.get(name) ?? null,
    contiguous: (name) => data.get(name)?.length ?? 0,
    total: (name) => data.get(name)?.length ?? 0,
    sealed: () => true,
    gaps: () => [],
  };
}

/** This plot's curves for an overlaid scan: its own builder keys, colour, dash and a legend naming the scan. */
export function overlaySpecs(specs: readonly CurveSpec[], scan: { key: string; number: number; live?: boolean }, index: number): CurveSpec[] {
  return specs.map((s, i) => ({
    ...s,
    key: `${scan.key}|${s.key}`,
    color: OVERLAY_COLORS[index % OVERLAY_COLORS.length]!,
    label: `#${scan.number} ${s.label}${scan.live ? ' (live)' : ''}`,
    dash: DASHES[i % DASHES.length],
  }));
}

export interface DrawnCurve {
  spec: CurveSpec & { dash?: string };
  built: BuiltCurve;
}

/**
 * A curve minus the reference scan's same curve, read at the curve's own x (full resolution, the level of
 * detail is not kept): NaN where the reference was not measured. The label says what it is.
 */
export function minusReference(curve: DrawnCurve, reference: BuiltCurve, referenceLabel: string): DrawnCurve {
  const b = curve.built;
  const n = b.points;
  const x = Float64Array.from({ length: n }, (_, i) => Number(b.statX[i]));
  const y = differenceToReference(x, sliceOf(b.statY, n), sliceOf(reference.statX, reference.points), sliceOf(reference.statY, reference.points));
  return { spec: { ...curve.spec, label: `${curve.spec.label} − ${referenceLabel}` }, built: { x, y, statX: x, statY: y, points: n, drawn: n, lod: null } };
}

function sliceOf(a: ArrayLike<number>, n: number): ArrayLike<number> {
  return ArrayBuffer.isView(a) ? (a as Float64Array).subarray(0, n) : Array.prototype.slice.call(a, 0, n);
}

/** What an overlay loads of a scan: the x channel and every channel the curves read (math included). */
export function overlayChannels(xName: string | null, specs: readonly CurveSpec[], expressionChannels: (expr: string) => string[]): string[] {
  const names = new Set<string>();
  if (xName) names.add(xName);
  for (const s of specs) {
    if (s.expr) for (const c of expressionChannels(s.expr)) names.add(c);
    else names.add(s.name);
    if (s.monitor) names.add(s.monitor);
  }
  return [...names];
}
