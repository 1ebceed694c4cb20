import { describe, expect, it } from 'vitest';
import { autoscale, meanStd3Sigma, minMax, percentiles } from './autoscale';
import { seededNormal, seededRandom } from './seeded-random.fixture';

/** numpy.nanpercentile(data, q) (linear), by sorting: the reference. */
function sortedPercentile(data: ArrayLike<number>, q: number, keep: (v: number) => boolean = Number.isFinite): number {
  const v = Array.from(data as ArrayLike<number>).filter(keep).sort((a, b) => a - b);
  const pos = (q / 100) * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, v.length - 1);
  const t = pos - lo;
  const a = v[lo]!;
  const b = v[hi]!;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

describe('percentiles', () => {
  it('match a sort-based reference on float data with NaN and outliers', () => {
    const normal = seededNormal(7);
    const data = Float64Array.from({ length: 100_003 }, () => 100 + normal(15));
    data[5] = NaN;
    data[77] = 1e9; // hot pixel
    data[78] = -Infinity;
    for (const [lo, hi] of [
      [1, 99],
      [0, 100],
      [50, 50],
      [0.1, 99.9],
      [25, 75],
    ] as const) {
      const got = percentiles(data, lo, hi);
      expect(got.min).toBe(sortedPercentile(data, lo));
      expect(got.max).toBe(sortedPercentile(data, hi));
    }
  });

  it('match the reference on uint16 and int16 images (exact histogram)', () => {
    const rnd = seededRandom(3);
    const u16 = Uint16Array.from({ length: 50_000 }, () => Math.floor(rnd() * rnd() * 65536));
    const p = percentiles(u16, 1, 99);
    expect([p.min, p.max]).toEqual([sortedPercentile(u16, 1), sortedPercentile(u16, 99)]);
    const i16 = Int16Array.from({ length: 9999 }, () => Math.floor((rnd() - 0.5) * 60000));
    const q = percentiles(i16, 2.5, 97.5);
    expect([q.min, q.max]).toEqual([sortedPercentile(i16, 2.5), sortedPercentile(i16, 97.5)]);
  });

  it('use only positive values in log mode', () => {
    const data = new Float32Array([-5, 0, 1, 2, 3, 4, 1000]);
    const p = percentiles(data, 0, 100, true);
    expect(p).toEqual({ min: 1, max: 1000 });
    const u8 = new Uint8Array([0, 0, 0, 10, 20]);
    expect(percentiles(u8, 0, 50, true)).toEqual({ min: 10, max: 15 });
  });

  it('give NaN without data and the value itself for constant data', () => {
    expect(percentiles(new Float64Array([NaN, NaN]), 1, 99)).toEqual({ min: NaN, max: NaN });
    expect(percentiles(new Float64Array([4, 4, 4]), 1, 99)).toEqual({ min: 4, max: 4 });
  });
});

describe('minMax and meanStd3Sigma', () => {
  it('skip NaN and infinities and report the smallest positive value', () => {
    expect(minMax(new Float64Array([NaN, -3, 0, 0.25, Infinity, 8]))).toEqual({ min: -3, max: 8, minPositive: 0.25 });
    expect(minMax(new BigInt64Array([-2n, 7n]))).toEqual({ min: -2, max: 7, minPositive: 7 });
    expect(minMax([])).toEqual({ min: NaN, max: NaN, minPositive: NaN });
  });

  it('give mean ± 3 std clipped to the data range (silx stddev3)', () => {
    const data = new Float64Array(1000).fill(10);
    for (let i = 0; i < 500; i++) data[i] = 20; // mean 15, std 5
    data[999] = NaN;
    const r = meanStd3Sigma(data);
    const mean = (500 * 20 + 499 * 10) / 999;
    const std = Math.sqrt((500 * (20 - mean) ** 2 + 499 * (10 - mean) ** 2) / 999);
    expect(r).toEqual({ min: Math.max(10, mean - 3 * std), max: Math.min(20, mean + 3 * std) });
    expect(r).toEqual({ min: 10, max: 20 });
    const wide = new Float64Array(1000).fill(0);
    wide[0] = 1000;
    const w = meanStd3Sigma(wide);
    expect(w.min).toBe(0);
    expect(w.max).toBeCloseTo(1 + 3 * Math.sqrt((1000 - 1) ** 2 / 1000 + (999 * 1) / 1000), 9);
  });

  it('work on log10 values in log mode', () => {
    const r = meanStd3Sigma(new Float64Array([1, 10, 100, 1000, -4, 0]), true);
    expect(r.min).toBe(1);
    expect(r.max).toBe(1000);
  });
});

describe('autoscale', () => {
  it('falls back like silx', () => {
    expect(autoscale(new Float64Array([NaN]), 'minmax')).toEqual({ min: 0, max: 1 });
    expect(autoscale(new Float64Array([NaN]), 'minmax', true)).toEqual({ min: 1, max: 10 });
    // silx: no positive value gives vmin 1, the (finite) max 0 is kept, then raised to vmin.
    expect(autoscale(new Float64Array([-1, 0]), 'minmax', true)).toEqual({ min: 1, max: 1 });
    expect(autoscale(new Uint16Array([5, 9, 300]), 'minmax')).toEqual({ min: 5, max: 300 });
    expect(autoscale(new Uint16Array([0, 9, 300]), 'minmax', true)).toEqual({ min: 9, max: 300 });
    expect(autoscale(Float64Array.from({ length: 101 }, (_, i) => i), 'percentile_1_99')).toEqual({ min: 1, max: 99 });
  });
});
