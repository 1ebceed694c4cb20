'use client';
/**
 * Beside the image: the line profile (curve and its values as a table) and the ROI statistics table,
 * both of the frame named in their caption, readable as text (tables with aria-labels).
 */
import { useState } from 'react';
import { MAX_PROFILE_WIDTH } from '@/lib/view-state/image-url';
import type { ImageProfileChoice } from '@/lib/view-state/plot-view-state';
import type { PlotProps, PlotViewState } from '../plot-types';
import { formatNumber } from '../view-axes';
import styles from '../plots.module.css';
import own from './image-tools.module.css';
import { profileAxisTitle, profileTitle } from './image-tools';
import { ProfilePlot } from './profile-plot';
import type { ToolResults } from './use-image-tools';

const num = (v: number) => formatNumber(v, 6);

/** Width (pixels across the line) and mean or sum, as silx's profile tools; kept in the view (the link). */
function ProfileOptionsControls({ view, onViewChange }: { view: PlotViewState; onViewChange: PlotProps['onViewChange'] }) {
  const width = view.profileWidth ?? 1;
  const [text, setText] = useState(String(width));
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState(width);
  if (shown !== width) {
    setShown(width);
    setText(String(width));
  }
  const commit = (value: string) => {
    const w = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || w < 1 || w > MAX_PROFILE_WIDTH) return setProblem(`profile width: a whole number of pixels from 1 to ${MAX_PROFILE_WIDTH}`);
    setProblem(null);
    if (w !== width) onViewChange({ profileWidth: w === 1 ? undefined : w });
  };
  return (
    <div className={own.profileOptions}>
      <label title="Pixels across the profile line, reduced to one value per sample (silx's line width)">
        width{' '}
        <input
          type="number"
          min={1}
          max={MAX_PROFILE_WIDTH}
          step={1}
          value={text}
          aria-label="profile width"
          onChange={(e) => {
            setText(e.target.value);
            commit(e.target.value);
          }}
        />{' '}
        px
      </label>
      <label title="Mean or sum of the pixels across the width">
        across{' '}
        <select aria-label="profile reduction" value={view.profileMethod ?? 'mean'} onChange={(e) => onViewChange({ profileMethod: e.target.value === 'sum' ? 'sum' : undefined })}>
          <option value="mean">mean</option>
          <option value="sum">sum</option>
        </select>
      </label>
      {problem ? <span role="alert">{problem}</span> : null}
    </div>
  );
}

function ProfileSection({ choice, view, results, onViewChange, kiosk }: { choice: ImageProfileChoice; view: PlotViewState; results: ToolResults | null; onViewChange: PlotProps['onViewChange']; kiosk?: boolean }) {
  const profile = results?.profile ?? null;
  const taken = results?.profileOptions;
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
      <ProfileOptionsControls view={view} onViewChange={onViewChange} />
      {profile ? (
        <>
          <ProfilePlot profile={profile} xTitle={xTitle} kiosk={kiosk} />
          <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
            <summary>
              values ({profile.values.length}
              {taken && taken.width > 1 ? `, ${taken.method} of ${taken.width} px` : ''})
            </summary>
            {open ? (
              <table aria-label="profile values" data-frame-index={results?.frame} data-profile-width={taken?.width ?? 1} data-profile-method={taken?.method ?? 'mean'}>
                <thead>
                  <tr>
                    <th>{xTitle}</th>
                    <th>{taken && taken.width > 1 ? `${taken.method} of ${taken.width} px` : 'value'}</th>
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
      {view.profile ? <ProfileSection choice={view.profile} view={view} results={results} onViewChange={onViewChange} kiosk={kiosk} /> : null}
      {results?.error ? <p role="status">{results.error}</p> : null}
      {results && results.rows.length ? <RoiTable results={results} view={view} onViewChange={onViewChange} /> : null}
      {limaSkipped.map((s) => (
        <p key={s}>{s}</p>
      ))}
    </aside>
  );
}
