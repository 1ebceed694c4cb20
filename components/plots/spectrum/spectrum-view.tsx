'use client';
/** What the spectrum plot shows besides the figure: its toolbar and the point slider (pure views). */
import type { ReactNode } from 'react';
import type { PlotViewState } from '../plot-types';
import { indexRange } from '../index-range';
import styles from '../plots.module.css';
import type { Reduction } from './spectrum-figure';

type OnViewChange = (patch: Partial<PlotViewState>) => void;

export function SpectrumToolbar({ reduce, logY, onViewChange, children }: { reduce: Reduction; logY: boolean; onViewChange: OnViewChange; children?: ReactNode }) {
  return (
    <>
      <label>
        show
        <select value={reduce} onChange={(e) => onViewChange({ reduce: e.target.value as Reduction })} aria-label="spectrum reduction">
          <option value="point">one point</option>
          <option value="sum">sum over the scan</option>
          <option value="average">average over the scan</option>
        </select>
      </label>
      <button type="button" aria-pressed={logY} onClick={() => onViewChange({ logY: !logY, zoomY: null })} title="Logarithmic y axis">
        log y
      </button>
      {children}
    </>
  );
}

/** Which point's spectrum is shown, of `points`; `shown` is -1 before the first one. */
export function PointSlider({ points, shown, follow, onViewChange }: { points: number; shown: number; follow: boolean; onViewChange: OnViewChange }) {
  return (
    <div className={styles.slider}>
      <span>
        point {shown >= 0 ? shown : '—'}
        {points ? ` (${indexRange(points)})` : ''}
      </span>
      <input
        type="range"
        min={0}
        max={Math.max(0, points - 1)}
        step={1}
        value={Math.max(0, shown)}
        disabled={points <= 1}
        onChange={(e) => onViewChange({ frame: Number(e.target.value), follow: false })}
        aria-label="point"
      />
      <button type="button" aria-pressed={follow} onClick={() => onViewChange(follow ? { follow: false, frame: shown } : { follow: true, frame: null })}>
        follow latest
      </button>
    </div>
  );
}
