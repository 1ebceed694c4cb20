'use client';
/**
 * The frame around one plot: its error boundary (a failing plot never takes the view down), the test
 * hooks (accessible name, `data-point-count`, `data-frame-index` for images), and a footer telling how
 * many points are held and whether some are missing.
 */
import { useCallback } from 'react';
import type { PlotModel } from '@/lib/plot-model';
import type { PlotViewState } from '../plots/plot-types';
import { ErrorBoundary } from '../common/error-boundary';
import { PlotRenderer } from './plot-renderer';
import { plotPointCount, shownFrameIndex } from './points-held';
import { usePlotDataSource, useScan, useScanActions } from './scan-store-provider';

const NO_VIEW: PlotViewState = {};

export function plotLabel(model: PlotModel): string {
  const kinds: Record<PlotModel['kind'], string> = { curve: 'Curve', scatter: 'Scatter', mca: 'MCA', oned: '1D', image: 'Image', table: 'Table' };
  return model.title && model.title.toLowerCase() !== model.kind ? `${kinds[model.kind]}: ${model.title}` : kinds[model.kind];
}

export function PlotSlot({ model, kiosk = false, view: viewOverride }: { model: PlotModel; kiosk?: boolean; view?: PlotViewState }) {
  const source = usePlotDataSource();
  const storedView = useScan((s) => s.views[model.id]) ?? NO_VIEW;
  const view = viewOverride ?? storedView;
  const actions = useScanActions();
  const onViewChange = useCallback((patch: Partial<PlotViewState>) => actions.patchView(model.id, patch), [actions, model.id]);
  const count = source ? plotPointCount(model, view, source.buffers) : 0;
  const frame = model.kind === 'image' && source ? shownFrameIndex(model, view, source.buffers) : null;
  const label = plotLabel(model);
  return (
    <section
      className={`plotslot plotslot--${model.kind}`}
      aria-label={`${label} plot`}
      data-plot-id={model.id}
      data-plot-kind={model.kind}
      data-point-count={count}
      {...(model.kind === 'image' ? { 'data-frame-index': frame ?? '' } : {})}
    >
      <ErrorBoundary label={`${label} plot`} resetKeys={[model.id, source?.key]}>
        {source ? (
          <PlotRenderer model={model} source={source} view={view} onViewChange={onViewChange} kiosk={kiosk} />
        ) : (
          <div className="plot-waiting">Waiting for the scan’s data…</div>
        )}
      </ErrorBoundary>
    </section>
  );
}
