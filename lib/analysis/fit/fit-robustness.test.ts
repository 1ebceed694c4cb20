import { describe, expect, it } from 'vitest';
import { seededNormal, seededRandom } from '../../plot-math/seeded-random.fixture';
import { fitCurve } from './fit-curve';
import { evaluateModel, type FitBackground, type FitModel } from './models';

/**
 * Random peaks and edges the automatic starting values must handle: any polarity, scales from 1e-3 to 1e6,
 * x spans from 1e-3 to 1e3 anywhere, descending x, widths from 1 % to half the window, centres up to 5 %
 * from the window edge (half the peak cut off), 10 % noise. The solver must reach a minimum at least as
 * good as the true parameters (χ²(fit) <= χ²(truth)); a worse one means it stopped in a local minimum.
 */
describe('fitCurve from its own starting values', () => {
  it('reaches the global least-squares minimum on 60 random curves', () => {
    const rnd = seededRandom(20261206);
    const noise = seededNormal(7);
    const failures: string[] = [];
    for (let t = 0; t < 60; t++) {
      const model = (['gaussian', 'lorentzian', 'pseudo-voigt', 'erf'] as FitModel[])[t % 4]!;
      const background = (['none', 'constant', 'linear'] as FitBackground[])[Math.floor(t / 4) % 3]!;
      const n = 20 + Math.floor(rnd() * 300);
      const lo = (rnd() - 0.5) * 1000;
      const span = 10 ** (rnd() * 6 - 3);
      const x = Float64Array.from({ length: n }, (_, i) => lo + (span * i) / (n - 1));
      if (t % 7 === 0) x.reverse();
      const h = (rnd() < 0.3 ? -1 : 1) * 10 ** (rnd() * 8 - 2);
      const truth = [h, lo + span * (0.05 + 0.9 * rnd()), span * (0.01 + 0.5 * rnd())];
      if (model === 'pseudo-voigt') truth.push(rnd());
      if (background !== 'none') truth.push(h * (rnd() - 0.3) * 2);
      if (background === 'linear') truth.push((h / span) * (rnd() - 0.5));
      const clean = evaluateModel(model, background, truth, x);
      const y = clean.map((v) => v + noise(Math.abs(h) * 0.1));
      let chi2Truth = 0;
      for (let i = 0; i < n; i++) chi2Truth += (y[i]! - clean[i]!) ** 2;
      const r = fitCurve({ model, background, x, y });
      if (r.chi2 > chi2Truth * (1 + 1e-9)) failures.push(`#${t} ${model}/${background}: χ² ${r.chi2} > ${chi2Truth} at the truth ${truth.join(', ')}`);
    }
    expect(failures).toEqual([]);
    // 60 fits take a few seconds; a machine shared by many test runs may need much longer.
  }, 180_000);
});
