/**
 * Several plots at once: which plots a grid shows, in which order, in how many columns, and its URL form.
 *
 *   layout  plot references in grid order, comma-separated (`,` and `\` in an id escaped with `\`, as
 *           channel lists are). A reference is a plot id (`mca:mca1`) or a plot kind (`image`: the first
 *           plot of that kind), so a kiosk link keeps meaning something from one scan to the next.
 *   cols    columns of the grid, 1..4 (absent: as many as fit two per row, at most the plots)
 *
 * No `layout` parameter means the one-plot tabs. Pure: shared by the scan page, the kiosk and tests.
 */
import { joinChannelList, splitChannelList } from './url';

export const MAX_COLUMNS = 4;
/** Plots one grid shows at most: each is a live plotly figure. */
export const MAX_CELLS = 12;

export interface PlotLayout {
  /** Plot references (ids, or kinds for the first plot of that kind), in reading order. */
  plots: string[];
  /** 1..MAX_COLUMNS; undefined = automatic. */
  columns?: number;
}

export const LAYOUT_PARAMS = ['layout', 'cols'] as const;

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: Params, name: string): string | null {
  if (params instanceof URLSearchParams) return params.get(name);
  const v = params[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

/** The layout a query asks for (null: tabs), and what could not be read, as `name=value: why`. */
export function layoutFromParams(params: Params): { layout: PlotLayout | null; ignored: string[] } {
  const ignored: string[] = [];
  const text = get(params, 'layout');
  if (text === null) return { layout: null, ignored };
  const refs = [...new Set(splitChannelList(text))];
  if (refs.length > MAX_CELLS) ignored.push(`layout=${text}: at most ${MAX_CELLS} plots, the first ${MAX_CELLS} are shown`);
  const layout: PlotLayout = { plots: refs.slice(0, MAX_CELLS) };
  const cols = get(params, 'cols');
  if (cols !== null) {
    const n = Number(cols);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_COLUMNS) layout.columns = n;
    else ignored.push(`cols=${cols}: expected a whole number from 1 to ${MAX_COLUMNS}`);
  }
  return { layout, ignored };
}

/** Sets (or, for tabs, removes) the layout parameters of `params`, in place. */
export function writeLayoutParams(params: URLSearchParams, layout: PlotLayout | null): URLSearchParams {
  for (const name of LAYOUT_PARAMS) params.delete(name);
  if (!layout) return params;
  params.set('layout', joinChannelList(layout.plots));
  if (layout.columns !== undefined) params.set('cols', String(layout.columns));
  return params;
}

/** Columns actually used: the chosen number, else two (one for a single plot), never more than the plots. */
export function layoutColumns(layout: PlotLayout, shown: number): number {
  const wanted = layout.columns ?? 2;
  return Math.max(1, Math.min(wanted, Math.max(1, shown)));
}

/** The grid with the plot at `from` moved to `to` (indices into `plots`). */
export function movePlot(layout: PlotLayout, from: number, to: number): PlotLayout {
  const plots = [...layout.plots];
  if (from < 0 || from >= plots.length) return layout;
  const [moved] = plots.splice(from, 1);
  plots.splice(Math.max(0, Math.min(plots.length, to)), 0, moved!);
  return { ...layout, plots };
}

export function addPlot(layout: PlotLayout, id: string): PlotLayout {
  if (layout.plots.includes(id) || layout.plots.length >= MAX_CELLS) return layout;
  return { ...layout, plots: [...layout.plots, id] };
}

export function removePlot(layout: PlotLayout, index: number): PlotLayout {
  return { ...layout, plots: layout.plots.filter((_, i) => i !== index) };
}
