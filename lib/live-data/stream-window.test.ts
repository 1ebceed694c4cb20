import { describe, expect, it } from 'vitest';
import type { Frame } from '../wire/frame';
import { ScanBuffers } from './scan-buffers';
import { StreamBuffer } from './stream-buffer';

function bytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A signal with spikes, values an independent min/max can be checked against. */
function signal(n: number, seed = 3): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = Math.sin(i / 50) * 10 + (s / 2147483648) * 2 + (i % 997 === 0 ? 40 : 0);
  }
  return out;
}

/** Expected [start, min, max] triplets of values[0, upTo) in buckets of `size` (NaN skipped). */
function expectedTriplets(values: ArrayLike<number>, upTo: number, size: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < upTo; start += size) {
    let lo = NaN;
    let hi = NaN;
    for (let i = start; i < Math.min(start + size, values.length); i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(lo) || v < lo) lo = v;
      if (Number.isNaN(hi) || v > hi) hi = v;
    }
    out.push(start, lo, hi);
  }
  return out;
}

describe('StreamBuffer window', () => {
  it('holds at most the window raw and summarises the older points exactly', () => {
    const values = signal(50_000);
    const b = new StreamBuffer({ dtype: '<f8', pointShape: [], capacity: 64, window: 4000 });
    for (let at = 0; at < values.length; at += 700) {
      const n = Math.min(700, values.length - at);
      b.write(at, n, bytes(values.subarray(at, at + n)));
    }
    expect(b.length).toBe(50_000);
    // Quarter steps: the window starts at a multiple of 1000 with at most 4000 points after it.
    expect(b.windowStart % 1000).toBe(0);
    expect(b.length - b.windowStart).toBeLessThanOrEqual(4000);
    expect(b.length - b.windowStart).toBeGreaterThan(3000);
    expect(b.capacity).toBe(4000);
    expect(b.byteLength).toBeLessThan(4000 * 8 + 2 * 4096 * 8 + 1);
    // Raw points in the window are the published ones; the older ones are not held.
    expect(Array.from(b.toFloat64(b.windowStart, b.length))).toEqual(Array.from(values.subarray(b.windowStart)));
    expect(b.has(b.windowStart - 1)).toBe(false);
    expect(b.value(b.windowStart - 1)).toBeNaN();
    expect(b.value(b.windowStart)).toBe(values[b.windowStart]);
    expect(Array.from(b.toFloat64(b.windowStart - 2, b.windowStart + 1))).toEqual([NaN, NaN, values[b.windowStart]]);
    // Every point was received: nothing to ask again on a resume.
    expect(b.contiguous).toBe(50_000);
    expect(b.gaps).toEqual([]);
    const summary = b.summary!;
    expect(summary.bucketSize & (summary.bucketSize - 1)).toBe(0);
    expect(Array.from(summary.triplets(b.windowStart))).toEqual(expectedTriplets(values.subarray(0, b.windowStart), b.windowStart, summary.bucketSize));
  });

  it('folds late frames below the window into the summary and closes their gap', () => {
    const values = signal(10_000, 11);
    const b = new StreamBuffer({ dtype: '<f4', pointShape: [], window: 2000 });
    const f4 = Float32Array.from(values);
    // The live end first (a late join), then the catch-up from 0.
    b.write(9000, 1000, bytes(f4.subarray(9000)));
    expect(b.windowStart).toBe(8000);
    expect(b.gaps).toEqual([{ from: 0, to: 9000, reason: 'missing' }]);
    expect(b.contiguous).toBe(0);
    for (let at = 0; at < 9000; at += 1500) b.write(at, Math.min(1500, 9000 - at), bytes(f4.subarray(at, Math.min(9000, at + 1500))));
    expect(b.gaps).toEqual([]);
    expect(b.contiguous).toBe(10_000);
    expect(Array.from(b.toFloat64(8000, 10_000))).toEqual(Array.from(f4.subarray(8000)));
    expect(Array.from(b.summary!.triplets(8000))).toEqual(expectedTriplets(f4.subarray(0, 8000), 8000, b.summary!.bucketSize));
  });

  it('keeps gaps of integer streams out of the summary', () => {
    const b = new StreamBuffer({ dtype: '<i4', pointShape: [], window: 100 });
    const v = Int32Array.from({ length: 400 }, (_, i) => i - 200);
    b.write(0, 50, bytes(v.subarray(0, 50)));
    // Points 50-149 never arrive (expired); integer storage holds zeros there, which must not count.
    b.markExpired(50, 150);
    b.write(150, 250, bytes(v.subarray(150)));
    expect(b.windowStart).toBe(300);
    expect(b.gaps).toEqual([{ from: 50, to: 150, reason: 'expired' }]);
    const expected = Float64Array.from(v, (x, i) => (i >= 50 && i < 150 ? NaN : x));
    expect(Array.from(b.summary!.triplets(300))).toEqual(expectedTriplets(expected.subarray(0, 300), 300, b.summary!.bucketSize));
    expect(Array.from(b.toFloat64(300, 400))).toEqual(Array.from(v.subarray(300), Number));
  });

  it('drops points of several items past the window without a summary', () => {
    const b = new StreamBuffer({ dtype: '<f8', pointShape: [3], window: 8 });
    const v = Float64Array.from({ length: 60 }, (_, i) => i);
    b.write(0, 20, bytes(v));
    expect(b.windowStart).toBe(12);
    expect(b.summary).toBeNull();
    expect(Array.from(b.point(12) as Float64Array)).toEqual([36, 37, 38]);
    expect(b.point(11)).toBeNull();
  });

  it('forgets the window and summary on clear', () => {
    const b = new StreamBuffer({ dtype: '<f8', pointShape: [], window: 10 });
    b.write(0, 30, bytes(signal(30)));
    expect(b.windowStart).toBeGreaterThan(0);
    b.clear();
    expect([b.windowStart, b.length, b.summary]).toEqual([0, 0, null]);
    b.write(0, 2, bytes(Float64Array.of(5, 6)));
    expect(Array.from(b.toFloat64())).toEqual([5, 6]);
  });
});

