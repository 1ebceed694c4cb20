'use client';
/**
 * The plots of the scan: one at a time in tabs (the active one drawn, with its side panel: channels for
 * curves, stream facts otherwise), or several at once in a grid (plot-grid/). Both are in the link.
 */
import { useRef } from 'react';
import { MAX_CELLS } from '@/lib/view-state/layout';
import { ErrorBoundary } from '../common/error-boundary';
import { PlotExportButtons } from '../plots/export/export-buttons';
import { ChannelPanel } from './channel-panel';
import { LayoutModeSwitch, LayoutToolbar } from './plot-grid/layout-toolbar';
import { PlotGrid } from './plot-grid/plot-grid';
import { defaultLayout, resolveLayout } from './plot-grid/resolve-layout';
import { PlotSlot } from './plot-slot';
import { PlotTabs } from './plot-tabs';
import { StreamFacts } from './stream-facts';
import { usePlotDataSource, useScan, useScanActions } from './scan-store-provider';

const NO_VIEW = {};

export function PlotArea() {
  const setup = useScan((s) => s.setup);
  const active = useScan((s) => s.activePlot);
  const layout = useScan((s) => s.layout);
  const number = useScan((s) => s.summary?.number);
  const actions = useScanActions();
  const panelRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  if (!setup) return null;
  if (setup.plots.length === 0) {
    return <div className="empty empty--box">This scan describes nothing to plot. Its channels are in the data table below.</div>;
  }
  const model = setup.plots.find((p) => p.id === active) ?? setup.plots[0]!;
  const modes = <LayoutModeSwitch grid={layout !== null} onTabs={() => actions.setLayout(null)} onGrid={() => actions.setLayout(defaultLayout(setup.plots, model.id, Math.min(MAX_CELLS, 6)))} />;
  if (layout) {
    const { models, missing } = resolveLayout(layout, setup.plots);
    return (
      <div className="plotarea plotarea--grid">
        <div className="plotarea__main">
          <div className="plotarea__bar">
            <LayoutToolbar layout={layout} plots={setup.plots} shown={models} onLayout={actions.setLayout} gridRef={gridRef} title={`scan_${number ?? 'x'}`} />
            {modes}
          </div>
          <PlotGrid layout={layout} models={models} missing={missing} onLayout={actions.setLayout} gridRef={gridRef} />
        </div>
      </div>
    );
  }
  return (
    <div className="plotarea">
      <div className="plotarea__main">
        <div className="plotarea__bar">
          <PlotTabs plots={setup.plots} active={model.id} onSelect={actions.setActivePlot} />
          <ActiveExport model={model} root={() => panelRef.current} />
          {modes}
        </div>
        <div role="tabpanel" className="plotarea__panel" ref={panelRef}>
          {/* Not keyed: it outlives the plot switch, so an error from the plot being removed lands here. */}
          <ErrorBoundary label="Plot" resetKeys={[model.id]}>
            <PlotSlot key={model.id} model={model} />
          </ErrorBoundary>
        </div>
      </div>
      <aside className="plotarea__side">{model.kind === 'curve' ? <ChannelPanel model={model} /> : <StreamFacts model={model} />}</aside>
    </div>
  );
}

function ActiveExport({ model, root }: { model: Parameters<typeof PlotSlot>[0]['model']; root: () => HTMLElement | null }) {
  const source = usePlotDataSource();
  const view = useScan((s) => s.views[model.id]) ?? NO_VIEW;
  return <PlotExportButtons model={model} view={view} source={source} root={root} />;
}
