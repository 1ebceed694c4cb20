/**
 * Where a raster's pixels stand on the axes (pure, unit-tested): data extent, the transform that blits
 * the pixel canvas under plotly's plot area, the pixel under the cursor, colour-bar ticks.
 */
import type { NumericArray } from '@/lib/blissdata/dtype';
import { sameRange, type Range2 } from '../view-axes';

export interface RasterGeometry {
  /** Data coordinates of the outer edge of column 0 / row 0, and the size of one pixel (> 0). */
  x0: number;
  dx: number;
  y0: number;
  dy: number;
  /** Row 0 at the top (images); otherwise row 0 at the bottom (meshes, y up). */
  yDown: boolean;
  /** Square pixels (images). */
  equalAspect: boolean;
}

export interface RasterImage {
  data: NumericArray | Float64Array;
  width: number;
  height: number;
  /**
   * Binned image (a live preview): each pixel stands for binX × binY geometry pixels, so the image is
   * stretched over the full-resolution extent and the readout names full-resolution pixels. Default 1.
   */
  binX?: number;
  binY?: number;
}

export interface RasterStyle {
  lut: Uint8Array;
  min: number;
  max: number;
  log: boolean;
}

/** plotly's plot area: its offset and size in CSS pixels and the axis ranges shown. */
export interface AreaBox {
  left: number;
  top: number;
  width: number;
  height: number;
  xRange: Range2;
  yRange: Range2;
}

export function extentOf(g: RasterGeometry, width: number, height: number): { x: Range2; y: Range2 } {
  return { x: [g.x0, g.x0 + width * g.dx], y: [g.y0, g.y0 + height * g.dy] };
}

/** A zoom equal to the whole extent (double-click reset) is "no zoom" (null). */
export function zoomOrNone(r: Range2 | null | undefined, extent: Range2): Range2 | null | undefined {
  return r && sameRange([Math.min(...r), Math.max(...r)], extent) ? null : r;
}

/**
 * The canvas transform drawing an image of `img.width` × `img.height` held pixels onto a display of
 * w × h device pixels showing `area`'s ranges: scale and origin, as for `setTransform(sx, 0, 0, sy, x, y)`.
 */
export function blitTransform(g: RasterGeometry, img: { width: number; height: number; binX?: number; binY?: number }, area: { xRange: Range2; yRange: Range2 }, w: number, h: number) {
  const [xa, xb] = area.xRange;
  const [ya, yb] = area.yRange;
  // Screen position (device px) of data coordinates; y measured from the top (range[1] is at the top).
  const sx = (X: number) => ((X - xa) / (xb - xa)) * w;
  const sy = (Y: number) => ((yb - Y) / (yb - ya)) * h;
  const e = extentOf(g, img.width * (img.binX ?? 1), img.height * (img.binY ?? 1));
  const x = sx(e.x[0]);
  const y = sy(e.y[0]);
  return { scaleX: (sx(e.x[1]) - x) / img.width, scaleY: (sy(e.y[1]) - y) / img.height, x, y };
}

/** Data coordinates of a point `px`, `py` CSS pixels from the plot area's top-left corner. */
export function dataAt(area: AreaBox, px: number, py: number): { x: number; y: number } {
  return {
    x: area.xRange[0] + (px / area.width) * (area.xRange[1] - area.xRange[0]),
    y: area.yRange[1] - (py / area.height) * (area.yRange[1] - area.yRange[0]),
  };
}

/**
 * The full-resolution pixel (column, row) under a point of the plot area, or null outside the area
 * or the image.
 */
export function cellAt(area: AreaBox, g: RasterGeometry, img: { width: number; height: number; binX?: number; binY?: number }, px: number, py: number): { col: number; row: number; x: number; y: number } | null {
  if (px < 0 || py < 0 || px > area.width || py > area.height) return null;
  const { x, y } = dataAt(area, px, py);
  const col = Math.floor((x - g.x0) / g.dx);
  const row = Math.floor((y - g.y0) / g.dy);
  if (col < 0 || row < 0 || col >= img.width * (img.binX ?? 1) || row >= img.height * (img.binY ?? 1)) return null;
  return { col, row, x, y };
}

/** Five colour-bar ticks from max down to min (log-spaced in log mode). */
export function colorbarTicks(min: number, max: number, log: boolean): number[] {
  const ticks: number[] = [];
  if (!Number.isFinite(min) || !Number.isFinite(max)) return ticks;
  for (let k = 4; k >= 0; k--) {
    const t = k / 4;
    const v = log && min > 0 ? 10 ** (Math.log10(min) + t * (Math.log10(max) - Math.log10(min))) : min + t * (max - min);
    // A tick a millionth of the span away from zero reads as 0 (0.75 of the way up -0.3..0.1).
    ticks.push(!log && Math.abs(v) < 1e-6 * (max - min) ? 0 : v);
  }
  return ticks;
}
