'use client';
/** The plots of the scan as tabs, the active one drawn, with its side panel (channels for curves, stream facts otherwise). */
import { ErrorBoundary } from '../common/error-boundary';
import { ChannelPanel } from './channel-panel';
import { PlotSlot } from './plot-slot';
import { PlotTabs } from './plot-tabs';
import { StreamFacts } from './stream-facts';
import { useScan, useScanActions } from './scan-store-provider';

export function PlotArea() {
  const setup = useScan((s) => s.setup);
  const active = useScan((s) => s.activePlot);
  const actions = useScanActions();
  if (!setup) return null;
  if (setup.plots.length === 0) {
    return <div className="empty empty--box">This scan describes nothing to plot. Its channels are in the data table below.</div>;
  }
  const model = setup.plots.find((p) => p.id === active) ?? setup.plots[0]!;
  return (
    <div className="plotarea">
      <div className="plotarea__main">
        <PlotTabs plots={setup.plots} active={model.id} onSelect={actions.setActivePlot} />
        <div role="tabpanel" className="plotarea__panel">
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
