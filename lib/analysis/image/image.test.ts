import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';
import type { ImageArray } from './image-array';
import { bilinear, horizontalProfile, lineProfile, verticalProfile } from './profile';
import { rectFromCorners, roiStats } from './roi-stats';

// 4 rows x 5 columns, value = 10 * row + col: bilinear interpolation of a linear function is exact.
const ramp: ImageArray = { data: Float64Array.from({ length: 20 }, (_, i) => 10 * Math.floor(i / 5) + (i % 5)), shape: [4, 5] };
const at = (row: number, col: number) => 10 * row + col;

describe('profiles', () => {
  it('takes a row, averaging a band of rows', () => {
    expect(Array.from(horizontalProfile(ramp, 2).values)).toEqual([20, 21, 22, 23, 24]);
    // Width 2 centred on 1.6 → rows 1 and 2 (round(1.6 - 0.5) = 1).
    expect(Array.from(horizontalProfile(ramp, 1.6, 2).values)).toEqual([15, 16, 17, 18, 19]);
    // Width 3 at row 0: rows -1..1 clipped to 0..1.
    expect(Array.from(horizontalProfile(ramp, 0, 3, 'sum').values)).toEqual([10, 12, 14, 16, 18]);
    expect(Array.from(horizontalProfile(ramp, 2).position)).toEqual([0, 1, 2, 3, 4]);
  });

  it('takes a column, averaging a band of columns', () => {
    expect(Array.from(verticalProfile(ramp, 3).values)).toEqual([3, 13, 23, 33]);
    expect(Array.from(verticalProfile(ramp, 3, 3).values)).toEqual([3, 13, 23, 33]);
    expect(Array.from(verticalProfile(ramp, 4, 3, 'sum').values)).toEqual([7, 27, 47, 67]);
  });

  it('ignores NaN pixels in a band', () => {
    const img: ImageArray = { data: Float64Array.from([1, NaN, 3, NaN, NaN, 5]), shape: [2, 3] };
    expect(Array.from(horizontalProfile(img, 0.5, 2).values)).toEqual([1, NaN, 4]);
  });

  it('samples a free line bilinearly, end points included', () => {
    const p = lineProfile(ramp, { row: 0, col: 0 }, { row: 3, col: 4 });
    // Length 5 → ceil(5 + 1) = 6 samples, one pixel apart.
    expect(p.values.length).toBe(6);
    for (let i = 0; i < 6; i++) {
      expect(p.position[i]).toBeCloseTo(i, 12);
      expect(p.values[i]).toBeCloseTo(at((3 * i) / 5, (4 * i) / 5), 12);
    }
  });

  it('averages parallel lines across a wide free line', () => {
    // Horizontal line along row 1.5, width 3: lines at rows 0.5, 1.5, 2.5 → mean is row 1.5.
    const p = lineProfile(ramp, { row: 1.5, col: 0 }, { row: 1.5, col: 4 }, 3);
    expect(Array.from(p.values, (v) => +v.toFixed(12))).toEqual([15, 16, 17, 18, 19]);
    // At row 3 with width 3, the line at row 4 is off the image and not counted.
    const edge = lineProfile(ramp, { row: 3, col: 0 }, { row: 3, col: 2 }, 3, 'sum');
    expect(Array.from(edge.values)).toEqual([20 + 30, 21 + 31, 22 + 32]);
  });

  it('reads one point for a zero-length line, and interpolates', () => {
    expect(Array.from(lineProfile(ramp, { row: 1.25, col: 2.5 }, { row: 1.25, col: 2.5 }).values)).toEqual([15]);
    expect(bilinear(ramp, 1.25, 2.5)).toBe(15);
    expect(bilinear(ramp, -3, 9)).toBe(4); // clamped to the nearest pixel (0, 4)
  });

  it('rejects bad input', () => {
    expect(() => horizontalProfile(ramp, 1, 0)).toThrow('profile width must be a positive whole number of pixels, got 0');
    expect(() => horizontalProfile({ data: new Float64Array(3), shape: [2, 2] }, 0)).toThrow('image of shape [2, 2] needs 4 values, has 3');
    expect(() => lineProfile(ramp, { row: NaN, col: 0 }, { row: 1, col: 1 })).toThrow('profile end points must be finite');
  });
});

