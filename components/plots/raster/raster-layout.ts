/**
 * plotly's part of a raster plot (pure): only axes. An invisible trace spanning the image gives
 * autorange and double-click reset; the pixels are drawn on a canvas under the plot area.
 */
import type { PlotlyData, PlotlyLayout } from '../shared/plotly-loader';
import type { PlotTheme } from '../shared/plot-theme';
import type { Range2 } from '../view-axes';
import { extentOf, type RasterGeometry } from './raster-geometry';

export interface RasterAxes {
  geometry: RasterGeometry;
  width: number;
  height: number;
  xTitle: string;
  yTitle: string;
  uirevision: string;
  zoomX?: Range2 | null;
  zoomY?: Range2 | null;
  kiosk?: boolean;
  /** Outlines and labels drawn over the pixels (image tools), in data coordinates. */
  overlay?: { shapes: NonNullable<PlotlyLayout['shapes']>; annotations: NonNullable<PlotlyLayout['annotations']> } | null;
}

export function rasterFigure(a: RasterAxes, theme: PlotTheme): { data: PlotlyData[]; layout: PlotlyLayout } {
  const { geometry, width, height, kiosk } = a;
  const e = extentOf(geometry, width, height);
  // Both axes framed alike: ticks outside, a box around the image, no grid over the pixels.
  const frameAxis = (title: string, range: Range2) => ({ title: { text: title }, showgrid: false, zeroline: false, ticks: 'outside', mirror: true, showline: true, linecolor: theme.axisLine, range, autorange: false });
  const yRangeFull: Range2 = geometry.yDown ? [e.y[1], e.y[0]] : [e.y[0], e.y[1]];
  const data: PlotlyData[] = [
    { type: 'scatter', mode: 'lines', x: [e.x[0], e.x[1]], y: [e.y[0], e.y[1]], line: { width: 0 }, hoverinfo: 'skip', showlegend: false } as PlotlyData,
  ];
  const layout = {
    uirevision: `${a.uirevision}|${width}x${height}`,
    margin: { l: kiosk ? 80 : 64, r: 12, t: 10, b: kiosk ? 60 : 44 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { size: theme.font, color: theme.fg },
    dragmode: 'zoom',
    hovermode: false,
    xaxis: { ...frameAxis(a.xTitle, a.zoomX ?? e.x), constrain: 'domain' },
    yaxis: { ...frameAxis(a.yTitle, a.zoomY ?? yRangeFull), ...(geometry.equalAspect ? { scaleanchor: 'x', scaleratio: 1, constrain: 'domain' } : {}) },
    shapes: a.overlay?.shapes ?? [],
    annotations: a.overlay?.annotations ?? [],
  } as PlotlyLayout;
  return { data, layout };
}
