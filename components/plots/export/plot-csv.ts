/**
 * "CSV of the selected channels" of a plot: the scalar channels it shows (a curve's x and y on both
 * axes, a scatter's axes and values, a table's columns), one column each after the point index.
 *
 * Built in the browser (toCsv over the buffers) only when the page holds every published point of
 * each channel and the table is small; otherwise the server's whole-scan CSV route serves the same
 * columns (`?channels=`), reading points trimmed from Redis in the HDF5 file: a CSV from the browser
 * would silently miss them.
 */
import { toCsv, type CsvColumn } from '@/lib/analysis/csv-export';
import type { ScanBuffers } from '@/lib/live-data/scan-buffers';
import type { PlotModel } from '@/lib/plot-model';
import { joinChannelList } from '@/lib/view-state/url';
import type { PlotViewState } from '@/lib/view-state/plot-view-state';

/** Cells above which the server writes the CSV (string building on the page's thread). */
export const LOCAL_CSV_MAX_CELLS = 200_000;

/** Scalar channels a plot shows with this view, in column order, without repeats; [] for spectra and images. */
export function plotChannels(model: PlotModel, view: PlotViewState): string[] {
  const out: string[] = [];
  const add = (name: string | null | undefined) => {
    if (name && !out.includes(name)) out.push(name);
  };
  switch (model.kind) {
    case 'curve': {
      add(view.x !== undefined ? view.x : model.x);
      (view.y ?? model.items.filter((i) => i.yAxis === 'left').map((i) => i.y)).forEach(add);
      (view.y2 ?? model.items.filter((i) => i.yAxis === 'right').map((i) => i.y)).forEach(add);
      break;
    }
    case 'scatter':
      add(model.x);
      add(model.y);
      add(view.value ?? model.value);
      model.values.forEach(add);
      break;
    case 'table':
      model.channels.forEach(add);
      break;
    default:
      break;
  }
  return out;
}

export type CsvPlan = { kind: 'local'; text: string; rows: number } | { kind: 'server'; url: string; reason: string };

/** How to give the CSV of `channels`: from the page when it holds all of it, else from the server, saying why. */
export function csvPlan(scanKey: string, buffers: ScanBuffers, published: (name: string) => number, channels: readonly string[]): CsvPlan {
  const url = `/api/scans/${encodeURIComponent(scanKey)}/csv?channels=${encodeURIComponent(joinChannelList(channels))}`;
  let rows = 0;
  for (const name of channels) {
    const b = buffers.streamByName(name);
    const total = published(name);
    if (!b || b.latestOnly || b.gaps.length > 0 || b.length < total || b.pointShape.length > 0) {
      return { kind: 'server', url, reason: `${name}: the page does not hold all ${total} points (trimmed, not received or latest only)` };
    }
    if (b.windowStart > 0) return { kind: 'server', url, reason: `${name}: the page holds the newest ${b.length - b.windowStart} points raw, the older ones as a summary` };
    rows = Math.max(rows, b.length);
  }
  if (rows * (channels.length + 1) > LOCAL_CSV_MAX_CELLS) return { kind: 'server', url, reason: `${rows} rows: written by the server` };
  const columns: CsvColumn[] = [{ name: 'index', values: Float64Array.from({ length: rows }, (_, i) => i) }];
  for (const name of channels) columns.push({ name, values: buffers.streamByName(name)!.toFloat64() });
  return { kind: 'local', text: toCsv(columns), rows };
}
