/**
 * The user's curve selection carried to the next scan of the same kind, as Flint does: stored per
 * `selectionKey` (scan type + channel list) and per plot id, replayed only when
 * `keepsUserCurveSelection` allows (no `displayed_channels`, no newer `plotselect`), and restricted to
 * channels the new scan has. Pure: the browser keeps the serialised book in localStorage.
 */
import type { ScanInfo } from '../blissdata/scan-info';
import { keepsUserCurveSelection } from '../plot-model';
import type { PlotViewState } from './plot-view-state';

export interface RememberedCurves {
  x?: string | null;
  y?: string[];
  y2?: string[];
  normalize?: string | null;
  /** Unix seconds of the user's edit (compared with `display_extra.plotselect_time`). */
  editTime: number;
}

/** Entries kept: one per scan kind and plot; the oldest go first. */
const MAX_ENTRIES = 64;

export interface CurveBook {
  version: 1;
  /** `${selectionKey}\u0000${plotId}` -> selection, most recent last. */
  entries: [string, RememberedCurves][];
}

export function emptyBook(): CurveBook {
  return { version: 1, entries: [] };
}

export function bookKey(selectionKey: string, plotId: string): string {
  return `${selectionKey}\u0000${plotId}`;
}

export function parseBook(text: string | null): CurveBook {
  if (!text) return emptyBook();
  try {
    const raw = JSON.parse(text) as Partial<CurveBook>;
    if (raw.version !== 1 || !Array.isArray(raw.entries)) return emptyBook();
    const entries = raw.entries.filter(
      (e): e is [string, RememberedCurves] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'object' && e[1] !== null && typeof e[1].editTime === 'number',
    );
    return { version: 1, entries };
  } catch {
    return emptyBook();
  }
}

/** Only the curve fields of a view state are remembered (zoom and colormaps belong to one scan). */
export function curveFields(view: PlotViewState): Omit<RememberedCurves, 'editTime'> {
  const out: Omit<RememberedCurves, 'editTime'> = {};
  if (view.x !== undefined) out.x = view.x;
  if (view.y !== undefined) out.y = [...view.y];
  if (view.y2 !== undefined) out.y2 = [...view.y2];
  if (view.normalize !== undefined) out.normalize = view.normalize;
  return out;
}

export function remember(book: CurveBook, selectionKey: string, plotId: string, view: PlotViewState, editTime: number): CurveBook {
  const key = bookKey(selectionKey, plotId);
  const fields = curveFields(view);
  const entries = book.entries.filter(([k]) => k !== key);
  if (Object.keys(fields).length > 0) entries.push([key, { ...fields, editTime }]);
  return { version: 1, entries: entries.slice(-MAX_ENTRIES) };
}

/**
 * The remembered selection to apply to a new scan's plot, or null. Channels the scan does not have are
 * dropped; a selection left with no curve at all is not applied (the scan's own default is better than
 * an empty plot).
 */
export function recall(book: CurveBook, selectionKey: string, plotId: string, info: ScanInfo, channels: ReadonlySet<string>): Partial<PlotViewState> | null {
  const entry = book.entries.find(([k]) => k === bookKey(selectionKey, plotId))?.[1];
  if (!entry) return null;
  if (!keepsUserCurveSelection(info, entry.editTime)) return null;
  const out: Partial<PlotViewState> = {};
  const keep = (names: string[] | undefined) => names?.filter((n) => channels.has(n));
  const y = keep(entry.y);
  const y2 = keep(entry.y2);
  if (y !== undefined) out.y = y;
  if (y2 !== undefined) out.y2 = y2;
  if ((y?.length ?? 0) + (y2?.length ?? 0) === 0 && (entry.y !== undefined || entry.y2 !== undefined)) return null;
  if (entry.x !== undefined && (entry.x === null || channels.has(entry.x))) out.x = entry.x;
  if (entry.normalize !== undefined && (entry.normalize === null || channels.has(entry.normalize))) out.normalize = entry.normalize;
  return Object.keys(out).length > 0 ? out : null;
}
