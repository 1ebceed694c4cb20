/**
 * Default ct/curve/scatter plots inferred from the acquisition chain, as Flint's `infer_plot_models`,
 * `_infer_default_curve_plot` and `_infer_default_scatter_plot` do (`flint/scan_info_parser/plots.py`):
 *
 * - `type == "ct"` → a single-count table, nothing else;
 * - otherwise a curve plot when a chain has non-master scalars: per chain, x = its first master scalar,
 *   y = its first non-master scalar; for motor scans (first master channel `axis:…`, not a time) time
 *   channels are skipped;
 * - `data_dim == 2` or `dim == 2` → one scatter per chain: x, y = its first two master scalars, value =
 *   its first non-time non-master scalar; the curve plot then shows the first value and the masters
 *   against time (time on x, value on the left axis, masters on the right).
 *
 * Deviations: Flint's scatter-mode curve ends up empty when a non-master time scalar exists (a reset
 * of its loop variable) and plots the time against itself; we take the first time channel, non-master
 * first, and leave it out of the y items. When a chain has no master scalar but Lantern added channels
 * Flint would not show (Sardana, bare streams), x is guessed (`guessAxisChannel`) instead of being the
 * point index.
 */
import type { ScanInfo } from '../blissdata/scan-info';
import { chainChannels, type ScanTree, type TreeChannel } from './scan-tree';
import { scatterGrid } from './scatter-grid';
import type { CurveItem, CurvePlotModel, ScatterPlotModel, TablePlotModel } from './types';

export interface DefaultPlots {
  table?: TablePlotModel;
  curve?: CurvePlotModel;
  scatters: ScatterPlotModel[];
  warnings: string[];
}

/** Chains to infer from; channels attached to no chain form one more, unnamed (streams without scan_info). */
export function inferenceChains(tree: ScanTree): (string | null)[] {
  const chains: (string | null)[] = [...tree.chains];
  if (tree.channels.some((c) => c.chain === null)) chains.push(null);
  return chains;
}

export function wantsScatter(info: ScanInfo): boolean {
  return info.data_dim === 2 || info.dim === 2;
}

export function scalarChannels(tree: ScanTree): TreeChannel[] {
  return tree.channels.filter((c) => c.dim === 0);
}

const POINT_NUMBER = /^(#\s*pt\s*no|point_nb|pt_no)$/i;

/**
 * Lantern's guess of the x axis among scalars nothing marks as masters: the first channel of a device
 * called "axis" (Sardana's motors, Bliss's `axis:` channels) that is neither a time nor a point number,
 * else the first scalar.
 */
export function guessAxisChannel(scalars: readonly TreeChannel[]): TreeChannel | undefined {
  const motor = scalars.find(
    (c) => (c.deviceName === 'axis' || c.device === 'axis' || c.name.startsWith('axis:')) && !c.isTime && !POINT_NUMBER.test(c.displayName),
  );
  return motor ?? scalars[0];
}

export function inferDefaultPlots(tree: ScanTree): DefaultPlots {
  const info = tree.info;
  const warnings: string[] = [];
  if (info.type === 'ct') {
    return {
      table: { kind: 'table', id: 'table:count', title: 'Count', origin: 'inferred', variant: 'count', channels: scalarChannels(tree).map((c) => c.name) },
      scatters: [],
      warnings,
    };
  }
  const chains = inferenceChains(tree);
  const haveScalar = chains.some((chain) => chainChannels(tree, chain, { master: false, dim: 0 }).length > 0);
  const haveScatter = chains.length > 0 && wantsScatter(info);
  const result: DefaultPlots = { scatters: [], warnings };
  if (haveScalar) result.curve = haveScatter ? scatterModeCurve(tree, chains) : defaultCurve(tree, chains, warnings);
  if (haveScatter) result.scatters = chains.map((chain) => defaultScatter(tree, chain));
  return result;
}

function defaultCurve(tree: ScanTree, chains: (string | null)[], warnings: string[]): CurvePlotModel {
  const items: CurveItem[] = [];
  let plotX: string | null | undefined;
  for (const chain of chains) {
    const scalars = chainChannels(tree, chain, { master: false, dim: 0 });
    const masters = chainChannels(tree, chain, { master: true, dim: 0 });
    let x: string | null = masters[0]?.name ?? null;
    let y: TreeChannel | undefined;
    const guess = x === null && scalars.length > 1 && scalars.some((c) => c.origin !== 'chain') ? guessAxisChannel(scalars) : undefined;
    if (guess !== undefined) {
      // Nothing says which channel is the axis (Sardana, bare streams): guess it.
      x = guess.name;
      const others = scalars.filter((c) => c !== guess);
      y = others.find((c) => !c.isTime && !POINT_NUMBER.test(c.displayName)) ?? others[0];
      warnings.push(`no master channel${chain !== null ? ` in chain "${chain}"` : ''}: "${guess.name}" taken as x`);
    } else {
      const isMotorScan = x !== null && x.startsWith('axis:') && !(tree.byName.get(x)?.isTime ?? false);
      y = scalars.find((c) => !(isMotorScan && c.isTime));
    }
    if (plotX === undefined) plotX = x;
    if (y !== undefined) items.push({ x, y: y.name, yAxis: 'left' });
  }
  return { kind: 'curve', id: 'curve', title: 'Curve', origin: originOf(tree, items), x: plotX ?? null, items, selectionSource: items.length > 0 ? 'inferred' : 'none' };
}

function scatterModeCurve(tree: ScanTree, chains: (string | null)[]): CurvePlotModel {
  const items: CurveItem[] = [];
  let plotX: string | null = null;
  for (const chain of chains) {
    const scalars = chainChannels(tree, chain, { master: false, dim: 0 });
    const masters = chainChannels(tree, chain, { master: true, dim: 0 });
    const timer = scalars.find((c) => c.isTime) ?? masters.find((c) => c.isTime);
    if (timer === undefined) continue; // Flint: "The plot will be empty"
    if (plotX === null) plotX = timer.name;
    const value = scalars.find((c) => !c.isTime);
    if (value !== undefined) items.push({ x: timer.name, y: value.name, yAxis: 'left' });
    for (const m of masters) if (m.name !== timer.name) items.push({ x: timer.name, y: m.name, yAxis: 'right' });
  }
  return { kind: 'curve', id: 'curve', title: 'Curve', origin: originOf(tree, items), x: plotX, items, selectionSource: items.length > 0 ? 'inferred' : 'none' };
}

function defaultScatter(tree: ScanTree, chain: string | null): ScatterPlotModel {
  const scalars = chainChannels(tree, chain, { master: false, dim: 0 });
  const axes = chainChannels(tree, chain, { master: true, dim: 0 });
  const x = axes[0]?.name ?? null;
  const y = axes[1]?.name ?? null;
  const value = scalars.find((c) => !c.isTime)?.name ?? null;
  return {
    kind: 'scatter',
    id: 'scatter',
    title: 'Scatter',
    origin: [x, y, value].some((n) => n !== null && tree.byName.get(n)?.origin !== 'chain') ? 'fallback' : 'inferred',
    x,
    y,
    value,
    values: value !== null ? [value] : [],
    grid: scatterGrid(tree.info, x, y),
  };
}

function originOf(tree: ScanTree, items: CurveItem[]): 'inferred' | 'fallback' {
  const names = items.flatMap((i) => (i.x !== null ? [i.x, i.y] : [i.y]));
  return names.some((n) => tree.byName.get(n)?.origin !== 'chain') ? 'fallback' : 'inferred';
}
