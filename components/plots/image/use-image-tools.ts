'use client';
/**
 * The image tools' state next to the image plot: the tool mode (zoom, profiles, ROI), the outlines
 * drawn over the image, what a drag adds to the view (which is in the share link), and the profile and
 * ROI statistics of the frame shown, recomputed at most every RESULT_INTERVAL_MS while frames arrive
 * (a newer computation replaces one still going).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Profile } from '@/lib/analysis/image/profile';
import type { PlotProps, PlotViewState } from '../plot-types';
import type { RasterViewProps } from '../raster/raster-view';
import { MAX_IMAGE_ROIS } from '@/lib/view-state/image-url';
import { DEFAULT_PROFILE, dragResult, limaRoisFor, profileOf, roiRow, roiTargets, toolShapes, type ImageToolMode, type ProfileOptions, type RoiRow } from './image-tools';

/** Tool results follow a live image at this pace at most (a table re-rendered 60 times a second helps nobody). */
const RESULT_INTERVAL_MS = 250;

export interface ToolFrame {
  index: number;
  width: number;
  height: number;
  /** Pixels of the layer shown, full resolution (a binned preview has none: statistics would be wrong). */
  data: ArrayLike<number> | null;
}

export interface ToolResults {
  frame: number;
  profile: Profile | null;
  /** The width and reduction `profile` was taken with (the table says so). */
  profileOptions?: ProfileOptions;
  rows: RoiRow[];
  error: string | null;
}

const NO_ROIS: NonNullable<PlotViewState['imageRois']> = [];

export function useImageTools(view: PlotViewState, onViewChange: PlotProps['onViewChange'], info: unknown, channel: string, size: { width: number; height: number } | null) {
  const [mode, setMode] = useState<ImageToolMode>('zoom');
  const rois = view.imageRois ?? NO_ROIS;
  const profile = view.profile ?? null;
  const profileWidth = view.profileWidth ?? DEFAULT_PROFILE.width;
  const profileMethod = view.profileMethod ?? DEFAULT_PROFILE.method;
  const options = useMemo<ProfileOptions>(() => ({ width: profileWidth, method: profileMethod }), [profileWidth, profileMethod]);
  const lima = useMemo(() => limaRoisFor(info, channel), [info, channel]);
  const overlay = useMemo(() => toolShapes(profile, size, rois, lima.rois, profileWidth), [profile, size, rois, lima, profileWidth]);

  const latest = useRef({ rois, onViewChange, size, mode, profile, options, lima: lima.rois });
  useEffect(() => {
    latest.current = { rois, onViewChange, size, mode, profile, options, lima: lima.rois };
  });
  const onDrag = useCallback((a: { x: number; y: number }, b: { x: number; y: number }) => {
    const l = latest.current;
    if (!l.size) return;
    const r = dragResult(l.mode, a, b, l.size);
    if (!r) return;
    if ('profile' in r) l.onViewChange({ profile: r.profile });
    else if (l.rois.length < MAX_IMAGE_ROIS) l.onViewChange({ imageRois: [...l.rois, r.roi] });
  }, []);
  const tool: RasterViewProps['tool'] = useMemo(
    () => (mode === 'zoom' ? null : { shape: mode === 'roi' ? 'rect' : mode === 'line' ? 'line' : 'point', label: `image tool: ${mode === 'roi' ? 'draw a ROI' : 'place a profile'}`, onDrag }),
    [mode, onDrag],
  );

  // Results: computed from the frame last shown, throttled while frames arrive; at once when the tools change.
  const [results, setResults] = useState<ToolResults | null>(null);
  const frameRef = useRef<ToolFrame | null>(null);
  const lastRun = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const generation = useRef(0);
  const compute = useCallback(() => {
    timer.current = null;
    lastRun.current = performance.now();
    const f = frameRef.current;
    const l = latest.current;
    if (!f) return;
    const gen = ++generation.current;
    if (!f.data) {
      setResults({ frame: f.index, profile: null, rows: [], error: 'live preview (binned): pause or pick a frame for the profile and ROI statistics' });
      return;
    }
    const targets = roiTargets(l.rois, l.lima);
    // One ROI per task, so that several full-frame ROIs of a large detector never make one long task; on
    // a copy of the pixels when there are several, as the frame held is overwritten by the next one.
    const data = targets.length > 1 && ArrayBuffer.isView(f.data) ? (f.data as unknown as Float64Array).slice() : f.data;
    const image = { data, shape: [f.height, f.width] as const };
    void (async () => {
      try {
        const profile = l.profile ? profileOf(image, l.profile, l.options) : null;
        const rows: RoiRow[] = [];
        for (const t of targets) {
          if (rows.length) await new Promise((resolve) => setTimeout(resolve, 0));
          if (gen !== generation.current) return;
          rows.push(roiRow(image, t));
        }
        if (gen === generation.current) setResults({ frame: f.index, profile, profileOptions: l.options, rows, error: null });
      } catch (e) {
        if (gen === generation.current) setResults({ frame: f.index, profile: null, rows: [], error: e instanceof Error ? e.message : String(e) });
      }
    })();
  }, []);
  useEffect(() => {
    compute();
  }, [profile, options, rois, lima, compute]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  /** The frame shown changed: its results follow within RESULT_INTERVAL_MS. */
  const onFrame = useCallback(
    (frame: ToolFrame) => {
      frameRef.current = frame;
      if (timer.current) return;
      const wait = RESULT_INTERVAL_MS - (performance.now() - lastRun.current);
      if (wait <= 0) compute();
      else timer.current = setTimeout(compute, wait);
    },
    [compute],
  );

  const active = !!profile || rois.length > 0 || lima.rois.length > 0;
  return { mode, setMode, overlay, tool, results, onFrame, active, limaSkipped: lima.skipped, rois, profile };
}
