import { describe, expect, it } from 'vitest';
import type { PlotTheme } from '../shared/plot-theme';
import { rasterFigure } from './raster-layout';

const theme: PlotTheme = { fg: '#111111', grid: '#222222', bg: '#ffffff', axisLine: '#333333', font: 12, line: 1.6 };

describe('raster axes', () => {
  it('frames an image top-down with square pixels, a mesh bottom-up, and keeps a zoom', () => {
    const image = rasterFigure({ geometry: { x0: 0, dx: 1, y0: 0, dy: 1, yDown: true, equalAspect: true }, width: 64, height: 32, xTitle: 'x', yTitle: 'y', uirevision: 'p1' }, theme);
    const layout = image.layout as Record<string, Record<string, unknown>> & { uirevision: string };
    expect(layout.xaxis!.range).toEqual([0, 64]);
    expect(layout.yaxis!.range).toEqual([32, 0]);
    expect(layout.yaxis!.scaleanchor).toBe('x');
    expect(layout.uirevision).toBe('p1|64x32');
    expect((image.data[0] as { x: number[] }).x).toEqual([0, 64]);
    const mesh = rasterFigure({ geometry: { x0: -1, dx: 0.5, y0: 10, dy: 2, yDown: false, equalAspect: false }, width: 4, height: 3, xTitle: 'm1', yTitle: 'm2', uirevision: 'p2', zoomX: [0, 0.5] }, theme);
    const ml = mesh.layout as Record<string, Record<string, unknown>>;
    expect(ml.xaxis!.range).toEqual([0, 0.5]);
    expect(ml.yaxis!.range).toEqual([10, 16]);
    expect(ml.yaxis!.scaleanchor).toBeUndefined();
    expect(ml.xaxis!.linecolor).toBe('#333333');
  });
});
