import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FitError, fitCurve, fitParameter } from './fit-curve';
import { evaluateModel, type FitBackground, type FitModel } from './models';

interface Dataset {
  name: string;
  model: FitModel;
  background: FitBackground;
  x: number[];
  y: number[];
  range?: [number, number];
  truth: Record<string, number>;
  reference: {
    parameters: Record<string, number>;
    errors: Record<string, number>;
    chi2: number;
    points: number;
    covariance: number[][];
    area: { value: number; error: number } | null;
  };
}

// Computed once by fixtures/make-fit-fixtures.py with scipy.optimize.curve_fit (see that script).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/fit-reference.json', import.meta.url), 'utf8')) as {
  datasets: Dataset[];
};

describe('fitCurve against scipy curve_fit', () => {
  for (const d of fixture.datasets) {
    it(d.name, () => {
      const r = fitCurve({
        model: d.model,
        background: d.background,
        x: Float64Array.from(d.x),
        y: Float64Array.from(d.y),
        range: d.range ? { min: d.range[0], max: d.range[1] } : undefined,
      });
      expect(r.points).toBe(d.reference.points);
      expect(r.parameters.map((p) => p.name)).toEqual(Object.keys(d.reference.parameters));
      expect(r.warnings).toEqual([]);
      // Both solvers minimise the same χ²; scipy was run to 1e-15 tolerances, so ours must find the same
      // minimum: χ² equal to 1e-9 relative (at a minimum χ² is flat, a tiny parameter offset changes it
      // quadratically, so this is a strict test) ...
      expect(Math.abs(r.chi2 - d.reference.chi2) / d.reference.chi2).toBeLessThan(1e-9);
      for (const p of r.parameters) {
        const ref = d.reference.parameters[p.name]!;
        const err = d.reference.errors[p.name]!;
        // ... parameters equal to 1e-4 of their own statistical uncertainty (the only scale that makes
        // sense across parameters of different units; far below anything a user could see) ...
        expect(Math.abs(p.value - ref), `${p.name}: ${p.value} vs scipy ${ref}`).toBeLessThan(1e-4 * err);
        // ... and the uncertainties, computed from JᵀJ at (nearly) the same point, equal to 1e-6 relative.
        expect(Math.abs(p.error - err) / err, `${p.name} error: ${p.error} vs scipy ${err}`).toBeLessThan(1e-6);
      }
      // Covariances, compared as correlations. scipy's Jacobian is MINPACK's forward difference with a step of
      // √ε·|p|: for a position of 10001.7 and a FWHM of 2.4 that alone is a 6e-5 relative error in scipy's
      // own near-zero correlations, hence 3e-4 here (ours are analytic).
      const cov = d.reference.covariance;
      r.covariance.forEach((row, i) =>
        row.forEach((v, j) => expect(Math.abs(v - cov[i]![j]!) / Math.sqrt(cov[i]![i]! * cov[j]![j]!)).toBeLessThan(3e-4)),
      );
      // Peak area: scipy's reference integrates the peak numerically (quad) and propagates the error with a
      // numerical gradient, so it checks the closed forms. The value moves with the parameters (1e-4 σ above),
      // the error is a smooth function of them: 1e-5 relative covers the numerical gradient.
      if (d.reference.area) {
        expect(Math.abs(r.area!.value - d.reference.area.value)).toBeLessThan(1e-3 * d.reference.area.error);
        expect(Math.abs(r.area!.error - d.reference.area.error) / d.reference.area.error).toBeLessThan(1e-5);
      } else expect(r.area).toBeUndefined();
      expect(r.reducedChi2).toBeCloseTo(d.reference.chi2 / (d.reference.points - r.parameters.length), 6);
      // The drawn curve is the model at the fitted values, spanning the fitted points.
      const values = r.parameters.map((p) => p.value);
      expect(r.curve.x[0]).toBe(r.range.min);
      expect(r.curve.x[r.curve.x.length - 1]).toBe(r.range.max);
      const mid = r.curve.x.length >> 1;
      expect(r.curve.y[mid]).toBeCloseTo(evaluateModel(d.model, d.background, values, [r.curve.x[mid]!])[0]!, 9);
    });
  }
});

