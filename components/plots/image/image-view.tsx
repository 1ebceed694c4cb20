'use client';
/** The image plot's pure views: toolbar (colour scale, layer), frame slider footer, notices over the pixels. */
import type { PlotProps, PlotViewState } from '../plot-types';
import { ProblemBox } from '../plot-frame';
import { ColourHistogram, type ColourHistogramProps } from '../raster/colour-histogram';
import { ColourScaleControls } from '../raster/colour-scale-controls';
import { indexRange } from '../index-range';
import styles from '../plots.module.css';
import own from './image-tools.module.css';
import { limaFooter, type FrameCounts } from './image-frames';
import { TOOL_MODES, type ImageToolMode } from './image-tools';

export interface ImageToolbarProps {
  view: PlotViewState;
  onViewChange: PlotProps['onViewChange'];
  layers: number;
  layer: number;
  onLayer(layer: number): void;
  histogram: ColourHistogramProps;
  mode: ImageToolMode;
  onMode(mode: ImageToolMode): void;
}

export function ImageToolbar({ view, onViewChange, layers, layer, onLayer, histogram, mode, onMode }: ImageToolbarProps) {
  return (
    <>
      <span role="group" aria-label="image tool" className={own.group}>
        {TOOL_MODES.map((t) => (
          <button key={t.mode} type="button" aria-pressed={mode === t.mode} title={t.title} onClick={() => onMode(t.mode)}>
            {t.label}
          </button>
        ))}
      </span>
      <span className={own.group}>
        <ColourScaleControls view={view} onViewChange={onViewChange} />
      </span>
      <span className={own.group}>
        <ColourHistogram {...histogram} />
      </span>
      {layers > 1 ? (
        <label>
          layer
          <select value={Math.min(layer, layers - 1)} onChange={(e) => onLayer(Number(e.target.value))} aria-label="image layer">
            {Array.from({ length: layers }, (_, i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}

export interface ImageFooterProps {
  counts: FrameCounts;
  shownIndex: number | null;
  follow: boolean;
  picked: number | null | undefined;
  isLima: boolean;
  size: { width: number; height: number } | null;
  onViewChange: PlotProps['onViewChange'];
}

/** Frame slider, follow button, Lima saved counts and the image size. */
export function ImageFooter({ counts, shownIndex, follow, picked, isLima, size, onViewChange }: ImageFooterProps) {
  const sliderMax = Math.max(0, counts.available - 1);
  return (
    <div className={styles.slider}>
      <span>
        frame {shownIndex ?? '—'}
        {counts.available ? ` (${indexRange(counts.available)})` : ''}
      </span>
      <input
        type="range"
        min={0}
        max={sliderMax}
        step={1}
        value={Math.min(sliderMax, Math.max(0, follow ? (shownIndex ?? sliderMax) : (picked ?? 0)))}
        disabled={counts.available <= 1}
        onChange={(e) => onViewChange({ frame: Number(e.target.value), follow: false })}
        aria-label="frame"
      />
      <button type="button" aria-pressed={follow} onClick={() => onViewChange(follow ? { follow: false, frame: shownIndex ?? 0 } : { follow: true, frame: null })} title="Follow the newest frame">
        follow latest
      </button>
      {isLima ? (
        <span className={styles.muted} data-testid="lima-saved">
          {limaFooter(counts, follow)}
        </span>
      ) : null}
      {size ? (
        <span className={styles.muted}>
          {size.width}×{size.height}
        </span>
      ) : null}
    </div>
  );
}

/** What stands over the pixels: the waiting message, the live-preview notice, a frame's error over the last good frame. */
export function ImageNotices({ message, preview, frameError }: { message: string | null; preview: string | null; frameError: { error: unknown } | null }) {
  return (
    <>
      {message ? <div className={styles.overlayMessage}>{message}</div> : null}
      {preview ? (
        <div role="status" data-testid="image-preview-notice" style={{ position: 'absolute', top: 8, left: 70, zIndex: 4, padding: '2px 6px', borderRadius: 4, background: 'rgba(29, 35, 48, 0.75)', color: '#fff', fontSize: 12, pointerEvents: 'none' }}>
          live preview, {preview} binned — pick a frame or pause for full resolution
        </div>
      ) : null}
      {frameError ? (
        <div style={{ position: 'absolute', top: 8, left: 70, right: 70, zIndex: 5 }}>
          <ProblemBox error={frameError.error} role="status" />
        </div>
      ) : null}
    </>
  );
}
