'use client';
/** Compare scans: previous N of the same kind, scans picked from the session, a reference scan; and the overlay legend. */
import { useState } from 'react';
import { MAX_OVERLAYS } from '@/lib/view-state/curve-tools-url';
import type { OverlayView } from '@/lib/view-state/plot-view-state';
import type { ScanSummary } from '@/lib/wire/contract';
import styles from './curve-tools.module.css';
import type { ShownOverlay } from './use-overlays';

export interface OverlayPanelProps {
  overlay: OverlayView | undefined;
  thisKey: string;
  candidates: readonly ScanSummary[];
  shown: readonly ShownOverlay[];
  /** Legend entries of what is drawn: label and colour (scan number first). */
  legend: readonly { key: string; label: string; color: string; dash: boolean }[];
  listError: string | null;
  onChange(overlay: OverlayView | undefined): void;
}

export function OverlayPanel({ overlay, thisKey, candidates, shown, legend, listError, onChange }: OverlayPanelProps) {
  const [pick, setPick] = useState('');
  const set = (patch: Partial<OverlayView>) => {
    const next: OverlayView = { ...overlay, ...patch };
    for (const [k, v] of Object.entries(next)) if (v === undefined || (Array.isArray(v) && !v.length)) delete next[k as keyof OverlayView];
    onChange(Object.keys(next).length ? next : undefined);
  };
  const numberOf = (key: string) => (key === thisKey ? 'this scan' : `#${shown.find((s) => s.key === key)?.number ?? candidates.find((c) => c.key === key)?.number ?? '?'}`);
  return (
    <div>
      <div className={styles.row}>
        <label>
          previous scans{' '}
          <input
            type="number"
            className={styles.num}
            aria-label="overlay previous scans"
            min={0}
            max={MAX_OVERLAYS}
            value={overlay?.previous ?? 0}
            onChange={(e) => {
              const n = Math.max(0, Math.min(MAX_OVERLAYS, Math.floor(Number(e.target.value) || 0)));
              set({ previous: n || undefined });
            }}
          />
        </label>
        <button type="button" onClick={() => set({ previous: 3 })} title="The 3 scans before this one, of the same kind (as Flint)">
          last 3
        </button>
        <select aria-label="scan to overlay" value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">pick a scan…</option>
          {candidates.map((c) => (
            <option key={c.key} value={c.key}>
              #{c.number} {c.title ?? c.name}
            </option>
          ))}
        </select>
        <button type="button" disabled={!pick} onClick={() => (set({ keys: [...(overlay?.keys ?? []).filter((k) => k !== pick), pick] }), setPick(''))}>
          overlay
        </button>
        <label>
          difference to{' '}
          <select aria-label="reference scan" value={overlay?.reference ?? ''} onChange={(e) => set({ reference: e.target.value || undefined })}>
            <option value="">no reference</option>
            <option value={thisKey}>this scan</option>
            {[...shown.filter((s) => s.key !== thisKey), ...candidates.filter((c) => !shown.some((s) => s.key === c.key))].map((s) => (
              <option key={s.key} value={s.key}>
                #{s.number}
              </option>
            ))}
          </select>
        </label>
      </div>
      {overlay?.keys?.length ? (
        <div className={styles.row}>
          {overlay.keys.map((k) => (
            <span key={k} className={styles.chip}>
              {numberOf(k)}
              <button type="button" aria-label={`stop overlaying ${numberOf(k)}`} onClick={() => set({ keys: overlay.keys!.filter((o) => o !== k) })}>
                ×
              </button>
            </span>
          ))}
        </div>
      ) : null}
      {shown.length ? (
        <ul className={styles.legend} aria-label="overlaid scans">
          {shown.map((s) => (
            <li key={s.key} data-state={s.state} data-points={s.points} title={s.state === 'live' ? 'still running: read again every second until it ends' : undefined}>
              {numberOf(s.key)}
              {s.key === overlay?.reference ? ' (reference)' : ''}: {s.state === 'live' ? 'live' : s.state === 'final' ? 'ended' : 'loading'}, {s.points} points
            </li>
          ))}
        </ul>
      ) : null}
      {listError ? <div role="alert" className={styles.error}>{listError}</div> : null}
      {shown
        .filter((s) => s.error)
        .map((s) => (
          <div key={s.key} role="alert" className={styles.error}>
            scan #{s.number}: {s.error}
          </div>
        ))}
      {legend.length ? (
        <ul className={styles.legend} aria-label="overlay legend">
          {legend.map((l) => (
            <li key={l.key}>
              <span className={l.dash ? styles.dash : undefined} style={l.dash ? { borderColor: l.color } : { display: 'inline-block', width: 18, borderTop: `2px solid ${l.color}`, marginRight: 5, verticalAlign: 3 }} />
              {l.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
