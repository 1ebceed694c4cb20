import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '@/lib/live-data/stream-buffer';
import { shownIndex, SpectrumAccumulator, spectrumX } from './spectrum-data';

function spectra(values: number[][]): Uint8Array {
  return new Uint8Array(Uint32Array.from(values.flat()).buffer);
}

describe('SpectrumAccumulator', () => {
  it('sums and averages the spectra a buffer holds, incrementally', () => {
    const b = new StreamBuffer({ dtype: '<u4', pointShape: [3] });
    b.write(0, 2, spectra([
      [1, 2, 3],
      [10, 20, 30],
    ]));
    const acc = new SpectrumAccumulator();
    acc.syncWith(b);
    expect([...acc.result('sum')]).toEqual([11, 22, 33]);
    b.write(2, 1, spectra([[100, 200, 300]]));
    acc.syncWith(b);
    expect(acc.count).toBe(3);
    expect([...acc.result('sum')]).toEqual([111, 222, 333]);
    expect([...acc.result('average')]).toEqual([37, 74, 111]);
  });

  it('leaves out points that are not held and starts over when a hole fills', () => {
    const b = new StreamBuffer({ dtype: '<u4', pointShape: [2] });
    b.write(0, 1, spectra([[1, 1]]));
    b.write(3, 1, spectra([[4, 4]])); // 1 and 2 missing
    const acc = new SpectrumAccumulator();
    acc.syncWith(b);
    expect(acc.count).toBe(2);
    expect(acc.skipped).toBe(2);
    expect([...acc.result('sum')]).toEqual([5, 5]);
    b.write(1, 2, spectra([
      [2, 2],
      [3, 3],
    ]));
    acc.syncWith(b);
    expect(acc.count).toBe(4);
    expect(acc.skipped).toBe(0);
    expect([...acc.result('sum')]).toEqual([10, 10]);
  });

  it('counts expired points as skipped', () => {
    const b = new StreamBuffer({ dtype: '<f8', pointShape: [2] });
    b.markExpired(0, 5);
    b.write(5, 1, new Uint8Array(Float64Array.of(1, 2).buffer));
    const acc = new SpectrumAccumulator();
    acc.syncWith(b);
    expect(acc.count).toBe(1);
    expect(acc.skipped).toBe(5);
    expect([...acc.result('average')]).toEqual([1, 2]);
  });

  it('gives NaN for the average of nothing', () => {
    const acc = new SpectrumAccumulator();
    acc.reset(2);
    expect([...acc.result('average')]).toEqual([NaN, NaN]);
  });
});

describe('spectrumX', () => {
  it('builds index, fixed array and channel axes', () => {
    expect([...spectrumX({ kind: 'index' }, 3, null)]).toEqual([0, 1, 2]);
    expect([...spectrumX({ kind: 'array', values: [5, 6] }, 3, null)]).toEqual([5, 6, NaN]);
    expect([...spectrumX({ kind: 'channel', channel: 'e' }, 2, Float64Array.of(7.1, 7.2))]).toEqual([7.1, 7.2]);
    expect([...spectrumX({ kind: 'channel', channel: 'e' }, 2, null)]).toEqual([0, 1]);
  });
});

describe('shownIndex', () => {
  it('follows the latest point unless a point was picked', () => {
    expect(shownIndex(undefined, undefined, 9)).toBe(9);
    expect(shownIndex(3, true, 9)).toBe(9);
    expect(shownIndex(3, false, 9)).toBe(3);
    expect(shownIndex(30, false, 9)).toBe(9);
    expect(shownIndex(null, false, 9)).toBe(9);
    expect(shownIndex(3, false, -1)).toBe(-1);
  });
});
