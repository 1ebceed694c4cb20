import { describe, expect, it } from 'vitest';
import { computeCurve, curveMathLabel } from './curve-math';
import { ExpressionError } from './expression/errors';

const NAMES = ['axis:roby', 'sim:diode1', 'p201:mon', 'p201:I0', 'p201:It'];
const x = Float64Array.from({ length: 40 }, (_, i) => i * 0.5);
const DATA: Record<string, Float64Array> = {
  'axis:roby': x,
  'sim:diode1': Float64Array.from(x, (v) => 3 * v * v + 1),
  'p201:mon': Float64Array.from(x, (_, i) => (i === 3 ? 0 : 2)),
  'p201:I0': Float64Array.from(x, () => 1000),
  'p201:It': Float64Array.from(x, (v) => 1000 * Math.exp(-0.1 * v)),
};
const values = (c: string) => DATA[c];

describe('computeCurve', () => {
  it('takes a channel as it is', () => {
    const r = computeCurve({ y: 'diode1' }, x, NAMES, values);
    expect(Array.from(r.y.subarray(0, 3))).toEqual([1, 1.75, 4]);
    expect(r.x).toEqual(x);
    expect(r.channels).toEqual(['sim:diode1']);
  });

  it('normalises by a monitor, a zero monitor giving a gap', () => {
    const r = computeCurve({ y: 'diode1', monitor: 'mon' }, x, NAMES, values);
    expect(Array.from(r.y.subarray(0, 5))).toEqual([0.5, 0.875, 2, NaN, 6.5]);
    expect(r.channels).toEqual(['sim:diode1', 'p201:mon']);
  });

  it('negates', () => {
    const r = computeCurve({ y: 'diode1', negate: true }, x, NAMES, values);
    expect(r.y[2]).toBe(-4);
  });

  it('differentiates after the other operations (d(-3x²-1)/dx = -6x)', () => {
    const r = computeCurve({ y: 'diode1', negate: true, derivative: true }, x, NAMES, values);
    // PyMca's derivative (as Flint): the 11-point window costs ~5 points at each end, and the last point is
    // always dropped (x = 19.5). Its quadratic Savitzky-Golay filter is exact on a parabola wherever the
    // window lies inside the kept data, [0, 19], so for x <= 16.5.
    expect(r.x.length).toBe(30);
    expect(r.x[0]).toBe(2.5);
    for (let i = 0; i < r.x.length && r.x[i]! <= 16.5; i++) expect(r.y[i]).toBeCloseTo(-6 * r.x[i]!, 9);
    expect(r.x.indexOf(16.5)).toBe(28);
  });

  it('evaluates an absorbance expression (log(I0/It) = 0.1 x)', () => {
    const r = computeCurve({ y: 'log(I0 / It)' }, x, NAMES, values);
    for (let i = 0; i < x.length; i++) expect(r.y[i]).toBeCloseTo(0.1 * x[i]!, 12);
  });

  it('cuts to the shortest of x and the channels (a live scan)', () => {
    const r = computeCurve({ y: 'diode1' }, x.subarray(0, 7), NAMES, values);
    expect(r.x.length).toBe(7);
    expect(r.y.length).toBe(7);
  });

  it('reports bad expressions', () => {
    expect(() => computeCurve({ y: 'diode1 / monitor' }, x, NAMES, values)).toThrow(ExpressionError);
    expect(() => computeCurve({ y: 'diode1', monitor: 'mon +' }, x, NAMES, values)).toThrow(
      'expected a number, channel or "(", found end of expression (at character 6)',
    );
  });
});

describe('curveMathLabel', () => {
  it('writes what is shown', () => {
    expect(curveMathLabel({ y: 'diode1' })).toBe('diode1');
    expect(curveMathLabel({ y: 'diode1', monitor: 'mon', negate: true, derivative: true }, 'roby')).toBe('d(-(diode1 / mon))/droby');
    expect(curveMathLabel({ y: 'log(I0 / It)', monitor: 'a + b' })).toBe('log(I0 / It) / (a + b)');
  });
});
