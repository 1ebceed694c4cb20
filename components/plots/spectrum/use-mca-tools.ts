'use client';
/**
 * The MCA tools' state for a spectrum plot: the calibration in use (user, scan hint or none), the ROIs
 * of the view, their integrals (recomputed by each draw from the spectra it drew: live at the plot's
 * pace), and the drag-select switch. Plots of 1D channels (kind `oned`) get none of it.
 */
import { useCallback, useMemo, useState } from 'react';
import type { McaPlotModel, OneDimPlotModel } from '@/lib/plot-model';
import type { McaRoiView, PlotViewState } from '@/lib/view-state/plot-view-state';
import { activeCalibration, calibrationHint } from './mca-calibration';
import { roiRows, type RoiRow } from './mca-rois';

const NO_ROIS: McaRoiView[] = [];

function sameRows(a: RoiRow[], b: RoiRow[]): boolean {
  return a.length === b.length && a.every((r, i) => JSON.stringify(r) === JSON.stringify(b[i]));
}

export function useMcaTools(model: McaPlotModel | OneDimPlotModel, view: PlotViewState, info: unknown) {
  const mca = model.kind === 'mca' ? model : null;
  const hint = useMemo(() => (mca ? calibrationHint(info, mca) : null), [info, mca]);
  const userCal = view.calibration;
  const active = useMemo(() => (mca ? activeCalibration(userCal, hint) : null), [mca, userCal, hint]);
  const rois = mca ? (view.rois ?? NO_ROIS) : NO_ROIS;
  const [rows, setRows] = useState<RoiRow[]>([]);
  const [channels, setChannels] = useState(0);
  const [selecting, setSelecting] = useState(false);
  /** Called by each draw with the spectra drawn (one per detector, or per row of a stack). */
  const report = useCallback(
    (spectra: { label: string; values: ArrayLike<number> }[]) => {
      if (!mca) return;
      const next = roiRows(rois, spectra, active?.cal ?? null);
      setRows((prev) => (sameRows(prev, next) ? prev : next));
      const n = Math.max(0, ...spectra.map((s) => s.values.length));
      setChannels((prev) => (prev === n ? prev : n));
    },
    [mca, rois, active],
  );
  return { isMca: mca !== null, hint, active, rois, rows, channels, report, selecting, setSelecting };
}
