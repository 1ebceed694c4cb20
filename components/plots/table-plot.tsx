'use client';
/**
 * Count table (Flint's `ct` widget, and explicit `table-plot`s): one row per scalar channel with its
 * latest value and unit. Few channels and one value each: read straight from the buffers on render.
 */
import type { TablePlotModel } from '@/lib/plot-model';
import { PlotFrame, scanStateBanner, shortName } from './plot-frame';
import type { PlotProps } from './plot-types';
import { channelUnit, displayName } from './source-helpers';
import { timeKind, type ScanInfo } from '@/lib/blissdata/scan-info';
import { epochText } from '../scan/value-format';
import { formatNumber } from './view-axes';
import styles from './plots.module.css';

export function TablePlot({ model, source, kiosk }: PlotProps<TablePlotModel>) {
  const rows = model.channels.map((name) => {
    const b = source.buffers.streamByName(name);
    const index = b ? b.latestIndex : -1;
    const value = b && index >= 0 && b.itemsPerPoint === 1 ? b.value(index) : NaN;
    const state = !b ? 'no data yet' : b.itemsPerPoint !== 1 ? 'not a scalar' : index < 0 ? 'no data yet' : null;
    // An epoch reads as a time of day, as in the data table and the channel panel, not as 1.7e9.
    const info = source.snapshot.info as unknown as ScanInfo | undefined;
    const epoch = timeKind(info && typeof info.channels === 'object' && info.channels ? info : undefined, name) === 'epoch';
    return { name, label: displayName(source, name), unit: epoch ? 'local time' : channelUnit(source, name), value, index, state, epoch };
  });
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
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">channel</th>
              <th scope="col" style={{ textAlign: 'right' }}>
                value
              </th>
              <th scope="col">unit</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <th scope="row" title={r.name} style={{ fontWeight: 500 }}>
                  {r.label}
                  {r.label !== shortName(r.name) ? <span className={styles.muted}> ({shortName(r.name)})</span> : null}
                </th>
                <td className={styles.num}>{r.state ?? (r.epoch ? epochText(r.value) : formatNumber(r.value, 7))}</td>
                <td>{r.unit ?? ''}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className={styles.muted}>
                  No scalar channel in this scan.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </PlotFrame>
  );
}
