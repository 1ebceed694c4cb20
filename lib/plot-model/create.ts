/**
 * Entry point: what to plot for a scan, following Flint's `create_plot_model`
 * (`flint/scan_info_parser/plots.py`):
 *
 * 1. `plots` present (even `[]`): its curve/scatter/1d/table plots, then the inferred plots that are
 *    neither curve nor scatter (MCA, images, the ct table, and 1D plots unless `plots` has a 1d-plot);
 *    `plots` absent: everything inferred. Scan sequences infer nothing (Flint's `ScanGroup`), but their
 *    explicit plots are honoured as Flint does.
 * 2. The writer's selection (`display_extra`) is applied, missing channels are dropped, and an empty
 *    curve plot gets a counter.
 * 3. Plots are ordered: the default plot first, then curve/scatter plots with nothing but time to
 *    show go last (Flint's `plot_priority`).
 *
 * Default plot: Flint picks the first scatter, else MCA, else 1D, else a detector's default image (its
 * curve plot never qualifies, apparently by accident: the branch that would set it is dead code). We
 * let a curve plot (or the ct table) with something selected come before MCA/1D/image plots, so an
 * ascan shows its curve first.
 */
import { isScanSequence, type ScanInfo } from '../blissdata/scan-info';
import { inferDevicePlots } from './device-plots';
import { applyDisplayExtra } from './display-extra';
import { readExplicitPlots } from './explicit-plots';
import { inferDefaultPlots } from './infer';
import { buildScanTree, type ScanTree, type TreeChannel } from './scan-tree';
import { plotSelectionKey } from './selection-key';
import type { ModelChannel, PlotModel, PlotSetup, StreamDescriptor } from './types';

export function createPlotModels(info: ScanInfo, streams: readonly StreamDescriptor[] = []): PlotSetup {
  const tree = buildScanTree(info, streams);
  const warnings = [...tree.warnings];
  const sequence = isScanSequence(info);
  const inferred = sequence ? [] : inferAll(tree, warnings);

  let plots: PlotModel[];
  if (info.plots !== undefined) {
    const explicit = readExplicitPlots(tree, info.plots);
    warnings.push(...explicit.warnings);
    plots = [...explicit.plots];
    const hasOneDim = plots.some((p) => p.kind === 'oned');
    for (const plot of inferred) {
      if (plot.kind === 'curve' || plot.kind === 'scatter') continue; // constrained by `plots`
      if (hasOneDim && plot.kind === 'oned') continue;
      if (plots.some((p) => p.id === plot.id)) continue; // Flint's hasSameTarget
      plots.push(plot);
    }
  } else {
    plots = inferred;
  }

  plots = applyDisplayExtra(tree, plots, warnings);
  plots = byPriority(tree, plots);
  plots = withUniqueIds(plots);

  return {
    plots,
    channels: tree.channels.map(toModelChannel),
    warnings: [...new Set(warnings)],
    selectionKey: plotSelectionKey(info),
  };
}

function inferAll(tree: ScanTree, warnings: string[]): PlotModel[] {
  const scalar = inferDefaultPlots(tree);
  const devices = inferDevicePlots(tree);
  warnings.push(...scalar.warnings, ...devices.warnings);
  const plots: PlotModel[] = [
    ...(scalar.table ? [scalar.table] : []),
    ...(scalar.curve ? [scalar.curve] : []),
    ...scalar.scatters,
    ...devices.mca,
    ...devices.oned,
    ...devices.images,
  ];
  const preferred =
    scalar.scatters[0] ??
    (scalar.curve !== undefined && scalar.curve.items.length > 0 ? scalar.curve : undefined) ??
    (scalar.table !== undefined && scalar.table.channels.length > 0 ? scalar.table : undefined) ??
    devices.mca[0] ??
    devices.oned[0] ??
    devices.images.find((p) => p.isDefault);
  if (preferred === undefined) return plots;
  return [preferred, ...plots.filter((p) => p !== preferred)];
}

/** Flint's `plot_priority`: a curve/scatter plot showing only time is worth less than any other plot. */
function byPriority(tree: ScanTree, plots: PlotModel[]): PlotModel[] {
  const isQuantity = (name: string | null) => {
    if (name === null) return false;
    const c = tree.byName.get(name);
    return c !== undefined && !c.isTime;
  };
  const couldShowSomething = tree.channels.some((c) => c.dim <= 1 && !c.isTime);
  const priority = (plot: PlotModel): number => {
    if (plot.kind !== 'curve' && plot.kind !== 'scatter') return 50;
    const shows = plot.kind === 'curve' ? plot.items.some((i) => isQuantity(i.y)) : plot.values.some(isQuantity);
    return shows || couldShowSomething ? 50 : 0;
  };
  // Array.prototype.sort is stable: equal priorities keep their order.
  return [...plots].sort((a, b) => priority(b) - priority(a));
}

function withUniqueIds(plots: PlotModel[]): PlotModel[] {
  const used = new Map<string, number>();
  return plots.map((plot) => {
    const n = (used.get(plot.id) ?? 0) + 1;
    used.set(plot.id, n);
    return n === 1 ? plot : { ...plot, id: `${plot.id}#${n}` };
  });
}

function toModelChannel(c: TreeChannel): ModelChannel {
  return {
    name: c.name,
    displayName: c.displayName,
    ...(c.unit !== undefined ? { unit: c.unit } : {}),
    dim: c.dim,
    device: c.device,
    deviceName: c.deviceName,
    chain: c.chain,
    isMaster: c.isMaster,
    isTime: c.isTime,
    timeKind: c.timeKind,
    stream: c.stream,
    origin: c.origin,
  };
}
