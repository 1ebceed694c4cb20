/**
 * "Scans of the same kind", so the UI can carry the user's plot edits to the next scan as Flint does
 * (`flint/manager/manager.py` `updateWidgetWithPlot`, `helper/curve_plot_update.py`,
 * `helper/model_helper.py` `isSame`):
 *
 * - scatter, MCA, 1D and table plots: a plot the user edited is kept for the next scan only when
 *   `model_helper.isSame(previous, next)` holds: same scan `type` and the same ordered list of channel
 *   names (Flint means "same masters", but its filter ignores the master flag, so all channels count).
 *   `plotSelectionKey` encodes exactly that; equal keys = keep.
 * - curve plots do not need the key: the user's y selection (plus per-curve settings) is carried to any
 *   next scan, restricted to the channels it has, unless the new scan sets `display_extra.displayed_channels`
 *   or carries a `plotselect` newer than the user's edit (`keepsUserCurveSelection`). An x axis the
 *   user chose is kept too (Flint reapplies the most used x per top master).
 * - plots are matched to the previous ones by kind, name and device, i.e. by `PlotModel.id`.
 */
import { effectiveDisplayExtra, type ScanInfo } from '../blissdata/scan-info';
import { buildScanTree } from './scan-tree';

/**
 * Key of the scan's "kind": its type and channel list. Channels Flint would not reach (Sardana's devices
 * outside the trigger tree) are appended so such scans still differ by their columns.
 */
export function plotSelectionKey(info: ScanInfo): string {
  const names = buildScanTree(info).channels.map((c) => c.name);
  const seen = new Set(names);
  for (const [name, meta] of Object.entries(info.channels)) {
    if (seen.has(name) || meta.file_only === true) continue;
    seen.add(name);
    names.push(name);
  }
  return JSON.stringify([info.type ?? null, names]);
}

/**
 * Whether the user's curve selection (edited at `userEditTime`, unix seconds, null if never) should
 * replace the one the next scan proposes (Flint's `resolveCurvePlotUpdate`).
 */
export function keepsUserCurveSelection(next: ScanInfo, userEditTime: number | null): boolean {
  const { extra } = effectiveDisplayExtra(next);
  if (extra?.displayed_channels !== undefined) return false;
  if (userEditTime === null) return false;
  const plotselectTime = extra?.plotselect_time;
  return plotselectTime === undefined || userEditTime > plotselectTime;
}
