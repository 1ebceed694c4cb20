import { describe, expect, it } from 'vitest';
import { DERIVATIVE_CASES } from './bliss-reference.fixture';
import { derivative, log10Safe, normalize, positiveOrNaN, positiveRange } from './transforms';

describe('derivative (Flint / PyMca)', () => {
  it('is constant on a line and keeps the original x, less 5 points at each end', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = Float64Array.from(x, (v) => 3 * v + 1);
    const d = derivative(x, y);
    // PyMca drops the last point (no next x) and the points the 11-point window cannot cover.
    expect(Array.from(d.x)).toEqual(Array.from({ length: 90 }, (_, i) => i + 5));
    for (const v of d.y) expect(v).toBeCloseTo(3, 12);
  });

  it('follows the analytic derivative of a gaussian', () => {
    // An 11-point least-squares slope is biased by f'''·(Σk⁴/Σk²)·h²/6 ≈ 1.2e-3·|f'''| at h = 0.02.
    const x = Float64Array.from({ length: 401 }, (_, i) => -4 + i * 0.02);
    const y = Float64Array.from(x, (v) => Math.exp(-(v * v) / 2));
    const d = derivative(x, y);
    for (let i = 0; i < d.x.length; i++) {
      const v = d.x[i]!;
      expect(Math.abs(d.y[i]! - -v * Math.exp(-(v * v) / 2))).toBeLessThan(2e-3);
    }
  });

  it('matches what Flint computes on the same data', () => {
    for (const [name, c] of Object.entries(DERIVATIVE_CASES)) {
      const d = derivative(c.x, c.y);
      expect(Array.from(d.x), name).toEqual(c.rx);
      for (let i = 0; i < c.ry.length; i++) {
        expect(Math.abs(d.y[i]! - c.ry[i]!), `${name}[${i}]`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.ry[i]!)));
      }
    }
  });

  it('skips NaN pairs and gives nothing for too few points', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i);
    const y = Float64Array.from(x, (v) => 2 * v);
    y[20] = NaN;
    const d = derivative(x, y);
    expect(d.x.includes(20)).toBe(false);
    for (const v of d.y) expect(v).toBeCloseTo(2, 12);
    expect(derivative([0, 1, 2, 3], [0, 1, 2, 3]).x.length).toBe(0);
    expect(derivative([], []).y.length).toBe(0);
  });
});

describe('normalize', () => {
  it('divides by the monitor and gives NaN where it is 0', () => {
    const r = normalize([10, 20, 30, 40], new Uint32Array([2, 0, 3, 8]));
    expect(Array.from(r)).toEqual([5, NaN, 10, 5]);
  });

  it('reuses an output buffer and stops at the shorter input', () => {
    const out = new Float64Array(8);
    const r = normalize([1, 2, 3], [1, 2], out);
    expect(r.buffer).toBe(out.buffer);
    expect(Array.from(r)).toEqual([1, 1]);
  });
});

describe('log helpers', () => {
  it('turn non-positive values into gaps', () => {
    expect([log10Safe(100), log10Safe(0), log10Safe(-1), log10Safe(NaN)]).toEqual([2, NaN, NaN, NaN]);
    expect(Array.from(positiveOrNaN([1, 0, -2, 5]))).toEqual([1, NaN, NaN, 5]);
    expect(positiveRange([0, -3, 0.5, 40, NaN, Infinity])).toEqual({ min: 0.5, max: 40 });
    expect(positiveRange([0, -1])).toEqual({ min: NaN, max: NaN });
  });
});
