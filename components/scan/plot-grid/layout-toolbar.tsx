'use client';
/** Above the plots: one plot (tabs) or several (grid); for a grid its columns, a plot to add, and its PNG. */
import { useState, type RefObject } from 'react';
import type { PlotModel } from '@/lib/plot-model';
import { addPlot, MAX_CELLS, MAX_COLUMNS, type PlotLayout } from '@/lib/view-state/layout';
import { downloadCanvas, layoutCanvas } from '../../plots/export/plot-image';
import { plotLabel } from '../plot-slot';
import styles from './plot-grid.module.css';

export function LayoutModeSwitch({ grid, onTabs, onGrid }: { grid: boolean; onTabs(): void; onGrid(): void }) {
  return (
    <span className={styles.modes} role="group" aria-label="Plots shown">
      <button type="button" className={`btn btn--small${grid ? '' : ' btn--on'}`} aria-pressed={!grid} onClick={onTabs}>
        One plot
      </button>
      <button type="button" className={`btn btn--small${grid ? ' btn--on' : ''}`} aria-pressed={grid} onClick={onGrid}>
        Several plots
      </button>
    </span>
  );
}

export function LayoutToolbar({ layout, plots, shown, onLayout, gridRef, title }: { layout: PlotLayout; plots: readonly PlotModel[]; shown: readonly PlotModel[]; onLayout(l: PlotLayout): void; gridRef: RefObject<HTMLDivElement | null>; title: string }) {
  const [status, setStatus] = useState('');
  const addable = plots.filter((p) => !shown.includes(p));
  const png = () => {
    const grid = gridRef.current;
    if (!grid) return;
    layoutCanvas(grid)
      .then(async (canvas) => {
        await downloadCanvas(canvas, `${title}_layout`);
        setStatus(`PNG ${canvas.width}×${canvas.height}`);
      })
      .catch((e: unknown) => setStatus(`PNG failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  return (
    <div className={styles.toolbar}>
      <label>
        columns{' '}
        <select
          className="input"
          aria-label="Columns"
          value={layout.columns ?? ''}
          onChange={(e) => {
            const { columns: _old, ...rest } = layout;
            onLayout(e.target.value ? { ...rest, columns: Number(e.target.value) } : rest);
          }}
        >
          <option value="">auto</option>
          {Array.from({ length: MAX_COLUMNS }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </select>
      </label>
      <label>
        add{' '}
        <select className="input" aria-label="Add a plot" value="" disabled={addable.length === 0 || layout.plots.length >= MAX_CELLS} onChange={(e) => e.target.value && onLayout(addPlot(layout, e.target.value))}>
          <option value="">{addable.length ? 'a plot…' : 'every plot is shown'}</option>
          {addable.map((p) => (
            <option key={p.id} value={p.id}>
              {plotLabel(p)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn--small" onClick={png} disabled={shown.length === 0} title="Download the whole layout as one PNG image">
        PNG of the layout
      </button>
      <span className="muted" role="status">
        {status}
      </span>
    </div>
  );
}
