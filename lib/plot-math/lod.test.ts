import { describe, expect, it } from 'vitest';
import { lodToXY, MinMaxReducer, reduceMinMax } from './lod';

function triplets(data: Float64Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < data.length; i += 3) out.push([data[i]!, data[i + 1]!, data[i + 2]!]);
  return out;
}

describe('reduceMinMax', () => {
  it('keeps a single-sample spike', () => {
    const y = new Float64Array(1_000_000).fill(1);
    y[654_321] = 1000;
    y[10] = -50;
    const r = triplets(reduceMinMax(y, 0, y.length, 1000));
    expect(r.length).toBe(1000);
    expect(r[654]).toEqual([654_000, 1, 1000]);
    expect(r[0]).toEqual([0, -50, 1]);
    expect(r.filter((b) => b[2] === 1000).length).toBe(1);
  });

  it('splits uneven ranges with integer bucket starts and sub-ranges', () => {
    const y = Float64Array.from({ length: 30 }, (_, i) => i);
    expect(triplets(reduceMinMax(y, 10, 20, 3))).toEqual([
      [10, 10, 12],
      [13, 13, 15],
      [16, 16, 19],
    ]);
  });

  it('gives one bucket per sample when there are fewer samples than buckets', () => {
    expect(triplets(reduceMinMax([4, 2, 7], 0, 3, 100))).toEqual([
      [0, 4, 4],
      [1, 2, 2],
      [2, 7, 7],
    ]);
    expect(reduceMinMax([1, 2], 0, 0, 10).length).toBe(0);
  });

  it('skips NaN and leaves all-NaN buckets as gaps', () => {
    const r = triplets(reduceMinMax([NaN, 3, NaN, NaN, 5, -Infinity], 0, 6, 3));
    expect(r).toEqual([
      [0, 3, 3],
      [2, NaN, NaN],
      [4, -Infinity, 5],
    ]);
  });

  it('reads 64-bit integers and clamps the range to the array', () => {
    const y = new BigInt64Array([5n, -7n, 9007199254740993n, 1n]);
    expect(triplets(reduceMinMax(y, -5, 99, 2))).toEqual([
      [0, -7, 5],
      [2, 1, 9007199254740992],
    ]);
  });

  it('gives the same buckets when fed in chunks', () => {
    const y = Float64Array.from({ length: 1003 }, (_, i) => Math.sin(i / 7) * (i % 13));
    const whole = reduceMinMax(y, 17, 990, 64);
    const chunked = new MinMaxReducer(17, 990, 64);
    // Out of order, chunks straddling both ends of the range.
    for (let at = 1000; at > -97; at -= 97) chunked.add(y.subarray(Math.max(0, at), at + 97), Math.max(0, at));
    expect(Array.from(chunked.data)).toEqual(Array.from(whole));
  });

  it('maps every index to the bucket whose start is at or before it', () => {
    const r = new MinMaxReducer(3, 3 + 1000, 7);
    for (let i = 3; i < 1003; i++) {
      const k = r.bucketOf(i);
      expect(r.start(k)).toBeLessThanOrEqual(i);
      expect(r.start(k + 1)).toBeGreaterThan(i);
    }
  });
});

describe('lodToXY', () => {
  it('draws a spike up and back down', () => {
    const y = new Float64Array(40).fill(0);
    y[15] = 9;
    const { x, y: py } = lodToXY(reduceMinMax(y, 0, 40, 4), 40);
    expect(Array.from(x)).toEqual([0, 9, 10, 19, 20, 29, 30, 39]);
    expect(Array.from(py)).toEqual([0, 0, 0, 9, 0, 0, 0, 0]);
  });

  it('orders min and max so ramps stay ramps', () => {
    const up = Float64Array.from({ length: 100 }, (_, i) => i);
    expect(Array.from(lodToXY(reduceMinMax(up, 0, 100, 4), 100).y)).toEqual([0, 24, 25, 49, 50, 74, 75, 99]);
    const down = Float64Array.from({ length: 100 }, (_, i) => 99 - i);
    expect(Array.from(lodToXY(reduceMinMax(down, 0, 100, 4), 100).y)).toEqual([99, 75, 74, 50, 49, 25, 24, 0]);
  });

  it('maps indices through xAt and keeps gaps as NaN', () => {
    const xs = Float64Array.from({ length: 6 }, (_, i) => 10 + i / 2);
    const r = lodToXY(reduceMinMax([1, 2, NaN, NaN, 3, 4], 0, 6, 3), 6, (i) => xs[i]!);
    expect(Array.from(r.x)).toEqual([10, 10.5, 11, 11.5, 12, 12.5]);
    expect(Array.from(r.y)).toEqual([1, 2, NaN, NaN, 3, 4]);
  });
});
