import { describe, expect, it } from 'vitest';
import { blitTransform, cellAt, colorbarTicks, extentOf, zoomOrNone, type RasterGeometry } from './raster-geometry';

/** -0 and 0 are the same screen position. */
const plain = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v + 0]));
const image: RasterGeometry = { x0: 0, dx: 1, y0: 0, dy: 1, yDown: true, equalAspect: true };

describe('raster geometry', () => {
  it('maps the image extent onto the display, stretching a binned preview over the full-resolution axes', () => {
    expect(extentOf(image, 64, 32)).toEqual({ x: [0, 64], y: [0, 32] });
    // Image rows go down: y range [32, 0] has row 0 at the top.
    const area = { xRange: [0, 64] as [number, number], yRange: [32, 0] as [number, number] };
    expect(plain(blitTransform(image, { width: 64, height: 32 }, area, 640, 320))).toEqual({ scaleX: 10, scaleY: 10, x: 0, y: 0 });
    expect(plain(blitTransform(image, { width: 32, height: 16, binX: 2, binY: 2 }, area, 640, 320))).toEqual({ scaleX: 20, scaleY: 20, x: 0, y: 0 });
    // A mesh (y up), zoomed to its right half.
    const mesh: RasterGeometry = { x0: -1, dx: 0.5, y0: 0, dy: 2, yDown: false, equalAspect: false };
    expect(blitTransform(mesh, { width: 4, height: 2 }, { xRange: [0, 1], yRange: [0, 4] }, 100, 100)).toEqual({ scaleX: 50, scaleY: -50, x: -100, y: 100 });
  });

  it('names the full-resolution pixel under the cursor, none outside the image', () => {
    const area = { left: 10, top: 5, width: 640, height: 320, xRange: [0, 64] as [number, number], yRange: [32, 0] as [number, number] };
    expect(cellAt(area, image, { width: 64, height: 32 }, 5, 5)).toEqual({ col: 0, row: 0, x: 0.5, y: 0.5 });
    expect(cellAt(area, image, { width: 64, height: 32 }, 635, 315)).toMatchObject({ col: 63, row: 31 });
    expect(cellAt(area, image, { width: 32, height: 16, binX: 2, binY: 2 }, 635, 315)).toMatchObject({ col: 63, row: 31 });
    expect(cellAt(area, image, { width: 64, height: 32 }, -1, 5)).toBeNull();
    expect(cellAt({ ...area, xRange: [-10, 54] }, image, { width: 64, height: 32 }, 5, 5)).toBeNull();
  });

  it('treats a zoom to the whole extent as no zoom, and ticks the colour bar from max to min', () => {
    expect(zoomOrNone([32, 0], [0, 32])).toBeNull();
    expect(zoomOrNone([2, 8], [0, 32])).toEqual([2, 8]);
    expect(zoomOrNone(undefined, [0, 32])).toBeUndefined();
    expect(colorbarTicks(0, 100, false)).toEqual([100, 75, 50, 25, 0]);
    // -0.3 + 0.75 × 0.4 is 5.6e-17 in floating point: shown as 0.
    expect(colorbarTicks(-0.3, 0.1, false)[1]).toBe(0);
    expect(colorbarTicks(1, 10000, true).map((t) => Math.round(t))).toEqual([10000, 1000, 100, 10, 1]);
    expect(colorbarTicks(NaN, 1, false)).toEqual([]);
  });
});
