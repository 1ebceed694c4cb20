'use client';
/**
 * The one entry point the scan page renders: picks the component for `model.kind`, each behind an
 * error boundary so one broken plot (unsupported stream, expired data, missing file...) shows a clear
 * message while the rest of the view keeps working.
 */
import { CurvePlot } from './curve/curve-plot';
import { ImagePlot } from './image/image-plot';
import { PlotDataError, PlotErrorBoundary } from './plot-frame';
import type { PlotProps } from './plot-types';
import { ScatterPlot } from './scatter/scatter-plot';
import { SpectrumPlot } from './spectrum/spectrum-plot';
import { TablePlot } from './table/table-plot';

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
