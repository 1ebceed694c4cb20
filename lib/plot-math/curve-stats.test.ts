import { describe, expect, it } from 'vitest';
import { NOISE_CASES, STATS_CASES } from './bliss-reference.fixture';
import { cen, com, curveStats, peak } from './curve-stats';
import { savgolNoiseStd } from './savgol-noise';
import { seededNormal } from './seeded-random.fixture';

const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2); // 2.3548...

function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a + ((b - a) * i) / (n - 1);
  return out;
}

function gaussian(x: ArrayLike<number>, centre: number, sigma: number, height: number, base: number): Float64Array {
  return Float64Array.from(x, (v) => base + height * Math.exp(-((v - centre) ** 2) / (2 * sigma * sigma)));
}

const nan = (v: number | null): number => (v === null ? NaN : v);

describe('curve statistics on a gaussian', () => {
  const x = linspace(-5, 5, 1001);
  const y = gaussian(x, 0.3, 0.7, 10, 1);

  it('puts peak, cen and com on the centre and the FWHM at 2.3548 sigma', () => {
    const s = curveStats(x, y);
    expect(s.count).toBe(1001);
    expect(s.peak).toBeCloseTo(0.3, 12);
    expect(s.max).toEqual({ index: 530, x: s.peak, y: 11 });
    expect(s.min.index).toBe(0);
    expect(s.min.x).toBe(-5);
    expect(s.min.y).toBeCloseTo(1, 10);
    expect(s.cen).toBeCloseTo(0.3, 9);
    expect(s.com).toBeCloseTo(0.3, 6);
    expect(s.fwhm / (FWHM_PER_SIGMA * 0.7)).toBeCloseTo(1, 4);
  });

  it('gives the same numbers for descending and shuffled x (Bliss sorts by x)', () => {
    const ref = curveStats(x, y);
    const rx = x.slice().reverse();
    const ry = y.slice().reverse();
    const d = curveStats(rx, ry);
    expect([d.cen, d.fwhm, d.com, d.peak]).toEqual([ref.cen, ref.fwhm, ref.com, ref.peak]);
    const order = Array.from(x.keys()).sort((a, b) => ((a * 7919) % 1001) - ((b * 7919) % 1001));
    const sx = Float64Array.from(order, (i) => x[i]!);
    const sy = Float64Array.from(order, (i) => y[i]!);
    const s = curveStats(sx, sy);
    expect([s.cen, s.fwhm, s.com, s.peak]).toEqual([ref.cen, ref.fwhm, ref.com, ref.peak]);
  });

  it('is not moved by a negative baseline', () => {
    const low = curveStats(x, gaussian(x, 0.3, 0.7, 10, -250));
    const ref = curveStats(x, y);
    expect(low.cen).toBeCloseTo(ref.cen, 9);
    expect(low.fwhm).toBeCloseTo(ref.fwhm, 9);
    expect(low.com).toBeCloseTo(ref.com, 9);
    expect(low.max.y).toBeCloseTo(-240, 9);
  });

  it('skips NaN gaps and infinities', () => {
    const gx = x.slice();
    const gy = y.slice();
    gy[100] = NaN;
    gy[101] = Infinity;
    gx[900] = NaN;
    const s = curveStats(gx, gy);
    expect(s.count).toBe(998);
    expect(s.peak).toBeCloseTo(0.3, 12);
    expect(s.cen).toBeCloseTo(0.3, 6);
    expect(s.max.y).toBe(11);
  });

  it('stays close on noisy data', () => {
    const noise = seededNormal(42);
    const ny = Float64Array.from(y, (v) => v + noise(0.2));
    const s = curveStats(x, ny);
    expect(Math.abs(s.cen - 0.3)).toBeLessThan(0.03);
    // Bliss's visual com subtracts the lowest (noisy) value: the baseline left above it adds mass
    // spread over the whole range, pulling com toward the range centre (0): about 0.22 here.
    expect(s.com).toBeGreaterThan(0.18);
    expect(s.com).toBeLessThan(0.27);
    const flat = curveStats(x, Float64Array.from(ny, (v) => v - 1));
    expect(flat.com).toBeCloseTo(s.com, 12);
    expect(Math.abs(s.peak - 0.3)).toBeLessThan(0.2);
    expect(s.fwhm / (FWHM_PER_SIGMA * 0.7)).toBeGreaterThan(0.9);
    expect(s.fwhm / (FWHM_PER_SIGMA * 0.7)).toBeLessThan(1.1);
  });

  it('accepts any numeric typed array and a sub-range', () => {
    const xi = Int32Array.from({ length: 21 }, (_, i) => i);
    const yi = Uint16Array.from(xi, (v) => Math.round(1000 * Math.exp(-((v - 8) ** 2) / 8)));
    const s = curveStats(xi, yi);
    expect(s.peak).toBe(8);
    expect(s.cen).toBeCloseTo(8, 9);
    expect(s.com).toBeCloseTo(8, 9);
    const part = curveStats(xi, yi, 10, 21);
    expect(part.count).toBe(11);
    expect(part.peak).toBe(10);
    expect(part.max.index).toBe(10);
  });
});