describe('fitCurve inputs', () => {
  const x = Float64Array.from({ length: 41 }, (_, i) => i * 0.25);
  const y = evaluateModel('gaussian', 'constant', [10, 4.2, 1.3, 2], x);

  it('recovers exact parameters from noise-free data, with zero errors', () => {
    const r = fitCurve({ model: 'gaussian', background: 'constant', x, y });
    expect(fitParameter(r, 'height')).toBeCloseTo(10, 9);
    expect(fitParameter(r, 'position')).toBeCloseTo(4.2, 9);
    expect(fitParameter(r, 'fwhm')).toBeCloseTo(1.3, 9);
    expect(fitParameter(r, 'constant')).toBeCloseTo(2, 9);
    expect(r.chi2).toBeLessThan(1e-18);
    expect(fitParameter(r, 'nope')).toBeNaN();
  });

  it('skips non-finite points and sorts unordered x', () => {
    const order = [...x.keys()].reverse().sort((a, b) => (a * 7) % 41 - (b * 7) % 41);
    const xo = Float64Array.from(order, (i) => x[i]!);
    const yo = Float64Array.from(order, (i) => y[i]!);
    const xn = Float64Array.from([...xo, NaN, 3]);
    const yn = Float64Array.from([...yo, 5, Infinity]);
    const r = fitCurve({ model: 'gaussian', background: 'constant', x: xn, y: yn });
    expect(r.points).toBe(41);
    expect(fitParameter(r, 'position')).toBeCloseTo(4.2, 9);
  });

  it('uses given starting values', () => {
    const r = fitCurve({ model: 'gaussian', background: 'constant', x, y, initial: { position: 4, fwhm: 1 } });
    expect(fitParameter(r, 'fwhm')).toBeCloseTo(1.3, 9);
  });

  it('samples the curve as asked', () => {
    const r = fitCurve({ model: 'gaussian', background: 'constant', x, y, samples: 5 });
    expect(Array.from(r.curve.x)).toEqual([0, 2.5, 5, 7.5, 10]);
  });

  it('explains what it cannot fit', () => {
    expect(() => fitCurve({ model: 'gaussian', background: 'linear', x, y, range: { min: 1, max: 2 } })).toThrow(
      'gaussian fit with linear background has 5 parameters and needs at least 6 points, got 5 in range',
    );
    expect(() => fitCurve({ model: 'gaussian', background: 'none', x, y, range: { min: 3, max: 2 } })).toThrow('fit range is empty');
    expect(() => fitCurve({ model: 'cauchy' as FitModel, background: 'none', x, y })).toThrow(FitError);
    expect(() => fitCurve({ model: 'gaussian', background: 'none', x, y, initial: { sigma: 1 } })).toThrow(
      'gaussian fit has no parameter "sigma" (has height, position, fwhm)',
    );
    expect(() => fitCurve({ model: 'linear', background: 'none', x: [1, 1, 1], y: [1, 2, 3] })).toThrow('all 3 points in range are at x = 1');
  });

  it('warns when there is no peak to fit', () => {
    // Noise around a constant: whatever the solver finds is not significant.
    const noise = [0.3, -0.2, 0.5, -0.4, 0.1, 0.0, -0.3, 0.2, -0.1, 0.4];
    const flat = Float64Array.from(x, (_, i) => 3 + noise[i % 10]!);
    const r = fitCurve({ model: 'gaussian', background: 'constant', x, y: flat });
    expect(r.warnings.some((w) => w.startsWith('no significant peak: height'))).toBe(true);
  });

  it('warns when the data cannot determine a parameter', () => {
    // Exactly zero everywhere with a zero height: position and width have no effect at all.
    const r = fitCurve({ model: 'gaussian', background: 'none', x, y: new Float64Array(41), initial: { height: 0 } });
    expect(r.warnings).toContain('the data do not determine every parameter (singular covariance): errors unknown');
    expect(r.parameters.map((p) => p.error)).toEqual([NaN, NaN, NaN]);
  });
});
