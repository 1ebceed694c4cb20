/** A layout's plot references resolved against the scan's plots (ids first, then kinds), duplicates dropped. */
import type { PlotModel } from '@/lib/plot-model';
import type { PlotLayout } from '@/lib/view-state/layout';
import { findPlot } from '../store/view-state';

export interface ResolvedLayout {
  models: PlotModel[];
  /** References that name no plot of this scan (shown as a note, kept in the link). */
  missing: string[];
}

export function resolveLayout(layout: PlotLayout, plots: readonly PlotModel[]): ResolvedLayout {
  const models: PlotModel[] = [];
  const missing: string[] = [];
  for (const ref of layout.plots) {
    // A kind names its first plot not already shown: `image,image` shows two images.
    const model = plots.find((p) => p.id === ref) ?? plots.find((p) => (p.kind === ref || p.id.startsWith(`${ref}:`)) && !models.includes(p)) ?? findPlot(plots, ref);
    if (!model) missing.push(ref);
    else if (!models.includes(model)) models.push(model);
  }
  return { models, missing };
}

/** The grid a user gets when switching to several plots: every plot of the scan, up to `max`. */
export function defaultLayout(plots: readonly PlotModel[], active: string | null, max: number): PlotLayout {
  const ordered = [...plots].sort((a, b) => (a.id === active ? -1 : b.id === active ? 1 : 0));
  return { plots: ordered.slice(0, max).map((p) => p.id) };
}