describe('Bliss scan_math behaviour', () => {
  // The cases of Bliss's own tests/scans/test_scan_math.py.
  it('cen and com of 4 points', () => {
    const x = [11, 12, 13, 14];
    const y = [100, 400, 400, 100];
    expect(cen(x, y)).toEqual({ position: 12.5, fwhm: 3 });
    expect(com(x, y)).toBe(12.5);
  });

  it('peak2 takes the first maximum', () => {
    const s = curveStats([11, 12, 13, 14], [100, 400, 399, 100]);
    expect(s.max).toEqual({ index: 1, x: 12, y: 400 });
    expect(peak([1, 2, 3], [5, 7, 7])).toBe(2);
  });

  it('returns NaN for empty or all-NaN input', () => {
    const e = curveStats([], []);
    expect([e.count, e.peak, e.cen, e.fwhm, e.com, e.max.index]).toEqual([0, NaN, NaN, NaN, NaN, -1]);
    const n = curveStats([1, 2, 3], [NaN, NaN, NaN]);
    expect([n.count, n.peak, n.cen, n.com, n.min.y]).toEqual([0, NaN, NaN, NaN, NaN]);
  });

  it('weighs points equally when there is no mass', () => {
    expect(com([1, 2, 3, 4], [0, 0, 0, 0])).toBe(2.5);
  });

  it('handles a single point and a flat curve', () => {
    expect(curveStats([3.5], [2])).toMatchObject({ count: 1, peak: 3.5, cen: 3.5, fwhm: 0, com: 3.5 });
    // Flat: the whole x range is the "FWHM", centred.
    expect(curveStats([1, 2, 3, 4], [5, 5, 5, 5])).toMatchObject({ peak: 1, cen: 2.5, fwhm: 3, com: 2.5 });
  });

  it('uses the neighbours of a single point above half', () => {
    expect(cen([0, 1, 2, 3, 4], [0, 0, 10, 0, 0])).toEqual({ position: 2, fwhm: 0 });
  });

  it('matches the values Bliss computes on the same data', () => {
    for (const [name, c] of Object.entries(STATS_CASES)) {
      const s = curveStats(Float64Array.from(c.x, nan), Float64Array.from(c.y, nan));
      const near = (got: number, want: number): void => {
        expect(Math.abs(got - want), `${name}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      };
      near(s.cen, c.cen);
      near(s.fwhm, c.fwhm);
      near(s.com, c.com);
      near(s.peak, c.peak);
    }
  });

  it('measures edge noise as Bliss (Savitzky-Golay residual std)', () => {
    for (const c of NOISE_CASES) {
      const got = savgolNoiseStd(Float64Array.from(c.y), c.y.length);
      expect(Math.abs(got - c.std)).toBeLessThanOrEqual(1e-9 * Math.max(1, c.std));
    }
  });

  it('finds the centre and width of a step as Bliss does (gaussian edge)', () => {
    // A clean erf-like step built from the gaussian CDF by summation: centre 4, sigma 0.5.
    const x = linspace(0, 10, 401);
    const g = gaussian(x, 4, 0.5, 1, 0);
    const y = new Float64Array(x.length);
    let acc = 0;
    for (let i = 0; i < x.length; i++) y[i] = acc += g[i]!;
    const s = curveStats(x, y);
    expect(s.cen).toBeCloseTo(4, 1);
    expect(s.fwhm / (FWHM_PER_SIGMA * 0.5)).toBeGreaterThan(0.9);
    expect(s.fwhm / (FWHM_PER_SIGMA * 0.5)).toBeLessThan(1.1);
  });
});

describe('curve statistics on long curves', () => {
  it('finds the centre of a million-point gaussian', () => {
    const n = 1_000_000;
    const x = linspace(0, 1000, n);
    const y = gaussian(x, 400, 30, 1000, 5);
    const s = curveStats(x, y);
    expect(s.cen).toBeCloseTo(400, 6);
  });
});
