import { describe, expect, it } from 'vitest';
import type { NumericArray } from '../blissdata/dtype';
import { encodeHalves } from '../blissdata/encoding/float16';
import { StreamBuffer, StreamBufferError } from './stream-buffer';

/** Elements of a point view as numbers (views may be bigint arrays). */
function list(a: NumericArray | null): number[] {
  return a ? Array.from(a as ArrayLike<number | bigint>, Number) : [];
}

/** Little-endian bytes of a typed array (the frame payload). */
function bytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function f64(...v: number[]): Uint8Array {
  return bytes(new Float64Array(v));
}

function scalars(dtype = '<f8', capacity = 4): StreamBuffer {
  return new StreamBuffer({ dtype, pointShape: [], capacity });
}

describe('StreamBuffer (all points)', () => {
  it('appends in-order frames and bumps the version each time', () => {
    const b = scalars();
    expect([b.length, b.version, b.latestIndex]).toEqual([0, 0, -1]);
    b.write(0, 2, f64(1, 2));
    b.write(2, 1, f64(3));
    expect(b.length).toBe(3);
    expect(b.version).toBe(2);
    expect(b.latestIndex).toBe(2);
    expect(Array.from(b.toFloat64())).toEqual([1, 2, 3]);
    expect([b.value(0), b.value(2), b.value(3)]).toEqual([1, 3, NaN]);
    expect(b.gaps).toEqual([]);
  });

  it('fills a jump with NaN, records it as missing, and closes it when the late frame comes', () => {
    const b = scalars();
    b.write(0, 2, f64(1, 2));
    b.write(5, 2, f64(6, 7)); // live data arrives before the catch-up
    expect(b.length).toBe(7);
    expect(Array.from(b.toFloat64())).toEqual([1, 2, NaN, NaN, NaN, 6, 7]);
    expect(b.gaps).toEqual([{ from: 2, to: 5, reason: 'missing' }]);
    expect(b.contiguous).toBe(2);
    b.write(3, 1, f64(4)); // catch-up, out of order
    expect(b.gaps).toEqual([
      { from: 2, to: 3, reason: 'missing' },
      { from: 4, to: 5, reason: 'missing' },
    ]);
    b.write(2, 3, f64(3, 4, 5));
    expect(b.gaps).toEqual([]);
    expect(Array.from(b.toFloat64())).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(b.latestIndex).toBe(6);
    expect(b.contiguous).toBe(7);
  });

  it('accepts a resume that overlaps what it holds', () => {
    const b = scalars();
    b.write(0, 4, f64(1, 2, 3, 4));
    b.write(2, 4, f64(3, 4, 5, 6));
    expect(Array.from(b.toFloat64())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records expired ranges as gaps that never read as zeros, keeping held points', () => {
    const b = new StreamBuffer({ dtype: '<i4', pointShape: [] });
    b.write(0, 2, bytes(new Int32Array([10, 20])));
    b.markExpired(0, 6); // 0..1 are held: kept; 2..5 are gone
    b.write(8, 1, bytes(new Int32Array([90])));
    expect(b.length).toBe(9);
    expect(b.gaps).toEqual([
      { from: 2, to: 6, reason: 'expired' },
      { from: 6, to: 8, reason: 'missing' },
    ]);
    expect(Array.from(b.toFloat64())).toEqual([10, 20, NaN, NaN, NaN, NaN, NaN, NaN, 90]);
    expect([b.value(3), b.point(3)]).toEqual([NaN, null]);
    // Resume continues from the first hole that can still fill.
    expect(b.contiguous).toBe(6);
    b.markExpired(6, 7);
    expect(b.gaps).toEqual([
      { from: 2, to: 7, reason: 'expired' },
      { from: 7, to: 8, reason: 'missing' },
    ]);
  });

  it('grows by doubling and keeps every point', () => {
    const b = scalars('<f4', 2);
    const values: number[] = [];
    for (let i = 0; i < 100; i++) {
      b.write(i, 1, bytes(new Float32Array([i / 4])));
      values.push(i / 4);
    }
    expect(b.capacity).toBe(128);
    expect(Array.from(b.toFloat64())).toEqual(values);
    b.write(1000, 1, bytes(new Float32Array([7])));
    expect(b.capacity).toBe(1001);
    expect(b.toFloat64(98, 101).length).toBe(3);
    expect(Array.from(b.toFloat64(98, 101))).toEqual([24.5, 24.75, NaN]);
    expect(b.value(1000)).toBe(7);
  });

  it('gives views of spectra points', () => {
    const b = new StreamBuffer({ dtype: '<u2', pointShape: [3] });
    b.write(0, 2, bytes(new Uint16Array([1, 2, 3, 4, 5, 6])));
    expect(b.pointSize).toBe(3);
    expect(list(b.point(1))).toEqual([4, 5, 6]);
    expect(b.point(1)).toBeInstanceOf(Uint16Array);
    expect(list(b.latest)).toEqual([4, 5, 6]);
    expect(Array.from(b.toFloat64(1, 2))).toEqual([4, 5, 6]);
    expect(() => b.write(2, 2, bytes(new Uint16Array([1, 2, 3])))).toThrow(StreamBufferError);
  });

  it('returns the float64 storage itself for <f8 (no copy)', () => {
    const b = scalars();
    b.write(0, 3, f64(1, 2, 3));
    const a = b.toFloat64(0, 3);
    const c = b.toFloat64(0, 3);
    expect(a.buffer).toBe(c.buffer);
    expect(Array.from(b.toFloat64(1))).toEqual([2, 3]);
  });

  it('reads bool, uint8, int64, complex and float16 streams for plotting', () => {
    const bools = new StreamBuffer({ dtype: '|b1', pointShape: [] });
    bools.write(0, 3, new Uint8Array([1, 0, 1]));
    expect(Array.from(bools.toFloat64())).toEqual([1, 0, 1]);

    const i8 = new StreamBuffer({ dtype: '<i8', pointShape: [] });
    i8.write(0, 2, bytes(new BigInt64Array([-5n, 1n << 40n])));
    i8.write(3, 1, bytes(new BigInt64Array([7n])));
    expect(Array.from(i8.toFloat64())).toEqual([-5, 2 ** 40, NaN, 7]);
    expect(i8.value(1)).toBe(2 ** 40);

    const c16 = new StreamBuffer({ dtype: '<c16', pointShape: [] });
    c16.write(0, 2, f64(3, 4, 0, -2));
    expect(Array.from(c16.toFloat64())).toEqual([5, 2]);
    expect(c16.value(0)).toBe(5);
    expect(list(c16.point(0))).toEqual([3, 4]);

    const half = new StreamBuffer({ dtype: '<f2', pointShape: [] });
    half.write(0, 3, encodeHalves(new Float64Array([0.5, -2, 65504])));
    expect(Array.from(half.toFloat64())).toEqual([0.5, -2, 65504]);
  });

  it('copies from unaligned payloads', () => {
    const frame = new Uint8Array(1 + 16);
    frame.set(f64(1.5, -2.5), 1);
    const b = scalars();
    b.write(0, 2, frame.subarray(1));
    expect(Array.from(b.toFloat64())).toEqual([1.5, -2.5]);
  });
});

describe('StreamBuffer (latest only)', () => {
  const image = (v: number): Uint8Array => bytes(new Uint16Array([v, v + 1, v + 2, v + 3, v + 4, v + 5]));

  it('keeps only the newest point and its index', () => {
    const b = new StreamBuffer({ dtype: '<u2', pointShape: [2, 3], latestOnly: true });
    b.write(0, 1, image(0));
    b.write(7, 1, image(70));
    expect(b.latestIndex).toBe(7);
    expect(b.length).toBe(8);
    expect(list(b.latest)).toEqual([70, 71, 72, 73, 74, 75]);
    expect(b.point(0)).toBeNull();
    expect(b.byteLength).toBe(12);
    b.write(3, 1, image(30)); // an older frame must not replace it
    expect(list(b.latest)).toEqual([70, 71, 72, 73, 74, 75]);
    b.write(8, 2, bytes(new Uint16Array([...new Array<number>(6).fill(1), 90, 91, 92, 93, 94, 95])));
    expect(b.latestIndex).toBe(9);
    expect(list(b.latest)).toEqual([90, 91, 92, 93, 94, 95]);
    expect(Array.from(b.toFloat64(8, 10))).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, 90, 91, 92, 93, 94, 95]);
  });

  it('switches modes: all -> latest keeps the newest point, latest -> all starts over', () => {
    const b = new StreamBuffer({ dtype: '<f4', pointShape: [2] });
    b.write(0, 3, bytes(new Float32Array([1, 2, 3, 4, 5, 6])));
    const v = b.version;
    b.setLatestOnly(true);
    expect(b.version).toBe(v + 1);
    expect(list(b.latest)).toEqual([5, 6]);
    expect(b.latestIndex).toBe(2);
    b.setLatestOnly(false);
    expect([b.length, b.latestIndex, b.latest]).toEqual([0, -1, null]);
  });

  it('adopts a variable point shape, falling back to latest-only when history is held', () => {
    const b = new StreamBuffer({ dtype: '<f8', pointShape: [2] });
    b.write(0, 1, f64(1, 2), [2]);
    b.write(1, 1, f64(3, 4, 5), [3]);
    expect(b.latestOnly).toBe(true);
    expect(b.pointShape).toEqual([3]);
    expect(list(b.latest)).toEqual([3, 4, 5]);
  });

  it('holds a binned preview with its own shape, flagged until a full point replaces it', () => {
    const b = new StreamBuffer({ dtype: '<u2', pointShape: [2, 4] });
    b.write(0, 1, bytes(new Uint16Array([1, 2, 3, 4, 5, 6, 7, 8])), [2, 4]);
    expect([b.latestOnly, b.latestPreview]).toEqual([false, false]);
    // A preview never goes into history: the buffer turns latest-only.
    b.write(1, 1, bytes(new Uint16Array([4, 6])), [1, 2], true);
    expect([b.latestOnly, b.latestPreview, b.latestIndex, b.pointShape, list(b.latest)]).toEqual([true, true, 1, [1, 2], [4, 6]]);
    b.write(2, 1, bytes(new Uint16Array([9, 9, 9, 9, 9, 9, 9, 9])), [2, 4]);
    expect([b.latestPreview, b.latestIndex, b.pointShape, list(b.latest)]).toEqual([false, 2, [2, 4], [9, 9, 9, 9, 9, 9, 9, 9]]);
    b.clear();
    expect(b.latestPreview).toBe(false);
  });
});
