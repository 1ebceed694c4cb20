/**
 * Which channels can colour a mesh or scatter: every scalar channel the scan records, not only those its
 * hints name. The hinted ones come first, in their order (the default is the first); the scatter's own
 * axes are left out since a channel coloured over itself says nothing.
 */
import type { StreamMeta } from '@/lib/wire/contract';

export interface ValueChoiceModel {
  x: string | null;
  y: string | null;
  values: readonly string[];
}

function isScalar(s: StreamMeta): boolean {
  return (s.kind === 'array' || s.kind === 'hdf5_fallback') && s.shape.length === 0 && s.dtype !== null && s.error === null;
}

export function scatterValueChoices(model: ValueChoiceModel, streams: readonly StreamMeta[]): string[] {
  const out: string[] = [];
  const add = (name: string) => {
    if (name !== model.x && name !== model.y && !out.includes(name)) out.push(name);
  };
  for (const v of model.values) add(v);
  for (const s of streams) if (isScalar(s)) add(s.name);
  return out;
}

/** Monitors a mesh can be divided by: scalar channels other than the value and the axes. */
export function scatterMonitorChoices(model: ValueChoiceModel, value: string | null, streams: readonly StreamMeta[]): string[] {
  return streams.filter((s) => isScalar(s) && s.name !== value && s.name !== model.x && s.name !== model.y).map((s) => s.name);
}

/** value / monitor point by point, NaN where the monitor is 0 or missing (never a made-up value). */
export function normalised(values: Float64Array, monitor: Float64Array | null): Float64Array {
  if (!monitor) return values;
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = i < monitor.length ? monitor[i]! : Number.NaN;
    out[i] = m === 0 || !Number.isFinite(m) ? Number.NaN : values[i]! / m;
  }
  return out;
}
