import { describe, expect, it } from 'vitest';
import { emptyCurveStats } from '@/lib/plot-math/curve-stats';
import type { PlotTheme } from '../shared/plot-theme';
import { curveLayout, curveNotes, curveTrace, liveScan, lodRange, niceStep, statMarkers, stickyRange, StickyAxes } from './curve-figure';
import type { PlotlyData, PlotlyLayout } from '../shared/plotly-loader';
import type { StatRow } from './curve-view';

const theme: PlotTheme = { fg: '#111111', grid: '#222222', bg: '#ffffff', axisLine: '#333333', font: 12, line: 1.6 };

describe('curve figure mapping', () => {
  it('draws short raw curves with markers, long or summarised ones as lines, on their own axis', () => {
    const xy = { x: [0, 1, 2], y: [3, 4, 5] };
    const short = curveTrace({ name: 'sim:diode1', axis: 'left' }, xy, { color: '#1f6fd1', drawn: 3, raw: true, xName: 'axis:samx', theme, kiosk: false }) as Record<string, unknown>;
    expect(short).toMatchObject({ mode: 'lines+markers', yaxis: 'y', name: 'diode1', line: { color: '#1f6fd1', width: 1.6 }, connectgaps: false });
    const summary = curveTrace({ name: 'sim:diode2', axis: 'right' }, xy, { color: '#d55e00', drawn: 3, raw: false, xName: null, theme, kiosk: true }) as Record<string, unknown>;
    expect(summary).toMatchObject({ mode: 'lines', yaxis: 'y2', name: 'diode2 (right)', marker: { size: 7 } });
    expect(summary.hovertemplate).toContain('index: %{x:.6g}');
  });

  it('marks peak, cen and com where finite, skipping non-positive x on a log axis', () => {
    const stats = { ...emptyCurveStats(), peak: 2, cen: -1, com: Number.NaN };
    const row: StatRow = { key: 'a|left', name: 'a', axis: 'left', color: '#abcdef', stats, covered: 3, total: 3, source: 'page' };
    const linear = statMarkers([row], false, theme, false);
    expect(linear.shapes.map((s) => s.x0)).toEqual([2, -1]);
    expect(linear.annotations.map((a) => a.text)).toEqual(['peak 2', 'cen -1']);
    const log = statMarkers([row], true, theme, false);
    expect(log.shapes.map((s) => s.x0)).toEqual([2]);
    expect(log.annotations[0]!.x).toBeCloseTo(Math.log10(2), 12);
    // Each statistic on its own: only those asked for, stacked without gaps.
    const both = { ...row, stats: { ...stats, com: 3 } };
    const some = statMarkers([both, { ...both, key: 'b|left' }], false, theme, false, ['com', 'peak']);
    expect(some.annotations.map((a) => a.text)).toEqual(['peak 2', 'com 3', 'peak 2', 'com 3']);
    expect(some.shapes.map((s) => (s.line as { dash?: string } | undefined)?.dash)).toEqual(['solid', 'dot', 'solid', 'dot']);
    expect(some.annotations.map((a) => a.yshift)).toEqual([-0, -16, -32, -48]);
    expect(statMarkers([both], false, theme, false, []).shapes).toEqual([]);
  });

  it('lays out a right axis only when a curve is on it, and keeps the zoom', () => {
    const axes = { uirevision: 'u', datarevision: 4, xTitle: 'samx', yTitle: 'diode1', y2Title: null, log: { x: false, y: true, y2: false }, zoom: { x: [1, 2] as [number, number], y: null, y2: null } };
    const one = curveLayout(axes, theme, false, { shapes: [], annotations: [] }) as Record<string, any>;
    expect(one.yaxis2).toBeUndefined();
    expect(one.margin.r).toBe(16);
    expect(one.xaxis).toMatchObject({ range: [1, 2], autorange: false, gridcolor: '#222222' });
    expect(one.yaxis).toMatchObject({ type: 'log', autorange: true });
    const two = curveLayout({ ...axes, y2Title: 'diode2' }, theme, true, { shapes: [], annotations: [] }) as Record<string, any>;
    expect(two.yaxis2).toMatchObject({ title: { text: 'diode2' }, side: 'right', overlaying: 'y' });
    expect(two.margin).toMatchObject({ l: 80, r: 80 });
  });

  it('asks the server summary for the visible index range, quantised', () => {
    expect(lodRange(10_000, null, true, null)).toEqual([0, 10_000]);
    // By index: the zoom's bounds, widened to whole points, then `to` rounded up to a step of (to - from) / 50.
    expect(lodRange(10_000, [100.5, 600.2], true, null)).toEqual([100, 610]);
    // Through a monotonic x: the visible range found by the caller.
    expect(lodRange(10_000, [0.1, 0.2], false, [1000, 2000])).toEqual([1000, 2000]);
    expect(lodRange(1234, null, false, null)).toEqual([0, 1234]);
  });

  it('lists the notes in a fixed order with short channel names', () => {
    const notes = curveNotes({
      gaps: ['diode1: points 3–5 missing'],
      missing: ['sim:diode2'],
      nonScalar: ['mca:spectrum'],
      monitorMissing: 'sim:mon',
      xMissing: null,
      extra: ['Drawing a server-side summary of 10,000 points while the rest arrives.'],
      errors: [['sim:diode3', 'dtype changed']],
    });
    expect(notes).toEqual([
      'diode1: points 3–5 missing',
      'diode2: no data received yet',
      'spectrum is not a scalar channel and cannot be drawn as a curve',
      'monitor mon: no data yet, curves are not drawn until it arrives',
      'Drawing a server-side summary of 10,000 points while the rest arrives.',
      'diode3: bad data received (dtype changed)',
    ]);
  });

  it('keeps a live axis range while the data stay inside it and fill it, and grows it in round steps', () => {
    expect([0.7, 1.5, 2.2, 4, 9].map(niceStep)).toEqual([1, 2, 2.5, 5, 10]);
    // First: round values around the data (x: no padding), no room ahead yet.
    const first = stickyRange([0.13, 3.7], null, 0)!;
    expect(first).toEqual([0, 4]);
    // Data grown but still inside and filling it: the same range (the same object: nothing to redraw).
    expect(stickyRange([0.13, 3.95], first, 0)).toBe(first);
    // Data past the top: a new range holding them, with a quarter of their span more room above only.
    const grown = stickyRange([0.13, 4.2], first, 0)!;
    expect(grown[0]).toBe(0);
    expect(grown[1]).toBeGreaterThanOrEqual(4.2 + 0.25 * (4.2 - 0.13));
    expect(grown[1]).toBeLessThanOrEqual(6);
    // y: 5 % padding each side counts as data; outgrown on both sides, room added on both.
    expect(stickyRange([0, 10], [-0.4, 10.4], 0.05)).toEqual([-5, 15]);
    expect(stickyRange([0, 10], [-0.6, 10.6], 0.05)).toEqual([-0.6, 10.6]);
    // Data shrunk to under 40 % of the range: made again around them.
    expect(stickyRange([2, 3], [0, 10], 0)).toEqual([2, 3]);
    // Nothing to frame: plotly's autorange.
    expect(stickyRange([Infinity, -Infinity], null, 0)).toBeNull();
    expect(stickyRange([5, 5], null, 0)).toBeNull();
  });

  it('fixes the autoranged axes of a live figure from its traces and data-unit shapes, not the zoomed ones', () => {
    const axes = { uirevision: 'u', datarevision: 1, xTitle: 'samx', yTitle: 'diode1', y2Title: 'diode2', log: { x: false, y: false, y2: true }, zoom: { x: null, y: [0, 1] as [number, number], y2: null } };
    const traces = [
      { x: new Float64Array([0, 1, 2, 3]), y: new Float64Array([5, 6, Number.NaN, 7]), yaxis: 'y' },
      { x: [0, 1, 2, 3], y: [0, 10, 100, 1000], yaxis: 'y2' },
    ] as unknown as PlotlyData[];
    const marks = { shapes: [{ type: 'line' as const, xref: 'x' as const, yref: 'paper' as const, x0: 4.5, x1: 4.5, y0: 0, y1: 1 }], annotations: [] };
    const sticky = new StickyAxes();
    const layout = curveLayout(axes, theme, false, marks) as Record<string, any>;
    sticky.apply(layout as PlotlyLayout, traces, true);
    // x: traces and the marker at 4.5, on round values.
    expect(layout.xaxis).toMatchObject({ autorange: false, range: [0, 5] });
    // The zoomed left axis is left alone.
    expect(layout.yaxis).toMatchObject({ autorange: false, range: [0, 1] });
    // Log right axis: log10 units of the positive values (10 to 1000), padded and rounded.
    expect(layout.yaxis2).toMatchObject({ autorange: false, range: [0.5, 3.5] });
    // The next frame with the data a little further: same ranges.
    const again = curveLayout(axes, theme, false, marks) as Record<string, any>;
    sticky.apply(again as PlotlyLayout, [{ ...traces[0], x: new Float64Array([0, 1, 2, 3, 4.8]), y: new Float64Array([5, 6, 6, 7, 7]) } as PlotlyData, traces[1]!], true);
    expect(again.xaxis.range).toEqual([0, 5]);
    expect(again.yaxis2.range).toEqual(layout.yaxis2.range);
    // Scan over: plotly's autorange again.
    const done = curveLayout(axes, theme, false, marks) as Record<string, any>;
    sticky.apply(done as PlotlyLayout, traces, false);
    expect(done.xaxis).toMatchObject({ autorange: true });
    expect(done.xaxis.range).toBeUndefined();
    expect([liveScan('STARTED'), liveScan('CREATED'), liveScan('STOPPED'), liveScan('CLOSED'), liveScan(undefined)]).toEqual([true, true, false, false, false]);
  });
});
