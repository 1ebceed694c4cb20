'use client';
/** What the curve plot shows besides the figure: its toolbar and the statistics table (pure views). */
import type { CurveStats } from '@/lib/plot-math/curve-stats';
import { statMarksShown } from '@/lib/view-state/plot-view-state';
import type { PlotViewState } from '../plot-types';
import { formatNumber } from '../view-axes';
import styles from '../plots.module.css';

export interface StatRow {
  key: string;
  name: string;
  axis: 'left' | 'right';
  color: string;
  stats: CurveStats;
  /** Points the figures hold for, of the curve's `total` published; who computed them. */
  covered: number;
  total: number;
  source: 'page' | 'server';
}

export function ToggleButton({ pressed, onClick, title, children }: { pressed: boolean; onClick(): void; title?: string; children: React.ReactNode }) {
  return (
    <button type="button" aria-pressed={pressed} onClick={onClick} title={title}>
      {children}
    </button>
  );
}

/** Channel and monitor selection belong to the scan page (its channel panel writes view.x/y/y2/normalize). */
export function CurveToolbar({ view, twoAxes, onViewChange }: { view: PlotViewState; twoAxes: boolean; onViewChange(patch: Partial<PlotViewState>): void }) {
  const on = (flag: boolean | undefined) => flag === true;
  return (
    <>
      <ToggleButton pressed={on(view.derivative)} onClick={() => onViewChange({ derivative: !on(view.derivative) })} title="Show the derivative dy/dx">
        d/dx
      </ToggleButton>
      <ToggleButton pressed={on(view.logX)} onClick={() => onViewChange({ logX: !on(view.logX), zoomX: null })} title="Logarithmic x axis">
        log x
      </ToggleButton>
      <ToggleButton pressed={on(view.logY)} onClick={() => onViewChange({ logY: !on(view.logY), zoomY: null })} title="Logarithmic left y axis">
        {twoAxes ? 'log y (left)' : 'log y'}
      </ToggleButton>
      {twoAxes ? (
        <ToggleButton pressed={on(view.logY2)} onClick={() => onViewChange({ logY2: !on(view.logY2), zoomY2: null })} title="Logarithmic right y axis">
          log y (right)
        </ToggleButton>
      ) : null}
      <ToggleButton pressed={statMarksShown(view.markers).length > 0} onClick={() => onViewChange({ markers: statMarksShown(view.markers).length === 0 })} title="Mark peak, cen and com on the plot (each on its own under Markers)">
        markers
      </ToggleButton>
    </>
  );
}

export function StatsTable({ rows, compact }: { rows: StatRow[]; compact?: boolean }) {
  return (
    <div className={styles.statsBox} aria-label="curve statistics">
      <table className={styles.stats}>
        <thead>
          <tr>
            <th>curve</th>
            <th title="x of the maximum (Bliss peak())">peak</th>
            <th>max</th>
            {compact ? null : <th>min</th>}
            <th title="centre of the FWHM (Bliss cen())">cen</th>
            <th title="full width at half maximum (Bliss fwhm())">fwhm</th>
            <th title="centre of mass (Bliss com())">com</th>
            <th title="points these figures hold for, of the points published">points</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            // data-points: the finite points these statistics cover (they trail the curve by a throttle).
            <tr key={r.key} data-points={r.stats.count} data-covered={r.covered} data-total={r.total} data-source={r.source}>
              <td>
                <span className={styles.swatch} style={{ background: r.color }} />
                {r.name}
                {r.axis === 'right' ? <span className={styles.muted}> (R)</span> : null}
              </td>
              <td>{formatNumber(r.stats.peak)}</td>
              <td>{formatNumber(r.stats.max.y)}</td>
              {compact ? null : <td>{formatNumber(r.stats.min.y)}</td>}
              <td>{formatNumber(r.stats.cen)}</td>
              <td>{formatNumber(r.stats.fwhm)}</td>
              <td>{formatNumber(r.stats.com)}</td>
              <td className={r.covered < r.total ? styles.partial : undefined} title={r.covered < r.total ? `partial: over ${r.covered} of the ${r.total} points published` : r.source === 'server' ? 'over every point, computed by the server' : 'over every point'}>
                {r.covered < r.total ? `${r.covered.toLocaleString('en-US')} of ${r.total.toLocaleString('en-US')}` : r.total.toLocaleString('en-US')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
