import { describe, expect, it } from 'vitest';
import { fastMinMax, imageRange } from './image-range';

function rand(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('imageRange', () => {
  it('finds the exact min and max of every array type', () => {
    const r = rand(7);
    const arrays = [
      Uint16Array.from({ length: 5000 }, () => Math.floor(r() * 65536)),
      Uint8Array.from({ length: 5000 }, () => Math.floor(r() * 256)),
      Int16Array.from({ length: 5000 }, () => Math.floor(r() * 65536) - 32768),
      Int32Array.from({ length: 5000 }, () => Math.floor(r() * 2e9) - 1e9),
      Uint32Array.from({ length: 5000 }, () => Math.floor(r() * 4e9)),
      Float32Array.from({ length: 5000 }, () => r() * 200 - 100),
      Float64Array.from({ length: 5000 }, () => r() * 1e-3),
    ];
    for (const a of arrays) {
      // Expected by a plain reduction over the values, independent of both fast and library paths.
      const values = Array.from(a as ArrayLike<number>);
      const expected = { min: values.reduce((m, v) => Math.min(m, v), Infinity), max: values.reduce((m, v) => Math.max(m, v), -Infinity) };
      expect(imageRange(a, 'minmax')).toEqual(expected);
    }
  });

  it('skips NaN and infinities in float images', () => {
    expect(fastMinMax(Float32Array.of(NaN, 3, -Infinity, 1, Infinity, 2))).toEqual({ min: 1, max: 3 });
    expect(fastMinMax(Float64Array.of(NaN, NaN))).toBeNull();
    expect(imageRange(Float64Array.of(NaN), 'minmax')).toEqual({ min: 0, max: 1 });
  });

  it('gives percentiles, 3σ and log ranges as numpy and silx do', () => {
    const a = Uint16Array.from({ length: 1000 }, (_, i) => i);
    // numpy.percentile(arange(1000), [1, 99]) = [9.99, 989.01]
    const p = imageRange(a, 'percentile_1_99');
    expect(p.min).toBeCloseTo(9.99, 9);
    expect(p.max).toBeCloseTo(989.01, 9);
    // One outlier among 0..98: mean 148.51, σ 990.52 -> [max(0, mean - 3σ), mean + 3σ] = [0, 3120.0706...]
    const outlier = Float64Array.from([...Array.from({ length: 99 }, (_, i) => i), 10_000]);
    const s = imageRange(outlier, 'stddev3');
    expect(s.min).toBe(0);
    expect(s.max).toBeCloseTo(3120.0706049851988, 6);
    // Log: over log10 of the positive values 1..999 (0 skipped), mapped back; the top clipped to the max.
    const l = imageRange(a, 'stddev3', true);
    expect(l.min).toBeCloseTo(19.225832702890354, 6);
    expect(l.max).toBe(999);
    expect(imageRange(a, 'minmax', true)).toEqual({ min: 1, max: 999 });
  });
});
