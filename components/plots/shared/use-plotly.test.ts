import { describe, expect, it } from 'vitest';
import type { PlotlyLayout } from './plotly-loader';
import { dataOnlyLayout } from './use-plotly';

describe('data-only redraws', () => {
  const fixed = { datarevision: 3, xaxis: { range: [0, 5], autorange: false }, yaxis: { range: [-1, 1], autorange: false }, yaxis2: { range: [0, 2], autorange: false, overlaying: 'y' } } as unknown as PlotlyLayout;

  const shown = { xaxis: { range: [0, 5] }, yaxis: { range: [-1, 1] }, yaxis2: { range: [0, 2] } };

  it("take plotly's zero-length transition when only the traces' data changed and every axis range is fixed", () => {
    const out = dataOnlyLayout(fixed, true, shown) as Record<string, unknown>;
    expect(out.transition).toEqual({ duration: 0 });
    expect(out.xaxis).toBe((fixed as Record<string, unknown>).xaxis);
    // The caller's layout is not changed.
    expect((fixed as Record<string, unknown>).transition).toBeUndefined();
  });

  it('redraw in full when anything else changed or an axis is autoranged', () => {
    expect(dataOnlyLayout(fixed, false, shown)).toBe(fixed);
    const auto = { ...fixed, yaxis2: { autorange: true, overlaying: 'y' } } as unknown as PlotlyLayout;
    expect(dataOnlyLayout(auto, true, shown)).toBe(auto);
    const noAxes = { datarevision: 1 } as unknown as PlotlyLayout;
    expect(dataOnlyLayout(noAxes, true, shown)).toBe(noAxes);
    // plotly shows another range than the figure asks (double click, pan): a full redraw puts it back.
    expect(dataOnlyLayout(fixed, true, { ...shown, xaxis: { range: [0.2, 4.1] } })).toBe(fixed);
    expect(dataOnlyLayout(fixed, true, undefined)).toBe(fixed);
  });
});
