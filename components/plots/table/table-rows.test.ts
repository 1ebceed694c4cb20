import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '@/lib/live-data/stream-buffer';
import { epochText } from '../../scan/value-format';
import { tableRows, valueText, type TableSource } from './table-rows';

function f64(values: number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

describe('count table rows', () => {
  const diode = new StreamBuffer({ dtype: '<f8', pointShape: [] });
  diode.write(0, 3, f64([1, 2, 1234.56789012]));
  const epoch = new StreamBuffer({ dtype: '<f8', pointShape: [] });
  epoch.write(0, 1, f64([1_700_000_000.25]));
  const spectrum = new StreamBuffer({ dtype: '<f8', pointShape: [2] });
  spectrum.write(0, 1, f64([1, 2]));
  const empty = new StreamBuffer({ dtype: '<f8', pointShape: [] });
  const buffers: Record<string, StreamBuffer> = { 'sim:diode1': diode, 'timer:epoch': epoch, 'mca:spectrum': spectrum, 'sim:empty': empty };
  const source: TableSource = {
    buffer: (name) => buffers[name],
    label: (name) => (name === 'sim:diode1' ? 'Diode' : name.split(':').pop()!),
    unit: (name) => (name === 'sim:diode1' ? 'cps' : null),
    epoch: (name) => name === 'timer:epoch',
  };

  it('shows each channel latest value, its unit and its full name where the label differs', () => {
    const [row] = tableRows(['sim:diode1'], source);
    expect(row).toMatchObject({ name: 'sim:diode1', label: 'Diode', alias: 'diode1', unit: 'cps', value: 1234.56789012, index: 2, state: null, epoch: false });
    expect(valueText(row!)).toBe('1234.568');
  });

  it('shows epochs as a local time of day', () => {
    const [row] = tableRows(['timer:epoch'], source);
    expect(row).toMatchObject({ label: 'epoch', alias: null, unit: 'local time', epoch: true });
    expect(valueText(row!)).toBe(epochText(1_700_000_000.25));
    expect(valueText(row!)).toMatch(/^\d\d:\d\d:\d\d\.250$/);
  });

  it('says why a channel has no value: not received, empty, or not a scalar', () => {
    const rows = tableRows(['sim:missing', 'sim:empty', 'mca:spectrum'], source);
    expect(rows.map((r) => r.state)).toEqual(['no data yet', 'no data yet', 'not a scalar']);
    expect(rows.map(valueText)).toEqual(['no data yet', 'no data yet', 'not a scalar']);
    expect(rows.every((r) => Number.isNaN(r.value))).toBe(true);
  });
});