describe('roiStats', () => {
  it('computes sum, mean, min, max, std over a rectangle', () => {
    const s = roiStats(ramp, { col0: 1, row0: 1, col1: 3, row1: 3 });
    // Pixels 11, 12, 21, 22.
    expect(s).toMatchObject({ pixels: 4, count: 4, sum: 66, mean: 16.5, min: 11, max: 22, maxRow: 2, maxCol: 2 });
    expect(s.std).toBeCloseTo(Math.sqrt((5.5 ** 2 * 2 + 4.5 ** 2 * 2) / 4), 12);
  });

  it('clips to the image and skips NaN', () => {
    const img: ImageArray = { data: Uint16Array.from([1, 2, 3, 4]), shape: [2, 2] };
    expect(roiStats(img, { col0: -5, row0: 1, col1: 9, row1: 9 })).toMatchObject({ pixels: 2, count: 2, sum: 7, rect: { col0: 0, row0: 1, col1: 2, row1: 2 } });
    const nan: ImageArray = { data: Float32Array.from([NaN, 2, Infinity, 4]), shape: [2, 2] };
    expect(roiStats(nan, { col0: 0, row0: 0, col1: 2, row1: 2 })).toMatchObject({ pixels: 4, count: 2, sum: 6, mean: 3, min: 2, max: 4 });
    const none = roiStats(nan, { col0: 0, row0: 0, col1: 1, row1: 1 });
    expect(none).toMatchObject({ pixels: 1, count: 0, sum: 0, maxRow: -1 });
    expect(none.mean).toBeNaN();
    expect(roiStats(img, { col0: 3, row0: 0, col1: 1, row1: 2 }).pixels).toBe(0);
    expect(() => roiStats(img, { col0: 0.5, row0: 0, col1: 1, row1: 1 })).toThrow('ROI col0 must be a whole pixel index, got 0.5');
  });

  it('takes the pixels whose centres are inside a drawn rectangle', () => {
    expect(rectFromCorners({ col: 2.6, row: 1.2 }, { col: 0.4, row: 0.4 })).toEqual({ col0: 1, row0: 1, col1: 3, row1: 2 });
    expect(rectFromCorners({ col: 1, row: 1 }, { col: 1, row: 1 })).toEqual({ col0: 1, row0: 1, col1: 2, row1: 2 });
  });
});

describe('histogram', () => {
  it('bins like numpy.histogram, last bin closed', () => {
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN], { bins: 5 });
    expect(Array.from(h.edges)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(Array.from(h.counts)).toEqual([2, 2, 2, 2, 3]);
    expect(h).toMatchObject({ below: 0, above: 0, ignored: 1, dataMin: 0, dataMax: 10 });
  });

  it('counts values outside a chosen range apart', () => {
    const h = histogram([-1, 0.5, 1.5, 2.5, 3], { bins: 2, min: 0, max: 2 });
    expect(Array.from(h.counts)).toEqual([1, 1]);
    expect(h).toMatchObject({ below: 1, above: 2, dataMin: -1, dataMax: 3 });
  });

  it('bins log10 of positive values', () => {
    const h = histogram([0, -5, 1, 5, 10, 50, 100, 1000], { bins: 3, log: true });
    expect(Array.from(h.edges, (e) => +e.toPrecision(12))).toEqual([1, 10, 100, 1000]);
    expect(Array.from(h.counts)).toEqual([2, 2, 2]);
    expect(h.ignored).toBe(2);
    expect(h.dataMin).toBe(1);
  });

  it('keeps edge values in their bin despite rounding', () => {
    // 3 bins over [1, 2]: the second edge is 1.3333333333333333, but (edge - 1) * 3 = 0.9999999999999998
    // would put a value equal to it in the first bin.
    const h = histogram([1.3333333333333333, 1.6666666666666665], { bins: 3, min: 1, max: 2 });
    expect(Array.from(h.edges)).toEqual([1, 1.3333333333333333, 1.6666666666666665, 2]);
    expect(Array.from(h.counts)).toEqual([0, 1, 1]);
  });

  it('handles flat and empty data', () => {
    expect(Array.from(histogram([3, 3], { bins: 2 }).edges)).toEqual([2.5, 3, 3.5]);
    const empty = histogram([NaN], { bins: 2 });
    expect(Array.from(empty.counts)).toEqual([0, 0]);
    expect(empty.dataMin).toBeNaN();
    expect(() => histogram([1], { bins: 0 })).toThrow('histogram bins must be a positive whole number, got 0');
    expect(() => histogram([1], { log: true, min: -1 })).toThrow('a log histogram needs a positive range, got [-1, 1]');
  });
});
