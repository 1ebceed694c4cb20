'use client';
/**
 * Several plots at once, as Flint's docked windows: a grid of plot cells in the layout's order and
 * number of columns (one column on a phone). Each cell is a PlotSlot with its own error boundary, a
 * title bar to move (buttons, or drag the title onto another cell), remove, and export it; a curve cell
 * also opens its own channel choice (the one-plot mode's side panel, for that plot's view only).
 */
import { useRef, useState, type DragEvent } from 'react';
import type { PlotModel } from '@/lib/plot-model';
import { layoutColumns, movePlot, removePlot, type PlotLayout } from '@/lib/view-state/layout';
import { PlotExportButtons } from '../../plots/export/export-buttons';
import { ChannelPanel } from '../channel-panel';
import { PlotSlot, plotLabel } from '../plot-slot';
import { usePlotDataSource, useScan } from '../scan-store-provider';
import styles from './plot-grid.module.css';

const NO_VIEW = {};

function Cell({ model, index, count, layout, onLayout, onDrop }: { model: PlotModel; index: number; count: number; layout: PlotLayout; onLayout(l: PlotLayout): void; onDrop(from: number, to: number): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const source = usePlotDataSource();
  const view = useScan((s) => s.views[model.id]) ?? NO_VIEW;
  const [over, setOver] = useState(false);
  const [channels, setChannels] = useState(false);
  const label = plotLabel(model);
  const channelsId = `layout-channels-${model.id.replace(/[^\w-]/g, '_')}`;
  const at = layout.plots.indexOf(model.id);
  // The layout may name this plot by kind: moves act on its position among the references.
  const position = at >= 0 ? at : index;
  return (
    <div
      ref={ref}
      className={`${styles.cell}${over ? ` ${styles.over}` : ''}`}
      data-layout-cell={model.id}
      data-layout-title={label}
      onDragOver={(e: DragEvent) => {
        if (e.dataTransfer.types.includes('application/x-lantern-cell')) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        setOver(false);
        const from = Number(e.dataTransfer.getData('application/x-lantern-cell'));
        if (Number.isInteger(from)) onDrop(from, position);
      }}
    >
      <div className={styles.bar}>
        <span
          className={styles.handle}
          draggable
          title="Drag onto another plot to swap places"
          onDragStart={(e) => {
            e.dataTransfer.setData('application/x-lantern-cell', String(position));
            e.dataTransfer.effectAllowed = 'move';
          }}
        >
          ⠿ {label}
        </span>
        {model.kind === 'curve' ? (
          <button type="button" className="btn btn--small" aria-expanded={channels} aria-controls={channelsId} aria-label={`Channels of ${label}`} title="Choose this plot's x, curves and monitor" onClick={() => setChannels(!channels)}>
            channels
          </button>
        ) : null}
        <PlotExportButtons model={model} view={view} source={source} root={() => ref.current} />
        <span className={styles.moves}>
          <button type="button" className="btn btn--small" aria-label={`Move ${label} earlier`} disabled={index === 0} onClick={() => onLayout(movePlot(layout, position, position - 1))}>
            ←
          </button>
          <button type="button" className="btn btn--small" aria-label={`Move ${label} later`} disabled={index === count - 1} onClick={() => onLayout(movePlot(layout, position, position + 1))}>
            →
          </button>
          <button type="button" className="btn btn--small" aria-label={`Remove ${label} from the layout`} onClick={() => onLayout(removePlot(layout, position))}>
            ×
          </button>
        </span>
      </div>
      {model.kind === 'curve' && channels ? (
        <div id={channelsId} className={styles.channels}>
          <ChannelPanel model={model} />
        </div>
      ) : null}
      <PlotSlot model={model} />
    </div>
  );
}

export function PlotGrid({ layout, models, missing, onLayout, gridRef }: { layout: PlotLayout; models: PlotModel[]; missing: string[]; onLayout(l: PlotLayout): void; gridRef: React.RefObject<HTMLDivElement | null> }) {
  const columns = layoutColumns(layout, models.length);
  const swap = (from: number, to: number) => {
    if (from === to) return;
    const plots = [...layout.plots];
    [plots[from], plots[to]] = [plots[to]!, plots[from]!];
    onLayout({ ...layout, plots });
  };
  return (
    <>
      {missing.length ? <p className={styles.missing}>Not in this scan: {missing.join(', ')}</p> : null}
      {models.length === 0 ? <div className="empty empty--box">No plot in the layout. Add one above.</div> : null}
      <div ref={gridRef} className={styles.grid} style={{ ['--cols' as string]: columns }} aria-label="Plot layout" data-columns={columns}>
        {models.map((m, i) => (
          <Cell key={m.id} model={m} index={i} count={models.length} layout={layout} onLayout={onLayout} onDrop={swap} />
        ))}
      </div>
    </>
  );
}
