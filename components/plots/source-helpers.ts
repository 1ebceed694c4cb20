/**
 * Small read-only helpers over a PlotDataSource: stream metadata (the buffers' copy is kept current by
 * `scan:progress`, the snapshot's may lag), units and display names.
 */
import type { StreamMeta } from '@/lib/wire/contract';
import type { PlotDataSource } from './plot-types';
import { shortName } from './plot-frame';

export function streamMeta(source: PlotDataSource, name: string): StreamMeta | undefined {
  const id = source.buffers.idOf(name);
  const live = id === undefined ? undefined : source.buffers.meta(id);
  return live ?? source.snapshot.streams.find((s) => s.name === name);
}

interface ChannelInfoLike {
  display_name?: unknown;
  unit?: unknown;
}

function channelInfo(source: PlotDataSource, name: string): ChannelInfoLike | undefined {
  const channels = source.snapshot.info?.channels as Record<string, ChannelInfoLike> | undefined;
  return channels?.[name];
}

export function channelUnit(source: PlotDataSource, name: string | null): string | null {
  if (!name) return null;
  const meta = streamMeta(source, name);
  if (meta?.unit) return meta.unit;
  const unit = channelInfo(source, name)?.unit;
  return typeof unit === 'string' && unit ? unit : null;
}

export function displayName(source: PlotDataSource, name: string | null): string {
  if (!name) return 'index';
  const dn = channelInfo(source, name)?.display_name;
  return typeof dn === 'string' && dn ? dn : shortName(name);
}

/** "diode1 [cps]" */
export function axisTitle(source: PlotDataSource, name: string | null): string {
  const unit = channelUnit(source, name);
  return unit ? `${displayName(source, name)} [${unit}]` : displayName(source, name);
}

/** Error text recorded by the buffers for a stream (malformed frame...), if any. */
export function bufferError(source: PlotDataSource, name: string): string | null {
  const id = source.buffers.idOf(name);
  if (id === undefined) return null;
  return source.buffers.errors.get(id) ?? null;
}
