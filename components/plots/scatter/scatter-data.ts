/** What the scatter plots read of the buffers: whole scalar channels, monitor-normalised values, notes. */
import { gapNotes, type GapSource } from '../curve/curve-data';
import { shortName } from '../plot-frame';
import type { PlotDataSource } from '../plot-types';
import { normalised } from './mesh-channels';

/** A scalar channel's points, or null when not a scalar channel held in full (latest-only). */
export function readScalar(source: Pick<PlotDataSource, 'buffers'>, name: string | null): Float64Array | null {
  if (!name) return null;
  const b = source.buffers.streamByName(name);
  if (!b || b.itemsPerPoint !== 1 || b.latestOnly) return null;
  return b.toFloat64(0, b.length);
}

/** The colour values: the channel, divided by the monitor when one is chosen. */
export function readValues(source: Pick<PlotDataSource, 'buffers'>, value: string | null, monitor: string | null): Float64Array | null {
  const values = readScalar(source, value);
  if (!values || !monitor) return values;
  const m = readScalar(source, monitor);
  return m ? normalised(values.subarray(0, Math.min(values.length, m.length)), m) : null;
}

/** Gaps in the channels drawn, and the channels nothing was received of yet. */
export function scatterNotes(source: Pick<PlotDataSource, 'buffers'>, names: (string | null)[], limit: number): string[] {
  const sources: GapSource[] = [];
  const missing: string[] = [];
  for (const n of names) {
    if (!n) continue;
    const b = source.buffers.streamByName(n);
    if (!b) missing.push(`${shortName(n)}: no data received yet`);
    sources.push({ label: shortName(n), gaps: b?.gaps ?? [] });
  }
  return [...gapNotes(sources, limit), ...missing];
}
