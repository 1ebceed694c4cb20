/**
 * The writer's channel selection, applied as Flint's `create_plot_model` and `resolveCurvePlotUpdate` do
 * for a scan shown for the first time (`scan_info_parser/plots.py`, `helper/model_helper.py`):
 *
 * - names not in the scan are dropped with a warning; a list left empty counts as absent;
 * - `displayed_channels` sets the y channels of curve plots and the values of scatter plots;
 * - else `plotselect` sets the y channels of curve plots;
 * - a new curve takes the x of a curve from the same chain (top master), else the point index;
 * - curves whose y is not in the scan are removed; an x not in the scan becomes the index;
 * - a curve plot left with nothing to show gets one counter (Flint's `selectSomethingToPlotIfNone`:
 *   not the x, preferably not an `axis:` channel nor a time).
 *
 * Only scalar channels are accepted as curve y or scatter values.
 */
import { effectiveDisplayExtra } from '../blissdata/scan-info';
import { scalarChannels } from './infer';
import type { ScanTree } from './scan-tree';
import type { CurveItem, CurvePlotModel, PlotModel, ScatterPlotModel } from './types';

function keepKnown(tree: ScanTree, names: readonly string[] | undefined, what: string, warnings: string[]): string[] | undefined {
  if (names === undefined) return undefined;
  const kept: string[] = [];
  for (const name of names) {
    const channel = tree.byName.get(name);
    if (channel === undefined) warnings.push(`${what}: "${name}" is not a channel of the scan; skipped`);
    else if (channel.dim !== 0) warnings.push(`${what}: "${name}" is not a scalar; skipped`);
    else if (!kept.includes(name)) kept.push(name);
  }
  return kept.length > 0 ? kept : undefined;
}

export function applyDisplayExtra(tree: ScanTree, plots: PlotModel[], warnings: string[]): PlotModel[] {
  const { extra, source } = effectiveDisplayExtra(tree.info);
  if (source === '_display_extra') warnings.push('using the legacy _display_extra (no display_extra; Flint 2.x would ignore it)');
  const displayed = keepKnown(tree, extra?.displayed_channels, `${source}.displayed_channels`, warnings);
  const plotselect = displayed === undefined ? keepKnown(tree, extra?.plotselect, `${source}.plotselect`, warnings) : undefined;

  return plots.map((plot) => {
    if (plot.kind === 'curve') {
      let curve = plot;
      if (displayed) curve = selectCurves(tree, curve, displayed, 'displayed_channels');
      else if (plotselect) curve = selectCurves(tree, curve, plotselect, 'plotselect');
      curve = discardMissing(tree, curve, warnings);
      return selectSomethingIfNone(tree, curve);
    }
    if (plot.kind === 'scatter' && displayed) return selectScatterValues(plot, displayed);
    return plot;
  });
}

/** x for a new curve of `y`: the x of a curve from the same chain, else the plot's x if in that chain, else the index. */
function xFor(tree: ScanTree, plot: CurvePlotModel, items: readonly CurveItem[], y: string): string | null {
  const chain = tree.byName.get(y)?.chain;
  const chainOf = (name: string | null) => (name === null ? undefined : tree.byName.get(name)?.chain);
  for (const item of items) if (item.x !== null && chainOf(item.x) === chain) return item.x;
  if (plot.x !== null && chainOf(plot.x) === chain) return plot.x;
  return null;
}

function selectCurves(tree: ScanTree, plot: CurvePlotModel, names: string[], source: 'displayed_channels' | 'plotselect'): CurvePlotModel {
  const kept = plot.items.filter((i) => names.includes(i.y));
  const items = [...kept];
  for (const y of names) {
    if (items.some((i) => i.y === y)) continue;
    items.push({ x: xFor(tree, plot, [...plot.items, ...items], y), y, yAxis: 'left' });
  }
  return { ...plot, items, selectionSource: source };
}

function selectScatterValues(plot: ScatterPlotModel, names: string[]): ScatterPlotModel {
  return { ...plot, values: [...names], value: names[0] ?? null };
}

function discardMissing(tree: ScanTree, plot: CurvePlotModel, warnings: string[]): CurvePlotModel {
  const isScalar = (name: string) => tree.byName.get(name)?.dim === 0;
  const badX = new Set<string>();
  const items: CurveItem[] = [];
  for (const item of plot.items) {
    if (!isScalar(item.y)) {
      warnings.push(`plot "${plot.title}": "${item.y}" is not a plottable scalar of the scan; curve removed`);
      continue;
    }
    if (item.x !== null && !isScalar(item.x)) {
      badX.add(item.x);
      items.push({ ...item, x: null });
      continue;
    }
    items.push(item);
  }
  const x = plot.x !== null && !isScalar(plot.x) ? (badX.add(plot.x), null) : plot.x;
  for (const name of badX) warnings.push(`plot "${plot.title}": x "${name}" is not a plottable scalar of the scan; index used`);
  const changed = items.length !== plot.items.length || badX.size > 0;
  return changed ? { ...plot, x, items, selectionSource: items.length > 0 ? plot.selectionSource : 'none' } : plot;
}

function selectSomethingIfNone(tree: ScanTree, plot: CurvePlotModel): CurvePlotModel {
  if (plot.items.length > 0) return plot;
  const score = (name: string, isTime: boolean): number => (name === plot.x ? 10 : 0) + (name.startsWith('axis:') || isTime ? 1 : 0);
  let best: { name: string; score: number } | undefined;
  for (const c of scalarChannels(tree)) {
    const s = score(c.name, c.isTime);
    if (best === undefined || s < best.score) best = { name: c.name, score: s };
  }
  if (best === undefined) return plot;
  return { ...plot, items: [{ x: xFor(tree, plot, [], best.name), y: best.name, yAxis: 'left' }], selectionSource: 'auto' };
}
