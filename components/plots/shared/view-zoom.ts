/** Zoom changes (from plotly relayouts or the raster view) to view-state patches: written once for every plot. */
import { useCallback, useEffect, useRef } from 'react';
import type { PlotViewState } from '../plot-types';

type Range2 = [number, number];
export interface ZoomChange {
  x?: Range2 | null;
  y?: Range2 | null;
  y2?: Range2 | null;
}

/** The view fields a zoom change sets (`null` resets an axis to autorange); empty when nothing moved. */
export function zoomPatch(change: ZoomChange): Partial<PlotViewState> {
  const patch: Partial<PlotViewState> = {};
  if (change.x !== undefined) patch.zoomX = change.x;
  if (change.y !== undefined) patch.zoomY = change.y;
  if (change.y2 !== undefined) patch.zoomY2 = change.y2;
  return patch;
}

/**
 * A stable callback that writes a zoom change into the view (through the latest `onViewChange`, so
 * plotly handlers registered once never call a stale one); nothing is written when nothing moved.
 */
export function useZoomToView(onViewChange: (patch: Partial<PlotViewState>) => void): (change: ZoomChange) => void {
  const latest = useRef(onViewChange);
  useEffect(() => {
    latest.current = onViewChange;
  });
  return useCallback((change: ZoomChange) => {
    const patch = zoomPatch(change);
    if (Object.keys(patch).length) latest.current(patch);
  }, []);
}
