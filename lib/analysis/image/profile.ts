/**
 * Line profiles of an image, as silx's profile tools draw them (Flint's image plot uses these):
 * - horizontal / vertical: the mean (or sum) of `width` rows / columns centred on the chosen one, per pixel;
 * - free line: silx's `BilinearImage.profile_line`: ceil(length + 1) samples from start to end inclusive,
 *   bilinear interpolation between pixel centres (nearest at the borders), `width` parallel lines one pixel
 *   apart averaged (or summed) per sample, samples off the image ignored, NaN pixels ignored.
 * Unlike silx (float32), values are computed in double precision.
 */
import { imageSize, type ImageArray } from './image-array';

export type ProfileMethod = 'mean' | 'sum';

export interface Profile {
  /** Distance along the profile in pixels for a free line; pixel index for horizontal / vertical. */
  position: Float64Array;
  values: Float64Array;
  /** Sample coordinates on the image (pixel centres at integers), for drawing the line and reading values. */
  col: Float64Array;
  row: Float64Array;
}

function checkWidth(width: number): number {
  if (!Number.isInteger(width) || width < 1) throw new Error(`profile width must be a positive whole number of pixels, got ${width}`);
  return width;
}

/** Rows (or columns) `[first, first + width)` centred on `index`, clipped to [0, size). */
function band(index: number, width: number, size: number): [number, number] {
  const first = Math.round(index - (width - 1) / 2);
  return [Math.max(0, first), Math.min(size, first + width)];
}

/** Profile along row `row` (rounded to the nearest pixel), averaging `width` rows centred on it. */
export function horizontalProfile(image: ImageArray, row: number, width = 1, method: ProfileMethod = 'mean'): Profile {
  const { height, width: cols } = imageSize(image);
  const [r0, r1] = band(row, checkWidth(width), height);
  const values = new Float64Array(cols);
  for (let c = 0; c < cols; c++) values[c] = reduce(image.data, r0, r1, c, cols, method, true);
  const position = Float64Array.from({ length: cols }, (_, i) => i);
  return { position, values, col: position, row: new Float64Array(cols).fill(Math.round(row)) };
}

/** Profile along column `col` (rounded to the nearest pixel), averaging `width` columns centred on it. */
export function verticalProfile(image: ImageArray, col: number, width = 1, method: ProfileMethod = 'mean'): Profile {
  const { height, width: cols } = imageSize(image);
  const [c0, c1] = band(col, checkWidth(width), cols);
  const values = new Float64Array(height);
  for (let r = 0; r < height; r++) values[r] = reduce(image.data, c0, c1, r, cols, method, false);
  const position = Float64Array.from({ length: height }, (_, i) => i);
  return { position, values, col: new Float64Array(height).fill(Math.round(col)), row: position };
}

/** Mean or sum of finite values over a band: rows [a, b) at column `at`, or columns [a, b) at row `at`. */
function reduce(data: ArrayLike<number>, a: number, b: number, at: number, cols: number, method: ProfileMethod, rows: boolean): number {
  let sum = 0;
  let count = 0;
  for (let k = a; k < b; k++) {
    const v = data[rows ? k * cols + at : at * cols + k]!;
    if (v - v === 0) {
      sum += v;
      count++;
    }
  }
  if (count === 0) return method === 'mean' ? NaN : 0;
  return method === 'mean' ? sum / count : sum;
}

/** Bilinear value at (row, col), pixel centres at integers; coordinates clamped to the image (nearest). */
export function bilinear(image: ImageArray, row: number, col: number): number {
  const { height, width } = imageSize(image);
  return sample(image.data, height, width, row, col);
}

function sample(data: ArrayLike<number>, height: number, width: number, row: number, col: number): number {
  const d0 = Math.min(Math.max(row, 0), height - 1);
  const d1 = Math.min(Math.max(col, 0), width - 1);
  const i0 = Math.floor(d0);
  const i1 = Math.ceil(d0);
  const j0 = Math.floor(d1);
  const j1 = Math.ceil(d1);
  const f0 = d0 - i0;
  const f1 = d1 - j0;
  const v00 = data[i0 * width + j0]!;
  if (i0 === i1 && j0 === j1) return v00;
  if (i0 === i1) return v00 * (1 - f1) + data[i0 * width + j1]! * f1;
  if (j0 === j1) return v00 * (1 - f0) + data[i1 * width + j0]! * f0;
  return (
    v00 * (1 - f0) * (1 - f1) +
    data[i1 * width + j0]! * f0 * (1 - f1) +
    data[i0 * width + j1]! * (1 - f0) * f1 +
    data[i1 * width + j1]! * f0 * f1
  );
}

/** Profile from `start` to `end` (both included), `width` pixels wide, as silx's `profile_line`. */
export function lineProfile(
  image: ImageArray,
  start: { row: number; col: number },
  end: { row: number; col: number },
  width = 1,
  method: ProfileMethod = 'mean',
): Profile {
  const { height, width: cols } = imageSize(image);
  checkWidth(width);
  for (const p of [start, end]) {
    if (!Number.isFinite(p.row) || !Number.isFinite(p.col)) throw new Error(`profile end points must be finite, got (${p.row}, ${p.col})`);
  }
  if (height === 0 || cols === 0) throw new Error('cannot take a profile of an empty image');
  let dRow = end.row - start.row;
  let dCol = end.col - start.col;
  const length = Math.hypot(dRow, dCol);
  if (length === 0) {
    const v = sample(image.data, height, cols, start.row, start.col);
    return { position: Float64Array.of(0), values: Float64Array.of(v), col: Float64Array.of(start.col), row: Float64Array.of(start.row) };
  }
  // Unit vector across the line: the `width` parallel lines are one pixel apart along it.
  const rowAcross = dCol / length;
  const colAcross = -dRow / length;
  const n = Math.ceil(length + 1);
  dRow /= n - 1;
  dCol /= n - 1;
  const row0 = start.row - (rowAcross * (width - 1)) / 2;
  const col0 = start.col - (colAcross * (width - 1)) / 2;
  const values = new Float64Array(n);
  const position = new Float64Array(n);
  const row = new Float64Array(n);
  const col = new Float64Array(n);
  const step = length / (n - 1);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let count = 0;
    const r = row0 + i * dRow;
    const c = col0 + i * dCol;
    for (let j = 0; j < width; j++) {
      const rr = r + j * rowAcross;
      const cc = c + j * colAcross;
      if (cc >= 0 && cc < cols && rr >= 0 && rr < height) {
        const v = sample(image.data, height, cols, rr, cc);
        if (v - v === 0) {
          sum += v;
          count++;
        }
      }
    }
    values[i] = count ? (method === 'mean' ? sum / count : sum) : method === 'mean' ? NaN : 0;
    position[i] = i * step;
    row[i] = start.row + i * dRow;
    col[i] = start.col + i * dCol;
  }
  return { position, values, col, row };
}
