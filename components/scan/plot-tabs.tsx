'use client';
/** Tabs of the scan's plots (Flint's order: the default plot first); the active one is in the URL. */
import { useRef, type KeyboardEvent } from 'react';
import type { PlotModel } from '@/lib/plot-model';
import { plotLabel } from './plot-slot';

export function PlotTabs({ plots, active, onSelect }: { plots: PlotModel[]; active: string | null; onSelect(id: string): void }) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const index = plots.findIndex((p) => p.id === active);
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? plots.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const plot = plots[(next + plots.length) % plots.length];
    if (!plot) return;
    onSelect(plot.id);
    listRef.current?.querySelector<HTMLButtonElement>(`[data-tab="${CSS.escape(plot.id)}"]`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Plots" ref={listRef} onKeyDown={onKeyDown}>
      {plots.map((p) => (
        <button
          key={p.id}
          type="button"
          role="tab"
          className={`tab${p.id === active ? ' tab--active' : ''}`}
          aria-selected={p.id === active}
          tabIndex={p.id === active ? 0 : -1}
          data-tab={p.id}
          onClick={() => onSelect(p.id)}
        >
          <span className={`tab__kind tab__kind--${p.kind}`} aria-hidden="true" />
          {plotLabel(p)}
        </button>
      ))}
    </div>
  );
}
