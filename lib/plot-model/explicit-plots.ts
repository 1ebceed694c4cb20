/**
 * Plots described in `scan_info.plots`, read as Flint's `read_plot_models` does: `curve-plot`,
 * `scatter-plot`, `1d-plot` and `table-plot` are used; any other kind is skipped with a warning (image,
 * MCA and other 1D plots are always inferred from devices).
 *
 * A scatter item without `value` gets one as Flint's `_select_default_counter` picks it: a counter of the
 * x (else y) channel's scatter group, else a non-master scalar of any chain; non-time channels first.
 *
 * Deviation: a curve plot that names no x anywhere (Sardana's bare `{"kind": "curve-plot"}`) gets the
 * x most used by the other curve plots of the scan, else the first master scalar, else (channels Flint
 * would not show) a guessed axis; Flint would plot its curves against the point index.
 */
import type { PlotDescription, ScanInfo } from '../blissdata/scan-info';
import { guessAxisChannel, inferenceChains, scalarChannels } from './infer';
import { chainChannels, type ScanTree } from './scan-tree';
import { scatterGrid } from './scatter-grid';
import type { CurveItem, CurvePlotModel, OneDimPlotModel, PlotModel, ScatterPlotModel, TablePlotModel } from './types';

export interface ExplicitPlots {
  plots: PlotModel[];
  warnings: string[];
}

export function readExplicitPlots(tree: ScanTree, descriptions: readonly PlotDescription[]): ExplicitPlots {
  const warnings: string[] = [];
  const plots: PlotModel[] = [];
  const defaultX = defaultCurveX(tree, descriptions);
  for (const [index, description] of descriptions.entries()) {
    switch (description.kind) {
      case 'curve-plot':
        plots.push(curvePlot(description, defaultX));
        break;
      case 'scatter-plot':
        plots.push(scatterPlot(tree, description, index, warnings));
        break;
      case '1d-plot':
        plots.push(oneDimPlot(description));
        break;
      case 'table-plot':
        plots.push(tablePlot(tree, description));
        break;
      case 'unsupported':
        warnings.push(
          `plots[${index}]: kind ${JSON.stringify(description.originalKind)} is not one Flint accepts; skipped (images, MCA and 1D plots are inferred from devices)`,
        );
        break;
    }
  }
  return { plots, warnings };
}

function named(description: { name?: string }, fallbackTitle: string, kind: string): { id: string; title: string; name?: string } {
  return description.name !== undefined
    ? { id: `${kind}:${description.name}`, title: description.name, name: description.name }
    : { id: kind, title: fallbackTitle };
}

/** x for curve plots that name none: the most used explicit x, else the first master scalar. */
function defaultCurveX(tree: ScanTree, descriptions: readonly PlotDescription[]): string | null {
  const counts = new Map<string, number>();
  for (const d of descriptions) {
    if (d.kind !== 'curve-plot') continue;
    for (const item of d.items) if (item.x !== undefined) counts.set(item.x, (counts.get(item.x) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [x, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = x;
  if (best !== null) return best;
  for (const chain of inferenceChains(tree)) {
    const master = chainChannels(tree, chain, { master: true, dim: 0 })[0];
    if (master !== undefined) return master.name;
  }
  // Channels Flint would not show carry no master flag: guess among them.
  const scalars = scalarChannels(tree);
  return scalars.some((c) => c.origin !== 'chain') ? (guessAxisChannel(scalars)?.name ?? null) : null;
}

function curvePlot(d: Extract<PlotDescription, { kind: 'curve-plot' }>, defaultX: string | null): CurvePlotModel {
  const plotX = d.items.find((i) => i.x !== undefined)?.x ?? defaultX;
  const items: CurveItem[] = [];
  for (const item of d.items) {
    if (item.y === undefined) continue; // an x-only item just names the axis
    items.push({ x: item.x ?? plotX, y: item.y, yAxis: item.y_axis ?? 'left' });
  }
  return {
    kind: 'curve',
    ...named(d, 'Curve', 'curve'),
    origin: 'scan_info',
    x: plotX,
    items,
    selectionSource: items.length > 0 ? 'scan_info' : 'none',
  };
}

function scatterPlot(tree: ScanTree, d: Extract<PlotDescription, { kind: 'scatter-plot' }>, index: number, warnings: string[]): ScatterPlotModel {
  const first = d.items[0];
  const x = first?.x ?? null;
  const y = first?.y ?? null;
  const values: string[] = [];
  for (const [i, item] of d.items.entries()) {
    if ((item.x ?? null) !== x || (item.y ?? null) !== y) {
      warnings.push(`plots[${index}].items[${i}]: scatter items on other axes than the first are not supported; skipped`);
      continue;
    }
    const value = item.value ?? defaultScatterValue(tree, x ?? y);
    if (value !== null && !values.includes(value)) values.push(value);
  }
  return {
    kind: 'scatter',
    ...named(d, 'Scatter', 'scatter'),
    origin: 'scan_info',
    x,
    y,
    value: values[0] ?? null,
    values,
    grid: scatterGrid(tree.info, x, y),
  };
}

/** Flint's `_select_default_counter`. */
function defaultScatterValue(tree: ScanTree, axis: string | null): string | null {
  if (axis === null) return null;
  const info: ScanInfo = tree.info;
  const group = info.channels[axis]?.group;
  let names: string[];
  if (group !== undefined) {
    names = scalarChannels(tree)
      .filter((c) => c.info?.group === group && c.info.axis_id === undefined && c.info.axis_kind === undefined)
      .map((c) => c.name);
  } else {
    names = inferenceChains(tree).flatMap((chain) => chainChannels(tree, chain, { master: false, dim: 0 }).map((c) => c.name));
  }
  const quantities = names.filter((n) => !(tree.byName.get(n)?.isTime ?? false));
  return (quantities.length > 0 ? quantities : names)[0] ?? null;
}

function oneDimPlot(d: Extract<PlotDescription, { kind: '1d-plot' }>): OneDimPlotModel {
  return {
    kind: 'oned',
    ...named(d, '1D', 'oned'),
    origin: 'scan_info',
    x: d.x !== undefined ? { kind: 'channel', channel: d.x } : { kind: 'index' },
    channels: d.items.flatMap((i) => (i.y !== undefined ? [i.y] : [])),
  };
}

function tablePlot(tree: ScanTree, d: Extract<PlotDescription, { kind: 'table-plot' }>): TablePlotModel {
  return {
    kind: 'table',
    ...named(d, 'Table', 'table'),
    origin: 'scan_info',
    variant: 'table',
    channels: scalarChannels(tree).map((c) => c.name),
  };
}
