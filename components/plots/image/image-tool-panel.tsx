'use client';
/**
 * Beside the image: the line profile (curve and its values as a table) and the ROI statistics table,
 * both of the frame named in their caption, readable as text (tables with aria-labels).
 */
import { useState } from 'react';
import type { ImageProfileChoice } from '@/lib/view-state/plot-view-state';
import type { PlotProps, PlotViewState } from '../plot-types';
import { formatNumber } from '../view-axes';
import styles from '../plots.module.css';
import { profileAxisTitle, profileTitle } from './image-tools';
import { ProfilePlot } from './profile-plot';
import type { ToolResults } from './use-image-tools';

const num = (v: number) => formatNumber(v, 6);

function ProfileSection({ choice, results, onViewChange, kiosk }: { choice: ImageProfileChoice; results: ToolResults | null; onViewChange: PlotProps['onViewChange']; kiosk?: boolean }) {
  const profile = results?.profile ?? null;
  const xTitle = profileAxisTitle(choice);
  // The values table (one row a pixel: 2048 for a wide detector) is rendered only while it is open.
  const [open, setOpen] = useState(false);
  return (
    <section aria-label="image profile">
      <div>
        <strong>profile</strong> {profileTitle(choice)}{' '}
        <button type="button" onClick={() => onViewChange({ profile: null })} aria-label="remove the profile">
          ✕
        </button>
      </div>
      {profile ? (
        <>
          <ProfilePlot profile={profile} xTitle={xTitle} kiosk={kiosk} />
          <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
            <summary>values ({profile.values.length})</summary>
            {open ? (
              <table aria-label="profile values" data-frame-index={results?.frame}>
                <thead>
                  <tr>
                    <th>{xTitle}</th>
                    <th>value</th>
                  </tr>
                </thead>
                <tbody>
                  {Array.from(profile.values, (v, i) => (
                    <tr key={i}>
                      <td>{num(profile.position[i]!)}</td>
                      <td>{num(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </details>
        </>
      ) : (
        <p>{results ? 'outside this frame' : 'waiting for a frame'}</p>
      )}
    </section>
  );
}

function RoiTable({ results, view, onViewChange }: { results: ToolResults; view: PlotViewState; onViewChange: PlotProps['onViewChange'] }) {
  const rois = view.imageRois ?? [];
  return (
    <table aria-label="ROI statistics" data-frame-index={results.frame}>
      <caption>ROIs, frame {results.frame}</caption>
      <thead>
        <tr>
          <th>ROI</th>
          <th>pixels</th>
          <th>sum</th>
          <th>mean</th>
          <th>min</th>
          <th>max</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {results.rows.map((r) => (
          <tr key={`${r.index}:${r.name}`} data-roi={r.name} title={`columns ${r.rect.col0}–${r.rect.col1 - 1}, rows ${r.rect.row0}–${r.rect.row1 - 1}`}>
            <td>{r.index < 0 ? `${r.name} (Lima)` : r.name}</td>
            <td>{r.stats.count}</td>
            <td>{num(r.stats.sum)}</td>
            <td>{num(r.stats.mean)}</td>
            <td>{num(r.stats.min)}</td>
            <td>{num(r.stats.max)}</td>
            <td>
              {r.index >= 0 ? (
                <button type="button" aria-label={`remove ${r.name}`} onClick={() => onViewChange({ imageRois: rois.filter((_, i) => i !== r.index) })}>
                  ✕
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ImageToolPanel({ view, onViewChange, results, limaSkipped, kiosk }: { view: PlotViewState; onViewChange: PlotProps['onViewChange']; results: ToolResults | null; limaSkipped: readonly string[]; kiosk?: boolean }) {
  return (
    <aside className={styles.toolPanel} aria-label="image tools">
      {view.profile ? <ProfileSection choice={view.profile} results={results} onViewChange={onViewChange} kiosk={kiosk} /> : null}
      {results?.error ? <p role="status">{results.error}</p> : null}
      {results && results.rows.length ? <RoiTable results={results} view={view} onViewChange={onViewChange} /> : null}
      {limaSkipped.map((s) => (
        <p key={s}>{s}</p>
      ))}
    </aside>
  );
}
