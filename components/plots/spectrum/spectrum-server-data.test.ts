import { describe, expect, it } from 'vitest';
import { SpectrumAccumulator } from './spectrum-data';
import { addSumChunk, toFloat64, type RemoteSum } from './spectrum-server-data';

describe('spectrum server data', () => {
  it('converts any slice dtype to float64', () => {
    expect(Array.from(toFloat64(new BigInt64Array([1n, -2n])))).toEqual([1, -2]);
    expect(Array.from(toFloat64(new Uint16Array([3, 4])))).toEqual([3, 4]);
    const f = new Float64Array([0.5]);
    expect(toFloat64(f)).toBe(f);
  });

  it('adds fetched chunks in order, counts expired points as skipped and ignores stale chunks', () => {
    const rs: RemoteSum = { acc: new SpectrumAccumulator(), error: new Error('earlier failure') };
    // The server no longer has points 0 and 1: the slice starts at 2.
    addSumChunk(rs, 0, { from: 2, count: 2, pointShape: [3], data: new Uint32Array([1, 2, 3, 10, 20, 30]) });
    expect(rs.error).toBeNull();
    expect(rs.acc).toMatchObject({ count: 2, upTo: 4, skipped: 2 });
    expect(Array.from(rs.acc.result('sum')!)).toEqual([11, 22, 33]);
    // A chunk for a range already summed (a late reply) is not added twice.
    addSumChunk(rs, 2, { from: 2, count: 2, pointShape: [3], data: new Uint32Array([1, 2, 3, 10, 20, 30]) });
    expect(rs.acc.count).toBe(2);
    addSumChunk(rs, 4, { from: 4, count: 1, pointShape: [3], data: new Float64Array([4, 4, 4]) });
    expect(Array.from(rs.acc.result('average')!)).toEqual([5, 26 / 3, 37 / 3]);
  });
});
