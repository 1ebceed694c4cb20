'use client';
/**
 * The one entry point the scan page renders: picks the component for `model.kind`, each behind an
 * error boundary so one broken plot (unsupported stream, expired data, missing file...) shows a clear
 * message while the rest of the view keeps working.
 */
import dynamic from 'next/dynamic';
import type { ImagePlotModel, McaPlotModel, OneDimPlotModel, ScatterPlotModel, TablePlotModel } from '@/lib/plot-model';
import { CurvePlot } from './curve/curve-plot';
import { PlotDataError, PlotErrorBoundary } from './plot-frame';
import type { PlotProps } from './plot-types';

// Curves come with this module: they are most scans' first plot, and the finished-scan first paint waits
// for the curve's level-of-detail request, which its code sends. The other kinds (with their tools: image
// ROIs and profiles, MCA calibration and its matrix code...) are chunks of their own, fetched when a plot
// of that kind is first shown, so a page of curves neither downloads nor evaluates them.
const waiting = () => <div className="plot-waiting">Loading plot…</div>;
const ImagePlot = dynamic<PlotProps<ImagePlotModel>>(() => import('./image/image-plot').then((m) => m.ImagePlot), { ssr: false, loading: waiting });
const ScatterPlot = dynamic<PlotProps<ScatterPlotModel>>(() => import('./scatter/scatter-plot').then((m) => m.ScatterPlot), { ssr: false, loading: waiting });
const SpectrumPlot = dynamic<PlotProps<McaPlotModel | OneDimPlotModel>>(() => import('./spectrum/spectrum-plot').then((m) => m.SpectrumPlot), { ssr: false, loading: waiting });
const TablePlot = dynamic<PlotProps<TablePlotModel>>(() => import('./table/table-plot').then((m) => m.TablePlot), { ssr: false, loading: waiting });

function Dispatch(props: PlotProps) {
  const { model } = props;
  switch (model.kind) {
    case 'curve':
      return <CurvePlot {...props} model={model} />;
    case 'scatter':
      return <ScatterPlot {...props} model={model} />;
    case 'mca':
    case 'oned':
      return <SpectrumPlot {...props} model={model} />;
    case 'image':
      return <ImagePlot {...props} model={model} />;
    case 'table':
      return <TablePlot {...props} model={model} />;
    default: {
      const kind = (model as { kind?: unknown }).kind;
      throw new PlotDataError(`Lantern cannot draw plots of kind ${JSON.stringify(kind)}`, 'unsupported');
    }
  }
}

export function PlotView(props: PlotProps) {
  const { model } = props;
  return (
    // Keyed by plot and scan: a new scan or plot starts from a clean state (and clears an old error).
    <PlotErrorBoundary key={`${props.source.key}|${model.id}`} label={`${model.kind} plot: ${model.title}`} kiosk={props.kiosk}>
      <Dispatch {...props} />
    </PlotErrorBoundary>
  );
}
