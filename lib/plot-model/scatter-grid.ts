/**
 * How a scatter can be drawn, from the axis hints of its x/y channels, following Flint's scatter viewer
 * (`viewers/live_scatter`, `ScatterNormalization` and `ScatterData` in `model/scan_model.py`):
 *
 * - regular grid (heatmap) when both axes have an `axis_kind` of forth/backnforth, their `axis_id`s are
 *   {0, 1} and both give `axis_points`; shape is (y points, x points); the axis with id 0 is the fast one
 *   (`row` major order when x is fast). Flint only unfolds back-and-forth axes when every axis of the
 *   scatter group has a kind; we accept them on x/y alone, the reader reverses odd lines itself.
 * - 2D histogram when both axes give `axis_points` or `axis_points_hint` (irregular scatters);
 * - coloured points otherwise.
 *
 * Slower axes of an n-D scatter (same `group`, `axis_id` ≥ 2) must be `step` axes: Flint then shows only
 * the points of their last value ("group by"); they are listed in `stepChannels`.
 */
import type { ChannelInfo, ScanInfo } from '../blissdata/scan-info';
import type { ScatterGrid } from './types';

function range(meta: ChannelInfo): [number, number] | undefined {
  if (meta.start !== undefined && meta.stop !== undefined) return [meta.start, meta.stop];
  if (meta.min !== undefined && meta.max !== undefined) return [meta.min, meta.max];
  return undefined;
}

function withRanges<T extends object>(grid: T, x: ChannelInfo, y: ChannelInfo): T & { xRange?: [number, number]; yRange?: [number, number] } {
  const xRange = range(x);
  const yRange = range(y);
  return { ...grid, ...(xRange ? { xRange } : {}), ...(yRange ? { yRange } : {}) };
}

/** Step channels of the x channel's group at axis ids other than x's and y's. */
function stepChannels(info: ScanInfo, xName: string, yName: string, xMeta: ChannelInfo, yMeta: ChannelInfo): string[] | null {
  const group = xMeta.group;
  if (group === undefined || yMeta.group !== group) return [];
  const otherIds = new Map<number, string[]>();
  for (const [name, meta] of Object.entries(info.channels)) {
    if (name === xName || name === yName || meta.group !== group) continue;
    if (meta.axis_id === undefined || meta.axis_id === xMeta.axis_id || meta.axis_id === yMeta.axis_id) continue;
    const list = otherIds.get(meta.axis_id) ?? [];
    if (meta.axis_kind === 'step') list.push(name);
    otherIds.set(meta.axis_id, list);
  }
  const out: string[] = [];
  for (const list of otherIds.values()) {
    // Flint: "ndim scatter can't be grouped to 2d scatter" when an extra axis has no step channel.
    if (list[0] === undefined) return null;
    out.push(list[0]);
  }
  return out;
}

export function scatterGrid(info: ScanInfo, x: string | null, y: string | null): ScatterGrid {
  if (x === null || y === null) return { kind: 'points' };
  const xm = info.channels[x];
  const ym = info.channels[y];
  if (xm === undefined || ym === undefined) return { kind: 'points' };

  const kinds = [xm.axis_kind, ym.axis_kind];
  const ids = new Set([xm.axis_id, ym.axis_id]);
  if (
    kinds.every((k) => k === 'forth' || k === 'backnforth') &&
    ids.has(0) &&
    ids.has(1) &&
    xm.axis_points !== undefined &&
    ym.axis_points !== undefined &&
    xm.axis_points > 0 &&
    ym.axis_points > 0
  ) {
    const steps = stepChannels(info, x, y, xm, ym);
    if (steps !== null) {
      const xFast = xm.axis_id === 0;
      return withRanges(
        {
          kind: 'regular' as const,
          xPoints: xm.axis_points,
          yPoints: ym.axis_points,
          shape: [ym.axis_points, xm.axis_points] as [number, number],
          fastAxis: xFast ? ('x' as const) : ('y' as const),
          order: xFast ? ('row' as const) : ('column' as const),
          xKind: xm.axis_kind as 'forth' | 'backnforth',
          yKind: ym.axis_kind as 'forth' | 'backnforth',
          stepChannels: steps,
        },
        xm,
        ym,
      );
    }
  }
  const xBins = xm.axis_points_hint ?? xm.axis_points;
  const yBins = ym.axis_points_hint ?? ym.axis_points;
  if (xBins !== undefined && yBins !== undefined && xBins > 0 && yBins > 0) {
    return withRanges({ kind: 'histogram' as const, bins: [yBins, xBins] as [number, number] }, xm, ym);
  }
  return { kind: 'points' };
}
