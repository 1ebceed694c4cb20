import { describe, expect, it } from 'vitest';
import { PointSummary } from './point-summary';

/** Min/max of values[from, to) computed plainly (NaN skipped; NaN when none). */
function plainMinMax(values: ArrayLike<number>, from: number, to: number): [number, number] {
  let lo = NaN;
  let hi = NaN;
  for (let i = from; i < Math.min(to, values.length); i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(lo) || v < lo) lo = v;
    if (Number.isNaN(hi) || v > hi) hi = v;
  }
  return [lo, hi];
}

function pseudoRandom(n: number, seed = 7): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 200 - 100;
  }
  return out;
}

describe('PointSummary', () => {
  it('keeps exact min/max per fixed bucket while the bucket size doubles', () => {
    const values = pseudoRandom(10_000);
    values[123] = NaN;
    values[5000] = 1e6;
    values[9999] = -1e6;
    const s = new PointSummary(16);
    // Uneven chunks that straddle bucket boundaries.
    for (let at = 0; at < values.length; ) {
      const n = Math.min(values.length - at, 1 + ((at * 7) % 613));
      s.add(at, values.subarray(at, at + n));
      at += n;
    }
    // 10 000 points in at most 16 buckets: 1024 per bucket (a power of two).
    expect(s.bucketSize).toBe(1024);
    expect(s.buckets).toBe(10);
    const t = s.triplets(10_000);
    expect(t.length).toBe(30);
    for (let k = 0; k < 10; k++) {
      const [lo, hi] = plainMinMax(values, k * 1024, (k + 1) * 1024);
      expect([t[3 * k], t[3 * k + 1], t[3 * k + 2]]).toEqual([k * 1024, lo, hi]);
    }
    expect(Math.max(...Array.from({ length: 10 }, (_, k) => t[3 * k + 2]!))).toBe(1e6);
    expect(Math.min(...Array.from({ length: 10 }, (_, k) => t[3 * k + 1]!))).toBe(-1e6);
  });

  it('takes points in any order (a late catch-up below the window) with the same result', () => {
    const values = pseudoRandom(3000, 99);
    const inOrder = new PointSummary(8);
    inOrder.add(0, values);
    const shuffled = new PointSummary(8);
    for (const [a, b] of [[2000, 3000], [0, 700], [1500, 2000], [700, 1500]] as const) shuffled.add(a, values.subarray(a, b));
    expect(shuffled.bucketSize).toBe(inOrder.bucketSize);
    expect(Array.from(shuffled.triplets(3000))).toEqual(Array.from(inOrder.triplets(3000)));
  });

  it('leaves buckets of gaps NaN and reads at a coarser size for alignment with another stream', () => {
    const values = new Float64Array(64).map((_, i) => i * 1.5);
    values.fill(NaN, 16, 32);
    const s = new PointSummary(8);
    s.add(0, values);
    expect(s.bucketSize).toBe(8);
    const fine = s.triplets(64);
    expect([fine[6], fine[7], fine[8], fine[9], fine[10], fine[11]]).toEqual([16, NaN, NaN, 24, NaN, NaN]);
    const coarse = s.triplets(64, 32);
    expect(Array.from(coarse)).toEqual([0, 0, 15 * 1.5, 32, 32 * 1.5, 63 * 1.5]);
    // A range ending inside a bucket still reads the bucket (its last part is in the raw window).
    expect(Array.from(s.triplets(20))).toEqual([0, 0, 7 * 1.5, 8, 8 * 1.5, 15 * 1.5, 16, NaN, NaN]);
    expect(() => s.triplets(64, 12)).toThrow(RangeError);
  });
});
