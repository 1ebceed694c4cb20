import { describe, expect, it } from 'vitest';
import type { PlotViewState } from './plot-view-state';
import { viewStateFromParams, viewStateQuery } from './url';

describe('curve tools in the share link', () => {
  it('round-trips fit, per-curve math, markers and overlays, for the active plot and another one', () => {
    const view: PlotViewState = {
      y: ['sim:diode1', 'sim:diode2'],
      fit: { model: 'pseudo-voigt', background: 'linear', curve: 'sim:diode2', range: [0.5, 1.75] },
      math: { 'sim:diode1': { expr: 'log(I0 / It) & 2', monitor: null, negate: true }, 'sim:diode2': { derivative: true, monitor: 'sim:mon' } },
      vmarks: [0.25, -1e-3],
      hmarks: [100],
      overlay: { previous: 3, keys: ['esrf:scan:a,b', 'esrf:scan:c'], reference: 'esrf:scan:c' },
    };
    const query = viewStateQuery({ plot: 'curve:a', view, others: { 'curve:b': { fit: { model: 'erf', background: 'none' } } } });
    expect(query).toContain('fit=pseudo-voigt%2Clinear%2C0.5%2C1.75');
    const back = viewStateFromParams(query);
    expect(back.ignored).toEqual([]);
    expect(back.view).toEqual(view);
    expect(back.others).toEqual({ 'curve:b': { fit: { model: 'erf', background: 'none' } } });
  });

  it('rejects what it cannot read, with the reason, and keeps the rest', () => {
    const back = viewStateFromParams('?fit=gauss,constant&vm=1,x&hm=2&ov=99&m.d1=neg%3Dyes');
    expect(back.view).toEqual({ hmarks: [2], math: { d1: {} } });
    expect(back.ignored).toEqual([
      'fit=gauss,constant: expected a model among gaussian, lorentzian, pseudo-voigt, erf, linear',
      'vm=1,x: expected comma-separated finite numbers',
      'ov=99: expected a number of previous scans from 0 to 20',
      'm.d1=neg=yes: neg must be 1 or 0',
    ]);
    expect(viewStateFromParams('?fit=linear,constant,1,1').ignored[0]).toMatch(/distinct finite bounds/);
    // A reversed region is read in order.
    expect(viewStateFromParams('?fit=linear,constant,2,1').view.fit).toEqual({ model: 'linear', background: 'constant', range: [1, 2] });
  });
});
