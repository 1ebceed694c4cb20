import { describe, expect, it } from 'vitest';
import { alignedWidth, MinMaxPyramid } from './minmax-pyramid';
import { seededRandom } from './seeded-random.fixture';

/** The independent reference: each aligned bucket ∩ [from, to) scanned point by point. */
function naive(y: ArrayLike<number>, from: number, to: number, width: number, log: boolean): number[][] {
  const out: number[][] = [];
  for (let k = Math.floor(from / width); k * width < to; k++) {
    const a = Math.max(from, k * width);
    const b = Math.min(to, (k + 1) * width);
    let lo = NaN;
    let hi = NaN;
    for (let i = a; i < b; i++) {
      const v = y[i]!;
      if (Number.isNaN(v) || (log && !(v > 0))) continue;
      if (Number.isNaN(lo) || v < lo) lo = v;
      if (Number.isNaN(hi) || v > hi) hi = v;
    }
    out.push([a, lo, hi]);
  }
  return out;
}

/** The first bucket where the two differ ([index, got, expected]), null when they are the same (NaN = NaN). */
function firstDifference(got: Float64Array, expected: number[][]): [number, number[], number[]] | null {
  const n = Math.max(got.length / 3, expected.length);
  for (let k = 0; k < n; k++) {
    const g = [got[3 * k]!, got[3 * k + 1]!, got[3 * k + 2]!];
    const e = expected[k] ?? [];
    if (g.some((v, j) => !Object.is(v, e[j]))) return [k, g, e];
  }
  return null;
}

function rows(t: Float64Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < t.length; i += 3) out.push([t[i]!, t[i + 1]!, t[i + 2]!]);
  return out;
}

/** Noisy data with NaN gaps, infinities, negative and zero values. */
function series(n: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    y[i] = u < 0.03 ? NaN : u < 0.035 ? (r() < 0.5 ? Infinity : -Infinity) : u < 0.05 ? 0 : Math.round((r() - 0.3) * 2000) / 7 + 0; // + 0: no -0 (drawn alike, compared apart)
  }
  // A long gap (several whole buckets of several levels) and a one-sample spike.
  y.fill(NaN, Math.floor(n / 3), Math.floor(n / 3) + 700);
  y[Math.floor(n / 2)] = 1e9;
  return y;
}

describe('MinMaxPyramid', () => {
  it('gives exactly the min/max of every aligned bucket, folded in random chunks, for random ranges', () => {
    for (const seed of [1, 2, 3]) {
      const n = 12_000 + seed * 3_331;
      const y = series(n, seed);
      const r = seededRandom(100 + seed);
      const pyramid = new MinMaxPyramid();
      const at = (i: number) => y[i]!;
      let held = 0;
      while (held < n) {
        held = Math.min(n, held + 1 + Math.floor(r() * (r() < 0.2 ? 5_000 : 500)));
        pyramid.append(held, at);
        expect(pyramid.length).toBe(held);
        for (let q = 0; q < 2; q++) {
          // Ranges within the folded part and past it (read raw), any alignment.
          const from = Math.floor(r() * held);
          const to = Math.min(n, from + 1 + Math.floor(r() * (n - from)));
          const buckets = 1 + Math.floor(r() * 3000);
          const log = r() < 0.3;
          const { triplets, width } = pyramid.reduce(from, to, buckets, at, log);
          expect(width).toBe(alignedWidth(from, to, buckets));
          expect(triplets.length / 3).toBeLessThanOrEqual(buckets);
          expect(firstDifference(triplets, naive(y, from, to, width, log))).toBeNull();
        }
      }
    }
  });

  it('keeps a one-sample spike in a million points while drawing a few thousand buckets', () => {
    const n = 1_000_000;
    const y = new Float64Array(n).fill(1);
    y[654_321] = 1000;
    const p = new MinMaxPyramid();
    for (let held = 0; held < n; held += 2_500) p.append(held + 2_500, (i) => y[i]!);
    const { triplets, width } = p.reduce(0, n, 3328, (i) => y[i]!);
    expect(width).toBe(512);
    const spikes = rows(triplets).filter((b) => b[2] === 1000);
    expect(spikes).toEqual([[654_336 - 512, 1, 1000]]);
  });

  it('picks the smallest power-of-two width that fits the buckets, alignment included', () => {
    expect(alignedWidth(0, 1000, 1000)).toBe(1);
    expect(alignedWidth(0, 1001, 1000)).toBe(2);
    // [3, 1003) at width 1 is 1000 buckets; [3, 1004) needs 2: ceil(1004 / 2) - 1 = 501.
    expect(alignedWidth(3, 1003, 1000)).toBe(1);
    expect(alignedWidth(3, 1004, 1000)).toBe(2);
    // Misaligned ranges can need one more bucket than their length suggests.
    expect(alignedWidth(1, 9, 4)).toBe(4);
    expect(alignedWidth(5, 5, 10)).toBe(1);
  });

  it('reads only the new points when the curve grows', () => {
    const y = Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 100));
    const p = new MinMaxPyramid();
    let reads = 0;
    const at = (i: number) => {
      reads++;
      return y[i]!;
    };
    p.append(90_000, at);
    expect(reads).toBe(90_000);
    reads = 0;
    p.append(90_500, at);
    expect(reads).toBe(500);
    reads = 0;
    // A redraw of everything: whole buckets come from the levels, only the unaligned ends are read.
    p.reduce(0, 90_500, 3000, at);
    expect(reads).toBeLessThan(2 * 16);
  });
});
