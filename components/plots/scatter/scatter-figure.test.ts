import { describe, expect, it } from 'vitest';
import { colormapLut } from '@/lib/plot-math/colormap';
import type { ScatterPlotModel } from '@/lib/plot-model';
import type { PlotTheme } from '../shared/plot-theme';
import { cellReadout, colorscaleOf, geometryOf, gridKindText, initialDims, logColors, pointsLayout, pointsTrace, sameGeometry, valueName } from './scatter-figure';

const theme: PlotTheme = { fg: '#111111', grid: '#222222', bg: '#ffffff', axisLine: '#333333', font: 12, line: 1.6 };

describe('scatter figure mapping', () => {
  it('centres cells on the grid axis values, one unit wide for a single row or column', () => {
    const g = geometryOf({ xs: Float64Array.from([0, 0.5, 1]), ys: Float64Array.from([10]), rows: 1, cols: 3 });
    expect(g).toEqual({ x0: -0.25, dx: 0.5, y0: 9.5, dy: 1, yDown: false, equalAspect: false });
    expect(sameGeometry(g, { ...g })).toBe(true);
    expect(sameGeometry(null, g)).toBe(false);
    expect(sameGeometry(g, { ...g, dx: 0.4 })).toBe(false);
  });

  it('sizes the raster and names the grid from the model before any point', () => {
    const regular = { kind: 'regular', xPoints: 11, yPoints: 5 } as unknown as ScatterPlotModel['grid'];
    const histogram = { kind: 'histogram', bins: [20, 30] } as unknown as ScatterPlotModel['grid'];
    expect(initialDims(regular)).toEqual({ rows: 5, cols: 11 });
    expect(initialDims(histogram)).toEqual({ rows: 20, cols: 30 });
    expect(gridKindText(regular)).toBe('11×5 grid');
    expect(gridKindText(histogram)).toBe('mean per bin, 30×20 bins');
  });

  it('reads out a cell with both axes, the value and its monitor', () => {
    const names = { x: 'axis:sx', y: 'axis:sy', value: 'sim:diode1', monitor: 'sim:mon' };
    expect(cellReadout(names, 1.5, -2, 0.25)).toBe('sx 1.5  sy -2  diode1 / mon 0.25');
    expect(cellReadout({ ...names, monitor: null }, 1.5, -2, NaN)).toBe('sx 1.5  sy -2  diode1 not measured');
    expect(valueName('Diode 1', null)).toBe('Diode 1');
  });

  it('takes log10 of positive colours only, reusing its work array', () => {
    const first = logColors(Float64Array.from([100, 0, -1, 1]), new Float64Array(0));
    expect(Array.from(first.colors)).toEqual([2, NaN, NaN, 0]);
    const again = logColors(Float64Array.from([10]), first.work);
    expect(again.work).toBe(first.work);
    expect(Array.from(again.colors)).toEqual([1]);
  });

  it('maps points to coloured markers and lays out the zoom the view holds', () => {
    const lut = colormapLut('viridis');
    const scale = colorscaleOf(lut);
    expect(scale).toHaveLength(17);
    expect(scale[0]![0]).toBe(0);
    expect(scale[16]![0]).toBe(1);
    const t = pointsTrace({ x: [1, 2], y: [3, 4], colors: [5, 6], range: { min: 5, max: 6 }, lut, logScale: true, names: { x: 'a:x', y: 'a:y', value: 'a:v' } }) as Record<string, any>;
    expect(t.marker).toMatchObject({ cmin: 5, cmax: 6, size: 7, colorbar: { title: { text: 'log₁₀ v' } } });
    expect(t.hovertemplate).toBe('x %{x:.6g}<br>y %{y:.6g}<br>v %{marker.color:.6g}<extra></extra>');
    const many = pointsTrace({ x: new Float64Array(2001), y: new Float64Array(2001), colors: [], range: { min: 0, max: 1 }, lut, logScale: false, names: { x: null, y: null, value: null } }) as Record<string, any>;
    expect(many.marker.size).toBe(4);
    const layout = pointsLayout({ modelId: 's1', revision: 2, theme, xTitle: 'sx [mm]', yTitle: 'sy', view: { zoomX: [0, 1] } }) as Record<string, any>;
    expect(layout).toMatchObject({ uirevision: 's1', datarevision: 2, xaxis: { range: [0, 1], autorange: false, title: { text: 'sx [mm]' } }, yaxis: { autorange: true } });
  });
});
