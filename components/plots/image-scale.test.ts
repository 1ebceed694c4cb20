import { describe, expect, it } from 'vitest';
import { autoscale } from '@/lib/plot-math/autoscale';
import { fastMinMax, imageRange } from './image-scale';

function rand(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('imageRange', () => {
  it('matches the library min/max for every array type', () => {
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
    for (const a of arrays) expect(imageRange(a, 'minmax')).toEqual(autoscale(a, 'minmax'));
  });

  it('skips NaN and infinities in float images', () => {
    expect(fastMinMax(Float32Array.of(NaN, 3, -Infinity, 1, Infinity, 2))).toEqual({ min: 1, max: 3 });
    expect(fastMinMax(Float64Array.of(NaN, NaN))).toBeNull();
    expect(imageRange(Float64Array.of(NaN), 'minmax')).toEqual({ min: 0, max: 1 });
  });

  it('leaves percentiles, 3σ and log scales to the library', () => {
    const a = Uint16Array.from({ length: 1000 }, (_, i) => i);
    expect(imageRange(a, 'percentile_1_99')).toEqual(autoscale(a, 'percentile_1_99'));
    expect(imageRange(a, 'stddev3', true)).toEqual(autoscale(a, 'stddev3', true));
    expect(imageRange(a, 'minmax', true)).toEqual({ min: 1, max: 999 });
  });
});
