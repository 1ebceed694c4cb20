'use client';
/**
 * Count table (Flint's `ct` widget, and explicit `table-plot`s): one row per scalar channel with its
 * latest value and unit. Few channels and one value each: read straight from the buffers on render,
 * mapped by `table-rows.ts`, drawn by `table-view.tsx`.
 */
import type { TablePlotModel } from '@/lib/plot-model';
import { timeKind, type ScanInfo } from '@/lib/blissdata/scan-info';
import { PlotFrame, scanStateBanner } from '../plot-frame';
import type { PlotDataSource, PlotProps } from '../plot-types';
import { channelUnit, displayName } from '../source-helpers';
import { tableRows, type TableSource } from './table-rows';
import { CountTable } from './table-view';

function tableSource(source: PlotDataSource): TableSource {
  const info = source.snapshot.info as unknown as ScanInfo | undefined;
  const channels = info && typeof info.channels === 'object' && info.channels ? info : undefined;
  return {
    buffer: (name) => source.buffers.streamByName(name),
    label: (name) => displayName(source, name),
    unit: (name) => channelUnit(source, name),
    epoch: (name) => timeKind(channels, name) === 'epoch',
  };
}

export function TablePlot({ model, source, kiosk }: PlotProps<TablePlotModel>) {
  const rows = tableRows(model.channels, tableSource(source));
  const held = rows.filter((r) => r.state === null).length;
  return (
    <PlotFrame
      label={`${model.variant === 'count' ? 'count table' : 'table'}: ${model.channels.length} channels`}
      dataKind="table"
      title={model.title}
      subtitle={model.variant === 'count' ? 'count' : undefined}
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={(el) => {
        if (el) el.dataset.pointCount = String(held);
      }}
    >
      <CountTable rows={rows} />
    </PlotFrame>
  );
}
