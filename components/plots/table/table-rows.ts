/** Count table mapping: one row per channel with its latest value, unit and what to print (pure). */
import { epochText } from '../../scan/value-format';
import { shortName } from '../plot-frame';
import { formatNumber } from '../view-axes';

/** The latest value of a channel, as the ScanBuffers hold it. */
export interface LatestValue {
  latestIndex: number;
  itemsPerPoint: number;
  value(index: number): number;
}

/** What the table reads of a scan, by channel name. */
export interface TableSource {
  buffer(name: string): LatestValue | undefined;
  label(name: string): string;
  unit(name: string): string | null;
  /** Unix seconds, shown as a local time of day rather than as 1.7e9. */
  epoch(name: string): boolean;
}

export interface TableRow {
  name: string;
  label: string;
  /** The full name's short form, shown beside a display name that differs from it. */
  alias: string | null;
  unit: string | null;
  value: number;
  index: number;
  /** Why there is no value to show, or null. */
  state: 'no data yet' | 'not a scalar' | null;
  epoch: boolean;
}

export function tableRows(channels: readonly string[], source: TableSource): TableRow[] {
  return channels.map((name) => {
    const b = source.buffer(name);
    const index = b ? b.latestIndex : -1;
    const value = b && index >= 0 && b.itemsPerPoint === 1 ? b.value(index) : NaN;
    const state = !b ? 'no data yet' : b.itemsPerPoint !== 1 ? 'not a scalar' : index < 0 ? 'no data yet' : null;
    const epoch = source.epoch(name);
    const label = source.label(name);
    const alias = label !== shortName(name) ? shortName(name) : null;
    return { name, label, alias, unit: epoch ? 'local time' : source.unit(name), value, index, state, epoch };
  });
}

/** The value cell: the reason when there is none, an epoch as a time of day, a number to 7 digits. */
export function valueText(row: TableRow): string {
  return row.state ?? (row.epoch ? epochText(row.value) : formatNumber(row.value, 7));
}
