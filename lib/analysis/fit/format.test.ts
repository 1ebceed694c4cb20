import { describe, expect, it } from 'vitest';
import { fitCurve } from './fit-curve';
import { formatFitResult, formatWithError } from './format';
import { evaluateModel } from './models';

describe('formatWithError', () => {
  it('rounds the value to its error', () => {
    expect(formatWithError(0.420841326, 0.00123456)).toBe('0.4208 ± 0.0012');
    expect(formatWithError(1002.2547, 12.34)).toBe('1002 ± 12');
    expect(formatWithError(1002.2547, 123.4)).toBe('1000 ± 120');
    expect(formatWithError(49.4623, 1.93)).toBe('49.5 ± 1.9');
    expect(formatWithError(-1.30135, 0.0101)).toBe('-1.301 ± 0.010');
    expect(formatWithError(320087.04754, 2142.1)).toBe('320100 ± 2100');
    expect(formatWithError(3200870.4754, 2142.1)).toBe('(3.2009 ± 0.0021)e+6');
    expect(formatWithError(2.5e-6, 3.1e-8)).toBe('(2.500 ± 0.031)e-6');
  });

  it('shows the value alone when the error is unknown or zero', () => {
    expect(formatWithError(10001.700646388603, NaN)).toBe('10001.7 ± ?');
    expect(formatWithError(4.2, 0)).toBe('4.2');
    expect(formatWithError(NaN, 1)).toBe('NaN');
  });
});

describe('formatFitResult', () => {
  it('writes the fit as text', () => {
    const x = Float64Array.from({ length: 21 }, (_, i) => i * 0.5);
    const y = evaluateModel('gaussian', 'constant', [10, 4.2, 1.3, 2], x).map((v, i) => v + (i % 2 ? 0.01 : -0.01));
    const text = formatFitResult(fitCurve({ model: 'gaussian', background: 'constant', x, y }), { x: 'roby', y: 'diode1' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('gaussian fit of diode1, constant background, 21 points, roby in [0, 10]');
    expect(lines[1]).toMatch(/^height {3}= 10\.0\d+ ± 0\.0\d+$/);
    expect(lines[2]).toMatch(/^position = 4\.2\d+ ± 0\.00\d+$/);
    // Area = √(π / (4 ln 2)) · height · fwhm = 1.0645 · 10 · 1.3 = 13.84.
    expect(lines[5]).toMatch(/^area {5}= 13\.8\d* ± 0\.0\d+$/);
    expect(lines[6]).toMatch(/^chi2 = .*, reduced chi2 = .* \(17 degrees of freedom\)$/);
  });
});
