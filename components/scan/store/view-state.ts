/**
 * Per-plot view state: what the URL (or kiosk) asked for applied once per plot, the curve selections
 * this browser remembers, and the actions that change a view (and remember curve selections).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ScanInfo } from '@/lib/blissdata/scan-info';
import type { PlotModel, PlotSetup } from '@/lib/plot-model';
import { recall, remember } from '@/lib/view-state/curve-memory';
import { patchViewState } from '@/lib/view-state/url';
import type { PlotViewState } from '../../plots/plot-types';
import type { CurveMemory, InitialView, ScanActions, ScanStoreState } from './types';

/** The view fields a curve selection is remembered by. */
const CURVE_FIELDS = new Set<keyof PlotViewState>(['x', 'y', 'y2', 'normalize']);

/** Which plot a `plot` parameter names: an id, else the first plot of that kind (`plot=image`). */
export function findPlot(plots: readonly PlotModel[], wanted: string | null): PlotModel | undefined {
  if (wanted === null) return undefined;
  return plots.find((p) => p.id === wanted) ?? plots.find((p) => p.kind === wanted || p.id.startsWith(`${wanted}:`)) ?? plots.find((p) => p.title === wanted);
}

/** Returns the function that applies the URL's view and remembered selections to plots seen for the first time. */
export function viewInitialiser(api: StoreApi<ScanStoreState>, initial: InitialView, memory: CurveMemory | undefined): (setup: PlotSetup, info: ScanInfo) => void {
  const initialised = new Set<string>();
  return (setup, info) => {
    const state = api.getState();
    let activePlot = state.activePlot;
    if (activePlot === null || !setup.plots.some((p) => p.id === activePlot)) {
      activePlot = (findPlot(setup.plots, initial.plot) ?? setup.plots[0])?.id ?? null;
    }
    const views = { ...state.views };
    const book = memory?.load();
    const channels = new Set(setup.channels.map((c) => c.name));
    for (const plot of setup.plots) {
      if (initialised.has(plot.id)) continue;
      initialised.add(plot.id);
      const other = initial.others?.[plot.id];
      if (plot.id === activePlot && initial.explicit) {
        views[plot.id] = { ...initial.view };
      } else if (other) {
        views[plot.id] = { ...other };
      } else if (plot.kind === 'curve' && book && !initial.explicit) {
        // A shared link shows what it says: plots it leaves at their default stay so, whatever this browser remembers.
        const recalled = recall(book, setup.selectionKey, plot.id, info, channels);
        if (recalled) views[plot.id] = patchViewState(views[plot.id] ?? {}, recalled);
      }
    }
    api.setState({ activePlot, views });
  };
}

export function viewActions(api: StoreApi<ScanStoreState>, memory: CurveMemory | undefined): ScanActions {
  return {
    setActivePlot(id) {
      api.setState({ activePlot: id });
    },
    patchView(id, patch) {
      const state = api.getState();
      const view = patchViewState(state.views[id] ?? {}, patch);
      api.setState({ views: { ...state.views, [id]: view } });
      const plot = state.setup?.plots.find((p) => p.id === id);
      if (plot?.kind === 'curve' && state.setup && memory && Object.keys(patch).some((k) => CURVE_FIELDS.has(k as keyof PlotViewState))) {
        memory.save(remember(memory.load(), state.setup.selectionKey, id, view, Date.now() / 1000));
      }
    },
    setLayout(layout) {
      api.setState({ layout });
    },
    resetView(id) {
      const state = api.getState();
      const views = { ...state.views };
      delete views[id];
      api.setState({ views });
      if (state.setup && memory) memory.save(remember(memory.load(), state.setup.selectionKey, id, {}, Date.now() / 1000));
    },
  };
}