describe('ScanBuffers window', () => {
  function frame(streamId: number, index: number, values: Float64Array): Frame {
    return { scanId: 1, streamId, index, count: values.length, flags: 0, dtype: '<f8', pointShape: [], payload: bytes(values) };
  }

  it('moves every stream of the scan to one window start, so x and y cover the same points', () => {
    const g = globalThis as { lanternWindowPoints?: number };
    g.lanternWindowPoints = 1000;
    try {
      const scan = new ScanBuffers('k', 1);
      const x = Float64Array.from({ length: 5000 }, (_, i) => i * 0.1);
      const y = signal(5000, 5);
      // x runs ahead of y by up to one frame, as streams of a live scan do.
      for (let at = 0; at < 5000; at += 300) {
        const n = Math.min(300, 5000 - at);
        scan.applyFrame(frame(1, at, x.subarray(at, at + n)));
        if (at > 0) scan.applyFrame(frame(2, at - 300, y.subarray(at - 300, at)));
      }
      scan.applyFrame(frame(2, 4800, y.subarray(4800)));
      const bx = scan.stream(1)!;
      const by = scan.stream(2)!;
      expect(scan.window).toBe(1000);
      expect(bx.windowStart).toBe(by.windowStart);
      expect(bx.windowStart).toBe(4000);
      expect(by.summary!.bucketSize).toBe(bx.summary!.bucketSize);
      expect(Array.from(by.summary!.triplets(4000))).toEqual(expectedTriplets(y, 4000, by.summary!.bucketSize));
      expect(Array.from(bx.summary!.triplets(4000))).toEqual(expectedTriplets(x, 4000, bx.summary!.bucketSize));
      expect([bx.contiguous, by.contiguous]).toEqual([5000, 5000]);
      expect(Array.from(by.toFloat64(4000, 5000))).toEqual(Array.from(y.subarray(4000)));
    } finally {
      delete g.lanternWindowPoints;
    }
  });
});
