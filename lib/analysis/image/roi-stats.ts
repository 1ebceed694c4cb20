/**
 * Statistics of a rectangular region of an image (Flint's ROI statistics): sum, mean, min, max, standard
 * deviation and where the maximum is, over the finite pixels only (NaN and ±Infinity, e.g. masked or dead
 * pixels, are counted apart, not summed).
 */
import { imageSize, type ImageArray } from './image-array';

/** Pixel index ranges, half-open: columns [col0, col1), rows [row0, row1). */
export interface PixelRect {
  col0: number;
  row0: number;
  col1: number;
  row1: number;
}

export interface RoiStats {
  /** Pixels of the rectangle inside the image, and how many of them are finite. */
  pixels: number;
  count: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
  /** Population standard deviation. */
  std: number;
  /** Pixel of the (first) maximum, -1 when none. */
  maxRow: number;
  maxCol: number;
  /** The rectangle actually used (clipped to the image). */
  rect: PixelRect;
}

/**
 * The pixels whose centres lie inside a rectangle drawn between two corners in plot coordinates (pixel
 * centres at integers): a rectangle from (0.4, 0.4) to (2.6, 1.2) holds columns 1-2 and row 1.
 */
export function rectFromCorners(a: { col: number; row: number }, b: { col: number; row: number }): PixelRect {
  const lo = (u: number, v: number) => Math.ceil(Math.min(u, v));
  const hi = (u: number, v: number) => Math.floor(Math.max(u, v)) + 1;
  return { col0: lo(a.col, b.col), row0: lo(a.row, b.row), col1: hi(a.col, b.col), row1: hi(a.row, b.row) };
}

export function roiStats(image: ImageArray, rect: PixelRect): RoiStats {
  const { height, width } = imageSize(image);
  for (const k of ['col0', 'row0', 'col1', 'row1'] as const) {
    if (!Number.isInteger(rect[k])) throw new Error(`ROI ${k} must be a whole pixel index, got ${rect[k]}`);
  }
  const c0 = Math.max(0, rect.col0);
  const r0 = Math.max(0, rect.row0);
  const c1 = Math.max(c0, Math.min(width, rect.col1));
  const r1 = Math.max(r0, Math.min(height, rect.row1));
  const data = image.data;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let maxRow = -1;
  let maxCol = -1;
  for (let r = r0; r < r1; r++) {
    const base = r * width;
    for (let c = c0; c < c1; c++) {
      const v = data[base + c]!;
      if (v - v !== 0) continue;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) {
        max = v;
        maxRow = r;
        maxCol = c;
      }
    }
  }
  const mean = count ? sum / count : NaN;
  // Second pass around the mean: the one-pass Σv² formula loses all precision on large, flat counts.
  let squares = 0;
  for (let r = r0; r < r1 && count; r++) {
    const base = r * width;
    for (let c = c0; c < c1; c++) {
      const v = data[base + c]!;
      if (v - v === 0) squares += (v - mean) * (v - mean);
    }
  }
  return {
    pixels: (r1 - r0) * (c1 - c0),
    count,
    sum,
    mean,
    min: count ? min : NaN,
    max: count ? max : NaN,
    std: count ? Math.sqrt(squares / count) : NaN,
    maxRow,
    maxCol,
    rect: { col0: c0, row0: r0, col1: c1, row1: r1 },
  };
}
